import type { Kysely } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/harness.ts';
import { provisionSimulatedDevices, type SimDevice } from '../simulator/provision.ts';
import type { IotTables } from '../tables.ts';
import { directoryFor } from '../testing/rig.ts';
import { createTestSchool } from '../testing/school.ts';
import { createDeviceCache } from './devices.ts';

let db: TestDatabase;
let owner: Kysely<IotTables>;
let devices: SimDevice[];

beforeAll(async () => {
  db = await createTestDatabase();
  owner = db.owner as unknown as Kysely<IotTables>;
  const school = await createTestSchool(owner, '2145019911');
  devices = await provisionSimulatedDevices(owner, school, 'classroom-sensor', 2);
});
afterAll(async () => {
  await db?.drop();
});

it('answers a batch from its own snapshot even when the cache entry expires meanwhile', async () => {
  // ttl 1 ms: every entry is expired by the time a batch looks at it. Before the snapshot, the
  // batch read the cache again and stored the messages as "unknown device" (found at 30 s, 1k devices).
  const cache = createDeviceCache(owner, directoryFor(owner), 1);
  const ids = [devices[0]!.id, devices[1]!.id, '00000000-0000-4000-8000-000000000000', 'not-a-uuid'];
  const known = await cache.load(ids);
  await new Promise((r) => setTimeout(r, 10));
  expect(cache.get(devices[0]!.id)).toBeUndefined();
  expect(known.get(devices[0]!.id)?.id).toBe(devices[0]!.id);
  expect(known.get(devices[1]!.id)?.tenantCode).toBe('2145019911');
  expect(known.get('00000000-0000-4000-8000-000000000000')).toBeNull();
  expect(known.has('not-a-uuid')).toBe(false);
});
