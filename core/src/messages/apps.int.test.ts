import type { AppManifest } from '@campusbase/plugin-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/harness.ts';
import type { CallBinding } from '../apps/binding.ts';
import { CapabilityHost } from '../apps/capabilities/host.ts';
import { QuotaCounter } from '../apps/quotas.ts';
import { createLogger } from '../logger.ts';
import { appMessagesPort } from './ports.ts';
import { createWorld, deliveriesOf, type World } from './testing/world.ts';

let db: TestDatabase;
let w: World;

beforeAll(async () => {
  db = await createTestDatabase();
  w = await createWorld(db.owner);
});
afterAll(() => db?.drop());

const manifest = (permissions: string[]): AppManifest =>
  ({
    id: 'attendance',
    version: '1.0.0',
    engines: { campusbase: '^0.1.0' },
    name: { zh: '智慧考勤', en: 'Attendance' },
    description: { zh: '到校离校', en: 'Arrivals' },
    permissions,
  }) as AppManifest;

function binding(permissions: string[], approved: string[]): CallBinding {
  return {
    installation: {
      tenantId: w.schoolA,
      schoolName: '测试实验中学',
      installationId: crypto.randomUUID(),
      appId: 'attendance',
      versionId: crypto.randomUUID(),
      version: '1.0.0',
      bundleDigest: null,
      manifest: manifest(permissions),
      approvedScopes: approved,
      settings: {},
      status: 'enabled',
    },
    personId: null,
    requestId: 'test',
    trigger: 'job arrivals',
  };
}

describe('apps send through the SDK capability', () => {
  const audit: Array<{ action: string; result: string }> = [];
  const host = () =>
    new CapabilityHost({
      db: db.app,
      ports: { audit: { record: async (e) => void audit.push(e) }, messages: appMessagesPort(db.app) },
      quotas: new QuotaCounter(),
      logger: createLogger('silent'),
    });
  const args = {
    audience: { type: 'orgUnit', orgUnitId: '', kinds: ['guardian'] },
    message: { title: '李明已到校', body: '李明于 07:42 刷卡进校。', page: 'arrivals' },
  };

  it('refuses an app without the messages:send scope, and sends nothing', async () => {
    const before = (await deliveriesOf(db.owner, w.people.parent1)).length;
    const call = { ...args, audience: { ...args.audience, orgUnitId: w.units.class72 } };
    await expect(host().handle(binding([], []), 'messages.send', call)).rejects.toMatchObject({
      status: 403,
      code: 'scope_not_declared',
    });
    await expect(host().handle(binding(['messages:send'], []), 'messages.send', call)).rejects.toMatchObject({
      status: 403,
      code: 'scope_not_approved',
    });
    expect((await deliveriesOf(db.owner, w.people.parent1)).length).toBe(before);
    expect(audit.filter((a) => a.result === 'denied')).toHaveLength(2);
  });

  it('delivers for an app whose scope the school approved, to the parents of the class only', async () => {
    const call = { ...args, audience: { ...args.audience, orgUnitId: w.units.class72 } };
    const result = (await host().handle(
      binding(['messages:send'], ['messages:send']),
      'messages.send',
      call,
    )) as {
      recipientCount: number;
      messageId: string;
    };
    expect(result.recipientCount).toBe(3);
    expect(
      (await deliveriesOf(db.owner, w.people.parent1)).some((d) => d.message_id === result.messageId),
    ).toBe(true);
    expect(
      (await deliveriesOf(db.owner, w.people.parent3)).some((d) => d.message_id === result.messageId),
    ).toBe(false);
  });
});
