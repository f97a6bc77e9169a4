import { NotFoundError } from '@campusbase/plugin-sdk/errors';
import { describeScope } from '@campusbase/plugin-sdk/manifest';
import { sql } from 'kysely';
import { requireAppOfCaller, requireVendorMember } from '../access.ts';
import type { Caller, MarketplacePorts } from '../ports.ts';
import { toTsQuery } from '../search/tokens.ts';
import type { AppCategory } from '../tables.ts';
import { renderDescription } from './markdown.ts';
import { refreshSearch } from './search-index.ts';

export const CATEGORIES: ReadonlyArray<{ key: AppCategory; zh: string; en: string }> = [
  { key: 'teaching', zh: '教学', en: 'Teaching' },
  { key: 'management', zh: '管理', en: 'Management' },
  { key: 'evaluation', zh: '评价', en: 'Evaluation' },
  { key: 'life', zh: '生活服务', en: 'Life services' },
  { key: 'devices', zh: '物联设备', en: 'Devices' },
];

export interface SearchInput {
  q?: string;
  category?: AppCategory;
  risk?: 'low' | 'medium' | 'high';
  sort?: 'relevance' | 'installs' | 'rating' | 'newest';
  limit?: number;
  offset?: number;
}

export interface ListingCard {
  appId: string;
  name: { zh: string; en: string };
  summary: string;
  category: AppCategory;
  vendor: string;
  version: string | null;
  risk: string | null;
  installs: number;
  rating: number | null;
  ratingCount: number;
  listedAt: string | null;
}

/** The public catalogue: search with Chinese bigrams, filters and sorting, and the detail page. */
export class Catalogue {
  readonly #ports: MarketplacePorts;

  constructor(ports: MarketplacePorts) {
    this.#ports = ports;
  }

  async search(input: SearchInput): Promise<{ items: ListingCard[]; total: number }> {
    const tsq = input.q ? toTsQuery(input.q) : null;
    let query = this.#ports.db.app
      .selectFrom('market_apps as a')
      .innerJoin('market_vendors as d', 'd.id', 'a.vendor_id')
      .leftJoin('market_versions as v', 'v.id', 'a.latest_version_id')
      .where('a.status', '=', 'listed')
      .where('a.suspended', '=', false);
    if (input.q && tsq === null) return { items: [], total: 0 };
    if (tsq) query = query.where(sql<boolean>`a.search @@ ${tsq}::tsquery`);
    if (input.category) query = query.where('a.category', '=', input.category);
    if (input.risk) query = query.where('v.risk', '=', input.risk);
    const sort = input.sort ?? (tsq ? 'relevance' : 'installs');
    const rows = await query
      .select([
        'a.app_id',
        'a.name_zh',
        'a.name_en',
        'a.summary',
        'a.category',
        'd.name as vendor',
        'v.version',
        'v.risk',
        'a.install_count',
        'a.rating_sum',
        'a.rating_count',
        'a.listed_at',
        sql<number>`count(*) OVER ()`.as('total'),
      ])
      .$if(sort === 'relevance' && tsq !== null, (q) =>
        q.orderBy(sql`ts_rank(a.search, ${tsq}::tsquery)`, 'desc'),
      )
      .$if(sort === 'rating', (q) =>
        q.orderBy(sql`a.rating_sum::float / nullif(a.rating_count, 0)`, sql`desc nulls last`),
      )
      .$if(sort === 'newest', (q) => q.orderBy('a.listed_at', 'desc'))
      .orderBy('a.install_count', 'desc')
      .orderBy('a.app_id')
      .limit(Math.min(input.limit ?? 20, 100))
      .offset(input.offset ?? 0)
      .execute();
    return {
      total: Number(rows[0]?.total ?? 0),
      items: rows.map((r) => ({
        appId: r.app_id,
        name: { zh: r.name_zh, en: r.name_en },
        summary: r.summary,
        category: r.category,
        vendor: r.vendor,
        version: r.version,
        risk: r.risk,
        installs: r.install_count,
        rating: r.rating_count > 0 ? Math.round((r.rating_sum / r.rating_count) * 10) / 10 : null,
        ratingCount: r.rating_count,
        listedAt: r.listed_at?.toISOString() ?? null,
      })),
    };
  }

