import { ConflictError, InputError } from '@campusbase/plugin-sdk/errors';
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { errors, json, OkSchema } from '../auth/auth.schemas.ts';
import { hashPassword } from '../auth/password.ts';
import { DEFAULT_POLICY, passwordProblems, readSecurityPolicy } from '../auth/policy.ts';
import { requirePermission } from '../auth/principal.ts';
import { deleteSessionsOfPerson } from '../auth/sessions.repository.ts';
import { withTenant } from '../db/tenant-scope.ts';
import type { AppEnv } from '../http/types.ts';
import { isValidNationalId, normalisePhone, protectNationalId } from '../identity/identifiers.ts';
import type { Person } from '../identity/identity.table.ts';
import { listPersonTenants } from '../identity/person-tenants.ts';
import {
  bumpAuthzVersion,
  findPersonByLogin,
  findPersonByNationalIdHash,
  insertPerson,
} from '../identity/persons.repository.ts';
import { assertCan, auditedChange } from './admin-action.ts';
import { findUnit } from './org.repository.ts';
import { listMembers, type MemberRow, memberOf } from './people.repository.ts';

const tags = ['People'];
const RoleSchema = z.enum(['student', 'teacher', 'staff', 'parent']);

const MemberSchema = z
  .object({
    membershipId: z.uuid(),
    personId: z.uuid(),
    displayName: z.string().openapi({ example: '李明轩' }),
    phone: z
      .string()
      .nullable()
      .openapi({ description: 'Masked unless you hold people:read:contact over the unit' }),
    email: z.string().nullable(),
    username: z.string().nullable(),
    nationalIdMasked: z.string().nullable(),
    personStatus: z.enum(['active', 'disabled']),
    role: z.string(),
    number: z.string().nullable().openapi({ example: '20250702015' }),
    status: z.enum(['active', 'inactive']),
    orgUnitId: z.uuid().nullable(),
    orgUnitName: z.string().nullable(),
  })
  .openapi('Member');

const PersonParam = z.object({ personId: z.uuid().openapi({ param: { name: 'personId', in: 'path' } }) });

const list = createRoute({
  method: 'get',
  path: '/api/v1/people',
  tags,
  summary: 'People of the active school, limited to the org subtrees you may read',
  request: {
    query: z.object({
      role: RoleSchema.optional(),
      q: z.string().max(50).optional(),
      limit: z.coerce.number().int().min(1).max(500).default(100),
      offset: z.coerce.number().int().min(0).default(0),
    }),
  },
  responses: { 200: json(z.object({ people: z.array(MemberSchema) }), 'People'), ...errors(401, 403) },
});

const create = createRoute({
  method: 'post',
  path: '/api/v1/people',
  tags,
  summary:
    'Add a person to the school (reusing their global account when phone or national ID matches: 一人一号)',
  request: {
    body: {
      content: {
        'application/json': {
          schema: z.object({
            displayName: z.string().trim().min(1).max(100),
            phone: z.string().max(20).optional(),
            email: z.email().max(254).optional(),
            username: z
              .string()
              .regex(/^[A-Za-z0-9_.-]{3,64}$/)
              .optional(),
            nationalId: z.string().max(18).optional(),
            initialPassword: z.string().max(256).optional(),
            role: RoleSchema,
            orgUnitId: z.uuid().nullable().default(null),
            number: z
              .string()
              .regex(/^[0-9A-Za-z_-]{1,32}$/)
              .optional(),
          }),
        },
      },
    },
  },
  responses: { 201: json(MemberSchema, 'Added'), ...errors(400, 401, 403, 404, 409) },
});

const disable = createRoute({
  method: 'post',
  path: '/api/v1/people/{personId}/disable',
  tags,
  summary: 'Disable a person in this school and end all their sessions',
  request: { params: PersonParam },
  responses: { 200: json(OkSchema, 'Disabled'), ...errors(401, 403, 404) },
});

function view(row: MemberRow, canContact: boolean): z.infer<typeof MemberSchema> {
  const { orgUnitPath: _path, ...rest } = row;
  const phone = row.phone && !canContact ? `${row.phone.slice(0, 3)}****${row.phone.slice(-4)}` : row.phone;
  return { ...rest, phone, email: canContact ? row.email : null };
}

