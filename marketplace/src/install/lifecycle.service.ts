import { ConflictError, ForbiddenError, InputError, NotFoundError } from '@campusbase/plugin-sdk/errors';
import semver from 'semver';
import { requireSchoolAdmin } from '../access.ts';
import { explainScope } from '../listing/catalogue.service.ts';
import { picksAbove } from '../hierarchy/picks.ts';
import type { Caller, MarketplacePorts, RuntimeActor, RuntimeInstallation } from '../ports.ts';
import { scopeDiff } from '../publish/checks.ts';
import {
  assertConsentedVersion,
  consentAuditDetails,
  type ConsentSource,
  consentRecord,
  scopesSha256,
} from './consent.ts';
import { type InstallableVersion, installableVersion } from './installable.ts';
import { verifyBeforeInstall } from './verify-install.ts';

export interface InstallInput {
  appId: string;
  approvedScopes: string[];
  settings?: Record<string, unknown>;
  consent: boolean;
  /** The version the consent screen showed; a newer one since then needs consent again. */
  version?: string;
}

/** The install lifecycle a school admin drives: consent, install, upgrade, rollback, uninstall. */
export class Lifecycle {
  readonly #ports: MarketplacePorts;

  constructor(ports: MarketplacePorts) {
    this.#ports = ports;
  }

  /** The newest approved, unsuspended version of a listed, unsuspended app. */
  installable(appId: string): Promise<InstallableVersion> {
    return installableVersion(this.#ports, appId);
  }

  /** What the consent screen shows: each scope in plain zh-CN with its risk, and the settings form. */
  async consent(caller: Caller, appId: string) {
    const tenantId = requireSchoolAdmin(caller);
    const version = await this.installable(appId);
    const manifest = version.manifest as {
      name?: { zh: string; en: string };
      settings?: { schema?: unknown; uischema?: unknown };
    };
    const picks = await picksAbove(this.#ports, tenantId, appId);
    return {
      appId,
      version: version.version,
      name: manifest.name ?? { zh: appId, en: appId },
      permissions: version.scopes.map(explainScope),
      settingsSchema: manifest.settings?.schema ?? null,
      settingsUiSchema: manifest.settings?.uischema ?? null,
      scopesSha256: scopesSha256(version.scopes),
      picks: picks.map((p) => ({ bureau: p.bureau, mode: p.mode, mandatory: p.mandatory })),
    };
  }

  /** Installs for the caller's own school only, with the scopes the admin consented to. */
  async install(caller: Caller, input: InstallInput): Promise<{ installationId: string; version: string }> {
    const tenantId = requireSchoolAdmin(caller);
    return this.installFor(tenantId, { personId: caller.personId, requestId: caller.requestId }, input, {
      by: 'school',
    });
  }

  /**
   * Shared by a school's own install and a bureau's deployment. The consent record (who, which
   * scopes, which version, for a bureau which pick) is written in the installation's transaction.
   */
  async installFor(
    tenantId: string,
    actor: RuntimeActor,
    input: InstallInput,
    source: ConsentSource,
  ): Promise<{ installationId: string; version: string }> {
    if (!input.consent) {
      throw new InputError(
        { zh: '请先阅读并同意应用申请的权限', en: 'Consent to the requested permissions first' },
        undefined,
        'consent_required',
      );
    }
    const version = await this.installable(input.appId);
    if (input.version) assertConsentedVersion(input.version, version.version);
    const undeclared = input.approvedScopes.filter((s) => !version.scopes.includes(s));
    if (undeclared.length > 0) {
      throw new InputError(
        {
          zh: `这些权限不在应用的申请范围内：${undeclared.join('、')}`,
          en: `Not requested by the app: ${undeclared.join(', ')}`,
        },
        { undeclared },
        'scope_not_declared',
      );
    }
    await verifyBeforeInstall(this.#ports, version.id);
    const installationId = await this.#ports.runtime.install(
      tenantId,
      {
        appId: input.appId,
        version: version.version,
        approvedScopes: input.approvedScopes,
        ...(input.settings ? { settings: input.settings } : {}),
      },
      actor,
      consentRecord({
        tenantId,
        appId: input.appId,
        marketVersionId: version.id,
        approvedScopes: input.approvedScopes,
        actorPersonId: actor.personId,
        source,
      }),
    );
    await this.refreshInstallCount(input.appId);
    await this.#audit(tenantId, actor, 'marketplace.install', installationId, {
      appId: input.appId,
      version: version.version,
      approvedScopes: input.approvedScopes,
      ...consentAuditDetails(input.approvedScopes, source),
    });
    return { installationId, version: version.version };
  }

