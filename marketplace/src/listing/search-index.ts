import { sql } from 'kysely';
import type { MarketDb } from '../ports.ts';
import { indexTokens } from '../search/tokens.ts';

/**
 * Rebuilds an app's search vector from its names and tags (weight A), its summary (B), and its
 * description and vendor name (C). `array_to_tsvector` stores the tokens as they are (no parser,
 * no stemming): the `simple` treatment, with the Chinese bigrams and unigrams cut in tokens.ts.
 */
export async function refreshSearch(db: MarketDb, appId: string): Promise<void> {
  const row = await db
    .selectFrom('market_apps as a')
    .innerJoin('market_vendors as v', 'v.id', 'a.vendor_id')
    .select(['a.name_zh', 'a.name_en', 'a.summary', 'a.description_md', 'a.tags', 'v.name as vendor'])
    .where('a.app_id', '=', appId)
    .executeTakeFirst();
  if (!row) return;
  const a = indexTokens([row.name_zh, row.name_en, ...row.tags].join(' '));
  const b = indexTokens(row.summary);
  const c = indexTokens(`${row.description_md.slice(0, 20_000)} ${row.vendor}`);
  await sql`
    UPDATE market_apps SET search =
      setweight(array_to_tsvector(${a}::text[]), 'A') ||
      setweight(array_to_tsvector(${b}::text[]), 'B') ||
      setweight(array_to_tsvector(${c}::text[]), 'C')
    WHERE app_id = ${appId}`.execute(db);
}
