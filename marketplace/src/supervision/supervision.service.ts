import { NotFoundError } from '@campusbase/plugin-sdk/errors';
import { requireReviewer } from '../access.ts';
import type { Caller, MarketplacePorts, RuntimeInstallation } from '../ports.ts';
import { syncServing } from '../serving.ts';

/**
 * The kill switch: a reviewer suspends a version or a whole app, and every installation stops
 * serving at once (the runtime drops its cached bindings and warm isolates); the admins of every
 * affected school get a message. Delisting hides an app from the catalogue without stopping it.
 */
export class Supervision {
  readonly #ports: MarketplacePorts;

  constructor(ports: MarketplacePorts) {
    this.#ports = ports;
  }

  async suspendVersion(caller: Caller, versionId: string, suspended: boolean, reason: string) {
    requireReviewer(caller);
    const db = this.#ports.db.app;
    const version = await db
      .selectFrom('market_versions')
      .select(['app_id', 'version', 'runtime_version_id'])
      .where('id', '=', versionId)
      .executeTakeFirst();
    if (!version)
      throw new NotFoundError(
        { zh: '没有这个应用版本', en: `No version ${versionId}` },
        undefined,
        'version_not_found',
      );
    await db.updateTable('market_versions').set({ suspended }).where('id', '=', versionId).execute();
    const affected = await this.#apply(
      caller,
      version.app_id,
      suspended,
      reason,
      `${version.app_id} ${version.version}`,
      version.runtime_version_id ? [version.runtime_version_id] : [],
    );
    await this.#log(
      caller,
      version.app_id,
      versionId,
      suspended ? 'suspend_version' : 'unsuspend_version',
      reason,
      affected.length,
    );
    return { affectedInstallations: affected.length };
  }

  async suspendApp(caller: Caller, appId: string, suspended: boolean, reason: string) {
    requireReviewer(caller);
    const db = this.#ports.db.app;
    const result = await db
      .updateTable('market_apps')
      .set({ suspended, suspend_reason: suspended ? reason : null, updated_at: new Date() })
      .where('app_id', '=', appId)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0)
      throw new NotFoundError({ zh: `没有应用 ${appId}`, en: `No app ${appId}` }, undefined, 'app_not_found');
    const versions = await db
      .selectFrom('market_versions')
      .select('runtime_version_id')
      .where('app_id', '=', appId)
      .where('runtime_version_id', 'is not', null)
      .execute();
    const affected = await this.#apply(
      caller,
      appId,
      suspended,
      reason,
      appId,
      versions.map((v) => v.runtime_version_id!),
    );
    await this.#log(
      caller,
      appId,
      null,
      suspended ? 'suspend_app' : 'unsuspend_app',
      reason,
      affected.length,
    );
    return { affectedInstallations: affected.length };
  }

  /** Takes an app off the catalogue (or back on); installed copies keep working. */
  async delist(caller: Caller, appId: string, delisted: boolean, reason: string) {
    requireReviewer(caller);
    const result = await this.#ports.db.app
      .updateTable('market_apps')
      .set({ status: delisted ? 'delisted' : 'listed', updated_at: new Date() })
      .where('app_id', '=', appId)
      .where('status', '<>', 'draft')
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0)
      throw new NotFoundError(
        { zh: `没有已上架的应用 ${appId}`, en: `No listed app ${appId}` },
        undefined,
        'app_not_found',
      );
    await this.#log(caller, appId, null, delisted ? 'delist' : 'relist', reason, 0);
  }

  async #apply(
    caller: Caller,
    appId: string,
    suspended: boolean,
    reason: string,
    what: string,
    runtimeVersionIds: string[],
  ): Promise<RuntimeInstallation[]> {
    // Which installations are affected is read before the change, so unsuspending can tell them too.
    const affected =
      runtimeVersionIds.length > 0 ? await this.#ports.runtime.installationsOf(runtimeVersionIds) : [];
    await syncServing(this.#ports, appId);
    const schools = [...new Set(affected.map((i) => i.tenantId))];
    if (schools.length > 0) {
      const title = suspended ? `应用「${what}」已被平台暂停使用` : `应用「${what}」已恢复使用`;
      const body = suspended
        ? `平台审核员暂停了该应用，本校的安装已立即停止服务。原因：${reason}。如有疑问请联系平台。`
        : `平台已解除对该应用的暂停，本校的安装已恢复服务。说明：${reason}`;
      await this.#ports.messenger.notifySchoolAdmins(schools, {
        title,
        body,
        link: `/marketplace/apps/${appId}`,
        key: `marketplace:${suspended ? 'suspend' : 'unsuspend'}:${what}:${Date.now()}`,
        priority: suspended ? 'high' : 'normal',
      });
    }
    for (const tenantId of schools) {
      await this.#ports.audit.record({
        tenantId,
        actorPersonId: caller.personId,
        action: suspended ? 'marketplace.suspended' : 'marketplace.unsuspended',
        targetType: 'market_app',
        targetId: appId,
        result: 'success',
        details: { requestId: caller.requestId, what, reason },
      });
    }
    return affected;
  }

  async #log(
    caller: Caller,
    appId: string,
    versionId: string | null,
    action: string,
    reason: string,
    affected: number,
  ) {
    await this.#ports.db.app
      .insertInto('market_review_log')
      .values({
        app_id: appId,
        version_id: versionId,
        actor_person_id: caller.personId,
        action,
        comment: reason,
      })
      .execute();
    await this.#ports.audit.record({
      tenantId: null,
      actorPersonId: caller.personId,
      action: `marketplace.${action}`,
      targetType: versionId ? 'market_version' : 'market_app',
      targetId: versionId ?? appId,
      result: 'success',
      details: { requestId: caller.requestId, appId, reason, affectedInstallations: affected },
    });
  }
}
