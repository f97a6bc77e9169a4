import { DomainError, ForbiddenError, InputError, LimitError } from '@campusbase/plugin-sdk/errors';
import type { AppManifest } from '@campusbase/plugin-sdk/manifest';
import {
  SERVER_BUNDLE_FILE,
  sha256Hex,
  type VerifiedPackage,
  verifyPackage,
} from '@campusbase/plugin-sdk/package';
import { requireVendorMember } from '../access.ts';
import { refreshSearch } from '../listing/search-index.ts';
import type { Caller, MarketplacePorts } from '../ports.ts';
import { syncServing } from '../serving.ts';
import type { AppCategory, CheckResult, VersionStatus } from '../tables.ts';
import {
  DEFAULT_LIMITS,
  engineCheck,
  type MarketLimits,
  riskCheck,
  scopeDiff,
  sizeCheck,
  versionCheck,
} from './checks.ts';

export interface PublishResult {
  versionId: string | null;
  appId: string;
  version: string;
  status: VersionStatus;
  risk: string;
  autoApproved: boolean;
  checks: CheckResult[];
}

/** A package refused before any check: bad signature, altered files, unsafe archive. */
function isRejection(error: unknown): boolean {
  return error instanceof LimitError || (error instanceof DomainError && error.code.startsWith('package_'));
}

/**
 * Verifies an archive with the vendor's keys that still verify. Upload also requires an active
 * key: a retired key's packages still install, but it signs nothing new.
 */
export async function verifyWithVendorKeys(
  ports: MarketplacePorts,
  vendorId: string,
  archive: Uint8Array,
  forUpload: boolean,
): Promise<VerifiedPackage> {
  const keys = await ports.db.app
    .selectFrom('market_vendor_keys')
    .select(['key_id', 'public_key', 'status'])
    .where('vendor_id', '=', vendorId)
    .where('status', '<>', 'revoked')
    .execute();
  if (keys.length === 0) {
    throw new InputError(
      {
        zh: '开发商还没有登记签名公钥（或都已吊销），请先登记公钥',
        en: 'The vendor has no registered signing key; register one first',
      },
      undefined,
      'package_no_vendor_key',
    );
  }
  const verified = verifyPackage(archive, { publicKeys: keys.map((k) => k.public_key) });
  const key = keys.find((k) => k.public_key === verified.publicKey);
  if (forUpload && key?.status !== 'active') {
    throw new InputError(
      {
        zh: `签名所用的密钥 ${key?.key_id} 已轮换停用，请用当前密钥重新签名`,
        en: `The signing key ${key?.key_id} was rotated out; sign with the current key`,
      },
      { keyId: key?.key_id ?? null },
      'package_key_retired',
    );
  }
  return verified;
}

/** Uploads, verification, the automated checks and the auto-approval policy. */
export class Publishing {
  readonly #ports: MarketplacePorts;
  readonly #limits: MarketLimits;

  constructor(ports: MarketplacePorts, limits: Partial<MarketLimits> = {}) {
    this.#ports = ports;
    this.#limits = { ...DEFAULT_LIMITS, ...limits };
  }

