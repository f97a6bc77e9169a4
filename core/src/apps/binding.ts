import type { InstallationStatus } from './apps.table.ts';
import type { RuntimeManifest } from './manifest.ts';

/**
 * Everything the host binds to one installation's calls. It is built by the host from the
 * installation row; the guest never supplies any of it.
 */
export interface InstallationBinding {
  tenantId: string;
  schoolName: string;
  installationId: string;
  appId: string;
  versionId: string;
  version: string;
  bundleDigest: string | null;
  manifest: RuntimeManifest;
  approvedScopes: ReadonlyArray<string>;
  settings: Record<string, unknown>;
  status: InstallationStatus;
}

/** The binding of one call: the installation, plus who and what the call is for. */
export interface CallBinding {
  installation: InstallationBinding;
  /** The person a route call runs for; null for events, jobs and hooks. */
  personId: string | null;
  requestId: string;
  /** What started the call, for the audit log: `route GET /notices`, `job daily`, … */
  trigger: string;
}
