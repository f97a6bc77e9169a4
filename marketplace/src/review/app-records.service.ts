import { ForbiddenError, NotFoundError } from '@campusbase/plugin-sdk/errors';
import { sql } from 'kysely';
import { PUBLISH, REVIEW, requireReviewer } from '../access.ts';
import type { Caller, MarketplacePorts } from '../ports.ts';
import type { VersionStatus } from '../tables.ts';

/** A version's state as reviewers and vendors see it. */
export type VersionState = 'pending' | 'approved' | 'rejected' | 'suspended' | 'failed';

export function versionState(status: VersionStatus, suspended: boolean): VersionState {
  if (status === 'pending_review') return 'pending';
  if (status === 'approved') return suspended ? 'suspended' : 'approved';
  return status;
}

const notAllowed = () =>
  new ForbiddenError(
    {
      zh: '只有平台应用审核员或该应用的开发商可以查看全部版本',
      en: "Only platform reviewers and the app's own vendor may see every version",
    },
    undefined,
    'not_reviewer',
  );

/**
 * The record of every app for the people who answer for it: reviewers see all apps in any state
 * (drafts, delisted, suspended) and every version with its id, state, times and the reviewer's
 * comment; a vendor sees the same for its own apps. Schools never come here: they get the public
 * detail of listed apps only.
 */
export class AppRecords {
  readonly #ports: MarketplacePorts;

  constructor(ports: MarketplacePorts) {
    this.#ports = ports;
  }

  /** Every app, for the reviewer's picker: by app id or name, pending work first. */
  async list(caller: Caller, input: { q?: string; limit?: number } = {}) {
    requireReviewer(caller);
    const q = input.q?.trim();
    const rows = await this.#ports.db.app
      .selectFrom('market_apps as a')
      .innerJoin('market_vendors as d', 'd.id', 'a.vendor_id')
      .leftJoin('market_versions as v', 'v.app_id', 'a.app_id')
      .select([
        'a.app_id',
        'a.name_zh',
        'a.name_en',
        'a.status',
        'a.suspended',
        'd.name as vendor',
        'a.updated_at',
        sql<number>`count(v.id)::int`.as('versions'),
        sql<number>`count(v.id) FILTER (WHERE v.status = 'pending_review')::int`.as('pending'),
        sql<number>`count(v.id) FILTER (WHERE v.suspended)::int`.as('suspended_versions'),
      ])
      .$if(Boolean(q), (query) =>
        query.where((eb) =>
          eb.or([
            eb('a.app_id', 'ilike', `%${escapeLike(q!)}%`),
            eb('a.name_zh', 'ilike', `%${escapeLike(q!)}%`),
            eb('a.name_en', 'ilike', `%${escapeLike(q!)}%`),
          ]),
        ),
      )
      .groupBy(['a.app_id', 'd.name'])
      .orderBy(sql`count(v.id) FILTER (WHERE v.status = 'pending_review')`, 'desc')
      .orderBy('a.updated_at', 'desc')
      .limit(Math.min(input.limit ?? 50, 200))
      .execute();
    return rows.map((r) => ({
      appId: r.app_id,
      name: { zh: r.name_zh, en: r.name_en },
      vendor: r.vendor,
      status: r.status,
      suspended: r.suspended,
      versions: r.versions,
      pending: r.pending,
      suspendedVersions: r.suspended_versions,
    }));
  }

  /** One app with every version (id, state, submitted/reviewed times, comment) and its supervision log. */
  async versions(caller: Caller, appId: string) {
    const db = this.#ports.db.app;
    const reviewer = caller.tenantKind === 'platform' && caller.can(REVIEW);
    const app = await db
      .selectFrom('market_apps as a')
      .innerJoin('market_vendors as d', 'd.id', 'a.vendor_id')
      .select([
        'a.app_id',
        'a.name_zh',
        'a.name_en',
        'a.status',
        'a.suspended',
        'a.suspend_reason',
        'a.latest_version_id',
        'a.vendor_id',
        'd.name as vendor',
      ])
      .where('a.app_id', '=', appId)
      .executeTakeFirst();
    // Whether an app exists is told only to those who may see it.
    if (!reviewer) {
      if (!app || !caller.can(PUBLISH)) throw notAllowed();
      const member = await db
        .selectFrom('market_vendor_members')
        .select('role')
        .where('vendor_id', '=', app.vendor_id)
        .where('person_id', '=', caller.personId)
        .executeTakeFirst();
      if (!member) throw notAllowed();
    }
    if (!app)
      throw new NotFoundError({ zh: `没有应用 ${appId}`, en: `No app ${appId}` }, undefined, 'app_not_found');
    const versions = await db
      .selectFrom('market_versions')
      .select([
        'id',
        'version',
        'status',
        'suspended',
        'risk',
        'scopes',
        'changelog',
        'review_comment',
        'reviewed_at',
        'auto_approved',
        'runtime_version_id',
        'created_at',
      ])
      .where('app_id', '=', appId)
      .orderBy('created_at', 'desc')
      .execute();
    const runtimeIds = versions.flatMap((v) => (v.runtime_version_id ? [v.runtime_version_id] : []));
    const live = runtimeIds.length > 0 ? await this.#ports.runtime.installationsOf(runtimeIds) : [];
    const log = await db
      .selectFrom('market_review_log')
      .select(['version_id', 'action', 'comment', 'at'])
      .where('app_id', '=', appId)
      .orderBy('at', 'desc')
      .limit(50)
      .execute();
    return {
      appId: app.app_id,
      name: { zh: app.name_zh, en: app.name_en },
      vendor: { id: app.vendor_id, name: app.vendor },
      status: app.status,
      suspended: app.suspended,
      suspendReason: app.suspend_reason,
      latestVersionId: app.latest_version_id,
      versions: versions.map((v) => ({
        id: v.id,
        version: v.version,
        state: versionState(v.status, v.suspended),
        status: v.status,
        suspended: v.suspended,
        risk: v.risk,
        scopes: v.scopes,
        changelog: v.changelog,
        submittedAt: v.created_at.toISOString(),
        reviewedAt: v.reviewed_at?.toISOString() ?? null,
        reviewComment: v.review_comment,
        autoApproved: v.auto_approved,
        installations: live.filter((i) => i.runtimeVersionId === v.runtime_version_id).length,
      })),
      log: log.map((l) => ({
        versionId: l.version_id,
        action: l.action,
        comment: l.comment,
        at: l.at.toISOString(),
      })),
    };
  }
}

/** LIKE wildcards in a search term match themselves. */
function escapeLike(term: string): string {
  return term.replace(/[\\%_]/g, (c) => `\\${c}`);
}
