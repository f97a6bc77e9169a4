import type { Kysely } from 'kysely';
import { appendAudit } from '../audit/audit.service.ts';
import type { Database } from '../db/database.ts';
import { withTenant } from '../db/tenant-scope.ts';
import type { Logger } from '../logger.ts';
// Its step runs first: it publishes the notice board and installs it with the admin's consent.
import '../marketplace/marketplace.seed.ts';
import { demoSeedSteps } from '../seed/demo.ts';
import { loadBinding, updateInstallation } from './installations.repository.ts';
import { AppDocuments } from './store/documents.ts';

/** The notice board as the demo marketplace lists it (the SDK's template, from the demo vendor). */
const NOTICE_BOARD = 'cn.nnzx.notice-board';
/** The template's own id, which an earlier demo seed installed directly, without a consent record. */
const LEGACY_NOTICE_BOARD = 'com.example.notice-board';

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
 * An installation that an earlier demo seed made straight in the runtime has no consent record:
 * it is uninstalled (audited; its data has the usual grace period), and the marketplace's consented
 * installation takes its place. Does nothing once done, or on a new demo database.
 */
async function retireLegacyBoard(db: Kysely<Database>, tenantId: string, logger: Logger) {
  const legacy = await db
    .selectFrom('app_installations as i')
    .leftJoin('market_install_history as h', (j) =>
      j.onRef('h.tenant_id', '=', 'i.tenant_id').onRef('h.installation_id', '=', 'i.id'),
    )
    .select('i.id')
    .where('i.tenant_id', '=', tenantId)
    .where('i.app_id', '=', LEGACY_NOTICE_BOARD)
    .where('i.status', '<>', 'uninstalled')
    .where('h.installation_id', 'is', null)
    .execute();
  for (const { id } of legacy) {
    await withTenant(db, tenantId, (trx) =>
      updateInstallation(trx, tenantId, id, { status: 'uninstalled', uninstalled: true }),
    );
    await appendAudit(db, {
      tenantId,
      actorPersonId: null,
      action: 'app.uninstall',
      targetType: 'app_installation',
      targetId: id,
      result: 'success',
      details: {
        requestId: 'demo-seed',
        appId: LEGACY_NOTICE_BOARD,
        reason: '演示数据：该安装没有授权记录，已由应用市场安装的「班级公告栏」取代',
      },
    });
    logger.info({ installationId: id }, 'demo notice board without consent record uninstalled');
  }
}

/**
 * Demo: a few notices on the first classes of 南宁市青秀区凤岭实验小学's 班级公告栏, the marketplace
 * installation its admin consented to (see marketplace.seed.ts). Idempotent.
 */
demoSeedSteps.push({
  name: 'apps: notices on the notice board of 凤岭实验小学',
  async run(db: Kysely<Database>, tenants, logger) {
    const tenantId = tenants.get('school-primary');
    if (!tenantId) return;
    await retireLegacyBoard(db, tenantId, logger);
    const installation = await db
      .selectFrom('app_installations')
      .select('id')
      .where('tenant_id', '=', tenantId)
      .where('app_id', '=', NOTICE_BOARD)
      .where('status', '<>', 'uninstalled')
      .executeTakeFirst();
    if (!installation) return;
    const installationId = installation.id;
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
    logger.info({ installationId }, 'demo notices posted on the notice board');
  },
});
