import { describe, expect, it } from 'vitest';
import { defineApp } from '../app/define-app.ts';
import type { Person } from '../capabilities/directory.ts';
import { NotFoundError } from '../errors/index.ts';
import type { JsonValue } from '../json.ts';
import type { AppManifest } from '../manifest/types.ts';
import type { FakeGuardianship } from './fake-capabilities.ts';
import { createFakeHost } from './fake-host.ts';

const manifest: AppManifest = {
  id: 'com.example.guardians',
  version: '1.0.0',
  engines: { campusbase: '^0.1.0' },
  name: { zh: '家长通知', en: 'Guardian notices' },
  description: { zh: '家长通知', en: 'Guardian notices' },
  permissions: ['people:read:guardians', 'messages:send'],
  server: { entry: 'src/server.ts' },
  routes: [{ method: 'POST', path: '/students/:id/notify' }],
};

/** Notifies the guardians of one student, as the attendance app does for an absence. */
const app = defineApp({
  routes: {
    'POST /students/:id/notify': async (request, { people, messages }): Promise<JsonValue> => {
      try {
        const guardians = (await people.guardiansOf(request.param('id'))).map((guardian) => ({
          ...guardian,
        }));
        if (guardians.length === 0) return { sent: 0, guardians };
        const sent = await messages.send(
          { type: 'people', personIds: guardians.map((guardian) => guardian.id) },
          { title: '缺勤提醒', body: '您的孩子今天未到校。' },
        );
        return { sent: sent.recipientCount, guardians };
      } catch (error) {
        if (error instanceof NotFoundError) return { notFound: error.code };
        throw error;
      }
    },
  },
});

const people: Person[] = [
  { id: 's1', name: '李明', kind: 'student', orgUnitIds: ['c1'] },
  { id: 's2', name: '李红', kind: 'student', orgUnitIds: ['c1'] },
  {
    id: 'g1',
    name: '李强',
    kind: 'guardian',
    orgUnitIds: ['c1'],
    contact: { phone: '13800000003', email: null },
  },
  { id: 'g2', name: '王丽', kind: 'guardian', orgUnitIds: ['c1'] },
  { id: 't1', name: '王老师', kind: 'teacher', orgUnitIds: ['c1'] },
];
const guardianships: FakeGuardianship[] = [
  { studentId: 's1', guardianId: 'g1', relation: 'father' },
  { studentId: 's1', guardianId: 'g2', relation: 'mother' },
];

const host = (approvedScopes?: string[]) =>
  createFakeHost({ manifest, app, people, guardianships, ...(approvedScopes ? { approvedScopes } : {}) });

describe('fake host: people.guardiansOf', () => {
  it('gives the guardians of a student with relation and whether SMS reaches them, never the number', async () => {
    const fake = host();
    const response = await fake.request('POST', '/students/s1/notify');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      sent: 2,
      guardians: [
        { id: 'g2', name: '王丽', relation: 'mother', hasPhone: false },
        { id: 'g1', name: '李强', relation: 'father', hasPhone: true },
      ],
    });
    expect(JSON.stringify(response.body)).not.toContain('13800000003');
    expect(fake.records.messages[0]?.audience).toEqual({ type: 'people', personIds: ['g2', 'g1'] });
  });

  it('answers an empty list for a student without guardians and not found for anyone else', async () => {
    const fake = host();
    expect((await fake.request('POST', '/students/s2/notify')).body).toEqual({ sent: 0, guardians: [] });
    for (const id of ['t1', 'g1', 'nobody']) {
      expect((await fake.request('POST', `/students/${id}/notify`)).body).toEqual({
        notFound: 'student_not_found',
      });
    }
    expect(fake.records.messages).toHaveLength(0);
  });

  it('needs people:read:guardians, approved, and records the refusal', async () => {
    const fake = host(['messages:send']);
    const response = await fake.request('POST', '/students/s1/notify');
    expect(response).toMatchObject({
      status: 403,
      body: { error: { code: 'scope_not_approved', details: { scope: 'people:read:guardians' } } },
    });
    expect(fake.records.audit.at(-1)).toEqual({
      method: 'people.guardiansOf',
      allowed: false,
      code: 'scope_not_approved',
    });
  });

  it('checks the arguments like the runtime does', async () => {
    expect(await host().hostCall('people.guardiansOf', { studentId: '' })).toMatchObject({
      ok: false,
      error: { status: 400 },
    });
    expect(await host().hostCall('people.guardiansOf', { studentId: 's1', tenantId: 'x' })).toMatchObject({
      ok: false,
      error: { status: 400 },
    });
  });
});
