import type {
  MarketplaceTables,
  MarketRuntime,
  RuntimeInstallation,
  SmokeResult,
} from '@campusbase/marketplace';
import { DomainError } from '@campusbase/plugin-sdk/errors';
import { sha256Hex } from '@campusbase/plugin-sdk/package';
import type { Invocation } from '@campusbase/plugin-sdk/protocol';
import { type Kysely, sql, type Transaction } from 'kysely';
import type { AppPlatform } from '../apps/index.ts';
import type { InstallationBinding } from '../apps/binding.ts';
import { loadBinding } from '../apps/installations.repository.ts';
import { checkSettings } from '../apps/installations.service.ts';
import type { RuntimeManifest } from '../apps/manifest.ts';
import { registerAppVersion } from '../apps/registry.ts';
import type { Database } from '../db/database.ts';
import { withTenant } from '../db/tenant-scope.ts';
import { insertTenant } from '../tenancy/tenancy.repository.ts';
import { announceServing } from './serving-events.ts';

/** The throwaway school that smoke runs install into: under the platform root, seen by no bureau. */
export const SMOKE_SCHOOL = { code: '0000000000', name: '应用审核沙箱学校' };

type Row = {
  tenant_id: string;
  id: string;
  app_id: string;
  version_id: string;
  version: string;
  status: RuntimeInstallation['status'];
  approved_scopes: string[];
};
const toInstallation = (r: Row): RuntimeInstallation => ({
  installationId: r.id,
  tenantId: r.tenant_id,
  appId: r.app_id,
  runtimeVersionId: r.version_id,
  version: r.version,
  status: r.status,
  approvedScopes: r.approved_scopes,
});

async function smokeSchool(owner: Kysely<Database>): Promise<{ id: string; name: string }> {
  const existing = await owner
    .selectFrom('tenants')
    .select(['id', 'name'])
    .where('code', '=', SMOKE_SCHOOL.code)
    .executeTakeFirst();
  if (existing) return existing;
  const root = await owner
    .selectFrom('tenants')
    .select('id')
    .where('kind', '=', 'platform')
    .executeTakeFirst();
  if (!root) throw new Error('There is no platform tenant to hold the smoke-run school');
  const row = await insertTenant(owner, {
    parentId: root.id,
    kind: 'school',
    name: SMOKE_SCHOOL.name,
    code: SMOKE_SCHOOL.code,
  });
  return { id: row.id, name: row.name };
}

/**
 * The marketplace's view of the app runtime (core/src/apps). Upgrades, rollbacks, serving switches
 * and smoke runs are not in the runtime's own service yet, so they are written here against its
 * tables and its AppRuntime (binding cache, sandbox supervisor).
 */
