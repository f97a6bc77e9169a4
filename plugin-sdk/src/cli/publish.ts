import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';

/**
 * `campusbase-app publish <file.cbapp> --url <platform> --vendor <vendorId>`: uploads a signed
 * package to the marketplace and prints the check report. The session comes from
 * `CAMPUSBASE_SESSION` (the portal's session cookie, `name=value`), or a password login with
 * `CAMPUSBASE_LOGIN` and `CAMPUSBASE_PASSWORD`. Exits non-zero when the upload is refused or a
 * check fails.
 */
export interface PublishOptions {
  file: string;
  url: string;
  vendorId: string;
  changelog?: string;
  category?: string;
  env?: Readonly<Record<string, string | undefined>>;
  print?: (line: string) => void;
}

interface Check {
  key: string;
  ok: boolean;
  zh: string;
  en: string;
}
interface Report {
  status: string;
  appId: string;
  version: string;
  risk: string;
  checks: Check[];
}

async function sessionCookie(
  url: string,
  env: Readonly<Record<string, string | undefined>>,
): Promise<string> {
  if (env.CAMPUSBASE_SESSION) return env.CAMPUSBASE_SESSION;
  if (!env.CAMPUSBASE_LOGIN || !env.CAMPUSBASE_PASSWORD) {
    throw new Error(
      '请设置 CAMPUSBASE_SESSION（门户的会话 Cookie），或 CAMPUSBASE_LOGIN 和 CAMPUSBASE_PASSWORD\nSet CAMPUSBASE_SESSION (the portal session cookie), or CAMPUSBASE_LOGIN and CAMPUSBASE_PASSWORD',
    );
  }
  const response = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: url },
    body: JSON.stringify({ login: env.CAMPUSBASE_LOGIN, password: env.CAMPUSBASE_PASSWORD }),
  });
  const cookie = response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0] ?? '')
    .find((c) => /^(__Host-)?cb_session=/.test(c));
  if (response.status !== 200 || !cookie) {
    throw new Error(`登录失败 / login failed (${response.status}): ${await response.text()}`);
  }
  return cookie;
}

/** Uploads the package; resolves with the report and whether it was accepted. */
export async function publishPackage(
  options: PublishOptions,
): Promise<{ accepted: boolean; report: Report | null }> {
  const print = options.print ?? console.log;
  const url = options.url.replace(/\/+$/, '');
  const cookie = await sessionCookie(url, options.env ?? process.env);
  const archive = await readFile(options.file);
  const response = await fetch(
    `${url}/api/v1/marketplace/vendors/${encodeURIComponent(options.vendorId)}/packages`,
    {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: url, cookie },
      body: JSON.stringify({
        package: archive.toString('base64'),
        ...(options.changelog ? { changelog: options.changelog } : {}),
        ...(options.category ? { category: options.category } : {}),
      }),
    },
  );
  const body = (await response.json().catch(() => null)) as (Report & { error?: { message: string } }) | null;
  if (response.status !== 201 && response.status !== 422) {
    print(`上传被拒绝 / upload refused (${response.status}): ${body?.error?.message ?? ''}`);
    return { accepted: false, report: null };
  }
  const report = body as Report;
  print(
    `${report.appId}@${report.version}  状态 / status: ${report.status}  权限风险 / risk: ${report.risk}`,
  );
  for (const check of report.checks) print(`  ${check.ok ? '✓' : '✗'} ${check.key}: ${check.zh}`);
  return { accepted: response.status === 201, report };
}

/** The CLI entry: `publish <file> --url <url> --vendor <id> [--changelog text] [--category key]`. */
export async function publishCommand(args: ReadonlyArray<string>): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    strict: true,
    options: {
      url: { type: 'string' },
      vendor: { type: 'string' },
      changelog: { type: 'string' },
      category: { type: 'string' },
    },
  });
  const file = positionals[0];
  if (!file || !values.url || !values.vendor) {
    console.error(
      '用法 / usage: campusbase-app publish <file.cbapp> --url <platform url> --vendor <vendor id> [--changelog <text>] [--category teaching|management|evaluation|life|devices]',
    );
    return 1;
  }
  const { accepted } = await publishPackage({
    file,
    url: values.url,
    vendorId: values.vendor,
    ...(values.changelog ? { changelog: values.changelog } : {}),
    ...(values.category ? { category: values.category } : {}),
  });
  return accepted ? 0 : 1;
}
