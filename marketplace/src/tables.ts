import type { ColumnType, Generated, Selectable } from 'kysely';

/**
 * The marketplace's own tables. Catalogue tables (vendors, keys, apps, versions, policy, usage
 * aggregates) are platform-wide; what a school or bureau owns (its reviews, a bureau's picks, its
 * install history with the consent of each installation, its raw usage marks) carries `tenant_id` behind forced row-level security.
 */

export type AppCategory = 'teaching' | 'management' | 'evaluation' | 'life' | 'devices';
export type KeyStatus = 'active' | 'retired' | 'revoked';
export type VersionStatus = 'failed' | 'pending_review' | 'approved' | 'rejected';
export type ListingStatus = 'draft' | 'listed' | 'delisted';
export type Risk = 'low' | 'medium' | 'high';

export interface CheckResult {
  key: 'signature' | 'manifest' | 'engines' | 'version' | 'size' | 'smoke' | 'risk';
  ok: boolean;
  zh: string;
  en: string;
  details?: Record<string, unknown>;
}

export interface MarketVendorsTable {
  id: Generated<string>;
  name: string;
  contact_email: string | null;
  website: string | null;
  created_by: string;
  created_at: ColumnType<Date, never, never>;
}

export interface MarketVendorMembersTable {
  vendor_id: string;
  person_id: string;
  role: 'owner' | 'developer';
  added_at: ColumnType<Date, never, never>;
}

export interface MarketVendorKeysTable {
  id: Generated<string>;
  vendor_id: string;
  key_id: string;
  public_key: string;
  label: string | null;
  status: ColumnType<KeyStatus, KeyStatus | undefined, KeyStatus>;
  created_at: ColumnType<Date, never, never>;
  retired_at: Date | null;
  revoked_at: Date | null;
  revoke_reason: string | null;
}

export interface MarketAppsTable {
  app_id: string;
  vendor_id: string;
  category: AppCategory;
  status: ColumnType<ListingStatus, ListingStatus | undefined, ListingStatus>;
  suspended: ColumnType<boolean, boolean | undefined, boolean>;
  suspend_reason: ColumnType<string | null, string | null | undefined, string | null>;
  name_zh: string;
  name_en: string;
  summary: string;
  description_md: ColumnType<string, string | undefined, string>;
  description_html: ColumnType<string, string | undefined, string>;
  screenshots: ColumnType<string[], string | undefined, string>;
  tags: ColumnType<string[], string[] | undefined, string[]>;
  /** Bigrams and unigrams of the Chinese text, words of the Latin text (see search/tokens.ts). */
  search: ColumnType<string, never, never>;
  install_count: ColumnType<number, number | undefined, number>;
  rating_sum: ColumnType<number, number | undefined, number>;
  rating_count: ColumnType<number, number | undefined, number>;
  latest_version_id: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: ColumnType<Date, never, never>;
  listed_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

export interface MarketVersionsTable {
  id: Generated<string>;
  app_id: string;
  version: string;
  manifest: ColumnType<Record<string, unknown>, string, never>;
  package: Uint8Array;
  package_sha256: string;
  size_bytes: number;
  key_id: string;
  scopes: ColumnType<string[], string[], never>;
  risk: Risk;
  checks: ColumnType<CheckResult[], string, string>;
  status: VersionStatus;
  suspended: ColumnType<boolean, boolean | undefined, boolean>;
  changelog: string;
  runtime_version_id: string | null;
  uploaded_by: string;
  reviewed_by: string | null;
  review_comment: string | null;
  reviewed_at: Date | null;
  auto_approved: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: ColumnType<Date, never, never>;
}

export interface MarketReviewLogTable {
  id: Generated<string>;
  app_id: string;
  version_id: string | null;
  actor_person_id: string | null;
  action: string;
  comment: string | null;
  at: ColumnType<Date, never, never>;
}

export interface MarketPolicyTable {
  key: string;
  value: ColumnType<unknown, string, string>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

export interface MarketRatingsTable {
  tenant_id: string;
  id: Generated<string>;
  app_id: string;
  person_id: string;
  author_label: string;
  school_name: string;
  rating: number;
  body: string;
  created_at: ColumnType<Date, never, never>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

export type PickMode = 'recommend' | 'deploy';

export interface MarketBureauPicksTable {
  tenant_id: string;
  id: Generated<string>;
  app_id: string;
  mode: PickMode;
  mandatory: boolean;
  approved_scopes: ColumnType<string[], string[], string[]>;
  note: string | null;
  created_by: string;
  created_at: ColumnType<Date, never, never>;
  /** A withdrawn pick is history: schools below no longer see it, and a deployment is no longer mandatory. */
  withdrawn_at: ColumnType<Date | null, never, Date>;
  withdrawn_by: ColumnType<string | null, never, string>;
}

/** Who consented to an installation's scopes: the school's admin, or a bureau for its deployment. */
export type ConsentBy = 'school' | 'bureau';

export interface MarketInstallHistoryTable {
  tenant_id: string;
  id: Generated<string>;
  installation_id: string;
  app_id: string;
  market_version_id: string;
  action: 'install' | 'upgrade' | 'rollback';
  approved_scopes: ColumnType<string[], string[], never>;
  actor_person_id: string | null;
  at: ColumnType<Date, never, never>;
  consent_by: ColumnType<ConsentBy, ConsentBy, never>;
  /** The bureau's pick whose consent this installation carries (consent_by 'bureau'). */
  bureau_pick_id: ColumnType<string | null, string | null | undefined, never>;
  /** SHA-256 of the sorted scopes consented to, one per line. */
  scopes_sha256: ColumnType<string | null, string, never>;
}

export interface MarketUsageSeenTable {
  tenant_id: string;
  installation_id: string;
  app_id: string;
  day: ColumnType<string, string, never>;
  /** A keyed hash that changes every day: it counts a person once, and cannot name them. */
  visitor: string;
}

export interface MarketUsageDailyTable {
  app_id: string;
  installation_id: string;
  day: ColumnType<string, string, never>;
  active_users: number;
}

export type VendorRow = Selectable<MarketVendorsTable>;
export type AppRow = Selectable<MarketAppsTable>;
export type VersionRow = Selectable<MarketVersionsTable>;

export interface MarketplaceTables {
  market_vendors: MarketVendorsTable;
  market_vendor_members: MarketVendorMembersTable;
  market_vendor_keys: MarketVendorKeysTable;
  market_apps: MarketAppsTable;
  market_versions: MarketVersionsTable;
  market_review_log: MarketReviewLogTable;
  market_policy: MarketPolicyTable;
  market_ratings: MarketRatingsTable;
  market_bureau_picks: MarketBureauPicksTable;
  market_install_history: MarketInstallHistoryTable;
  market_usage_seen: MarketUsageSeenTable;
  market_usage_daily: MarketUsageDailyTable;
}
