import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { errors, json } from '../auth/auth.schemas.ts';
import { requirePermission, requireTenant } from '../auth/principal.ts';
import { withTenant } from '../db/tenant-scope.ts';
import type { AppEnv } from '../http/types.ts';
import type { OrgUnit } from '../identity/identity.table.ts';
import { assertCan, auditedChange } from './admin-action.ts';
import { archiveUnit, findUnit, insertUnit, listUnits, moveUnit, updateUnit } from './org.repository.ts';

const tags = ['Organisation'];
const KindSchema = z.enum(['campus', 'department', 'grade', 'class', 'teaching_research_group']);

export const OrgUnitSchema = z
  .object({
    id: z.uuid(),
    parentId: z.uuid().nullable(),
    kind: KindSchema,
    name: z.string().openapi({ example: '七年级(2)班' }),
    code: z.string().nullable(),
    path: z.string(),
    sort: z.number().int(),
    archivedAt: z.string().nullable(),
  })
  .openapi('OrgUnit');

export function unitView(u: OrgUnit): z.infer<typeof OrgUnitSchema> {
  return {
    id: u.id,
    parentId: u.parent_id,
    kind: u.kind,
    name: u.name,
    code: u.code,
    path: u.path,
    sort: u.sort,
    archivedAt: u.archived_at?.toISOString() ?? null,
  };
}

const IdParam = z.object({ unitId: z.uuid().openapi({ param: { name: 'unitId', in: 'path' } }) });
const unitResponse = { 200: json(OrgUnitSchema, 'The unit'), ...errors(400, 401, 403, 404, 409) };

const list = createRoute({
  method: 'get',
  path: '/api/v1/org/units',
  tags,
  summary: 'The organisation tree of the active school (flat, ordered by path)',
  request: { query: z.object({ includeArchived: z.enum(['true', 'false']).optional() }) },
  responses: { 200: json(z.object({ units: z.array(OrgUnitSchema) }), 'Units'), ...errors(401, 403) },
});

const create = createRoute({
  method: 'post',
  path: '/api/v1/org/units',
  tags,
  summary: 'Create a campus, department, grade, class or teaching-research group',
  request: {
    body: {
      content: {
        'application/json': {
          schema: z.object({
            parentId: z.uuid().nullable().default(null),
            kind: KindSchema,
            name: z.string().trim().min(1).max(100),
            code: z
              .string()
              .regex(/^[0-9A-Za-z_.-]{1,64}$/)
              .nullable()
              .optional(),
            sort: z.number().int().optional(),
          }),
        },
      },
    },
  },
  responses: { 201: json(OrgUnitSchema, 'Created'), ...errors(400, 401, 403, 404, 409) },
});

const update = createRoute({
  method: 'patch',
  path: '/api/v1/org/units/{unitId}',
  tags,
  summary: 'Rename, re-code, re-order or move a unit (with its subtree)',
  request: {
    params: IdParam,
    body: {
      content: {
        'application/json': {
          schema: z.object({
            name: z.string().trim().min(1).max(100).optional(),
            code: z
              .string()
              .regex(/^[0-9A-Za-z_.-]{1,64}$/)
              .nullable()
              .optional(),
            sort: z.number().int().optional(),
            parentId: z.uuid().nullable().optional(),
          }),
        },
      },
    },
  },
  responses: unitResponse,
});

const archive = createRoute({
  method: 'post',
  path: '/api/v1/org/units/{unitId}/archive',
  tags,
  summary: 'Archive a unit: it keeps its history and is never hard-deleted while referenced',
  request: { params: IdParam },
  responses: unitResponse,
});

export function orgRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(list, async (c) => {
    // Anyone holding org:read anywhere in the school may read the tree's structure (for pickers).
    const me = requireTenant(c);
    if (!me.holdsAnywhere('org:read')) await requirePermission(c, 'org:read');
    const includeArchived = c.req.valid('query').includeArchived === 'true';
    const units = await withTenant(c.get('identity').db, me.activeTenantId, (trx) =>
      listUnits(trx, me.activeTenantId, { includeArchived }),
    );
    return c.json({ units: units.map(unitView) }, 200);
  });

  app.openapi(create, async (c) => {
    const body = c.req.valid('json');
    const unit = await auditedChange(c, 'org.unit.create', async (trx, me) => {
      const parent = body.parentId ? await findUnit(trx, me.activeTenantId, body.parentId) : null;
      assertCan(me, 'org:write', parent?.path ?? null);
      const value = await insertUnit(trx, me.activeTenantId, body);
      return {
        value,
        targetType: 'org_unit',
        targetId: value.id,
        details: { name: value.name, kind: value.kind },
      };
    });
    return c.json(unitView(unit), 201);
  });

  app.openapi(update, async (c) => {
    const { unitId } = c.req.valid('param');
    const body = c.req.valid('json');
    const unit = await auditedChange(c, 'org.unit.update', async (trx, me) => {
      const before = await findUnit(trx, me.activeTenantId, unitId);
      assertCan(me, 'org:write', before.path);
      let value = before;
      if (body.parentId !== undefined && body.parentId !== before.parent_id) {
        if (body.parentId)
          assertCan(me, 'org:write', (await findUnit(trx, me.activeTenantId, body.parentId)).path);
        else assertCan(me, 'org:write', null);
        value = await moveUnit(trx, me.activeTenantId, unitId, body.parentId);
      }
      const { parentId: _moved, ...fields } = body;
      if (Object.keys(fields).length > 0) value = await updateUnit(trx, me.activeTenantId, unitId, fields);
      return {
        value,
        targetType: 'org_unit',
        targetId: unitId,
        details: {
          before: { name: before.name, parentId: before.parent_id, code: before.code },
          changes: body,
        },
      };
    });
    return c.json(unitView(unit), 200);
  });

  app.openapi(archive, async (c) => {
    const { unitId } = c.req.valid('param');
    const unit = await auditedChange(c, 'org.unit.archive', async (trx, me) => {
      assertCan(me, 'org:write', (await findUnit(trx, me.activeTenantId, unitId)).path);
      const value = await archiveUnit(trx, me.activeTenantId, unitId);
      return { value, targetType: 'org_unit', targetId: unitId, details: { name: value.name } };
    });
    return c.json(unitView(unit), 200);
  });
}
