import { requireBureauAdmin, requireSchoolAdmin } from '../access.ts';
import type { Lifecycle } from '../install/lifecycle.service.ts';
import type { Caller, MarketplacePorts } from '../ports.ts';
import type { PickMode } from '../tables.ts';

/**
 * A bureau recommends an app to every school below it, or pushes it there (统一部署) with the
 * scopes the bureau consented to, optionally mandatory. Each school receives its own copy of the
 * pick (row-level security: a school reads only its own), written in one transaction.
 */
export class Hierarchy {
  readonly #ports: MarketplacePorts;
  readonly #lifecycle: Lifecycle;

  constructor(ports: MarketplacePorts, lifecycle: Lifecycle) {
    this.#ports = ports;
    this.#lifecycle = lifecycle;
  }

  async pick(
    caller: Caller,
    input: {
      appId: string;
      mode: PickMode;
      mandatory?: boolean;
      note?: string;
      approvedScopes?: string[];
      consent?: boolean;
    },
  ) {
    const bureauId = requireBureauAdmin(caller);
    const version = await this.#lifecycle.installable(input.appId);
    const bureau = await this.#ports.tenants.get(bureauId);
    const schools = await this.#ports.tenants.schoolsBelow(bureauId);
    const mandatory = input.mode === 'deploy' && input.mandatory === true;
    const scopes = input.approvedScopes ?? version.scopes;
    const installed: Record<string, string> = {};
    if (input.mode === 'deploy') {
      for (const school of schools) {
        const existing = await this.#ports.runtime.installationOf(school.id, input.appId);
        if (existing) {
          installed[school.id] = existing.installationId;
          continue;
        }
        const result = await this.#lifecycle.installFor(school.id, caller, {
          appId: input.appId,
          approvedScopes: scopes,
          consent: input.consent === true,
        });
        installed[school.id] = result.installationId;
      }
    }
    await this.#ports.db.withTenant(bureauId, (trx) =>
      trx
        .insertInto('market_bureau_picks')
        .values({
          tenant_id: bureauId,
          app_id: input.appId,
          mode: input.mode,
          mandatory,
          approved_scopes: input.mode === 'deploy' ? scopes : [],
          note: input.note ?? null,
          created_by: caller.personId,
        })
        .execute(),
    );
    await this.#ports.db.acrossTenants(
      schools.map((s) => s.id),
      async (trx, tenantId) => {
        await trx
          .insertInto('market_school_picks')
          .values({
            tenant_id: tenantId,
            app_id: input.appId,
            bureau_id: bureauId,
            bureau_name: bureau?.name ?? '',
            mode: input.mode,
            mandatory,
            note: input.note ?? null,
            installation_id: installed[tenantId] ?? null,
          })
          .onConflict((oc) =>
            oc.columns(['tenant_id', 'app_id', 'bureau_id']).doUpdateSet({
              mode: input.mode,
              mandatory,
              note: input.note ?? null,
              installation_id: installed[tenantId] ?? null,
            }),
          )
          .execute();
      },
    );
    await this.#ports.audit.record({
      tenantId: bureauId,
      actorPersonId: caller.personId,
      action: `marketplace.bureau.${input.mode}`,
      targetType: 'market_app',
      targetId: input.appId,
      result: 'success',
      details: {
        requestId: caller.requestId,
        schools: schools.length,
        mandatory,
        approvedScopes: input.mode === 'deploy' ? scopes : [],
      },
    });
    return { schools: schools.length, installed: Object.keys(installed).length };
  }

  /** What a school received from the bureaus above it: 推荐 (recommended) or 统一部署 (deployed). */
  async received(caller: Caller) {
    const tenantId = requireSchoolAdmin(caller);
    const rows = await this.#ports.db.withTenant(tenantId, (trx) =>
      trx
        .selectFrom('market_school_picks')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .orderBy('created_at', 'desc')
        .execute(),
    );
    return rows.map((r) => ({
      appId: r.app_id,
      bureau: r.bureau_name,
      mode: r.mode,
      label: r.mode === 'deploy' ? '统一部署' : '推荐',
      mandatory: r.mandatory,
      note: r.note,
      installationId: r.installation_id,
      at: r.created_at.toISOString(),
    }));
  }

  async sent(caller: Caller) {
    const bureauId = requireBureauAdmin(caller);
    return this.#ports.db.withTenant(bureauId, (trx) =>
      trx
        .selectFrom('market_bureau_picks')
        .select(['app_id as appId', 'mode', 'mandatory', 'note', 'created_at as at'])
        .where('tenant_id', '=', bureauId)
        .orderBy('created_at', 'desc')
        .execute(),
    );
  }
}
