import { ConflictError, ForbiddenError, InputError, NotFoundError } from '@campusbase/plugin-sdk/errors';
import { createAjv } from '@campusbase/plugin-sdk/manifest';
import type { Transaction } from 'kysely';
import semver from 'semver';
import type { Database } from '../db/database.ts';
import { withTenant } from '../db/tenant-scope.ts';
import type { InstallationStatus } from './apps.table.ts';
import type { InstallationBinding } from './binding.ts';
import {
  exportDocuments,
  insertInstallation,
  listInstallations,
  loadBinding,
  updateInstallation,
} from './installations.repository.ts';
import type { RuntimeManifest } from './manifest.ts';
import type { AppRuntime } from './runtime.ts';

export const UNINSTALL_GRACE_DAYS = 30;

export interface Actor {
  personId: string | null;
  requestId: string;
}

/**
 * Writes the record of who consented to which scopes (the marketplace's install history), in the
 * transaction that creates the installation: an installation never exists without it.
 */
export type RecordConsent = (trx: Transaction<Database>, installationId: string) => Promise<void>;

/** Validates settings against the manifest's settings schema, filling its defaults. */
export function checkSettings(
  manifest: RuntimeManifest,
  settings: Record<string, unknown>,
): Record<string, unknown> {
  const copy = structuredClone(settings);
  const schema = manifest.settings?.schema;
  if (!schema) {
    if (Object.keys(copy).length > 0) {
      throw new InputError(
        { zh: '该应用没有可配置的设置项', en: 'This app has no settings' },
        undefined,
        'invalid_settings',
      );
    }
    return copy;
  }
  const validate = createAjv({ useDefaults: true }).compile(schema);
  if (!validate(copy)) {
    const issues = (validate.errors ?? []).map((e) => ({
      path: e.instancePath || '/',
      message: e.message ?? 'is invalid',
    }));
    const list = issues.map((i) => `${i.path} ${i.message}`).join('; ');
    throw new InputError(
      { zh: `应用设置不正确：${list}`, en: `The settings are invalid: ${list}` },
      { issues },
      'invalid_settings',
    );
  }
  return copy;
}

/**
 * Installation lifecycle for a school admin: install with the approved scopes, configure, enable,
 * disable, uninstall (data kept for the grace period, exportable), each audited. Installing is not
 * offered over HTTP here: the marketplace installs through `install` after the school admin (or a
 * bureau, for its deployment) consented, and hands it the consent record to write.
 */
export class Installations {
  readonly #runtime: AppRuntime;

  constructor(runtime: AppRuntime) {
    this.#runtime = runtime;
  }

