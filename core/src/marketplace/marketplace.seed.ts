import { resolve } from 'node:path';
import { access } from 'node:fs/promises';
import {
  type Caller,
  createMarketplace,
  type Marketplace,
  type MarketplaceTables,
  type MarketRuntime,
} from '@campusbase/marketplace';
import { generateVendorKeyPair, sha256Hex } from '@campusbase/plugin-sdk/package';
import type { Kysely, Transaction } from 'kysely';
import { PLATFORM_VERSION } from '../app.ts';
import { checkSettings } from '../apps/installations.service.ts';
import type { RuntimeManifest } from '../apps/manifest.ts';
import { registerAppVersion } from '../apps/registry.ts';
import { appendAudit } from '../audit/audit.service.ts';
import type { Database } from '../db/database.ts';
import type { Logger } from '../logger.ts';
import { demoSeedSteps } from '../seed/demo.ts';
import { demoListings, DEMO_VENDOR } from './marketplace.seed-data.ts';
import { packAppFolder } from './pack-dir.ts';
import { marketAudit, marketDatabase, marketTenants } from './ports.ts';

const root = resolve(import.meta.dirname, '../../..');
const unavailable = async (): Promise<never> => {
  throw new Error('not available while seeding');
};

/** The runtime as the seed needs it: no sandbox runs at seed time, so no smoke run and no hooks. */
function seedRuntime(owner: Kysely<Database>): MarketRuntime {
  return {
    async register(pkg) {
      const r = await registerAppVersion(owner, pkg);
      if (r.created)
        await owner
          .updateTable('app_versions')
          .set({ status: 'suspended' })
          .where('id', '=', r.versionId)
          .execute();
      return { runtimeVersionId: r.versionId };
    },
    async setServing(ids, serving) {
      if (ids.length > 0)
        await owner
          .updateTable('app_versions')
          .set({ status: serving ? 'active' : 'suspended' })
          .where('id', 'in', [...ids])
          .execute();
      return [];
    },
    smokeRun: async () => ({ ok: true, ran: '预置演示应用：由平台在首次启动时发布，未在沙箱试运行' }),
    async storedDigests(id) {
      const row = await owner
        .selectFrom('app_versions')
        .select('bundle')
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      const assets = await owner
        .selectFrom('app_assets')
        .select(['path', 'content'])
        .where('version_id', '=', id)
        .execute();
      return {
        bundle: row.bundle === null ? null : sha256Hex(new TextEncoder().encode(row.bundle)),
        files: Object.fromEntries(assets.map((a) => [a.path, sha256Hex(a.content)])),
      };
    },
    async install(tenantId, input, actor, recordConsent) {
      const version = await owner
        .selectFrom('app_versions')
        .select(['id', 'manifest'])
        .where('app_id', '=', input.appId)
        .where('version', '=', input.version)
        .executeTakeFirstOrThrow();
      // As the runtime does: the installation and its consent record commit together.
      const installationId = await owner.transaction().execute(async (trx) => {
        const row = await trx
          .insertInto('app_installations')
          .values({
            tenant_id: tenantId,
            app_id: input.appId,
            version_id: version.id,
            approved_scopes: [...input.approvedScopes].sort(),
            settings: JSON.stringify(
              checkSettings(version.manifest as RuntimeManifest, input.settings ?? {}),
            ),
            installed_by: actor.personId,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await recordConsent(trx as unknown as Transaction<MarketplaceTables>, row.id);
        return row.id;
      });
      // As the runtime audits an install (the marketplace audits the consent beside it).
      await appendAudit(owner, {
        tenantId,
        actorPersonId: actor.personId,
        action: 'app.install',
        targetType: 'app_installation',
        targetId: installationId,
        result: 'success',
        details: {
          requestId: actor.requestId,
          appId: input.appId,
          version: input.version,
          approvedScopes: input.approvedScopes,
        },
      });
      return installationId;
    },
    async installCounts(appIds) {
      const rows = await owner
        .selectFrom('app_installations')
        .select(['app_id', (eb) => eb.fn.countAll<string>().as('n')])
        .where('status', '<>', 'uninstalled')
        .$if(appIds !== undefined, (q) =>
          q.where('app_id', 'in', appIds && appIds.length > 0 ? [...appIds] : ['']),
        )
        .groupBy('app_id')
        .execute();
      return new Map(rows.map((r) => [r.app_id, Number(r.n)]));
    },
    installation: unavailable,
    installationOf: async () => null,
    switchVersion: unavailable,
    uninstall: unavailable,
    everInstalled: async () => true,
    installationsOf: async () => [],
  };
}

async function personByUsername(owner: Kysely<Database>, username: string) {
  return owner
    .selectFrom('persons')
    .select(['id', 'display_name'])
    .where('username', '=', username)
    .executeTakeFirst();
}

function seedCaller(
  person: { id: string; display_name: string },
  tenantId: string,
  kind: Caller['tenantKind'],
  permissions: string[],
): Caller {
  return {
    personId: person.id,
    displayName: person.display_name,
    tenantId,
    tenantKind: kind,
    tenantName: null,
    tenantPath: null,
    requestId: 'demo-seed',
    can: (p) => permissions.includes(p),
  };
}

/**
 * Publishes the SDK's template app and the sample apps into the demo marketplace through the
 * marketplace's own publishing path (signed by the demo vendor 南宁智校科技有限公司, checked,
 * approved by the demo reviewer, listed with Chinese descriptions); 青秀区教育局 recommends the
 * notice board to its schools, and both demo schools have it installed through the marketplace, each
 * by its admin's consent. Idempotent: an app already there is skipped.
 */
export async function seedMarketplace(
  owner: Kysely<Database>,
  tenants: ReadonlyMap<string, string>,
  logger: Logger,
): Promise<void> {
  const platformId = tenants.get('platform');
  const countyId = tenants.get('county');
  const vendorPerson = await personByUsername(owner, 'vendor.dev');
  const reviewerPerson = await personByUsername(owner, 'reviewer');
  const bureauPerson = await personByUsername(owner, 'bureau.qingxiu');
  if (!platformId || !countyId || !vendorPerson || !reviewerPerson || !bureauPerson) {
    logger.warn('marketplace demo seed skipped: the demo region or people are missing');
    return;
  }
  const db = { app: owner, owner };
  const market = createMarketplace({
    db: marketDatabase(db),
    audit: marketAudit(db, logger),
    messenger: { notifySchoolAdmins: async () => undefined },
    tenants: marketTenants(db),
    runtime: seedRuntime(owner),
    platformVersion: PLATFORM_VERSION,
    usageSecret: 'demo-seed',
  });
  const vendor = seedCaller(vendorPerson, platformId, 'platform', ['marketplace:publish']);
  const reviewer = seedCaller(reviewerPerson, platformId, 'platform', ['marketplace:review']);
  let vendorId = (
    await owner
      .selectFrom('market_vendors')
      .select('id')
      .where('name', '=', DEMO_VENDOR.name)
      .executeTakeFirst()
  )?.id;
  vendorId ??= (await market.vendors.create(vendor, DEMO_VENDOR)).id;
  // A key for this seed run only: the private half is never stored.
  const key = generateVendorKeyPair();
  let keyRegistered = false;
  for (const listing of demoListings) {
    const folder = resolve(root, listing.folder);
    const exists = await access(resolve(folder, 'campusbase.app.json')).then(
      () => true,
      () => false,
    );
    const known = await owner
      .selectFrom('market_apps')
      .select('app_id')
      .where('app_id', '=', listing.appId)
      .executeTakeFirst();
    if (!exists || known) continue;
    try {
      if (!keyRegistered) {
        await market.vendors.addKey(vendor, vendorId, {
          publicKey: key.publicKeyPem,
          label: `演示发布密钥 ${new Date().toISOString().slice(0, 10)}`,
          rotate: true,
        });
        keyRegistered = true;
      }
      const { archive } = await packAppFolder(folder, key.privateKeyPem, (m) => ({
        ...m,
        id: listing.appId,
        name: listing.name ?? m.name,
      }));
      const published = await market.publishing.publish(vendor, vendorId, archive, {
        changelog: listing.changelog,
        category: listing.category,
      });
      if (published.status === 'pending_review' && published.versionId)
        await market.review.decide(reviewer, published.versionId, 'approve', '演示数据：审核通过');
      else if (published.status !== 'approved') {
        logger.warn(
          { appId: listing.appId, checks: published.checks.filter((c) => !c.ok) },
          'demo app did not pass the marketplace checks',
        );
        continue;
      }
      await market.catalogue.editListing(vendor, listing.appId, {
        summary: listing.summary,
        descriptionMd: listing.descriptionMd,
        tags: listing.tags,
      });
      if (listing.recommendedByCounty) {
        await market.hierarchy.pick(
          seedCaller(bureauPerson, countyId, 'county', ['bureau:aggregates:read']),
          {
            appId: listing.appId,
            mode: 'recommend',
            note: '区教育局推荐：各校可按需安装',
          },
        );
      }
    } catch (error) {
      logger.warn({ err: error, appId: listing.appId }, 'demo app not published');
    }
  }
  await seedInstalls(market, owner, tenants, logger);
}

/**
 * The demo installations, each through the marketplace's consent path as the school's admin
 * consenting to the scopes: the consent record (who, the SHA-256 of the exact scopes) commits with
 * the installation, and both the runtime and the marketplace audit it. Idempotent and catching up
 * on every start: a school that has (or once had and removed) the app is left alone.
 */
async function seedInstalls(
  market: Marketplace,
  owner: Kysely<Database>,
  tenants: ReadonlyMap<string, string>,
  logger: Logger,
): Promise<void> {
  for (const listing of demoListings) {
    for (const install of listing.installedIn ?? []) {
      const tenantId = tenants.get(install.school);
      const admin = await personByUsername(owner, install.admin);
      if (!tenantId || !admin) continue;
      const had = await owner
        .selectFrom('app_installations')
        .select('id')
        .where('tenant_id', '=', tenantId)
        .where('app_id', '=', listing.appId)
        .executeTakeFirst();
      if (had) continue;
      try {
        const version = await market.lifecycle.installable(listing.appId);
        await market.lifecycle.installFor(
          tenantId,
          { personId: admin.id, requestId: 'demo-seed' },
          {
            appId: listing.appId,
            version: version.version,
            approvedScopes: install.approvedScopes ?? version.scopes,
            ...(install.settings ? { settings: install.settings } : {}),
            consent: true,
          },
          { by: 'school' },
        );
      } catch (error) {
        logger.warn({ err: error, appId: listing.appId, school: install.school }, 'demo app not installed');
      }
    }
  }
}

demoSeedSteps.push({ name: 'marketplace', run: seedMarketplace });
