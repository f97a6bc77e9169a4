import { ConflictError, NotFoundError } from '@campusbase/plugin-sdk/errors';
import { requireReviewer } from '../access.ts';
import type { Caller, MarketplacePorts } from '../ports.ts';
import { afterApproval } from '../publish/publish.service.ts';
import { syncServing } from '../serving.ts';
import type { CheckResult } from '../tables.ts';

export interface QueueItem {
  versionId: string;
  appId: string;
  name: string;
  vendor: string;
  version: string;
  risk: string;
  scopes: string[];
  firstVersion: boolean;
  checks: CheckResult[];
  changelog: string;
  uploadedAt: string;
}

/** The review queue: reviewers approve or reject with a comment; the policy for automatic approval. */
export class Review {
  readonly #ports: MarketplacePorts;

  constructor(ports: MarketplacePorts) {
    this.#ports = ports;
  }

  async queue(caller: Caller): Promise<QueueItem[]> {
    requireReviewer(caller);
    const rows = await this.#ports.db.app
      .selectFrom('market_versions as v')
      .innerJoin('market_apps as a', 'a.app_id', 'v.app_id')
      .innerJoin('market_vendors as d', 'd.id', 'a.vendor_id')
      .select([
        'v.id',
        'v.app_id',
        'a.name_zh',
        'd.name as vendor',
        'v.version',
        'v.risk',
        'v.scopes',
        'v.checks',
        'v.changelog',
        'v.created_at',
        (eb) =>
          eb
            .not(
              eb.exists(
                eb
                  .selectFrom('market_versions as p')
                  .select('p.id')
                  .whereRef('p.app_id', '=', 'v.app_id')
                  .where('p.status', '=', 'approved'),
              ),
            )
            .as('first_version'),
      ])
      .where('v.status', '=', 'pending_review')
      .orderBy('v.created_at')
      .execute();
    return rows.map((r) => ({
      versionId: r.id,
      appId: r.app_id,
      name: r.name_zh,
      vendor: r.vendor,
      version: r.version,
      risk: r.risk,
      scopes: r.scopes,
      firstVersion: Boolean(r.first_version),
      checks: r.checks,
      changelog: r.changelog,
      uploadedAt: r.created_at.toISOString(),
    }));
  }

  /** Approves or rejects a version that waits for review. A rejection needs a comment for the vendor. */
  async decide(
    caller: Caller,
    versionId: string,
    decision: 'approve' | 'reject',
    comment: string,
  ): Promise<void> {
    requireReviewer(caller);
    const db = this.#ports.db.app;
    const version = await db
      .selectFrom('market_versions')
      .select(['app_id', 'version', 'status'])
      .where('id', '=', versionId)
      .executeTakeFirst();
    if (!version)
      throw new NotFoundError(
        { zh: '没有这个应用版本', en: `No version ${versionId}` },
        undefined,
        'version_not_found',
      );
    if (version.status !== 'pending_review') {
      throw new ConflictError(
        {
          zh: `该版本状态为 ${version.status}，不在待审核队列中`,
          en: `The version is ${version.status}, not waiting for review`,
        },
        undefined,
        'not_pending_review',
      );
    }
    await db
      .updateTable('market_versions')
      .set({
        status: decision === 'approve' ? 'approved' : 'rejected',
        reviewed_by: caller.personId,
        reviewed_at: new Date(),
        review_comment: comment,
      })
      .where('id', '=', versionId)
      .where('status', '=', 'pending_review')
      .execute();
    await db
      .insertInto('market_review_log')
      .values({
        app_id: version.app_id,
        version_id: versionId,
        actor_person_id: caller.personId,
        action: decision,
        comment,
      })
      .execute();
    if (decision === 'approve') await afterApproval(this.#ports, version.app_id, versionId);
    else await syncServing(this.#ports, version.app_id);
    await this.#ports.audit.record({
      tenantId: null,
      actorPersonId: caller.personId,
      action: `marketplace.version.${decision}`,
      targetType: 'market_version',
      targetId: versionId,
      result: 'success',
      details: { requestId: caller.requestId, appId: version.app_id, version: version.version, comment },
    });
  }

  /** The auto-approval policy as it stands (on unless a reviewer switched it off). */
  async policy(caller: Caller): Promise<{ autoApproveUpdates: boolean; updatedAt: string | null }> {
    requireReviewer(caller);
    const row = await this.#ports.db.app
      .selectFrom('market_policy')
      .select(['value', 'updated_at'])
      .where('key', '=', 'auto_approve_updates')
      .executeTakeFirst();
    return { autoApproveUpdates: row?.value !== false, updatedAt: row?.updated_at.toISOString() ?? null };
  }

  /** Whether a later version whose scopes did not grow is approved without a reviewer. */
  async setAutoApprove(caller: Caller, enabled: boolean): Promise<void> {
    requireReviewer(caller);
    await this.#ports.db.app
      .insertInto('market_policy')
      .values({ key: 'auto_approve_updates', value: JSON.stringify(enabled) })
      .onConflict((oc) =>
        oc.column('key').doUpdateSet({ value: JSON.stringify(enabled), updated_at: new Date() }),
      )
      .execute();
    await this.#ports.audit.record({
      tenantId: null,
      actorPersonId: caller.personId,
      action: 'marketplace.policy.auto_approve',
      targetType: 'market_policy',
      targetId: 'auto_approve_updates',
      result: 'success',
      details: { requestId: caller.requestId, enabled },
    });
  }
}