  list(tenantId: string) {
    return withTenant(this.#runtime.db, tenantId, (trx) => listInstallations(trx, tenantId));
  }

  async install(
    tenantId: string,
    input: { appId: string; version?: string; approvedScopes: string[]; settings?: Record<string, unknown> },
    actor: Actor,
    recordConsent: RecordConsent,
  ): Promise<string> {
    let query = this.#runtime.db
      .selectFrom('app_versions')
      .select(['id', 'manifest', 'status', 'version', 'bundle_digest'])
      .where('app_id', '=', input.appId)
      .where('status', '=', 'active');
    if (input.version) query = query.where('version', '=', input.version);
    const versions = await query.execute();
    const version = versions.sort((a, b) => semver.rcompare(a.version, b.version))[0];
    if (!version) {
      throw new NotFoundError({
        zh: `没有可安装的应用 ${input.appId}`,
        en: `No installable version of ${input.appId}`,
      });
    }
    const manifest = version.manifest as RuntimeManifest;
    const declared = new Set(manifest.permissions ?? []);
    const undeclared = input.approvedScopes.filter((scope) => !declared.has(scope));
    if (undeclared.length > 0) {
      throw new InputError(
        {
          zh: `这些权限不在应用的申请范围内：${undeclared.join('、')}`,
          en: `These scopes are not requested by the app: ${undeclared.join(', ')}`,
        },
        { undeclared },
        'scope_not_declared',
      );
    }
    const settings = checkSettings(manifest, input.settings ?? {});
    // The server code must implement exactly what the manifest declares before a school runs it.
    if (version.bundle_digest) await this.#runtime.checkVersion(version.id, version.bundle_digest, manifest);
    const installationId = await withTenant(this.#runtime.db, tenantId, async (trx) => {
      try {
        const id = await insertInstallation(trx, {
          tenantId,
          appId: input.appId,
          versionId: version.id,
          approvedScopes: [...new Set(input.approvedScopes)].sort(),
          settings,
          installedBy: actor.personId,
        });
        await recordConsent(trx, id);
        return id;
      } catch (error) {
        if ((error as { code?: string }).code === '23505') {
          throw new ConflictError(
            { zh: '本校已安装该应用', en: 'This school has already installed the app' },
            undefined,
            'already_installed',
          );
        }
        throw error;
      }
    });
    await this.#audit(tenantId, installationId, 'app.install', actor, {
      appId: input.appId,
      version: version.version,
      approvedScopes: input.approvedScopes,
    });
    if (manifest.hooks?.includes('install')) {
      const binding = await this.#runtime.runnable(tenantId, installationId);
      await this.#hook(binding, 'install', actor);
    }
    return installationId;
  }

  async configure(tenantId: string, installationId: string, settings: Record<string, unknown>, actor: Actor) {
    const binding = await this.#live(tenantId, installationId);
    const checked = checkSettings(binding.manifest, settings);
    await withTenant(this.#runtime.db, tenantId, (trx) =>
      updateInstallation(trx, tenantId, installationId, { settings: checked }),
    );
    this.#runtime.invalidate(tenantId, installationId, false);
    await this.#audit(tenantId, installationId, 'app.configure', actor, { keys: Object.keys(checked) });
    return checked;
  }

  async setEnabled(tenantId: string, installationId: string, enabled: boolean, actor: Actor) {
    const binding = await this.#live(tenantId, installationId);
    if (binding.status === 'suspended') {
      throw new ForbiddenError({
        zh: '该应用已被平台暂停，学校不能启用',
        en: 'The platform suspended this app; a school cannot enable it',
      });
    }
    const status: InstallationStatus = enabled ? 'enabled' : 'disabled';
    await withTenant(this.#runtime.db, tenantId, (trx) =>
      updateInstallation(trx, tenantId, installationId, { status }),
    );
    this.#runtime.invalidate(tenantId, installationId);
    await this.#audit(tenantId, installationId, enabled ? 'app.enable' : 'app.disable', actor, {});
  }

  /** Uninstalls: the uninstall hook runs first (best effort), then the data enters its grace period. */
  async uninstall(tenantId: string, installationId: string, actor: Actor): Promise<{ purgeAfter: string }> {
    const binding = await this.#live(tenantId, installationId);
    if (binding.status === 'enabled' && binding.manifest.hooks?.includes('uninstall')) {
      await this.#hook(binding, 'uninstall', actor).catch((error) =>
        this.#runtime.logger.warn(
          { err: error, installationId },
          'uninstall hook failed; uninstalling anyway',
        ),
      );
    }
    await withTenant(this.#runtime.db, tenantId, (trx) =>
      updateInstallation(trx, tenantId, installationId, { status: 'uninstalled', uninstalled: true }),
    );
    this.#runtime.invalidate(tenantId, installationId);
    const purgeAfter = new Date(Date.now() + UNINSTALL_GRACE_DAYS * 86_400_000).toISOString();
    await this.#audit(tenantId, installationId, 'app.uninstall', actor, { appId: binding.appId, purgeAfter });
    return { purgeAfter };
  }

  /** The installation's documents as JSON, during its life and its grace period. */
  async export(tenantId: string, installationId: string, actor: Actor) {
    const binding = await this.#runtime.binding(tenantId, installationId);
    if (!binding)
      throw new NotFoundError({ zh: '本校没有这个应用安装', en: 'No such installation in this school' });
    const collections = await withTenant(this.#runtime.db, tenantId, (trx) =>
      exportDocuments(trx, tenantId, installationId),
    );
    await this.#audit(tenantId, installationId, 'app.export', actor, { appId: binding.appId });
    return {
      appId: binding.appId,
      version: binding.version,
      exportedAt: new Date().toISOString(),
      collections,
    };
  }

  async #live(tenantId: string, installationId: string): Promise<InstallationBinding> {
    const binding = await withTenant(this.#runtime.db, tenantId, (trx) =>
      loadBinding(trx, tenantId, installationId),
    );
    if (!binding || binding.status === 'uninstalled') {
      throw new NotFoundError(
        { zh: '本校没有这个应用安装', en: 'No such installation in this school' },
        undefined,
        'installation_not_found',
      );
    }
    return binding;
  }

  async #hook(binding: InstallationBinding, hook: 'install' | 'uninstall', actor: Actor) {
    const caller = {
      user: null,
      personId: actor.personId,
      requestId: actor.requestId,
      locale: 'zh-CN' as const,
    };
    await this.#runtime.invoke(
      binding,
      { kind: 'hook', hook, context: this.#runtime.context(binding, caller) },
      { personId: actor.personId, requestId: actor.requestId, trigger: `hook ${hook}` },
    );
  }

  #audit(
    tenantId: string,
    installationId: string,
    action: string,
    actor: Actor,
    details: Record<string, unknown>,
  ) {
    return this.#runtime.ports.audit.record({
      tenantId,
      actorPersonId: actor.personId,
      action,
      targetType: 'app_installation',
      targetId: installationId,
      result: 'success',
      details: { requestId: actor.requestId, ...details },
    });
  }
}
