import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../../test/ports.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/harness.ts';
import { eventually } from './testing/harness.ts';
import { stopChild } from './testing/processes.ts';
import { openSse } from './testing/sse-client.ts';
import { createWorld, sessionCookie, type World } from './testing/world.ts';

const root = resolve(import.meta.dirname, '../../..');
let db: TestDatabase;
let w: World;
let dataDir: string;
const nodes: Array<{ url: string; child: ChildProcess }> = [];

/** `campusbase start` in its own process, on the shared database. */
async function startNode(): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(process.execPath, [join(root, 'core/src/cli/main.ts'), 'start'], {
    env: {
      ...process.env,
      NODE_ENV: 'test',
      DATABASE_URL: db.ownerUrl,
      APP_DB_ROLE: 'campusbase_msg_nodes',
      SECRET_KEY: 'test-secret-key-test-secret-key-0123456789',
      PORT: String(port),
      MQTT_PORT: String(await freePort()),
      APP_ORIGIN_PORT: String(await freePort()),
      DATA_DIR: dataDir,
      DEMO_SEED: 'false',
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
      SHUTDOWN_GRACE_MS: '2000',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const node = { url, child };
  nodes.push(node);
  await eventually(async () => {
    if (child.exitCode !== null) throw new Error(`node exited with ${child.exitCode}`);
    return fetch(`${url}/readyz`).then(
      (r) => r.status === 200,
      () => false,
    );
  }, 90_000);
  return node;
}

beforeAll(async () => {
  db = await createTestDatabase();
  w = await createWorld(db.owner);
  dataDir = await mkdtemp(join(tmpdir(), 'campusbase-msg-nodes-'));
});
afterAll(async () => {
  for (const node of nodes) await stopChild(node.child, 'SIGINT');
  await db?.drop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('two server processes on one database', () => {
  it('a notice sent through one reaches an SSE client connected to the other, and resumes by Last-Event-ID', async () => {
    const a = await startNode();
    const b = await startNode();
    const teacher = await sessionCookie(db.owner, w.people.headTeacher72, w.schoolA);
    const parent = await sessionCookie(db.owner, w.people.parent2, w.schoolA);

    const stream = openSse(`${b.url}/api/v1/inbox/stream`, { cookie: parent });
    await stream.next((e) => e.event === 'ready');
    const send = (title: string) =>
      fetch(`${a.url}/api/v1/messages`, {
        method: 'POST',
        headers: { cookie: teacher, 'content-type': 'application/json' },
        body: JSON.stringify({
          title,
          body: '请家长知悉。',
          audience: [{ kind: 'unit', orgUnitId: w.units.class72, roles: ['parent'] }],
          channels: [],
        }),
      }).then(async (r) => ({ status: r.status, body: (await r.json()) as { messageId: string } }));

    const first = await send('关于期中考试安排的通知');
    expect(first.status).toBe(201);
    const pushed = await stream.next(
      (e) => e.event === 'message' && JSON.parse(e.data).messageId === first.body.messageId,
    );
    expect(JSON.parse(pushed.data)).toMatchObject({ title: '关于期中考试安排的通知', category: 'notice' });
    stream.close();

    // While the client is away, another notice; it comes back with Last-Event-ID and gets it.
    const second = await send('关于冬季作息时间调整的通知');
    const resumed = openSse(`${b.url}/api/v1/inbox/stream`, { cookie: parent, 'last-event-id': pushed.id! });
    const missed = await resumed.next(
      (e) => e.event === 'message' && JSON.parse(e.data).messageId === second.body.messageId,
    );
    expect(Number(missed.id)).toBeGreaterThan(Number(pushed.id));
    resumed.close();

    // Someone else's stream on node A never sees the class 7-2 notice.
    const outsider = openSse(`${a.url}/api/v1/inbox/stream`, {
      cookie: await sessionCookie(db.owner, w.people.parent3, w.schoolA),
    });
    await outsider.next((e) => e.event === 'ready');
    const third = await send('第三条通知');
    const parentAgain = openSse(`${a.url}/api/v1/inbox/stream`, {
      cookie: parent,
      'last-event-id': missed.id!,
    });
    await parentAgain.next(
      (e) => e.event === 'message' && JSON.parse(e.data).messageId === third.body.messageId,
    );
    expect(outsider.events.filter((e) => e.event === 'message')).toHaveLength(0);
    outsider.close();
    parentAgain.close();
  });
});
