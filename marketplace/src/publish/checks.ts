import { describeScope, highestRisk } from '@campusbase/plugin-sdk/manifest';
import type { AppManifest } from '@campusbase/plugin-sdk/manifest';
import { SERVER_BUNDLE_FILE } from '@campusbase/plugin-sdk/package';
import semver from 'semver';
import type { CheckResult, Risk } from '../tables.ts';

export interface MarketLimits {
  /** The signed archive as uploaded. */
  maxPackageBytes: number;
  /** The server bundle inside it. */
  maxBundleBytes: number;
  maxFiles: number;
}

export const DEFAULT_LIMITS: MarketLimits = {
  maxPackageBytes: 16 * 1024 * 1024,
  maxBundleBytes: 2 * 1024 * 1024,
  maxFiles: 500,
};

const pass = (
  key: CheckResult['key'],
  zh: string,
  en: string,
  details?: Record<string, unknown>,
): CheckResult => ({
  key,
  ok: true,
  zh,
  en,
  ...(details ? { details } : {}),
});
const fail = (
  key: CheckResult['key'],
  zh: string,
  en: string,
  details?: Record<string, unknown>,
): CheckResult => ({
  key,
  ok: false,
  zh,
  en,
  ...(details ? { details } : {}),
});

export function engineCheck(manifest: AppManifest, platformVersion: string): CheckResult {
  const range = manifest.engines.campusbase;
  return semver.satisfies(platformVersion, range)
    ? pass(
        'engines',
        `适用平台版本 ${range}，包含当前平台 ${platformVersion}`,
        `${range} admits the platform ${platformVersion}`,
      )
    : fail(
        'engines',
        `engines.campusbase 为 ${range}，不包含当前平台版本 ${platformVersion}；请调整版本范围`,
        `engines.campusbase ${range} does not admit the platform ${platformVersion}; widen the range`,
        { range, platformVersion },
      );
}

/** The new version must be above every version uploaded before (no downgrade, no re-use). */
export function versionCheck(version: string, earlier: ReadonlyArray<string>): CheckResult {
  const highest = [...earlier].sort(semver.rcompare)[0];
  if (!highest || semver.gt(version, highest)) {
    return pass(
      'version',
      highest ? `版本 ${version} 高于已有的 ${highest}` : `首个版本 ${version}`,
      highest ? `${version} is above ${highest}` : `first version ${version}`,
    );
  }
  return fail(
    'version',
    `版本 ${version} 不高于已发布的 ${highest}；版本号只能递增，请提升版本号后重新发布`,
    `${version} is not above ${highest}; versions only go up, so bump the version and publish again`,
    { version, highest },
  );
}

export function sizeCheck(
  archiveBytes: number,
  files: ReadonlyMap<string, Uint8Array>,
  limits: MarketLimits,
): CheckResult {
  const bundle = files.get(SERVER_BUNDLE_FILE)?.byteLength ?? 0;
  const details = { packageBytes: archiveBytes, bundleBytes: bundle, files: files.size, limits };
  if (
    archiveBytes > limits.maxPackageBytes ||
    bundle > limits.maxBundleBytes ||
    files.size > limits.maxFiles
  ) {
    const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
    return fail(
      'size',
      `超出大小限制：应用包 ${mb(archiveBytes)}（上限 ${mb(limits.maxPackageBytes)}），服务端代码 ${mb(bundle)}（上限 ${mb(limits.maxBundleBytes)}），文件 ${files.size} 个（上限 ${limits.maxFiles}）`,
      `Over the size limits: package ${mb(archiveBytes)} (max ${mb(limits.maxPackageBytes)}), bundle ${mb(bundle)} (max ${mb(limits.maxBundleBytes)}), ${files.size} files (max ${limits.maxFiles})`,
      details,
    );
  }
  return pass('size', '大小在限制之内', 'Within the size limits', details);
}

/** The permission-risk rating: the highest risk among the scopes. It informs; it never fails. */
export function riskCheck(scopes: ReadonlyArray<string>): { result: CheckResult; risk: Risk } {
  const risk = highestRisk(scopes);
  const label = { low: '低', medium: '中', high: '高' }[risk];
  const scopeRisks = scopes.map((scope) => ({ scope, risk: describeScope(scope)?.risk ?? 'high' }));
  return {
    risk,
    result: pass('risk', `权限风险等级：${label}`, `Permission risk: ${risk}`, { risk, scopes: scopeRisks }),
  };
}

/** Whether a set of scopes adds any scope to another: an upgrade that does needs consent again. */
export function scopeDiff(from: ReadonlyArray<string>, to: ReadonlyArray<string>) {
  const before = new Set(from);
  const after = new Set(to);
  return {
    added: [...after].filter((s) => !before.has(s)).sort(),
    removed: [...before].filter((s) => !after.has(s)).sort(),
    kept: [...after].filter((s) => before.has(s)).sort(),
  };
}