  /** Everything the detail page shows. Delisted and suspended apps are shown to nobody but their vendor and reviewers. */
  async detail(appId: string) {
    const db = this.#ports.db.app;
    const app = await db
      .selectFrom('market_apps as a')
      .innerJoin('market_vendors as d', 'd.id', 'a.vendor_id')
      .selectAll('a')
      .select(['d.name as vendor_name', 'd.website as vendor_website', 'd.id as vendor_id'])
      .where('a.app_id', '=', appId)
      .executeTakeFirst();
    if (app?.status !== 'listed')
      throw new NotFoundError(
        { zh: `应用市场中没有 ${appId}`, en: `No listed app ${appId}` },
        undefined,
        'app_not_found',
      );
    const versions = await db
      .selectFrom('market_versions')
      .select(['id', 'version', 'changelog', 'scopes', 'risk', 'reviewed_at', 'suspended', 'created_at'])
      .where('app_id', '=', appId)
      .where('status', '=', 'approved')
      .orderBy('created_at', 'desc')
      .execute();
    const latest = versions.find((v) => v.id === app.latest_version_id) ?? versions[0];
    const reviews = await db
      .selectFrom('market_ratings')
      .select(['author_label', 'school_name', 'rating', 'body', 'created_at'])
      .where('app_id', '=', appId)
      .orderBy('created_at', 'desc')
      .limit(50)
      .execute();
    return {
      appId,
      name: { zh: app.name_zh, en: app.name_en },
      summary: app.summary,
      category: app.category,
      suspended: app.suspended,
      descriptionHtml: app.description_html,
      screenshots: app.screenshots,
      tags: app.tags,
      vendor: { id: app.vendor_id, name: app.vendor_name, website: app.vendor_website },
      installs: app.install_count,
      rating: app.rating_count > 0 ? Math.round((app.rating_sum / app.rating_count) * 10) / 10 : null,
      ratingCount: app.rating_count,
      latestVersion: latest?.version ?? null,
      risk: latest?.risk ?? null,
      permissions: (latest?.scopes ?? []).map((scope) => explainScope(scope)),
      versions: versions.map((v) => ({
        version: v.version,
        changelog: v.changelog,
        suspended: v.suspended,
        releasedAt: (v.reviewed_at ?? v.created_at).toISOString(),
      })),
      reviews: reviews.map((r) => ({
        author: r.author_label,
        school: r.school_name,
        rating: r.rating,
        body: r.body,
        at: r.created_at.toISOString(),
      })),
    };
  }

  /** The vendor edits the listing text, category, screenshots and tags; the description is sanitised. */
  async editListing(
    caller: Caller,
    appId: string,
    input: {
      category?: AppCategory;
      summary?: string;
      descriptionMd?: string;
      screenshots?: string[];
      tags?: string[];
    },
  ) {
    const db = this.#ports.db.app;
    await requireAppOfCaller(db, caller, appId);
    await db
      .updateTable('market_apps')
      .set({
        updated_at: new Date(),
        ...(input.category ? { category: input.category } : {}),
        ...(input.summary !== undefined ? { summary: input.summary } : {}),
        ...(input.descriptionMd !== undefined
          ? { description_md: input.descriptionMd, description_html: renderDescription(input.descriptionMd) }
          : {}),
        ...(input.screenshots ? { screenshots: JSON.stringify(input.screenshots) } : {}),
        ...(input.tags ? { tags: input.tags } : {}),
      })
      .where('app_id', '=', appId)
      .execute();
    await refreshSearch(db, appId);
    await this.#ports.audit.record({
      tenantId: null,
      actorPersonId: caller.personId,
      action: 'marketplace.listing.edit',
      targetType: 'market_app',
      targetId: appId,
      result: 'success',
      details: { requestId: caller.requestId, fields: Object.keys(input) },
    });
  }

  /** The vendor's own apps with every version, its status and check report. */
  async vendorApps(caller: Caller, vendorId: string) {
    const db = this.#ports.db.app;
    await requireVendorMember(db, caller, vendorId);
    const apps = await db
      .selectFrom('market_apps')
      .selectAll()
      .where('vendor_id', '=', vendorId)
      .orderBy('app_id')
      .execute();
    const versions = await db
      .selectFrom('market_versions')
      .select([
        'id',
        'app_id',
        'version',
        'status',
        'suspended',
        'risk',
        'checks',
        'review_comment',
        'auto_approved',
        'created_at',
      ])
      .where('app_id', 'in', apps.length > 0 ? apps.map((a) => a.app_id) : [''])
      .orderBy('created_at', 'desc')
      .execute();
    return apps.map((a) => ({
      appId: a.app_id,
      name: { zh: a.name_zh, en: a.name_en },
      status: a.status,
      suspended: a.suspended,
      category: a.category,
      installs: a.install_count,
      versions: versions
        .filter((v) => v.app_id === a.app_id)
        .map((v) => ({
          id: v.id,
          version: v.version,
          status: v.status,
          suspended: v.suspended,
          risk: v.risk,
          autoApproved: v.auto_approved,
          reviewComment: v.review_comment,
          checks: v.checks,
          uploadedAt: v.created_at.toISOString(),
        })),
    }));
  }
}

/** A scope as the consent screen and the detail page show it: plain zh-CN, with its risk. */
export function explainScope(scope: string) {
  const described = describeScope(scope);
  return {
    scope,
    risk: described?.risk ?? 'high',
    title: described?.title ?? { zh: scope, en: scope },
    explanation: described?.explanation ?? { zh: '未知权限', en: 'Unknown scope' },
  };
}
