import { ConflictError } from '@campusbase/plugin-sdk/errors';
import { createHash } from 'node:crypto';
import type { RecordConsent } from '../ports.ts';

/** Whose consent an installation carries: its school's admin, or a bureau's deployment (统一部署). */
export type ConsentSource =
  | { by: 'school' }
  | { by: 'bureau'; pickId: string; bureauId: string; bureauName: string; consentedBy: string };

/** SHA-256 of the scopes consented to: sorted, without duplicates, one per line. */
export function scopesSha256(scopes: ReadonlyArray<string>): string {
  return createHash('sha256')
    .update([...new Set(scopes)].sort().join('\n'))
    .digest('hex');
}

/**
 * The consent record of one installation, written by the runtime in the transaction that creates
 * the installation: the version, the exact scopes, who consented and (for a bureau) which pick.
 */
export function consentRecord(input: {
  tenantId: string;
  appId: string;
  marketVersionId: string;
  approvedScopes: ReadonlyArray<string>;
  actorPersonId: string | null;
  source: ConsentSource;
}): RecordConsent {
  return async (trx, installationId) => {
    await trx
      .insertInto('market_install_history')
      .values({
        tenant_id: input.tenantId,
        installation_id: installationId,
        app_id: input.appId,
        market_version_id: input.marketVersionId,
        action: 'install',
        approved_scopes: [...new Set(input.approvedScopes)].sort(),
        actor_person_id: input.actorPersonId,
        consent_by: input.source.by,
        bureau_pick_id: input.source.by === 'bureau' ? input.source.pickId : null,
        scopes_sha256: scopesSha256(input.approvedScopes),
      })
      .execute();
  };
}

/** The consent screen showed one version; a newer one since then may ask for more: consent again. */
export function assertConsentedVersion(consented: string, current: string): void {
  if (consented === current) return;
  throw new ConflictError(
    {
      zh: `应用已更新为 ${current}（您确认的是 ${consented}），请重新查看并确认权限`,
      en: `The app is now at ${current} (you consented to ${consented}); review its permissions again`,
    },
    { consented, current },
    'consent_outdated',
  );
}

/** What the audit log keeps about an installation's consent. */
export function consentAuditDetails(scopes: ReadonlyArray<string>, source: ConsentSource) {
  return {
    scopesSha256: scopesSha256(scopes),
    consentBy: source.by,
    ...(source.by === 'bureau'
      ? {
          bureauId: source.bureauId,
          bureau: source.bureauName,
          pickId: source.pickId,
          consentedBy: source.consentedBy,
        }
      : {}),
  };
}
