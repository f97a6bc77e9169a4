import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../../test/ports.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/harness.ts';
import { withTenant } from '../db/tenant-scope.ts';
import { createLogger } from '../logger.ts';
import { createMessageCentre, type MessageCentre } from './index.ts';
import { freeText } from './render.ts';
import { sendMessage } from './send.ts';
import { eventually, ownedPool } from './testing/harness.ts';
import { runScript, startSmtpServer, stopChild } from './testing/processes.ts';
import { createWorld, deliveriesOf, type World } from './testing/world.ts';

let db: TestDatabase;
let w: World;
const stops: Array<() => Promise<void>> = [];

let pool: ReturnType<typeof ownedPool>;

beforeAll(async () => {
  db = await createTestDatabase();
  w = await createWorld(db.owner);
  pool = ownedPool(db);
  stops.push(() => pool.close());
});
afterAll(async () => {
  for (const stop of stops.reverse()) await stop();
  await db?.drop();
});

function centre(smtpPort: number): MessageCentre {
  const c = createMessageCentre({
    db: { app: db.app, owner: pool.pool, ownerUrl: db.ownerUrl },
    logger: createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'),
    publicUrl: 'http://localhost:3000',
    smtpUrl: `smtp://127.0.0.1:${smtpPort}`,
    workers: { pollMs: 100, backoffBaseMs: 200, backoffMaxMs: 1000, leaseMs: 5000 },
  });
  stops.push(() => c.stop());
  return c;
}

const notice = (title: string, personId: string, key?: string, module = 'test') =>
  withTenant(db.app, w.schoolA, (trx) =>
    sendMessage(trx, {
      tenantId: w.schoolA,
      sender: { kind: 'platform', module, name: '教务处' },
      category: 'notice',
      content: freeText({ title, body: '请家长知悉。' }),
      recipients: [personId],
      channels: ['email'],
      ...(key ? { idempotencyKey: key } : {}),
    }),
  );

const outbox = async (messageId: string) =>
  (
    await sql<{ status: string; attempts: number; last_error: string | null; tenant_id: string; id: number }>`
      SELECT status, attempts, last_error, tenant_id, id FROM message_outbox WHERE message_id = ${messageId}`.execute(
      db.owner,
    )
  ).rows;

describe('email over a real SMTP server', () => {
  it('delivers a notice as a mail with a Message-ID of its outbox row', async () => {
    const port = await freePort();
    const smtp = await startSmtpServer(port);
    stops.push(smtp.stop);
    const c = centre(port);
    await c.start();
    const sent = await notice('家长会通知', w.people.parent2);
    const mail = await eventually(async () => smtp.mails.find((m) => m.to.includes('parent2@example.cn')));
    const [row] = await outbox(sent.messageId);
    expect(mail.messageId).toBe(`<cb-${row!.tenant_id}-${row!.id}@campusbase>`);
    expect(await eventually(async () => (await outbox(sent.messageId))[0]?.status === 'sent')).toBe(true);
    await c.stop();
  });

  it('retries while the SMTP server is down and delivers once it is back', async () => {
    const port = await freePort();
    const c = centre(port);
    await c.start();
    const sent = await notice('校车停运通知', w.people.parent3);
    const failing = await eventually(async () => {
      const [row] = await outbox(sent.messageId);
      return row && row.attempts >= 2 && row.status === 'pending' ? row : null;
    });
    expect(failing.last_error).toMatch(/ECONNREFUSED|connect/i);
    const smtp = await startSmtpServer(port);
    stops.push(smtp.stop);
    await eventually(async () => (await outbox(sent.messageId))[0]?.status === 'sent');
    expect(smtp.mails.filter((m) => m.to.includes('parent3@example.cn'))).toHaveLength(1);
    await c.stop();
  });

  it('after a kill -9 between commit and delivery, a restart gives exactly one message', async () => {
    const port = await freePort();
    const smtp = await startSmtpServer(port);
    stops.push(smtp.stop);
    const victim = await runScript(
      'crash-worker.ts',
      {
        OWNER_URL: db.ownerUrl,
        APP_URL: db.appUrl,
        TENANT_ID: w.schoolA,
        PERSON_ID: w.people.headTeacher72,
        LEASE_MS: '1000',
      },
      (line) => line === 'claimed',
    );
    const messageId = victim.lines.find((l) => l.startsWith('committed '))!.slice('committed '.length);
    await stopChild(victim.child, 'SIGKILL');
    expect(victim.child.signalCode).toBe('SIGKILL');
    // Committed and claimed, never delivered.
    expect((await outbox(messageId))[0]).toMatchObject({ status: 'sending', attempts: 1 });
    expect(smtp.mails.filter((m) => m.to.includes('liu@example.cn'))).toHaveLength(0);

    // The producer retries its request after the crash: the idempotency key keeps one message.
    const again = await notice('停电通知', w.people.headTeacher72, 'crash-test:power-cut', 'crash-test');
    expect(again).toMatchObject({ messageId, duplicate: true });

    const c = centre(port);
    await c.start();
    await eventually(async () => (await outbox(messageId))[0]?.status === 'sent');
    const [row] = await outbox(messageId);
    expect(row!.attempts).toBe(2);
    expect(smtp.mails.filter((m) => m.to.includes('liu@example.cn'))).toHaveLength(1);
    const visible = (await deliveriesOf(db.owner, w.people.headTeacher72)).filter(
      (d) => d.message_id === messageId,
    );
    expect(visible).toHaveLength(1);
    await c.stop();
  });
});
