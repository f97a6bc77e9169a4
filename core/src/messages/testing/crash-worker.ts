// The crash test's victim: commits a message with an email delivery, then runs the real email
// worker, whose driver announces `claimed` and hangs, so the test can kill -9 it between commit
// and delivery. Env: OWNER_URL, APP_URL, TENANT_ID, PERSON_ID, LEASE_MS.
import { createKysely } from '../../db/pool.ts';
import type { Database } from '../../db/database.ts';
import { withTenant } from '../../db/tenant-scope.ts';
import { createLogger } from '../../logger.ts';
import { ChannelWorker } from '../delivery/worker.ts';
import { freeText } from '../render.ts';
import { sendMessage } from '../send.ts';

const env = process.env as Record<string, string>;
const owner = createKysely<Database>(env.OWNER_URL!, { max: 2 });
const app = createKysely<Database>(env.APP_URL!, { max: 2 });
const sent = await withTenant(app, env.TENANT_ID!, (trx) =>
  sendMessage(trx, {
    tenantId: env.TENANT_ID!,
    sender: { kind: 'platform', module: 'crash-test', name: '教务处' },
    category: 'notice',
    content: freeText({ title: '停电通知', body: '本周六全校停电检修。' }),
    recipients: [env.PERSON_ID!],
    channels: ['email'],
    idempotencyKey: 'crash-test:power-cut',
  }),
);
process.stdout.write(`committed ${sent.messageId}\n`);
const worker = new ChannelWorker(
  owner,
  {
    channel: 'email',
    personal: true,
    deliver: () => {
      process.stdout.write('claimed\n');
      return new Promise<never>(() => undefined);
    },
  },
  createLogger('silent'),
  { leaseMs: Number(env.LEASE_MS ?? 1000), pollMs: 50 },
);
worker.start(null);
