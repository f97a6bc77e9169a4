import { NotFoundError } from '@campusbase/plugin-sdk/errors';
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { errors, json, OkSchema } from '../auth/auth.schemas.ts';
import { sessionView } from '../auth/me.routes.ts';
import { readSecurityPolicy, SecurityPolicySchema, writeSecurityPolicy } from '../auth/policy.ts';
import { requirePermission } from '../auth/principal.ts';
import { deleteSessionsOfPerson, listSessionsOfPerson } from '../auth/sessions.repository.ts';
import { withTenant } from '../db/tenant-scope.ts';
import type { AppEnv } from '../http/types.ts';
import { bumpAuthzVersion } from '../identity/persons.repository.ts';
import { listSubtree } from '../tenancy/tenancy.repository.ts';
import { assertCan, auditedChange } from './admin-action.ts';
import { memberOf, personIdsOfTenant } from './people.repository.ts';

const PersonParam = z.object({ personId: z.uuid().openapi({ param: { name: 'personId', in: 'path' } }) });

const personSessions = createRoute({
  method: 'get',
  path: '/api/v1/people/{personId}/sessions',
  tags: ['People'],
  summary: 'A member’s active sessions (admin)',
  request: { params: PersonParam },
  responses: {
    200: json(z.object({ sessions: z.array(z.object({ id: z.string() }).passthrough()) }), 'Sessions'),
    ...errors(401, 403, 404),
  },
});

const endPersonSessions = createRoute({
  method: 'delete',
  path: '/api/v1/people/{personId}/sessions',
  tags: ['People'],
  summary: 'End every session of a member (admin)',
  request: { params: PersonParam },
  responses: { 200: json(OkSchema, 'Ended'), ...errors(401, 403, 404) },
});

const addGuardian = createRoute({
  method: 'post',
  path: '/api/v1/guardianships',
  tags: ['People'],
  summary: 'Link a parent to a student of this school; the parent may belong to another school',
  request: {
    body: {
      content: {
        'application/json': {
          schema: z.object({
            studentPersonId: z.uuid(),
            guardianPersonId: z.uuid(),
            relation: z.enum(['father', 'mother', 'grandparent', 'guardian', 'other']).default('guardian'),
          }),
        },
      },
    },
  },
  responses: { 201: json(z.object({ id: z.uuid() }), 'Linked'), ...errors(400, 401, 403, 404, 409) },
});

const getPolicy = createRoute({
  method: 'get',
  path: '/api/v1/security-policy',
  tags: ['Security'],
  summary: 'The active tenant’s password, lockout and MFA policy',
  responses: { 200: json(SecurityPolicySchema, 'Policy'), ...errors(401, 403) },
});

const putPolicy = createRoute({
  method: 'put',
  path: '/api/v1/security-policy',
  tags: ['Security'],
  summary: 'Set the password, lockout and MFA policy',
  request: { body: { content: { 'application/json': { schema: SecurityPolicySchema } } } },
  responses: { 200: json(SecurityPolicySchema, 'Saved'), ...errors(400, 401, 403) },
});

const aggregates = createRoute({
  method: 'get',
  path: '/api/v1/bureau/aggregates',
  tags: ['Bureau'],
  summary: 'Counts per school below the bureau: no personal data',
  responses: {
    200: json(
      z.object({
        schools: z.array(
          z.object({
            tenantId: z.uuid(),
            code: z.string(),
            name: z.string(),
            students: z.number(),
            teachers: z.number(),
            classes: z.number(),
          }),
        ),
      }),
      'Aggregates',
    ),
    ...errors(401, 403),
  },
});

