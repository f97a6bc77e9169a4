import { readdir, readFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { build } from 'esbuild';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import { withTenant } from '../db/tenant-scope.ts';
import { demoSeedSteps } from '../seed/demo.ts';
import { AppDocuments } from './store/documents.ts';
import { insertInstallation, loadBinding } from './installations.repository.ts';
import { registerAppVersion } from './registry.ts';

const template = resolve(import.meta.dirname, '../../../plugin-sdk/templates/notice-board');

async function uiFiles(dir: string): Promise<Array<{ path: string; content: Uint8Array }>> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = [];
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const full = join(entry.parentPath, entry.name);
    files.push({
      path: relative(template, full).split('\\').join('/'),
      content: new Uint8Array(await readFile(full)),
    });
  }
  return files.sort((a, b) => a.path.localeCompare(b.path));
}

const notices = [
  {
    title: '本周五下午召开家长会',
    body: '请各位家长于周五 15:00 到本班教室参加家长会，届时将介绍期中学习情况。',
    pinned: true,
  },
  {
    title: '秋季运动会报名开始',
    body: '运动会将于 11 月 28 日举行，请有意参加的同学在周三前向体育委员报名。',
    pinned: false,
  },
  {
    title: '图书角新书上架',
    body: '班级图书角新到《昆虫记》《城南旧事》等 20 本图书，欢迎同学们借阅。',
    pinned: false,
  },
];

/**
 * Demo: the vendor template 班级公告栏 (built from plugin-sdk/templates/notice-board) installed for
 * 南宁市青秀区凤岭实验小学, with a few notices on its first classes. Idempotent.
 */
demoSeedSteps.push({
  name: 'apps: notice board for 凤岭实验小学',
  async run(db: Kysely<Database>, tenants, logger) {
    const tenantId = tenants.get('school-primary');
    if (!tenantId) return;
    const manifest = JSON.parse(await readFile(join(template, 'campusbase.app.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    delete manifest.$schema;
    const bundle = await build({
      entryPoints: [join(template, 'src/server.ts')],
      bundle: true,
      format: 'esm',
      platform: 'neutral',
      target: 'es2024',
      mainFields: ['module', 'main'],
      write: false,
      logLevel: 'silent',
    });
    const version = await registerAppVersion(db, {
      manifest,
      bundle: bundle.outputFiles[0]!.text,
      files: await uiFiles(join(template, 'ui')),
    });
    const existing = await db
      .selectFrom('app_installations')
      .select('id')
      .where('tenant_id', '=', tenantId)
      .where('app_id', '=', version.appId)
      .executeTakeFirst();
    const installationId =
      existing?.id ??
      (await withTenant(db, tenantId, (trx) =>
        insertInstallation(trx, {
          tenantId,
          appId: version.appId,
          versionId: version.versionId,
          approvedScopes: ['org:read'],
          settings: { notifyClass: false, maxPinned: 3 },
          installedBy: null,
        }),
      ));
    const binding = await withTenant(db, tenantId, (trx) => loadBinding(trx, tenantId, installationId));
    if (!binding) return;
    const documents = new AppDocuments(db, binding);
    if ((await documents.run((trx) => documents.count(trx, 'notices', {}))) > 0) return;
    const classes = await db
      .selectFrom('org_units')
      .select(['id'])
      .where('tenant_id', '=', tenantId)
      .where('kind', '=', 'class')
      .orderBy('code')
      .limit(2)
      .execute();
    const classIds = classes.length > 0 ? classes.map((c) => c.id) : ['demo-class'];
    await documents.run(async (trx) => {
      for (const classId of classIds) {
        for (const [i, notice] of notices.entries()) {
          await documents.insert(trx, 'notices', {
            classId,
            ...notice,
            authorId: 'demo',
            authorName: '李老师',
            publishedAt: new Date(Date.UTC(2026, 10, 17 + i, 1)).toISOString(),
          });
        }
      }
    });
    logger.info({ installationId }, 'demo notice board installed');
  },
});