export function peopleRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(list, async (c) => {
    const me = c.get('principal');
    const scope = me?.scopeOf('people:read');
    if (!me?.activeTenantId || !scope || scope.kind === 'none') await requirePermission(c, 'people:read');
    const tenantId = me?.activeTenantId as string;
    const query = c.req.valid('query');
    const rows = await withTenant(c.get('identity').db, tenantId, async (trx) => {
      let subtreePaths: string[] | undefined;
      if (scope?.kind === 'units') {
        subtreePaths = await Promise.all(
          scope.unitIds.map(async (id) => (await findUnit(trx, tenantId, id)).path),
        );
      }
      return listMembers(trx, tenantId, { ...query, ...(subtreePaths ? { subtreePaths } : {}) });
    });
    return c.json(
      { people: rows.map((r) => view(r, me?.can('people:read:contact', r.orgUnitPath) ?? false)) },
      200,
    );
  });

  app.openapi(create, async (c) => {
    const body = c.req.valid('json');
    const identity = c.get('identity');
    const phone = body.phone ? normalisePhone(body.phone) : null;
    if (body.phone && !phone)
      throw new InputError(
        { zh: '手机号格式不正确', en: 'The phone number is not valid' },
        { field: 'phone' },
      );
    if (body.nationalId && !isValidNationalId(body.nationalId.toUpperCase())) {
      throw new InputError(
        { zh: '身份证号不正确（校验位不符）', en: 'The national ID is not valid' },
        { field: 'nationalId' },
      );
    }
    const nid = body.nationalId ? protectNationalId(body.nationalId, identity.keys.nationalId) : null;
    const row = await auditedChange(c, 'people.create', async (trx, me) => {
      const unit = body.orgUnitId ? await findUnit(trx, me.activeTenantId, body.orgUnitId) : null;
      assertCan(me, 'people:write', unit?.path ?? null);
      let person: Person | undefined =
        (nid ? await findPersonByNationalIdHash(trx, nid.hash) : undefined) ??
        (phone ? await findPersonByLogin(trx, { kind: 'phone', value: phone }) : undefined);
      const reused = Boolean(person);
      if (!person) {
        let passwordHash: string | null = null;
        if (body.initialPassword) {
          const problems = passwordProblems(
            body.initialPassword,
            (await readSecurityPolicy(trx, me.activeTenantId)) ?? DEFAULT_POLICY,
          );
          if (problems.length > 0) {
            throw new InputError(
              { zh: problems.map((p) => p.zh).join('；'), en: problems.map((p) => p.en).join('; ') },
              { field: 'initialPassword' },
              'weak_password',
            );
          }
          passwordHash = await hashPassword(body.initialPassword);
        }
        person = await insertPerson(trx, {
          display_name: body.displayName,
          phone,
          email: body.email ?? null,
          username: body.username ?? null,
          password_hash: passwordHash,
          password_changed_at: passwordHash ? new Date() : null,
          national_id_hash: nid?.hash ?? null,
          national_id_masked: nid?.masked ?? null,
        }).catch((error: { code?: string; constraint?: string }) => {
          if (error.code === '23505') {
            throw new ConflictError({
              zh: '邮箱或用户名已被其他账号使用',
              en: 'The email or username is already used by another account',
            });
          }
          throw error;
        });
      }
      const existing = await trx
        .selectFrom('memberships')
        .select('id')
        .where('tenant_id', '=', me.activeTenantId)
        .where((eb) =>
          eb.or([
            eb.and([eb('person_id', '=', person.id), eb('role', '=', body.role)]),
            ...(body.number ? [eb('number', '=', body.number)] : []),
          ]),
        )
        .executeTakeFirst();
      if (existing) {
        throw new ConflictError({
          zh: '此人已是本校该身份的成员，或学号/工号已被使用',
          en: 'This person already has this role here, or the number is taken',
        });
      }
      await trx
        .insertInto('memberships')
        .values({
          tenant_id: me.activeTenantId,
          person_id: person.id,
          org_unit_id: body.orgUnitId,
          role: body.role,
          number: body.number ?? null,
        })
        .execute();
      await bumpAuthzVersion(trx, [person.id]);
      const [value] = (await memberOf(trx, me.activeTenantId, person.id)).filter((m) => m.role === body.role);
      return {
        value: value as MemberRow,
        targetType: 'person',
        targetId: person.id,
        details: { role: body.role, orgUnitId: body.orgUnitId, reusedAccount: reused },
      };
    });
    return c.json(view(row, true), 201);
  });

  app.openapi(disable, async (c) => {
    const { personId } = c.req.valid('param');
    const db = c.get('identity').db;
    await auditedChange(c, 'people.disable', async (trx, me) => {
      const rows = await memberOf(trx, me.activeTenantId, personId);
      for (const r of rows) assertCan(me, 'people:write', r.orgUnitPath);
      await trx
        .updateTable('memberships')
        .set({ status: 'inactive', updated_at: new Date() })
        .where('tenant_id', '=', me.activeTenantId)
        .where('person_id', '=', personId)
        .execute();
      await bumpAuthzVersion(trx, [personId]);
      return { value: null, targetType: 'person', targetId: personId };
    });
    // The account itself is disabled only when no other school still counts the person as its own.
    const elsewhere = (await listPersonTenants(db, personId)).length > 0;
    if (!elsewhere)
      await db
        .updateTable('persons')
        .set({ status: 'disabled', updated_at: new Date() })
        .where('id', '=', personId)
        .execute();
    await deleteSessionsOfPerson(db, personId);
    await c.get('identity').settle();
    return c.json({ ok: true as const }, 200);
  });
}