  /** The upgrade on offer, with the permission diff; `needsConsent` when scopes grew. */
  async upgradePreview(caller: Caller, installationId: string) {
    const tenantId = requireSchoolAdmin(caller);
    const current = await this.#live(tenantId, installationId);
    const from = await this.#marketVersion(current.runtimeVersionId);
    const to = await this.installable(current.appId);
    const diff = scopeDiff(from.scopes, to.scopes);
    return {
      installationId,
      fromVersion: current.version,
      toVersion: semver.gt(to.version, current.version) ? to.version : null,
      added: diff.added.map(explainScope),
      removed: diff.removed.map(explainScope),
      kept: diff.kept.map(explainScope),
      needsConsent: diff.added.length > 0,
    };
  }

  async upgrade(
    caller: Caller,
    installationId: string,
    input: { consent: boolean; approvedScopes?: string[] },
  ) {
    const tenantId = requireSchoolAdmin(caller);
    const current = await this.#live(tenantId, installationId);
    const from = await this.#marketVersion(current.runtimeVersionId);
    const to = await this.installable(current.appId);
    if (!semver.gt(to.version, current.version)) {
      throw new ConflictError(
        { zh: `已是最新版本 ${current.version}`, en: `Already on the newest version ${current.version}` },
        undefined,
        'no_upgrade',
      );
    }
    const diff = scopeDiff(from.scopes, to.scopes);
    if (diff.added.length > 0 && !input.consent) {
      throw new ConflictError(
        {
          zh: `新版本申请了新的权限（${diff.added.join('、')}），需要重新确认授权`,
          en: `The new version asks for new scopes (${diff.added.join(', ')}); consent again`,
        },
        { added: diff.added },
        'consent_required',
      );
    }
    const approved = input.approvedScopes ?? [
      ...current.approvedScopes.filter((s) => to.scopes.includes(s)),
      ...diff.added,
    ];
    const undeclared = approved.filter((s) => !to.scopes.includes(s));
    if (undeclared.length > 0)
      throw new InputError(
        {
          zh: `这些权限不在新版本的申请范围内：${undeclared.join('、')}`,
          en: `Not requested: ${undeclared.join(', ')}`,
        },
        undefined,
        'scope_not_declared',
      );
    await this.#switch(tenantId, caller, current, to, approved, 'upgrade');
    return { fromVersion: current.version, toVersion: to.version, approvedScopes: approved };
  }