  /**
   * Publishes a signed package for a vendor. The signature and every digest are verified first
   * (a failure refuses the upload outright); then the checks run and their report is stored with
   * the version and returned. A version whose checks all pass waits for review, or is approved at
   * once when the policy allows and its scopes did not grow.
   */
  async publish(
    caller: Caller,
    vendorId: string,
    archive: Uint8Array,
    input: { changelog?: string; category?: AppCategory },
  ): Promise<PublishResult> {
    const db = this.#ports.db.app;
    await requireVendorMember(db, caller, vendorId);
    let verified: VerifiedPackage;
    try {
      verified = await verifyWithVendorKeys(this.#ports, vendorId, archive, true);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      if (isRejection(error)) {
        await this.#audit(caller, 'marketplace.package.reject', vendorId, 'failure', {
          code: error.code,
        });
        throw error;
      }
      const checks: CheckResult[] = [
        { key: 'signature', ok: true, zh: '签名和文件摘要校验通过', en: 'Signature and digests verified' },
        { key: 'manifest', ok: false, zh: error.text.zh, en: error.text.en },
      ];
      return {
        versionId: null,
        appId: '',
        version: '',
        status: 'failed',
        risk: 'high',
        autoApproved: false,
        checks,
      };
    }
    const manifest = verified.manifest;
    const app = await this.#ensureApp(caller, vendorId, manifest, input.category);
    const earlier = await db
      .selectFrom('market_versions')
      .select(['version', 'status', 'scopes'])
      .where('app_id', '=', manifest.id)
      .execute();
    const scopes = [...(manifest.permissions ?? [])];
    const { risk, result: riskResult } = riskCheck(scopes);
    const checks: CheckResult[] = [
      {
        key: 'signature',
        ok: true,
        zh: `签名（密钥 ${verified.keyId}）和全部文件摘要校验通过`,
        en: `Signature (key ${verified.keyId}) and every digest verified`,
      },
      { key: 'manifest', ok: true, zh: '应用清单符合规范', en: 'The manifest validates' },
      engineCheck(manifest, this.#ports.platformVersion),
      versionCheck(
        manifest.version,
        earlier.filter((v) => v.status !== 'failed').map((v) => v.version),
      ),
      sizeCheck(archive.byteLength, verified.files, this.#limits),
      riskResult,
    ];
    let runtimeVersionId: string | null = null;
    if (checks.every((c) => c.ok)) {
      const registered = await this.#ports.runtime.register({
        manifest: manifest as unknown as Record<string, unknown>,
        bundle: verified.files.has(SERVER_BUNDLE_FILE)
          ? new TextDecoder().decode(verified.files.get(SERVER_BUNDLE_FILE))
          : null,
        files: [...verified.files]
          .filter(([path]) => path.startsWith('ui/'))
          .map(([path, content]) => ({ path, content })),
        signer: verified.keyId,
      });
      runtimeVersionId = registered.runtimeVersionId;
      const smoke = await this.#ports.runtime.smokeRun(runtimeVersionId);
      checks.push(
        smoke.ok
          ? {
              key: 'smoke',
              ok: true,
              zh: `沙箱试运行通过（${smoke.ran}）`,
              en: `Sandbox smoke run passed (${smoke.ran})`,
            }
          : {
              key: 'smoke',
              ok: false,
              zh: `沙箱试运行失败（${smoke.ran}）：${smoke.error}`,
              en: `Sandbox smoke run failed (${smoke.ran}): ${smoke.error}`,
              details: { error: smoke.error ?? null },
            },
      );
    } else {
      checks.push({
        key: 'smoke',
        ok: false,
        zh: '前面的检查未通过，未进行沙箱试运行',
        en: 'Skipped: an earlier check failed',
      });
    }
    const passed = checks.every((c) => c.ok);
    const approvedBefore = earlier.filter((v) => v.status === 'approved');
    const previousScopes = approvedBefore.length > 0 ? approvedBefore.map((v) => v.scopes).at(-1)! : null;
    const autoApproved =
      passed &&
      previousScopes !== null &&
      (await this.autoApproveUpdates()) &&
      scopeDiff(previousScopes, scopes).added.length === 0;
    const status: VersionStatus = !passed ? 'failed' : autoApproved ? 'approved' : 'pending_review';
    if (earlier.some((v) => v.version === manifest.version)) {
      // The version number is taken: report, store nothing.
      return {
        versionId: null,
        appId: manifest.id,
        version: manifest.version,
        status: 'failed',
        risk,
        autoApproved: false,
        checks,
      };
    }
    const row = await db
      .insertInto('market_versions')
      .values({
        app_id: manifest.id,
        version: manifest.version,
        manifest: JSON.stringify(manifest),
        package: archive,
        package_sha256: sha256Hex(archive),
        size_bytes: archive.byteLength,
        key_id: verified.keyId,
        scopes,
        risk,
        checks: JSON.stringify(checks),
        status,
        changelog: input.changelog ?? '',
        runtime_version_id: runtimeVersionId,
        uploaded_by: caller.personId,
        auto_approved: autoApproved,
        ...(autoApproved
          ? { reviewed_at: new Date(), review_comment: '自动审核：检查全部通过且权限未增加' }
          : {}),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('market_review_log')
      .values({
        app_id: manifest.id,
        version_id: row.id,
        actor_person_id: caller.personId,
        action: `upload:${status}`,
        comment: null,
      })
      .execute();
    if (autoApproved) await afterApproval(this.#ports, manifest.id, row.id);
    await this.#audit(caller, 'marketplace.version.upload', manifest.id, passed ? 'success' : 'failure', {
      version: manifest.version,
      status,
      risk,
      vendorId: app.vendor_id,
    });
    return {
      versionId: row.id,
      appId: manifest.id,
      version: manifest.version,
      status,
      risk,
      autoApproved,
      checks,
    };
  }

  async autoApproveUpdates(): Promise<boolean> {
    const row = await this.#ports.db.app
      .selectFrom('market_policy')
      .select('value')
      .where('key', '=', 'auto_approve_updates')
      .executeTakeFirst();
    return row?.value !== false;
  }

  /** Creates the app under the vendor on its first upload; refuses an app id another vendor owns. */
  async #ensureApp(
    caller: Caller,
    vendorId: string,
    manifest: AppManifest,
    category: AppCategory | undefined,
  ) {
    const db = this.#ports.db.app;
    const existing = await db
      .selectFrom('market_apps')
      .select(['app_id', 'vendor_id'])
      .where('app_id', '=', manifest.id)
      .executeTakeFirst();
    if (existing) {
      if (existing.vendor_id !== vendorId) {
        await this.#audit(caller, 'marketplace.version.upload', manifest.id, 'denied', {
          vendorId,
          reason: 'app_owned_by_other_vendor',
        });
        throw new ForbiddenError(
          {
            zh: `应用 ${manifest.id} 属于其他开发商，您不能为它发布版本`,
            en: `${manifest.id} belongs to another vendor; you cannot publish it`,
          },
          undefined,
          'app_owned_by_other_vendor',
        );
      }
      return existing;
    }
    await db
      .insertInto('market_apps')
      .values({
        app_id: manifest.id,
        vendor_id: vendorId,
        category: category ?? 'management',
        name_zh: manifest.name.zh,
        name_en: manifest.name.en,
        summary: manifest.description.zh,
      })
      .execute();
    await refreshSearch(db, manifest.id);
    return { app_id: manifest.id, vendor_id: vendorId };
  }

  #audit(
    caller: Caller,
    action: string,
    targetId: string,
    result: 'success' | 'failure' | 'denied',
    details: Record<string, unknown>,
  ) {
    return this.#ports.audit.record({
      tenantId: null,
      actorPersonId: caller.personId,
      action,
      targetType: 'market_app',
      targetId,
      result,
      details: { requestId: caller.requestId, ...details },
    });
  }
}

/** After a version is approved: it becomes the app's latest, the app is listed, and it serves. */
export async function afterApproval(
  ports: MarketplacePorts,
  appId: string,
  versionId: string,
): Promise<void> {
  const db = ports.db.app;
  const version = await db
    .selectFrom('market_versions')
    .select(['manifest'])
    .where('id', '=', versionId)
    .executeTakeFirstOrThrow();
  const manifest = version.manifest as unknown as AppManifest;
  const app = await db
    .selectFrom('market_apps')
    .select(['status', 'listed_at'])
    .where('app_id', '=', appId)
    .executeTakeFirstOrThrow();
  await db
    .updateTable('market_apps')
    .set({
      latest_version_id: versionId,
      name_zh: manifest.name.zh,
      name_en: manifest.name.en,
      updated_at: new Date(),
      ...(app.status === 'draft' ? { status: 'listed', listed_at: new Date() } : {}),
    })
    .where('app_id', '=', appId)
    .execute();
  await refreshSearch(db, appId);
  await syncServing(ports, appId);
}
