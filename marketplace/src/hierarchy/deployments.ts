import { DomainError } from '@campusbase/plugin-sdk/errors';
import type { InstallableVersion } from '../install/installable.ts';
import type { Lifecycle } from '../install/lifecycle.service.ts';
import type { MarketplacePorts, RuntimeActor } from '../ports.ts';
import { deploymentNotice } from './deployment-notice.ts';

/** An active deployment (统一部署) as the reconciler applies it. */
export interface ActiveDeployment {
  pickId: string;
  bureauId: string;
  appId: string;
  mandatory: boolean;
  approvedScopes: string[];
  consentedBy: string;
}

export interface DeploymentOutcome {
  /** Schools below the bureau (within the filter). */
  schools: number;
  /** Schools that have the app now (already, or installed by this run). */
  present: number;
  /** Installations this run made. */
  installed: number;
  /** Schools that once had it and removed it (a deployment that is not mandatory): left alone. */
  declined: number;
  /** Schools where installing failed (retried by the next run). */
  failed: Array<{ schoolId: string; code: string }>;
  /** Schools that got the app from this run but whose admins' notice could not be sent. */
  unnotified: string[];
}

/**
 * Applies a bureau's deployments to the schools below it, whenever they came: a deployment reaches
 * every school under the bureau that has no live installation of the app. A mandatory one (必装)
 * is installed again wherever it is missing; one that is not is installed once per school, so a
 * school that removed it is not overruled. The bureau's recorded consent (its pick: scopes and the
 * admin who agreed) is the consent of each installation, and is audited as such. The admins of a
 * school that got the app are sent one in-app notice per installation. Idempotent: what is in
 * place is left alone (and nobody is told again), so it can run on every tenant change and
 * periodically.
 */
export class Deployments {
  readonly #ports: MarketplacePorts;
  readonly #lifecycle: Lifecycle;

  constructor(ports: MarketplacePorts, lifecycle: Lifecycle) {
    this.#ports = ports;
    this.#lifecycle = lifecycle;
  }

  /** The active deployments, platform-wide (the reconciler is a platform worker: owner pool). */
  async active(): Promise<ActiveDeployment[]> {
    const rows = await this.#ports.db.owner
      .selectFrom('market_bureau_picks')
      .select(['id', 'tenant_id', 'app_id', 'mandatory', 'approved_scopes', 'created_by'])
      .where('mode', '=', 'deploy')
      .where('withdrawn_at', 'is', null)
      .orderBy('created_at')
      .execute();
    return rows.map((r) => ({
      pickId: r.id,
      bureauId: r.tenant_id,
      appId: r.app_id,
      mandatory: r.mandatory,
      approvedScopes: r.approved_scopes,
      consentedBy: r.created_by,
    }));
  }

  /**
   * Reconciles every active deployment, for the schools whose path starts with one of `under`
   * (tenant paths), or for all schools.
   */
  async reconcile(options: { under?: ReadonlyArray<string>; requestId?: string } = {}) {
    const actor = { personId: null, requestId: options.requestId ?? `deployments-${Date.now()}` };
    const outcomes: Array<DeploymentOutcome & { pickId: string; appId: string }> = [];
    for (const deployment of await this.active()) {
      const outcome = await this.apply(deployment, {
        actor,
        force: false,
        ...(options.under ? { under: options.under } : {}),
      });
      outcomes.push({ pickId: deployment.pickId, appId: deployment.appId, ...outcome });
    }
    return outcomes;
  }

  /**
   * Installs one deployment where it is missing. `force` (the bureau deploying now) also installs
   * where a school once removed a deployment that is not mandatory.
   */
  async apply(
    deployment: ActiveDeployment,
    options: { actor: RuntimeActor; force: boolean; under?: ReadonlyArray<string> },
  ): Promise<DeploymentOutcome> {
    const bureau = await this.#ports.tenants.get(deployment.bureauId);
    let schools = await this.#ports.tenants.schoolsBelow(deployment.bureauId);
    const under = options.under;
    if (under) schools = schools.filter((s) => under.some((prefix) => s.path.startsWith(prefix)));
    const outcome: DeploymentOutcome = {
      schools: schools.length,
      present: 0,
      installed: 0,
      declined: 0,
      failed: [],
      unnotified: [],
    };
    if (schools.length === 0 || !bureau) return outcome;
    const live = await this.#liveSchools(deployment.appId);
    const hadIt = options.force || deployment.mandatory ? new Set<string>() : await this.#everHad(deployment);
    // The version on offer, looked up once (and only when some school needs it).
    let offered: Promise<InstallableVersion> | null = null;
    for (const school of schools) {
      if (live.has(school.id)) {
        outcome.present++;
        continue;
      }
      if (hadIt.has(school.id)) {
        outcome.declined++;
        continue;
      }
      try {
        offered ??= this.#lifecycle.installable(deployment.appId);
        const version = await offered;
        const { installationId } = await this.#lifecycle.installFor(
          school.id,
          options.actor,
          {
            appId: deployment.appId,
            // What the bureau agreed to, as far as the version on offer still asks for it.
            approvedScopes: deployment.approvedScopes.filter((s) => version.scopes.includes(s)),
            consent: true,
          },
          {
            by: 'bureau',
            pickId: deployment.pickId,
            bureauId: deployment.bureauId,
            bureauName: bureau.name,
            consentedBy: deployment.consentedBy,
          },
        );
        outcome.installed++;
        outcome.present++;
        // The school's admins learn that an app arrived they did not install themselves.
        await this.#ports.messenger
          .notifySchoolAdmins([school.id], deploymentNotice(deployment, bureau.name, version, installationId))
          .catch(() => outcome.unnotified.push(school.id));
      } catch (error) {
        if (error instanceof DomainError && error.code === 'already_installed') {
          outcome.present++;
          continue;
        }
        outcome.failed.push({
          schoolId: school.id,
          code: error instanceof DomainError ? error.code : 'internal',
        });
      }
    }
    return outcome;
  }

  async #liveSchools(appId: string): Promise<Set<string>> {
    const versions = await this.#ports.db.app
      .selectFrom('market_versions')
      .select('runtime_version_id')
      .where('app_id', '=', appId)
      .where('runtime_version_id', 'is not', null)
      .execute();
    const live = await this.#ports.runtime.installationsOf(versions.map((v) => v.runtime_version_id!));
    return new Set(live.map((i) => i.tenantId));
  }

  /** Schools that had the app through the marketplace at some point (platform-wide read). */
  async #everHad(deployment: ActiveDeployment): Promise<Set<string>> {
    const rows = await this.#ports.db.owner
      .selectFrom('market_install_history')
      .select('tenant_id')
      .distinct()
      .where('app_id', '=', deployment.appId)
      .execute();
    return new Set(rows.map((r) => r.tenant_id));
  }
}
