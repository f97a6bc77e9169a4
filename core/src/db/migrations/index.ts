import type { Migration } from 'kysely/migration';
import * as coreTenancy from './2026-11-21T0900_core_tenancy.ts';
import * as identityPeopleOrg from './2026-11-21T1000_identity_people_org.ts';
import * as identityAuthAudit from './2026-11-21T1010_identity_auth_audit.ts';
import * as identityRevocationEvents from './2026-11-21T1020_identity_revocation_events.ts';
import * as ssoOidc from './2026-11-21T1100_sso_oidc.ts';
import * as ssoCas from './2026-11-21T1110_sso_cas.ts';
import * as peopleImportJobs from './2026-11-21T1120_people_import_jobs.ts';
import * as peopleImportProfiles from './2026-11-21T1130_people_import_profiles.ts';
import * as appsRuntime from './2026-11-21T1300_apps_runtime.ts';
import * as messagesCore from '../../messages/migrations/2026-11-21T1400_messages_core.ts';
import * as tenancyChangeFeed from './2026-11-22T0100_tenancy_change_feed.ts';
import * as messagesSealedSecrets from '../../messages/migrations/2026-11-22T0200_messages_sealed_secrets.ts';
import * as messagesWecomRobots from '../../messages/migrations/2026-11-22T0210_messages_wecom_robots.ts';
import * as appsGuardiansByStudent from './2026-11-22T0300_apps_guardians_by_student.ts';
import * as identityPasswordRecovery from './2026-11-22T0400_identity_password_recovery.ts';

/**
 * Core's own migrations, by date-prefixed name. Modules (marketplace, iot-bridge) export theirs;
 * `platformMigrations()` in ../migrator.ts merges them, and Kysely applies all in name order.
 */
export const coreMigrations: Record<string, Migration> = {
  '2026-11-21T0900_core_tenancy': coreTenancy,
  '2026-11-21T1000_identity_people_org': identityPeopleOrg,
  '2026-11-21T1010_identity_auth_audit': identityAuthAudit,
  '2026-11-21T1020_identity_revocation_events': identityRevocationEvents,
  '2026-11-21T1100_sso_oidc': ssoOidc,
  '2026-11-21T1110_sso_cas': ssoCas,
  '2026-11-21T1120_people_import_jobs': peopleImportJobs,
  '2026-11-21T1130_people_import_profiles': peopleImportProfiles,
  '2026-11-21T1300_apps_runtime': appsRuntime,
  '2026-11-21T1400_messages_core': messagesCore,
  '2026-11-22T0100_tenancy_change_feed': tenancyChangeFeed,
  '2026-11-22T0200_messages_sealed_secrets': messagesSealedSecrets,
  '2026-11-22T0210_messages_wecom_robots': messagesWecomRobots,
  '2026-11-22T0300_apps_guardians_by_student': appsGuardiansByStudent,
  '2026-11-22T0400_identity_password_recovery': identityPasswordRecovery,
};
