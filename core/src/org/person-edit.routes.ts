import { ConflictError, InputError, NotFoundError } from '@campusbase/plugin-sdk/errors';
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { errors, json } from '../auth/auth.schemas.ts';
import type { AppEnv } from '../http/types.ts';
import { isValidNationalId, normalisePhone, protectNationalId } from '../identity/identifiers.ts';
import type { PersonUpdate } from '../identity/identity.table.ts';
import { bumpAuthzVersion } from '../identity/persons.repository.ts';
import { assertCan, auditedChange } from './admin-action.ts';
import { memberOf } from './people.repository.ts';
import { assertMayManageAccount } from './person-guard.ts';

const PersonParam = z.object({ personId: z.uuid().openapi({ param: { name: 'personId', in: 'path' } }) });

const EditSchema = z
  .object({
    displayName: z.string().trim().min(1).max(100).optional(),
    phone: z.string().max(20).nullable().optional(),
    email: z.email().max(254).nullable().optional(),
    username: z
      .string()
      .regex(/^[A-Za-z0-9_.-]{3,64}$/)
      .nullable()
      .optional(),
    nationalId: z.string().max(18).nullable().optional(),
    /** The student or staff number (学号/工号) of one of the person's memberships here. */
    number: z
      .object({
        role: z.enum(['student', 'teacher', 'staff', 'parent']),
        value: z
          .string()
          .regex(/^[0-9A-Za-z_-]{1,32}$/)
          .nullable(),
      })
      .optional(),
  })
  .openapi('PersonEdit');

const edit = createRoute({
  method: 'patch',
  path: '/api/v1/people/{personId}',
  tags: ['People'],
  summary: 'Correct a member’s name, phone, email, username, national ID or student/staff number',
  description:
    'The account is shared by every school the person belongs to (一人一号): name and sign-in details can be ' +
    'changed here only for people who belong to this school alone, by an admin who holds every permission ' +
    'they hold. The student/staff number is this school’s own and needs people:write over the unit.',
  request: { params: PersonParam, body: { content: { 'application/json': { schema: EditSchema } } } },
  responses: {
    200: json(z.object({ ok: z.literal(true), changed: z.array(z.string()) }), 'Saved'),
    ...errors(400, 401, 403, 404, 409),
  },
});

type Edit = z.infer<typeof EditSchema>;

/** The persons columns an edit sets, validated and normalised (national ID: hash and mask only). */
function personChanges(body: Edit, nationalIdKey: string): PersonUpdate {
  const set: PersonUpdate = {};
  if (body.displayName !== undefined) set.display_name = body.displayName;
  if (body.phone !== undefined) {
    const phone = body.phone === null ? null : normalisePhone(body.phone);
    if (body.phone !== null && !phone)
      throw new InputError(
        { zh: '手机号格式不正确', en: 'The phone number is not valid' },
        { field: 'phone' },
      );
    set.phone = phone;
  }
  if (body.email !== undefined) set.email = body.email?.toLowerCase() ?? null;
  if (body.username !== undefined) set.username = body.username;
  if (body.nationalId !== undefined) {
    if (body.nationalId === null) {
      set.national_id_hash = null;
      set.national_id_masked = null;
    } else {
      if (!isValidNationalId(body.nationalId.toUpperCase()))
        throw new InputError(
          { zh: '身份证号不正确（校验位不符）', en: 'The national ID is not valid' },
          { field: 'nationalId' },
        );
      const nid = protectNationalId(body.nationalId, nationalIdKey);
      set.national_id_hash = nid.hash;
      set.national_id_masked = nid.masked;
    }
  }
  return set;
}

function conflict(error: { code?: string; constraint?: string }): never {
  if (error.code === '23505') {
    throw new ConflictError(
      {
        zh: '手机号、邮箱、用户名、身份证号或学号/工号已被其他人使用',
        en: 'The phone, email, username, national ID or number is already used by someone else',
      },
      { constraint: error.constraint },
    );
  }
  throw error;
}

export function personEditRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(edit, async (c) => {
    const { personId } = c.req.valid('param');
    const body = c.req.valid('json');
    const identity = c.get('identity');
    const set = personChanges(body, identity.keys.nationalId);
    const changed = [
      ...Object.keys(set).filter((k) => k !== 'national_id_masked'),
      ...(body.number ? ['number'] : []),
    ];
    if (changed.length === 0)
      throw new InputError({ zh: '没有要修改的内容', en: 'Nothing to change: send at least one field' });
    await auditedChange(c, 'people.update', async (trx, me) => {
      const rows =
        Object.keys(set).length > 0
          ? await assertMayManageAccount(trx, identity.db, me, personId, {
              permission: 'people:write',
              soleSchool: true,
            })
          : await memberOf(trx, me.activeTenantId, personId);
      if (Object.keys(set).length > 0) {
        await trx
          .updateTable('persons')
          .set({ ...set, updated_at: new Date() })
          .where('id', '=', personId)
          .execute()
          .catch(conflict);
      }
      if (body.number) {
        const number = body.number;
        const membership = rows.find((r) => r.role === number.role);
        if (!membership)
          throw new NotFoundError({
            zh: '此人在本校没有该身份',
            en: `This person has no ${number.role} membership in this school`,
          });
        assertCan(me, 'people:write', membership.orgUnitPath);
        await trx
          .updateTable('memberships')
          .set({ number: number.value, updated_at: new Date() })
          .where('tenant_id', '=', me.activeTenantId)
          .where('id', '=', membership.membershipId)
          .execute()
          .catch(conflict);
      }
      // Cached views of the person (/me, the session's name) are keyed by this version.
      await bumpAuthzVersion(trx, [personId]);
      return { value: null, targetType: 'person', targetId: personId, details: { fields: changed } };
    });
    return c.json({ ok: true as const, changed }, 200);
  });
}
