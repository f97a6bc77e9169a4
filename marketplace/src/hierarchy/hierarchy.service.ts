import { InputError, NotFoundError } from '@campusbase/plugin-sdk/errors';
import { requireBureauAdmin, requireSchoolAdmin } from '../access.ts';
import { scopesSha256 } from '../install/consent.ts';
import type { Lifecycle } from '../install/lifecycle.service.ts';
import type { Caller, MarketplacePorts } from '../ports.ts';
import type { PickMode } from '../tables.ts';
import { Deployments } from './deployments.ts';
import { picksAbove } from './picks.ts';

export interface PickInput {
  appId: string;
  mode: PickMode;
  mandatory?: boolean;
  note?: string;
  approvedScopes?: string[];
  consent?: boolean;
}

/**
 * A bureau recommends an app to every school below it, or deploys it there (统一部署) with the
 * scopes the bureau consented to, optionally mandatory. A pick is stored once, in the bureau's own
 * rows; schools read the active picks above them by ancestry at request time, so a school created
 * or moved under the bureau later sees them too, and `Deployments` installs a deployment in every
 * school below that lacks it (now, on tenant changes, and periodically).
 */
export class Hierarchy {
  readonly #ports: MarketplacePorts;
  readonly #lifecycle: Lifecycle;
  readonly deployments: Deployments;

  constructor(ports: MarketplacePorts, lifecycle: Lifecycle) {
    this.#ports = ports;
    this.#lifecycle = lifecycle;
    this.deployments = new Deployments(ports, lifecycle);
  }

  async pick(caller: Caller, input: PickInput) {
    const bureauId = requireBureauAdmin(caller);
    const version = await this.#lifecycle.installable(input.appId);
    const deploy = input.mode === 'deploy';
    const mandatory = deploy && input.mandatory === true;
    const scopes = deploy ? (input.approvedScopes ?? version.scopes) : [];
    if (deploy && input.consent !== true) {
      throw new InputError(
        {
          zh: '统一部署前请先阅读并同意应用申请的权限：各校的安装将以教育局的授权为准',
          en: "Consent to the requested permissions first: each school's installation carries the bureau's consent",
        },
        undefined,
        'consent_required',
      );
    }
    const undeclared = scopes.filter((s) => !version.scopes.includes(s));
    if (undeclared.length > 0) {
      throw new InputError(
        {
          zh: `这些权限不在应用的申请范围内：${undeclared.join('、')}`,
          en: `Not requested by the app: ${undeclared.join(', ')}`,
        },
        { undeclared },
        'scope_not_declared',
      );
    }
    // One active pick per bureau and app: a new one replaces (withdraws) the one before.
    const pickId = await this.#ports.db.withTenant(bureauId, async (trx) => {
      await trx
        .updateTable('market_bureau_picks')
        .set({ withdrawn_at: new Date(), withdrawn_by: caller.personId })
        .where('tenant_id', '=', bureauId)
        .where('app_id', '=', input.appId)
        .where('withdrawn_at', 'is', null)
        .execute();
      const row = await trx
        .insertInto('market_bureau_picks')
        .values({
          tenant_id: bureauId,
          app_id: input.appId,
          mode: input.mode,
          mandatory,
          approved_scopes: scopes,
          note: input.note ?? null,
          created_by: caller.personId,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    });
    await this.#ports.audit.record({
      tenantId: bureauId,
      actorPersonId: caller.personId,
      action: `marketplace.bureau.${input.mode}`,
      targetType: 'market_app',
      targetId: input.appId,
      result: 'success',
      details: {
        requestId: caller.requestId,
        pickId,
        mandatory,
        approvedScopes: scopes,
        ...(deploy ? { scopesSha256: scopesSha256(scopes) } : {}),
      },
    });
    if (!deploy) {
      const schools = await this.#ports.tenants.schoolsBelow(bureauId);
      return { pickId, schools: schools.length, installed: 0, failed: 0 };
    }
    const outcome = await this.deployments.apply(
      {
        pickId,
        bureauId,
        appId: input.appId,
        mandatory,
        approvedScopes: scopes,
        consentedBy: caller.personId,
      },
      { actor: { personId: caller.personId, requestId: caller.requestId }, force: true },
    );
    return {
      pickId,
      schools: outcome.schools,
      installed: outcome.present,
      failed: outcome.failed.length,
    };
  }

  /** Withdraws a pick: schools below stop seeing it; a deployed app stays installed but is no longer mandatory. */
  async withdraw(caller: Caller, pickId: string): Promise<void> {
    const bureauId = requireBureauAdmin(caller);
    const row = await this.#ports.db.withTenant(bureauId, (trx) =>
      trx
        .updateTable('market_bureau_picks')
        .set({ withdrawn_at: new Date(), withdrawn_by: caller.personId })
        .where('tenant_id', '=', bureauId)
        .where('id', '=', pickId)
        .where('withdrawn_at', 'is', null)
        .returning(['app_id', 'mode'])
        .executeTakeFirst(),
    );
    if (!row)
      throw new NotFoundError(
        { zh: '本单位没有这条生效中的推荐或部署', en: 'No active pick of this bureau with that id' },
        undefined,
        'pick_not_found',
      );
    await this.#ports.audit.record({
      tenantId: bureauId,
      actorPersonId: caller.personId,
      action: 'marketplace.bureau.withdraw',
      targetType: 'market_app',
      targetId: row.app_id,
      result: 'success',
      details: { requestId: caller.requestId, pickId, mode: row.mode },
    });
  }

  /** What a school received from the bureaus above it: 推荐 (recommended) or 统一部署 (deployed). */
  async received(caller: Caller) {
    const tenantId = requireSchoolAdmin(caller);
    const picks = await picksAbove(this.#ports, tenantId);
    const installations = new Map<string, string | null>();
    for (const appId of new Set(picks.map((p) => p.appId))) {
      const live = await this.#ports.runtime.installationOf(tenantId, appId);
      installations.set(appId, live?.installationId ?? null);
    }
    return picks.map((p) => ({
      pickId: p.pickId,
      appId: p.appId,
      bureau: p.bureau,
      mode: p.mode,
      label: p.mode === 'deploy' ? '统一部署' : '推荐',
      mandatory: p.mandatory,
      note: p.note,
      installationId: installations.get(p.appId) ?? null,
      at: p.at.toISOString(),
    }));
  }

  /** The bureau's active recommendations and deployments. */
  async sent(caller: Caller) {
    const bureauId = requireBureauAdmin(caller);
    const rows = await this.#ports.db.withTenant(bureauId, (trx) =>
      trx
        .selectFrom('market_bureau_picks')
        .select(['id', 'app_id', 'mode', 'mandatory', 'note', 'approved_scopes', 'created_at'])
        .where('tenant_id', '=', bureauId)
        .where('withdrawn_at', 'is', null)
        .orderBy('created_at', 'desc')
        .execute(),
    );
    return rows.map((r) => ({
      id: r.id,
      appId: r.app_id,
      mode: r.mode,
      mandatory: r.mandatory,
      note: r.note,
      approvedScopes: r.approved_scopes,
      at: r.created_at.toISOString(),
    }));
  }
}
