import { ForbiddenError, NotFoundError } from '@campusbase/plugin-sdk/errors';
import { sql } from 'kysely';
import type { Caller, MarketplacePorts } from '../ports.ts';

/** "梁秀英" → "梁**": reviews are public, so only the surname is shown. */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  return chars.length <= 1 ? '*' : `${chars[0]}${'*'.repeat(Math.min(chars.length - 1, 2))}`;
}

/** Ratings and reviews: only people of a school that installed the app may write one. */
export class Ratings {
  readonly #ports: MarketplacePorts;

  constructor(ports: MarketplacePorts) {
    this.#ports = ports;
  }

  async rate(caller: Caller, appId: string, input: { rating: number; body: string }) {
    const tenantId = caller.tenantKind === 'school' ? caller.tenantId : null;
    const app = await this.#ports.db.app
      .selectFrom('market_apps')
      .select('app_id')
      .where('app_id', '=', appId)
      .executeTakeFirst();
    if (!app)
      throw new NotFoundError({ zh: `没有应用 ${appId}`, en: `No app ${appId}` }, undefined, 'app_not_found');
    if (!tenantId || !(await this.#ports.runtime.everInstalled(tenantId, appId))) {
      await this.#ports.audit.record({
        tenantId: tenantId ?? null,
        actorPersonId: caller.personId,
        action: 'marketplace.review.write',
        targetType: 'market_app',
        targetId: appId,
        result: 'denied',
        details: { requestId: caller.requestId, reason: 'school_not_installed' },
      });
      throw new ForbiddenError(
        {
          zh: '只有安装过该应用的学校的师生可以评价',
          en: 'Only people of a school that installed the app may review it',
        },
        undefined,
        'school_not_installed',
      );
    }
    await this.#ports.db.withTenant(tenantId, (trx) =>
      trx
        .insertInto('market_ratings')
        .values({
          tenant_id: tenantId,
          app_id: appId,
          person_id: caller.personId,
          author_label: maskName(caller.displayName),
          school_name: caller.tenantName ?? '',
          rating: input.rating,
          body: input.body,
        })
        .onConflict((oc) =>
          oc
            .columns(['tenant_id', 'app_id', 'person_id'])
            .doUpdateSet({ rating: input.rating, body: input.body, updated_at: new Date() }),
        )
        .execute(),
    );
    await sql`
      UPDATE market_apps SET
        rating_sum = (SELECT coalesce(sum(rating), 0) FROM market_ratings WHERE app_id = ${appId}),
        rating_count = (SELECT count(*) FROM market_ratings WHERE app_id = ${appId})
      WHERE app_id = ${appId}`.execute(this.#ports.db.app);
    await this.#ports.audit.record({
      tenantId,
      actorPersonId: caller.personId,
      action: 'marketplace.review.write',
      targetType: 'market_app',
      targetId: appId,
      result: 'success',
      details: { requestId: caller.requestId, rating: input.rating },
    });
  }
}
