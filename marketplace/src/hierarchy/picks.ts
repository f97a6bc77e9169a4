import type { MarketplacePorts } from '../ports.ts';
import type { PickMode } from '../tables.ts';

/** A bureau's active pick as a school below it sees it. */
export interface PickAbove {
  pickId: string;
  appId: string;
  bureauId: string;
  bureau: string;
  mode: PickMode;
  mandatory: boolean;
  note: string | null;
  approvedScopes: string[];
  consentedBy: string;
  at: Date;
}

/**
 * The active picks of every bureau above a school, read at request time by ancestry: a school
 * created or moved under a bureau sees them at once, and a withdrawn pick is gone at once. Runs in
 * the school's own scope; the `market_bureau_picks_below` policy admits exactly these rows, and
 * the query names the bureaus too (explicit tenant predicates, as Citus needs).
 */
export async function picksAbove(
  ports: Pick<MarketplacePorts, 'db' | 'tenants'>,
  schoolId: string,
  appId?: string,
): Promise<PickAbove[]> {
  const bureaus = await ports.tenants.ancestors(schoolId);
  if (bureaus.length === 0) return [];
  const names = new Map(bureaus.map((b) => [b.id, b.name]));
  const rows = await ports.db.withTenant(schoolId, (trx) => {
    let query = trx
      .selectFrom('market_bureau_picks')
      .select([
        'id',
        'tenant_id',
        'app_id',
        'mode',
        'mandatory',
        'note',
        'approved_scopes',
        'created_by',
        'created_at',
      ])
      .where('tenant_id', 'in', [...names.keys()])
      .where('withdrawn_at', 'is', null);
    if (appId) query = query.where('app_id', '=', appId);
    return query.orderBy('created_at', 'desc').execute();
  });
  return rows.map((r) => ({
    pickId: r.id,
    appId: r.app_id,
    bureauId: r.tenant_id,
    bureau: names.get(r.tenant_id) ?? '',
    mode: r.mode,
    mandatory: r.mode === 'deploy' && r.mandatory,
    note: r.note,
    approvedScopes: r.approved_scopes,
    consentedBy: r.created_by,
    at: r.created_at,
  }));
}