export function adminRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(personSessions, async (c) => {
    const { personId } = c.req.valid('param');
    const me = await requirePermission(c, 'sessions:manage');
    await withTenant(c.get('identity').db, me.activeTenantId, (trx) =>
      memberOf(trx, me.activeTenantId, personId),
    );
    const sessions = await listSessionsOfPerson(c.get('identity').db, personId);
    return c.json({ sessions: sessions.map((s) => sessionView(s, null)) }, 200);
  });

  app.openapi(endPersonSessions, async (c) => {
    const { personId } = c.req.valid('param');
    const ended = await auditedChange(c, 'auth.session.revoke_all', async (trx, me) => {
      const rows = await memberOf(trx, me.activeTenantId, personId);
      for (const r of rows) assertCan(me, 'sessions:manage', r.orgUnitPath);
      return { value: await deleteSessionsOfPerson(trx, personId), targetType: 'person', targetId: personId };
    });
    // Deleted inside the transaction: this node forgets them now, the others on the commit NOTIFY.
    c.get('identity').sessions.forgetPersons([personId]);
    return c.json({ ok: true as const, ended }, 200);
  });

  app.openapi(addGuardian, async (c) => {
    const body = c.req.valid('json');
    const id = await auditedChange(c, 'people.guardianship.add', async (trx, me) => {
      const student = (await memberOf(trx, me.activeTenantId, body.studentPersonId)).find(
        (m) => m.role === 'student',
      );
      if (!student) throw new NotFoundError({ zh: '本校没有这名学生', en: 'No such student in this school' });
      assertCan(me, 'people:write', student.orgUnitPath);
      const guardian = await trx
        .selectFrom('persons')
        .select('id')
        .where('id', '=', body.guardianPersonId)
        .executeTakeFirst();
      if (!guardian) throw new NotFoundError({ zh: '家长账号不存在', en: 'No such guardian account' });
      const row = await trx
        .insertInto('guardianships')
        .values({
          tenant_id: me.activeTenantId,
          guardian_person_id: body.guardianPersonId,
          student_person_id: body.studentPersonId,
          relation: body.relation,
        })
        .onConflict((oc) =>
          oc
            .columns(['tenant_id', 'guardian_person_id', 'student_person_id'])
            .doUpdateSet({ relation: body.relation }),
        )
        .returning('id')
        .executeTakeFirstOrThrow();
      // The parent becomes a member of the child's class as a parent, so they can switch into this school.
      await trx
        .insertInto('memberships')
        .values({
          tenant_id: me.activeTenantId,
          person_id: body.guardianPersonId,
          org_unit_id: student.orgUnitId,
          role: 'parent',
          number: null,
        })
        .onConflict((oc) => oc.columns(['tenant_id', 'person_id', 'role']).doNothing())
        .execute();
      await bumpAuthzVersion(trx, [body.guardianPersonId]);
      return {
        value: row.id,
        targetType: 'person',
        targetId: body.studentPersonId,
        details: { guardian: body.guardianPersonId, relation: body.relation },
      };
    });
    return c.json({ id }, 201);
  });

  app.openapi(getPolicy, async (c) => {
    const me = await requirePermission(c, 'settings:write');
    return c.json(
      await withTenant(c.get('identity').db, me.activeTenantId, (trx) =>
        readSecurityPolicy(trx, me.activeTenantId),
      ),
      200,
    );
  });

  app.openapi(putPolicy, async (c) => {
    const policy = c.req.valid('json');
    await auditedChange(c, 'settings.security_policy', async (trx, me) => {
      assertCan(me, 'settings:write', null);
      const before = await readSecurityPolicy(trx, me.activeTenantId);
      await writeSecurityPolicy(trx, me.activeTenantId, policy);
      // Cached permissions carry the MFA rule: a new authz version for everyone here applies it now.
      if (before.requireMfaForAdmins !== policy.requireMfaForAdmins)
        await bumpAuthzVersion(trx, await personIdsOfTenant(trx, me.activeTenantId));
      return { value: null, targetType: 'tenant', targetId: me.activeTenantId, details: { policy } };
    });
    return c.json(policy, 200);
  });

  app.openapi(aggregates, async (c) => {
    const me = await requirePermission(c, 'bureau:aggregates:read');
    const db = c.get('identity').db;
    const schools = (await listSubtree(db, { path: me.tenantPath ?? '/none/' })).filter(
      (t) => t.kind === 'school' && t.status === 'active',
    );
    const result = [];
    for (const school of schools) {
      const counts = await withTenant(db, school.id, async (trx) => {
        const members = await trx
          .selectFrom('memberships')
          .select(['role', (eb) => eb.fn.countAll<number>().as('n')])
          .where('tenant_id', '=', school.id)
          .where('status', '=', 'active')
          .groupBy('role')
          .execute();
        const classes = await trx
          .selectFrom('org_units')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('tenant_id', '=', school.id)
          .where('kind', '=', 'class')
          .where('archived_at', 'is', null)
          .executeTakeFirstOrThrow();
        const by = (role: string) => Number(members.find((m) => m.role === role)?.n ?? 0);
        return { students: by('student'), teachers: by('teacher'), classes: Number(classes.n) };
      });
      result.push({ tenantId: school.id, code: school.code, name: school.name, ...counts });
    }
    return c.json({ schools: result }, 200);
  });
}
