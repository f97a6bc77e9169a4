import type { Kysely, Transaction } from 'kysely';
import type { MarketplaceTables } from './tables.ts';

/**
 * What the marketplace needs from its host, as small interfaces. Core implements them
 * (core/src/marketplace/ports.ts); the marketplace never imports core.
 */

export type MarketDb = Kysely<MarketplaceTables> | Transaction<MarketplaceTables>;

export interface MarketDatabase {
  /** The app-role pool: the platform-wide catalogue tables. */
  app: Kysely<MarketplaceTables>;
  /** A transaction scoped to one school or bureau (row-level security applies). */
  withTenant<T>(tenantId: string, work: (trx: Transaction<MarketplaceTables>) => Promise<T>): Promise<T>;
  /** One transaction that writes into several schools, each under its own scope (a bureau's push). */
  acrossTenants(
    tenantIds: ReadonlyArray<string>,
    work: (trx: Transaction<MarketplaceTables>, tenantId: string) => Promise<void>,
  ): Promise<void>;
  /** Platform-wide upkeep only (usage roll-up): row-level security does not confine it. */
  owner: Kysely<MarketplaceTables>;
}

/** Who is calling, as the host's session and grants say. */
export interface Caller {
  personId: string;
  displayName: string;
  tenantId: string | null;
  tenantKind: 'platform' | 'province' | 'city' | 'county' | 'school' | null;
  tenantName: string | null;
  /** The active tenant's path in the tenant tree, `/id/…/id/`. */
  tenantPath: string | null;
  requestId: string;
  /** Whether the caller holds a permission in the active tenant. */
  can(permission: string): boolean;
}

export interface MarketAuditEntry {
  /** The school or bureau the event belongs to; null: the platform's own log. */
  tenantId: string | null;
  actorPersonId: string | null;
  action: string;
  targetType: string;
  targetId: string;
  result: 'success' | 'failure' | 'denied';
  details?: Record<string, unknown>;
}

export interface MarketAudit {
  record(entry: MarketAuditEntry): Promise<void>;
}

/** The message centre, as far as the marketplace speaks to it. */
export interface MarketMessenger {
  /** A notice to the admins of each school (idempotent per key and school). */
  notifySchoolAdmins(
    tenantIds: ReadonlyArray<string>,
    message: {
      title: string;
      body: string;
      link: string;
      key: string;
      priority: 'normal' | 'high';
      /** The English text beside the zh-CN one (the recipient's locale picks). */
      en?: { title: string; body: string };
      /** `alert` (the default) for what stopped working; `notice` for what the platform did for the school. */
      category?: 'alert' | 'notice';
    },
  ): Promise<void>;
}

export interface MarketTenants {
  get(tenantId: string): Promise<{ id: string; name: string; kind: string; path: string } | null>;
  /** Every active school in the subtree under a bureau, with its path. */
  schoolsBelow(bureauId: string): Promise<Array<{ id: string; name: string; path: string }>>;
  /** The tenants above one, from the root down (not the tenant itself). */
  ancestors(tenantId: string): Promise<Array<{ id: string; name: string; kind: string }>>;
}

export interface SmokeResult {
  ok: boolean;
  /** What was run: `install hook`, `bundle load`, or `no server code`. */
  ran: string;
  error?: string;
}

export interface RuntimeInstallation {
  installationId: string;
  tenantId: string;
  appId: string;
  runtimeVersionId: string;
  version: string;
  status: 'enabled' | 'disabled' | 'suspended' | 'uninstalled';
  approvedScopes: string[];
}

export interface RuntimeActor {
  personId: string | null;
  requestId: string;
}

/** Writes who consented to which scopes, inside the transaction that creates the installation. */
export type RecordConsent = (trx: Transaction<MarketplaceTables>, installationId: string) => Promise<void>;

/** A verified package as the runtime stores it. */
export interface RuntimePackage {
  manifest: Record<string, unknown>;
  bundle: string | null;
  files: ReadonlyArray<{ path: string; content: Uint8Array }>;
  signer: string;
}

/** The app runtime (core/src/apps): versions, installations and the sandbox. */
export interface MarketRuntime {
  /** Stores a verified version; it does not serve until `setServing(true)`. */
  register(pkg: RuntimePackage): Promise<{ runtimeVersionId: string }>;
  /** Lets a version serve, or stops it; returns the live installations it affects, already stopped or restarted. */
  setServing(runtimeVersionIds: ReadonlyArray<string>, serving: boolean): Promise<RuntimeInstallation[]>;
  /** Loads the bundle in the sandbox and runs the install hook for a throwaway school. */
  smokeRun(runtimeVersionId: string): Promise<SmokeResult>;
  /** The digests the runtime stored for a version, to compare with the signed list at install time. */
  storedDigests(
    runtimeVersionId: string,
  ): Promise<{ bundle: string | null; files: Record<string, string> } | null>;
  /**
   * Installs, and runs `recordConsent` in the transaction that creates the installation: there is
   * no installation without its consent record.
   */
  install(
    tenantId: string,
    input: { appId: string; version: string; approvedScopes: string[]; settings?: Record<string, unknown> },
    actor: RuntimeActor,
    recordConsent: RecordConsent,
  ): Promise<string>;
  installation(tenantId: string, installationId: string): Promise<RuntimeInstallation | null>;
  /** The school's live installation of an app, if any. */
  installationOf(tenantId: string, appId: string): Promise<RuntimeInstallation | null>;
  /** Moves an installation to another version with the approved scopes (upgrade or rollback), running the upgrade hook. */
  switchVersion(
    tenantId: string,
    installationId: string,
    to: { runtimeVersionId: string; approvedScopes: string[]; fromVersion: string; hook: boolean },
    actor: RuntimeActor,
  ): Promise<void>;
  uninstall(tenantId: string, installationId: string, actor: RuntimeActor): Promise<{ purgeAfter: string }>;
  /** Whether the school has (or within the grace period had) an installation of the app. */
  everInstalled(tenantId: string, appId: string): Promise<boolean>;
  /** Live installations by app, platform-wide: counts only. */
  installCounts(appIds?: ReadonlyArray<string>): Promise<Map<string, number>>;
  /** Live installations of the given versions, platform-wide. */
  installationsOf(runtimeVersionIds: ReadonlyArray<string>): Promise<RuntimeInstallation[]>;
}

export interface MarketplacePorts {
  db: MarketDatabase;
  audit: MarketAudit;
  messenger: MarketMessenger;
  tenants: MarketTenants;
  runtime: MarketRuntime;
  /** The platform version that `engines.campusbase` must admit. */
  platformVersion: string;
  /** A secret for the daily visitor hashes of usage statistics. */
  usageSecret: string;
}
