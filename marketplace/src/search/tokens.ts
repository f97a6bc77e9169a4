/**
 * Chinese-aware search tokens. PostgreSQL's parser does not segment Chinese, and `pg_trgm` finds
 * nothing in common between '考勤' and '智慧考勤系统' (a two-character query has no trigram of the
 * word). So the index holds, for each run of Han characters, every character (for one-character
 * queries) and every pair of neighbours (bigrams); Latin text becomes lower-case words. A query is
 * cut the same way and every one of its tokens must be present.
 */

const HAN = /\p{Script=Han}/u;
const TOKEN_RUN = /[\p{Script=Han}]+|[\p{L}\p{N}]+/gu;

function hanTokens(run: string, unigrams: boolean): string[] {
  const chars = [...run];
  const out: string[] = [];
  if (unigrams || chars.length === 1) out.push(...chars);
  for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i]! + chars[i + 1]!);
  return out;
}

/**
 * The lexemes to index for a text: Han unigrams and bigrams, Latin and digit words (lower case).
 *
 * @example
 * indexTokens('智慧考勤') // ['智','慧','考','勤','智慧','慧考','考勤']
 */
export function indexTokens(text: string): string[] {
  const out = new Set<string>();
  for (const run of text.normalize('NFKC').toLowerCase().match(TOKEN_RUN) ?? []) {
    if (HAN.test(run)) for (const token of hanTokens(run, true)) out.add(token);
    else if (run.length <= 40) out.add(run);
  }
  return [...out];
}

/** The tokens of a query: bigrams of Han runs (a single character stays itself), Latin words as prefixes. */
export function queryTokens(query: string): Array<{ token: string; prefix: boolean }> {
  const out = new Map<string, boolean>();
  for (const run of query.normalize('NFKC').toLowerCase().match(TOKEN_RUN) ?? []) {
    if (HAN.test(run)) for (const token of hanTokens(run, false)) out.set(token, false);
    else out.set(run.slice(0, 40), true);
  }
  return [...out].slice(0, 32).map(([token, prefix]) => ({ token, prefix }));
}

/**
 * The `tsquery` text for a search: every token must match. Tokens hold only letters and digits,
 * so quoting them is enough; the text is passed as a parameter and cast with `::tsquery`.
 *
 * @example
 * toTsQuery('考勤 app') // "'考勤' & 'app':*"
 */
export function toTsQuery(query: string): string | null {
  const tokens = queryTokens(query);
  if (tokens.length === 0) return null;
  return tokens.map((t) => `'${t.token}'${t.prefix ? ':*' : ''}`).join(' & ');
}
