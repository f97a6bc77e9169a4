import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/harness.ts';
import { verifyAuditChain } from '../audit/audit.repository.ts';
import { appendAudit } from '../audit/audit.service.ts';
import { createLogger } from '../logger.ts';
import { platformMaintenanceJobs, startMaintenance } from './index.ts';

const TENANT = '0f6d0b1e-8a51-4d59-9a0b-0a6a1f6b2c01';
const DAY = 24 * 60 * 60 * 1000;
const logger = createLogger('silent');

describe('platform maintenance jobs against PostgreSQL', () => {
  let db: TestDatabase;
  let personId: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    await sql`INSERT INTO tenants (id, kind, name, code, path) VALUES (${TENANT}, 'platform', '平台', 'maint-test', ${`/${TENANT}/`})`.execute(
      db.owner,
    );
    const person = await db.owner
      .insertInto('persons')
      .values({
        display_name: '覃振国',
        phone: null,
        email: null,
        username: 'maint',
        password_hash: null,
        password_changed_at: null,
        national_id_hash: null,
        national_id_masked: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    personId = person.id;
  });
  afterAll(async () => {
    await db?.drop();
  });

  const ago = (days: number) => new Date(Date.now() - days * DAY);

  it('purges audit entries past retention (never under 180 days) and the chain still verifies', async () => {
    for (const action of ['old', 'middle', 'new'])
      await appendAudit(db.owner, { tenantId: TENANT, actorPersonId: personId, action, result: 'success' });
    // Back-dating breaks those rows' hashes, but they are the ones retention removes.
    await sql`UPDATE audit_log SET at = ${ago(400)} WHERE tenant_id = ${TENANT} AND action = 'old'`.execute(
      db.owner,
    );
    await sql`UPDATE audit_log SET at = ${ago(200)} WHERE tenant_id = ${TENANT} AND action = 'middle'`.execute(
      db.owner,
    );
    const yearly = startMaintenance({
      db: db.owner,
      logger,
      jobs: platformMaintenanceJobs({ auditRetentionDays: 365 }),
    });
    expect(await yearly.runNow('audit-retention')).toEqual({ ran: true, result: { deleted: 1 } });
    await yearly.stop();
    const left = await db.owner
      .selectFrom('audit_log')
      .select('action')
      .where('tenant_id', '=', TENANT)
      .execute();
    expect(left.map((r) => r.action).sort()).toEqual(['middle', 'new']);

    const tooShort = startMaintenance({
      db: db.owner,
      logger,
      jobs: platformMaintenanceJobs({ auditRetentionDays: 30 }),
    });
    expect(await tooShort.runNow('audit-retention')).toEqual({ ran: true, result: { deleted: 1 } });
    await tooShort.stop();
    await appendAudit(db.owner, {
      tenantId: TENANT,
      actorPersonId: personId,
      action: 'newer',
      result: 'success',
    });
    expect(await verifyAuditChain(db.owner, TENANT)).toMatchObject({ ok: true, checked: 2 });
  });

  it('purges expired sessions, stale lockout counters and old SMS codes only', async () => {
    const session = (id: string, idle: Date) => ({
      id,
      secret_hash: new Uint8Array(32),
      person_id: personId,
      active_tenant_id: null,
      mfa_verified_at: null,
      ip: null,
      user_agent: null,
      idle_expires_at: idle,
      absolute_expires_at: new Date(Date.now() + DAY),
    });
    await db.owner
      .insertInto('sessions')
      .values([
        session('expiredsession0000001', ago(1)),
        session('livesession000000001', new Date(Date.now() + DAY)),
      ])
      .execute();
    await db.owner
      .insertInto('auth_throttle')
      .values([
        { key: 'login:ip:old', count: 3, window_started_at: ago(2), locked_until: null, updated_at: ago(2) },
        {
          key: 'login:ip:locked',
          count: 50,
          window_started_at: ago(2),
          locked_until: new Date(Date.now() + DAY),
          updated_at: ago(2),
        },
        {
          key: 'login:ip:fresh',
          count: 1,
          window_started_at: new Date(),
          locked_until: null,
          updated_at: new Date(),
        },
      ])
      .execute();
    await db.owner
      .insertInto('sms_codes')
      .values([
        { phone: '13907719001', code_hash: 'a', expires_at: ago(2) },
        { phone: '13907719001', code_hash: 'b', expires_at: new Date(Date.now() + 60_000) },
      ])
      .execute();
    const m = startMaintenance({
      db: db.owner,
      logger,
      jobs: platformMaintenanceJobs({ auditRetentionDays: 180 }),
    });
    expect(await m.runNow('expired-sessions')).toEqual({ ran: true, result: { deleted: 1 } });
    expect(await m.runNow('auth-throttle')).toEqual({ ran: true, result: { deleted: 1 } });
    expect(await m.runNow('sms-codes')).toEqual({ ran: true, result: { deleted: 1 } });
    await m.stop();
    expect((await db.owner.selectFrom('sessions').select('id').execute()).map((r) => r.id)).toEqual([
      'livesession000000001',
    ]);
    expect(
      (await db.owner.selectFrom('auth_throttle').select('key').orderBy('key').execute()).map((r) => r.key),
    ).toEqual(['login:ip:fresh', 'login:ip:locked']);
    expect(await db.owner.selectFrom('sms_codes').select('code_hash').execute()).toEqual([
      { code_hash: 'b' },
    ]);
  });

  it('lets only one runner hold a job at a time, and runs jobs on their schedule until stopped', async () => {
    const m = startMaintenance({
      db: db.owner,
      logger,
      jobs: platformMaintenanceJobs({ auditRetentionDays: 180 }),
    });
    await db.owner.transaction().execute(async (trx) => {
      await sql`SELECT pg_advisory_xact_lock(hashtextextended('cb:maintenance:expired-sessions', 0))`.execute(
        trx,
      );
      expect(await m.runNow('expired-sessions')).toEqual({ ran: false, reason: 'locked' });
      expect((await m.runNow('auth-throttle')).ran).toBe(true);
    });
    expect((await m.runNow('expired-sessions')).ran).toBe(true);
    await m.stop();
    expect(await m.runNow('expired-sessions')).toEqual({ ran: false, reason: 'stopped' });

    let runs = 0;
    const ticking = startMaintenance({
      db: db.owner,
      logger,
      jobs: [{ name: 'tick', schedule: '* * * * * *', run: async () => ({ runs: ++runs }) }],
    });
    await vi.waitFor(() => expect(runs).toBeGreaterThanOrEqual(1), { timeout: 5000, interval: 50 });
    await ticking.stop();
  });
});
