import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/harness.ts';
import { startTestPlatform } from '../../../test/platform.ts';
import { TestBrowser } from '../identity/test-client.ts';
import type { Platform } from '../platform.ts';

/**
 * Two platform nodes on one database. Each node caches recently validated sessions; these tests
 * make node B hold a session in its cache, change it on node A, and expect B's very next request
 * to see the change (the NOTIFY sent at A's commit evicts it on B).
 */
describe('session revocation across nodes, over real HTTP against PostgreSQL', () => {
  let db: TestDatabase;
  let a: Platform;
  let b: Platform;
  const on = (node: Platform, cookie: string | null = null) => {
    const client = new TestBrowser(node.url.replace('localhost', '127.0.0.1'));
    client.cookie = cookie;
    return client;
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    a = await startTestPlatform(db);
    b = await startTestPlatform(db);
  });
  afterAll(async () => {
    await b?.stop();
    await a?.stop();
    await db?.drop();
  });

  async function cachedOnB(login: string) {
    const onA = on(a);
    await onA.login(login);
    const onB = on(b, onA.cookie);
    const me = await onB.get('/api/v1/me');
    expect(me.status).toBe(200);
    return { onA, onB, personId: (me.json.person as { id: string }).id };
  }

  it('refuses on node B a session logged out on node A', async () => {
    const { onA, onB } = await cachedOnB('linmeiling');
    expect((await onA.post('/api/v1/auth/logout')).status).toBe(200);
    expect((await onB.get('/api/v1/me')).status).toBe(401);
  });

  it('refuses on node B the sessions an admin ends on node A', async () => {
    const { onB, personId } = await cachedOnB('hejianhua');
    const admin = on(a);
    await admin.login('admin.fenglin');
    expect((await admin.request('DELETE', `/api/v1/people/${personId}/sessions`)).status).toBe(200);
    expect((await onB.get('/api/v1/me')).status).toBe(401);
  });

  it('refuses on node B a person disabled on node A', async () => {
    const { onB, personId } = await cachedOnB('yangfan');
    const admin = on(a);
    await admin.login('admin.yongjiang');
    expect((await admin.post(`/api/v1/people/${personId}/disable`)).status).toBe(200);
    expect((await onB.get('/api/v1/me')).status).toBe(401);
  });

  it('applies on node B a grant and its revocation made on node A', async () => {
    const { onB, personId } = await cachedOnB('zhoulijuan');
    expect((await onB.get('/api/v1/audit?limit=1')).status).toBe(403);
    const admin = on(a);
    await admin.login('admin.fenglin');
    const granted = await admin.post('/api/v1/role-grants', { personId, role: 'it_admin', orgUnitId: null });
    expect(granted.status).toBe(201);
    expect((await onB.get('/api/v1/audit?limit=1')).status).toBe(200);
    const grantId = granted.json.id as string;
    expect((await admin.request('DELETE', `/api/v1/role-grants/${grantId}`)).status).toBe(200);
    expect((await onB.get('/api/v1/audit?limit=1')).status).toBe(403);
  });

  it('refuses on node A a session whose password an admin reset on node B', async () => {
    const onA = on(a);
    await onA.login('zhangxiaoyan');
    expect((await onA.get('/api/v1/me')).status).toBe(200);
    const personId = ((await onA.get('/api/v1/me')).json.person as { id: string }).id;
    const admin = on(b);
    await admin.login('admin.yongjiang');
    expect((await admin.post(`/api/v1/people/${personId}/password-reset`)).status).toBe(200);
    expect((await onA.get('/api/v1/me')).status).toBe(401);
  });
});
