import type { IotTables } from '@campusbase/iot-bridge/migrations';
import type { MarketplaceTables } from '@campusbase/marketplace/migrations';
import type { AppsTables } from '../apps/apps.table.ts';
import type { AuditTables } from '../audit/audit.table.ts';
import type { IdentityTables } from '../identity/identity.table.ts';
import type { MessagesTables } from '../messages/messages.table.ts';
import type { PeopleImportTables } from '../people-import/people-import.table.ts';
import type { SsoTables } from '../sso/sso.table.ts';
import type { TenancyTables } from '../tenancy/tenancy.table.ts';

/**
 * The typed schema of the whole platform database, gathered from each domain's `*.table.ts`.
 * Modules that own tables (marketplace, iot-bridge) export their table interfaces; core adds them
 * here as it composes them.
 */
export interface Database
  extends TenancyTables,
    IdentityTables,
    AuditTables,
    IotTables,
    SsoTables,
    PeopleImportTables,
    AppsTables,
    MarketplaceTables,
    MessagesTables {}
