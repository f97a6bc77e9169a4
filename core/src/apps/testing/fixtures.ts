import { build } from 'esbuild';
import { resolve } from 'node:path';
import type { Kysely } from 'kysely';
import type { Principal } from '../../auth/principal.ts';
import type { Database } from '../../db/database.ts';
import { insertTenant } from '../../tenancy/tenancy.repository.ts';
import type { AppAuditEntry, AppAuditPort } from '../ports.ts';
import { type AppPackageInput, registerAppVersion } from '../registry.ts';

const root = resolve(import.meta.dirname, '../../../..');

/**
 * Bundles app server code the way `campusbase-app build` does: one self-contained ES module with
 * the SDK inside and no imports left.
 */
export async function bundleApp(source: string): Promise<string> {
  const result = await build({
    stdin: { contents: source, resolveDir: root, loader: 'ts', sourcefile: 'server.ts' },
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2024',
    mainFields: ['module', 'main'],
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

/** A manifest with sensible defaults for tests. */
export function testManifest(overrides: Record<string, unknown>): Record<string, unknown> {
  return {
    id: 'cn.test.app',
    version: '1.0.0',
    engines: { campusbase: '>=0.1.0' },
    name: { zh: '测试应用', en: 'Test app' },
    description: { zh: '用于测试', en: 'For tests' },
    server: { entry: 'src/server.ts' },
    ...overrides,
  };
}

export async function registerTestApp(
  owner: Kysely<Database>,
  manifest: Record<string, unknown>,
  source: string | null,
  files: AppPackageInput['files'] = [],
  options: { raw?: boolean } = {},
) {
  // A hostile bundle is hand-written, as an attacker would: no build step to clean it up.
  const bundle = source === null ? null : options.raw ? source : await bundleApp(source);
  return registerAppVersion(owner, { manifest, bundle, files });
}

/** Two schools under a platform root, for isolation tests. */
export async function createSchools(owner: Kysely<Database>, count = 2): Promise<string[]> {
  const platform = await insertTenant(owner, {
    parentId: null,
    kind: 'platform',
    name: '测试平台',
    code: 'platform',
  });
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const school = await insertTenant(owner, {
      parentId: platform.id,
      kind: 'school',
      name: `测试学校${i + 1}`,
      code: `45010300${String(i).padStart(2, '0')}`,
    });
    ids.push(school.id);
  }
  return ids;
}

/** A principal for route tests, as the identity middleware would set it. */
export function testPrincipal(
  tenantId: string,
  options: { admin?: boolean; personId?: string } = {},
): Principal {
  const admin = options.admin ?? false;
  const principal = {
    personId: options.personId ?? crypto.randomUUID(),
    sessionId: crypto.randomUUID(),
    displayName: admin ? '李管理员' : '王老师',
    activeTenantId: tenantId,
    tenantKind: 'school' as const,
    tenantName: '测试学校',
    tenantPath: null,
    roles: [{ role: admin ? 'school_admin' : 'teacher', orgUnitId: null }],
    mfaVerified: true,
    mfaMissing: false,
    can: (permission: string) => admin || permission === 'org:read',
    scopeOf: () => ({ kind: 'none' }) as never,
    permissions: () => new Set(admin ? ['apps:install'] : []),
    authzVersion: 1,
    holdsAnywhere: (permission: string) => admin || permission === 'org:read',
  };
  return principal;
}

/** An audit port that keeps entries in memory, so tests can read what was recorded. */
export function memoryAudit(): AppAuditPort & { entries: AppAuditEntry[] } {
  const entries: AppAuditEntry[] = [];
  return {
    entries,
    async record(entry) {
      entries.push(entry);
    },
  };
}