export function marketRuntime(apps: Pick<AppPlatform, 'runtime' | 'installations'>): MarketRuntime {
  const runtime = apps.runtime;
  const owner = runtime.owner;
  const liveOf = (versionIds: ReadonlyArray<string>) =>
    owner
      .selectFrom('app_installations as i')
      .innerJoin('app_versions as v', 'v.id', 'i.version_id')
      .select([
        'i.tenant_id',
        'i.id',
        'i.app_id',
        'i.version_id',
        'v.version',
        'i.status',
        'i.approved_scopes',
      ])
      .where(
        'i.version_id',
        'in',
        versionIds.length > 0 ? [...versionIds] : ['00000000-0000-0000-0000-000000000000'],
      )
      .where('i.status', '<>', 'uninstalled')
      .execute();

  return {
    async register(pkg) {
      const registered = await registerAppVersion(owner, pkg);
      // Nothing serves before review: a new version starts suspended until the marketplace approves it.
      if (registered.created)
        await owner
          .updateTable('app_versions')
          .set({ status: 'suspended' })
          .where('id', '=', registered.versionId)
          .execute();
      return { runtimeVersionId: registered.versionId };
    },

    async setServing(versionIds, serving) {
      if (versionIds.length === 0) return [];
      const affected = (await liveOf(versionIds)).map(toInstallation);
      await owner
        .updateTable('app_versions')
        .set({ status: serving ? 'active' : 'suspended' })
        .where('id', 'in', [...versionIds])
        .execute();
      // Drop the cached bindings and warm isolates, so the change holds from the next call on:
      // here at once, and on every other node through NOTIFY (startServingEvents).
      for (const i of affected) runtime.invalidate(i.tenantId, i.installationId);
      await announceServing(owner, affected);
      return affected;
    },

    async smokeRun(versionId): Promise<SmokeResult> {
      const version = await owner
        .selectFrom('app_versions')
        .select(['app_id', 'version', 'manifest', 'bundle_digest'])
        .where('id', '=', versionId)
        .executeTakeFirstOrThrow();
      const manifest = version.manifest as RuntimeManifest;
      if (!version.bundle_digest) return { ok: true, ran: 'no server code' };
      const school = await smokeSchool(owner);
      // A previous smoke run of the same app that did not clean up would hold the one live slot.
      await sql`DELETE FROM app_documents WHERE tenant_id = ${school.id} AND app_id = ${version.app_id}`.execute(
        owner,
      );
      await owner
        .deleteFrom('app_installations')
        .where('tenant_id', '=', school.id)
        .where('app_id', '=', version.app_id)
        .execute();
      const scopes = [...(manifest.permissions ?? [])];
      const settings = checkSettings(manifest, {});
      const row = await owner
        .insertInto('app_installations')
        .values({
          tenant_id: school.id,
          app_id: version.app_id,
          version_id: versionId,
          approved_scopes: scopes,
          settings: JSON.stringify(settings),
          installed_by: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const binding: InstallationBinding = {
        tenantId: school.id,
        schoolName: school.name,
        installationId: row.id,
        appId: version.app_id,
        versionId,
        version: version.version,
        bundleDigest: version.bundle_digest,
        manifest,
        approvedScopes: scopes,
        settings,
        status: 'enabled',
      };
      const caller = { user: null, personId: null, requestId: `smoke-${row.id}`, locale: 'zh-CN' as const };
      const context = runtime.context(binding, caller);
      const runsHook = manifest.hooks?.includes('install') === true;
      const invocation: Invocation = runsHook
        ? { kind: 'hook', hook: 'install', context }
        : {
            kind: 'route',
            route: 'GET /__campusbase_smoke__',
            request: {
              method: 'GET',
              path: '/__campusbase_smoke__',
              params: {},
              query: {},
              headers: {},
              body: null,
            },
            context,
          };
      const ran = runsHook ? 'install hook' : 'bundle load';
      try {
        await runtime.invoke(binding, invocation, {
          personId: null,
          requestId: caller.requestId,
          trigger: 'marketplace smoke run',
        });
        return { ok: true, ran };
      } catch (error) {
        // Without an install hook the probe route does not exist: an app's own 4xx answer proves it loaded.
        if (!runsHook && error instanceof DomainError && error.status < 500) return { ok: true, ran };
        return { ok: false, ran, error: error instanceof Error ? error.message : String(error) };
      } finally {
        runtime.invalidate(school.id, row.id);
        await sql`DELETE FROM app_documents WHERE tenant_id = ${school.id} AND installation_id = ${row.id}`.execute(
          owner,
        );
        await owner
          .deleteFrom('app_installations')
          .where('tenant_id', '=', school.id)
          .where('id', '=', row.id)
          .execute();
      }
    },

    // Digests of the bytes the runtime actually holds (not its digest columns), so a bundle or asset
    // rewritten in the database is caught even when its recorded digest was rewritten too.
    async storedDigests(versionId) {
      const row = await owner
        .selectFrom('app_versions')
        .select(['bundle'])
        .where('id', '=', versionId)
        .executeTakeFirst();
      if (!row) return null;
      const assets = await owner
        .selectFrom('app_assets')
        .select(['path', 'content'])
        .where('version_id', '=', versionId)
        .execute();
      return {
        bundle: row.bundle === null ? null : sha256Hex(new TextEncoder().encode(row.bundle)),
        files: Object.fromEntries(assets.map((a) => [a.path, sha256Hex(a.content)])),
      };
    },

    install: (tenantId, input, actor, recordConsent) =>
      apps.installations.install(tenantId, input, actor, (trx, installationId) =>
        recordConsent(trx as unknown as Transaction<MarketplaceTables>, installationId),
      ),

    async installation(tenantId, installationId) {
      const binding = await withTenant(runtime.db, tenantId, (trx) =>
        loadBinding(trx, tenantId, installationId),
      );
      if (!binding) return null;
      return {
        installationId: binding.installationId,
        tenantId,
        appId: binding.appId,
        runtimeVersionId: binding.versionId,
        version: binding.version,
        status: binding.status,
        approvedScopes: [...binding.approvedScopes],
      };
    },

    async installationOf(tenantId, appId) {
      const row = await withTenant(runtime.db, tenantId, (trx) =>
        trx
          .selectFrom('app_installations as i')
          .innerJoin('app_versions as v', 'v.id', 'i.version_id')
          .select([
            'i.tenant_id',
            'i.id',
            'i.app_id',
            'i.version_id',
            'v.version',
            'i.status',
            'i.approved_scopes',
          ])
          .where('i.tenant_id', '=', tenantId)
          .where('i.app_id', '=', appId)
          .where('i.status', '<>', 'uninstalled')
          .executeTakeFirst(),
      );
      return row ? toInstallation(row) : null;
    },

    async switchVersion(tenantId, installationId, to, actor) {
      await withTenant(runtime.db, tenantId, (trx) =>
        trx
          .updateTable('app_installations')
          .set({
            version_id: to.runtimeVersionId,
            approved_scopes: [...to.approvedScopes].sort(),
            updated_at: new Date(),
          })
          .where('tenant_id', '=', tenantId)
          .where('id', '=', installationId)
          .execute(),
      );
      runtime.invalidate(tenantId, installationId);
      if (to.hook) {
        const binding = await runtime.runnable(tenantId, installationId);
        const context = runtime.context(binding, {
          user: null,
          personId: actor.personId,
          requestId: actor.requestId,
          locale: 'zh-CN',
        });
        await runtime.invoke(
          binding,
          { kind: 'hook', hook: 'upgrade', fromVersion: to.fromVersion, context },
          { personId: actor.personId, requestId: actor.requestId, trigger: 'hook upgrade' },
        );
      }
    },

    uninstall: (tenantId, installationId, actor) =>
      apps.installations.uninstall(tenantId, installationId, actor),

    async everInstalled(tenantId, appId) {
      const row = await withTenant(runtime.db, tenantId, (trx) =>
        trx
          .selectFrom('app_installations')
          .select('id')
          .where('tenant_id', '=', tenantId)
          .where('app_id', '=', appId)
          .where('purged_at', 'is', null)
          .executeTakeFirst(),
      );
      return row !== undefined;
    },

    async installCounts(appIds) {
      let query = owner
        .selectFrom('app_installations as i')
        .innerJoin('tenants as t', 't.id', 'i.tenant_id')
        .select(['i.app_id', (eb) => eb.fn.countAll<string>().as('n')])
        .where('i.status', '<>', 'uninstalled')
        .where('t.code', '<>', SMOKE_SCHOOL.code)
        .groupBy('i.app_id');
      if (appIds) query = query.where('i.app_id', 'in', appIds.length > 0 ? [...appIds] : ['']);
      const rows = await query.execute();
      return new Map(rows.map((r) => [r.app_id, Number(r.n)]));
    },

    installationsOf: async (versionIds) => (await liveOf(versionIds)).map(toInstallation),
  };
}
