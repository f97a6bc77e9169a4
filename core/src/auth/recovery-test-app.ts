import { createApp } from '../app.ts';
import { createLogger } from '../logger.ts';
import { seedDemo } from '../seed/demo.ts';
import '../seed/identity-demo.ts';
import '../identity/recovery.seed.ts';
import { listen } from '../server.ts';
import type { TestDatabase } from '../../../test/harness.ts';
import { freePort } from '../../../test/ports.ts';
import type { IdentityMail } from './mail-sender.ts';
import { mountIdentity } from './mount.ts';
import { startSessionEvents } from './session-events.ts';

/**
 * For integration tests of credential recovery: the identity routes on a real HTTP server over a
 * migrated database with the demo people, the node's session change feed, a clock the test moves,
 * and the SMS and mail that were sent (what a phone or mailbox would receive).
 */
export async function startRecoveryApp(db: TestDatabase) {
  const logger = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');
  await seedDemo(db.owner, logger);
  const sms: Array<{ phone: string; text: string }> = [];
  const mail: IdentityMail[] = [];
  let offsetMs = 0;
  const sessionEvents = await startSessionEvents(db.appUrl, logger);
  const app = createApp({ logger, readiness: () => [] });
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  mountIdentity(app, { ...db, embedded: null, close: async () => undefined }, logger, {
    secret: 'recovery-test-secret-key-0123456789abcdef',
    publicUrl: url,
    sessionEvents,
    clock: () => new Date(Date.now() + offsetMs),
    sms: { send: async (m) => void sms.push({ phone: m.phone, text: m.text }) },
    mail: { send: async (m) => void mail.push(m) },
  });
  const server = await listen(app.fetch, port, '127.0.0.1');
  return {
    url,
    /** Moves the identity clock forward (codes, links and the recent-SMS window expire by it). */
    advance(ms: number) {
      offsetMs += ms;
    },
    /** The last 6-digit code texted to a number. */
    lastCode(phone: string): string {
      const text = sms.filter((m) => m.phone === phone).at(-1)?.text ?? '';
      const code = /\d{6}/.exec(text)?.[0];
      if (!code) throw new Error(`no code was texted to ${phone}`);
      return code;
    },
    texted: (phone: string) => sms.filter((m) => m.phone === phone).length,
    /** The reset token from the last mail to an address. */
    lastLinkToken(to: string): string {
      const text = mail.filter((m) => m.to === to).at(-1)?.text ?? '';
      const token = /#reset=([A-Za-z0-9_-]+)/.exec(text)?.[1];
      if (!token) throw new Error(`no reset link was mailed to ${to}`);
      return token;
    },
    mailed: (to: string) => mail.filter((m) => m.to === to),
    async stop() {
      await server.close(1000);
      await sessionEvents.close();
    },
  };
}
