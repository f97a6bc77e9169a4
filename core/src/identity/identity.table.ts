import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

type CreatedAt = ColumnType<Date, never, never>;
type UpdatedAt = ColumnType<Date, Date | undefined, Date>;

export type PersonStatus = 'active' | 'disabled';
export type MembershipRole = 'student' | 'teacher' | 'staff' | 'parent';
export type OrgUnitKind = 'campus' | 'department' | 'grade' | 'class' | 'teaching_research_group';
export type GuardianRelation = 'father' | 'mother' | 'grandparent' | 'guardian' | 'other';

/** One human across every school (一人一号). Global: no tenant_id. */
export interface PersonsTable {
  id: Generated<string>;
  display_name: string;
  phone: string | null;
  email: string | null;
  username: string | null;
  /** Argon2id PHC string. */
  password_hash: string | null;
  password_changed_at: Date | null;
  /** Set by an admin password reset: the temporary password must be replaced before anything else. */
  password_must_change: ColumnType<boolean, boolean | undefined, boolean>;
  /** HMAC-SHA-256 of the normalised national ID, keyed by a key derived from SECRET_KEY. */
  national_id_hash: string | null;
  /** Display form such as `4501**********1234`. */
  national_id_masked: string | null;
  status: ColumnType<PersonStatus, PersonStatus | undefined, PersonStatus>;
  locale: ColumnType<'zh-CN' | 'en', 'zh-CN' | 'en' | undefined, 'zh-CN' | 'en'>;
  /** Bumped whenever the person's memberships or grants change, so cached authorisation expires. */
  authz_version: ColumnType<number, number | undefined, number>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

/** A unit of a school's organisation tree. School-owned. */
export interface OrgUnitsTable {
  tenant_id: string;
  id: Generated<string>;
  parent_id: string | null;
  kind: OrgUnitKind;
  name: string;
  code: string | null;
  /** `/id/…/id/` from the school's root units, for subtree queries. */
  path: string;
  sort: ColumnType<number, number | undefined, number>;
  archived_at: Date | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

/** What a person is in a school. School-owned. */
export interface MembershipsTable {
  tenant_id: string;
  id: Generated<string>;
  person_id: string;
  org_unit_id: string | null;
  role: MembershipRole;
  /** Student or staff number (学号/工号), unique per school. */
  number: string | null;
  status: ColumnType<'active' | 'inactive', 'active' | 'inactive' | undefined, 'active' | 'inactive'>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

/** Parent ↔ student; owned by the student's school. */
export interface GuardianshipsTable {
  tenant_id: string;
  id: Generated<string>;
  guardian_person_id: string;
  student_person_id: string;
  relation: ColumnType<GuardianRelation, GuardianRelation | undefined, GuardianRelation>;
  created_at: CreatedAt;
}

export interface CustomRolesTable {
  tenant_id: string;
  /** `custom:<slug>` */
  key: string;
  name: string;
  permissions: string[];
  archived_at: Date | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

/** A role held over an org subtree; the whole tenant when org_unit_id is null. */
export interface RoleGrantsTable {
  tenant_id: string;
  id: Generated<string>;
  person_id: string;
  role_key: string;
  org_unit_id: string | null;
  granted_by: string | null;
  created_at: CreatedAt;
  revoked_at: Date | null;
  revoked_by: string | null;
}

export interface SessionsTable {
  id: string;
  secret_hash: Uint8Array;
  person_id: string;
  active_tenant_id: string | null;
  mfa_pending: ColumnType<boolean, boolean | undefined, boolean>;
  mfa_verified_at: Date | null;
  ip: string | null;
  user_agent: string | null;
  created_at: CreatedAt;
  last_seen_at: ColumnType<Date, Date | undefined, Date>;
  idle_expires_at: Date;
  absolute_expires_at: Date;
}

export interface AuthThrottleTable {
  key: string;
  count: number;
  window_started_at: Date;
  locked_until: Date | null;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

export interface SmsCodesTable {
  id: Generated<string>;
  phone: string;
  purpose: ColumnType<SmsCodePurpose, SmsCodePurpose | undefined, SmsCodePurpose>;
  code_hash: string;
  attempts: ColumnType<number, number | undefined, number>;
  created_at: ColumnType<Date, Date | undefined, never>;
  expires_at: Date;
  consumed_at: Date | null;
}

export type SmsCodePurpose = 'login' | 'password_reset';

/** Email links and reset tickets of the forgot-password flow; only SHA-256 of the secret is kept. */
export interface PasswordResetTokensTable {
  id: Generated<string>;
  kind: 'email_link' | 'reset_ticket';
  /** How the person proved control of the account: a code to the phone, or a link to the email. */
  channel: 'sms' | 'email';
  token_hash: Uint8Array;
  /** NULL for a request to an address no account has (stored so both cost the same). */
  person_id: string | null;
  failed_attempts: ColumnType<number, number | undefined, number>;
  created_at: Date;
  expires_at: Date;
  consumed_at: Date | null;
}

export type LoginMethod = 'password' | 'sms' | 'password_reset';

/** How and when a session's person authenticated (deleted with the session). */
export interface SessionAuthenticationsTable {
  session_id: string;
  method: LoginMethod;
  authenticated_at: Date;
}

export interface MfaTotpTable {
  person_id: string;
  secret_encrypted: string;
  confirmed_at: Date | null;
  last_used_step: number | null;
  created_at: CreatedAt;
}

export interface MfaRecoveryCodesTable {
  person_id: string;
  code_hash: string;
  used_at: Date | null;
  created_at: CreatedAt;
}

export type Person = Selectable<PersonsTable>;
export type NewPerson = Insertable<PersonsTable>;
export type PersonUpdate = Updateable<PersonsTable>;
export type OrgUnit = Selectable<OrgUnitsTable>;
export type Membership = Selectable<MembershipsTable>;
export type Guardianship = Selectable<GuardianshipsTable>;
export type CustomRole = Selectable<CustomRolesTable>;
export type RoleGrant = Selectable<RoleGrantsTable>;
export type Session = Selectable<SessionsTable>;

export interface IdentityTables {
  persons: PersonsTable;
  org_units: OrgUnitsTable;
  memberships: MembershipsTable;
  guardianships: GuardianshipsTable;
  custom_roles: CustomRolesTable;
  role_grants: RoleGrantsTable;
  sessions: SessionsTable;
  auth_throttle: AuthThrottleTable;
  sms_codes: SmsCodesTable;
  mfa_totp: MfaTotpTable;
  mfa_recovery_codes: MfaRecoveryCodesTable;
  password_reset_tokens: PasswordResetTokensTable;
  session_authentications: SessionAuthenticationsTable;
}
