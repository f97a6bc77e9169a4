import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

export type TenantKind = 'platform' | 'province' | 'city' | 'county' | 'school';

export interface TenantsTable {
  id: Generated<string>;
  parent_id: string | null;
  kind: TenantKind;
  name: string;
  /** A school's national 10-digit identifier (一校一码); an administrative code for bureaus. */
  code: string;
  /** Ancestor ids from the root, as `/id/id/…/`, for subtree queries with LIKE 'prefix%'. */
  path: string;
  status: ColumnType<'active' | 'archived', 'active' | 'archived' | undefined, 'active' | 'archived'>;
  created_at: ColumnType<Date, never, never>;
  updated_at: ColumnType<Date, never, Date>;
}

export interface TenantSettingsTable {
  tenant_id: string;
  key: string;
  value: ColumnType<unknown, string, string>;
  updated_at: ColumnType<Date, never, Date>;
}

export type Tenant = Selectable<TenantsTable>;
export type NewTenant = Insertable<TenantsTable>;
export type TenantUpdate = Updateable<TenantsTable>;

export interface TenancyTables {
  tenants: TenantsTable;
  tenant_settings: TenantSettingsTable;
}
