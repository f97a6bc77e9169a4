import { type Kysely, sql } from 'kysely';
import { createKysely } from '../../db/pool.ts';
import type { TestDatabase } from '../../../../test/harness.ts';
import { createApp } from '../../app.ts';
import { mountIdentity } from '../../auth/mount.ts';
import type { Database } from '../../db/database.ts';
import type { Databases } from '../../db/index.ts';
import { createLogger } from '../../logger.ts';
import { createMessageCentre, type MessageCentre, type MessageCentreOptions } from '../index.ts';

/** The HTTP app with identity and the message centre on a test database, without a listening server. */
export function messagesApp(db: TestDatabase, options: Partial<MessageCentreOptions> = {}) {
  const logger = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');
  const dbs: Databases = {
    owner: db.owner,
    app: db.app,
    ownerUrl: db.ownerUrl,
    appUrl: db.appUrl,
    embedded: null,
    close: async () => undefined,
  };
  const app = createApp({ logger, readiness: () => [] });
  const centre: MessageCentre = createMessageCentre({
    db: dbs,
    logger,
    publicUrl: 'http://localhost:3000',
    ...options,
  });
  mountIdentity(app, dbs, logger, {
    secret: 'test-secret-key-test-secret-key-0123456789',
    publicUrl: 'http://localhost:3000',
    sms: centre.smsSender,
  });
  centre.mount(app);
  const call = async (cookie: string, method: string, path: string, body?: unknown) => {
    const response = await app.request(path, {
      method,
      headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  return { app, centre, call };
}

/** Waits until `check` returns a value (not a timing assertion: the test fails on the value, not on time). */
export async function eventually<T>(
  check: () => Promise<T | null | undefined | false>,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

export type Db = Kysely<Database>;

/**
 * An owner pool of the test's own for the centre's workers, closed (and its backends gone) before
 * the harness drops the database, so the forced DROP never kills a socket that is still closing.
 */
export function ownedPool(db: { ownerUrl: string; owner: Kysely<Database> }) {
  const name = `cb-msg-test-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  const pool = createKysely<Database>(db.ownerUrl, { max: 6, applicationName: name });
  return {
    pool,
    async close() {
      await pool.destroy();
      await eventually(async () => {
        const { rows } = await sql<{ n: number }>`
          SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name IN (${name}, 'campusbase-listen')
            AND datname = current_database()`.execute(db.owner);
        return rows[0]!.n === 0;
      });
    },
  };
}