  /** Back to the version installed before the current one. Scopes never grow on a rollback. */
  async rollback(caller: Caller, installationId: string) {
    const tenantId = requireSchoolAdmin(caller);
    const current = await this.#live(tenantId, installationId);
    const history = await this.#ports.db.withTenant(tenantId, (trx) =>
      trx
        .selectFrom('market_install_history as h')
        .select(['h.market_version_id', 'h.approved_scopes'])
        .where('h.tenant_id', '=', tenantId)
        .where('h.installation_id', '=', installationId)
        .orderBy('h.at', 'desc')
        .execute(),
    );
    const currentMarket = await this.#marketVersion(current.runtimeVersionId);
    const previous = history.find((h) => h.market_version_id !== currentMarket.id);
    if (!previous)
      throw new ConflictError(
        { zh: '没有可回退的上一个版本', en: 'There is no earlier version to roll back to' },
        undefined,
        'no_rollback',
      );
    const target = await this.#ports.db.app
      .selectFrom('market_versions')
      .select(['id', 'version', 'scopes', 'manifest', 'runtime_version_id', 'status', 'suspended'])
      .where('id', '=', previous.market_version_id)
      .executeTakeFirstOrThrow();
    if (target.status !== 'approved' || target.suspended) {
      throw new ConflictError(
        {
          zh: `上一个版本 ${target.version} 已被暂停或撤回，不能回退`,
          en: `The earlier version ${target.version} is suspended; cannot roll back`,
        },
        undefined,
        'rollback_unavailable',
      );
    }
    const approved = current.approvedScopes.filter((s) => target.scopes.includes(s));
    await this.#switch(tenantId, caller, current, target, approved, 'rollback');
    return { fromVersion: current.version, toVersion: target.version, approvedScopes: approved };
  }

  /**
   * Refuses to remove or switch off an app a bureau deployed as mandatory (必装). The host also
   * calls it before the runtime's own uninstall and disable routes.
   */
  async assertRemovable(tenantId: string, installationId: string): Promise<void> {
    const current = await this.#ports.runtime.installation(tenantId, installationId);
    if (!current) return;
    const mandatory = (await picksAbove(this.#ports, tenantId, current.appId)).find((p) => p.mandatory);
    if (mandatory) {
      throw new ForbiddenError(
        {
          zh: `该应用由${mandatory.bureau}统一部署且要求必装，学校不能卸载或停用`,
          en: 'A bureau deployed this app as mandatory; the school cannot remove or disable it',
        },
        undefined,
        'mandatory_app',
      );
    }
  }

  /** Uninstalls; a bureau's mandatory deployment cannot be removed by the school. */
  async uninstall(caller: Caller, installationId: string) {
    const tenantId = requireSchoolAdmin(caller);
    const current = await this.#live(tenantId, installationId);
    await this.assertRemovable(tenantId, installationId);
    const result = await this.#ports.runtime.uninstall(tenantId, installationId, {
      personId: caller.personId,
      requestId: caller.requestId,
    });
    await this.refreshInstallCount(current.appId);
    await this.#audit(tenantId, caller, 'marketplace.uninstall', installationId, {
      appId: current.appId,
      purgeAfter: result.purgeAfter,
    });
    return result;
  }

  async refreshInstallCount(appId: string): Promise<void> {
    const counts = await this.#ports.runtime.installCounts([appId]);
    await this.#ports.db.app
      .updateTable('market_apps')
      .set({ install_count: counts.get(appId) ?? 0 })
      .where('app_id', '=', appId)
      .execute();
  }

  async #switch(
    tenantId: string,
    caller: Caller,
    current: RuntimeInstallation,
    to: { id: string; version: string; runtime_version_id: string | null; manifest: Record<string, unknown> },
    approved: string[],
    action: 'upgrade' | 'rollback',
  ) {
    await verifyBeforeInstall(this.#ports, to.id);
    const hooks = (to.manifest as { hooks?: string[] }).hooks ?? [];
    await this.#ports.runtime.switchVersion(
      tenantId,
      current.installationId,
      {
        runtimeVersionId: to.runtime_version_id!,
        approvedScopes: approved,
        fromVersion: current.version,
        hook: action === 'upgrade' && hooks.includes('upgrade'),
      },
      { personId: caller.personId, requestId: caller.requestId },
    );
    await this.#history(tenantId, current.installationId, current.appId, to.id, action, approved, caller);
    await this.#audit(tenantId, caller, `marketplace.${action}`, current.installationId, {
      appId: current.appId,
      from: current.version,
      to: to.version,
      approvedScopes: approved,
    });
  }

  async #live(tenantId: string, installationId: string): Promise<RuntimeInstallation> {
    const installation = await this.#ports.runtime.installation(tenantId, installationId);
    if (!installation || installation.status === 'uninstalled') {
      throw new NotFoundError(
        { zh: '本校没有这个应用安装', en: 'No such installation in this school' },
        undefined,
        'installation_not_found',
      );
    }
    return installation;
  }

  async #marketVersion(runtimeVersionId: string) {
    const row = await this.#ports.db.app
      .selectFrom('market_versions')
      .select(['id', 'version', 'scopes'])
      .where('runtime_version_id', '=', runtimeVersionId)
      .executeTakeFirst();
    if (!row)
      throw new NotFoundError(
        { zh: '该安装不是从应用市场安装的', en: 'This installation did not come from the marketplace' },
        undefined,
        'not_from_marketplace',
      );
    return row;
  }

  #history(
    tenantId: string,
    installationId: string,
    appId: string,
    versionId: string,
    action: 'upgrade' | 'rollback',
    scopes: string[],
    caller: Caller,
  ) {
    return this.#ports.db.withTenant(tenantId, (trx) =>
      trx
        .insertInto('market_install_history')
        .values({
          tenant_id: tenantId,
          installation_id: installationId,
          app_id: appId,
          market_version_id: versionId,
          action,
          approved_scopes: scopes,
          actor_person_id: caller.personId,
          consent_by: 'school',
          scopes_sha256: scopesSha256(scopes),
        })
        .execute(),
    );
  }

  #audit(
    tenantId: string,
    caller: RuntimeActor,
    action: string,
    installationId: string,
    details: Record<string, unknown>,
  ) {
    return this.#ports.audit.record({
      tenantId,
      actorPersonId: caller.personId,
      action,
      targetType: 'app_installation',
      targetId: installationId,
      result: 'success',
      details: { requestId: caller.requestId, ...details },
    });
  }
}
