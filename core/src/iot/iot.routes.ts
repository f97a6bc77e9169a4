import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { requirePermission } from '../auth/principal.ts';
import { ErrorSchema } from '../http/openapi.ts';
import type { AppEnv } from '../http/types.ts';
import type { IotServices } from './iot.runtime.ts';
import {
  CredentialsSchema,
  credentialsDto,
  DeviceInputSchema,
  DevicePatchSchema,
  DeviceSchema,
  deviceDto,
  GroupInputSchema,
  GroupSchema,
  groupDto,
  ProfileInputSchema,
  ProfileSchema,
  profileDto,
} from './iot.schemas.ts';

/** Checks a permission in the caller's active school and returns who they are and where. */
export type Authorize = (
  c: Context<AppEnv>,
  permission: string,
) => Promise<{ personId: string; activeTenantId: string }>;
export const defaultAuthorize: Authorize = (c, permission) => requirePermission(c, permission);

const PERMISSION = 'devices:manage';
const tags = ['Devices'];
const errors = {
  400: { content: { 'application/json': { schema: ErrorSchema } }, description: 'Invalid input' },
  401: { content: { 'application/json': { schema: ErrorSchema } }, description: 'Not logged in' },
  403: { content: { 'application/json': { schema: ErrorSchema } }, description: 'Missing devices:manage' },
  404: { content: { 'application/json': { schema: ErrorSchema } }, description: 'Not found' },
  409: { content: { 'application/json': { schema: ErrorSchema } }, description: 'Conflict' },
};
const json = <T extends z.ZodType>(schema: T, description: string) => ({
  content: { 'application/json': { schema } },
  description,
});
const body = <T extends z.ZodType>(schema: T) => ({
  body: { content: { 'application/json': { schema } }, required: true },
});
const idParam = z.object({ id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }) });

const routes = {
  listProfiles: createRoute({
    method: 'get',
    path: '/api/v1/iot/profiles',
    tags,
    summary: '设备类型 Device profiles of the school',
    responses: { 200: json(z.array(ProfileSchema), 'Profiles'), ...errors },
  }),
  createProfile: createRoute({
    method: 'post',
    path: '/api/v1/iot/profiles',
    tags,
    summary: 'Create a device profile with JSON Schemas for telemetry, events and state',
    request: body(ProfileInputSchema),
    responses: { 201: json(ProfileSchema, 'Created'), ...errors },
  }),
  updateProfile: createRoute({
    method: 'put',
    path: '/api/v1/iot/profiles/{id}',
    tags,
    summary: 'Replace a device profile',
    request: { params: idParam, ...body(ProfileInputSchema) },
    responses: { 200: json(ProfileSchema, 'Saved'), ...errors },
  }),
  listGroups: createRoute({
    method: 'get',
    path: '/api/v1/iot/groups',
    tags,
    summary: 'Device groups',
    responses: { 200: json(z.array(GroupSchema), 'Groups'), ...errors },
  }),
  createGroup: createRoute({
    method: 'post',
    path: '/api/v1/iot/groups',
    tags,
    summary: 'Create a device group',
    request: body(GroupInputSchema),
    responses: { 201: json(GroupSchema, 'Created'), ...errors },
  }),
  listDevices: createRoute({
    method: 'get',
    path: '/api/v1/iot/devices',
    tags,
    summary: 'Devices of the school, with online state and latest reported state',
    request: {
      query: z.object({
        groupId: z.uuid().optional(),
        profileId: z.uuid().optional(),
        orgUnitId: z.uuid().optional(),
      }),
    },
    responses: { 200: json(z.array(DeviceSchema), 'Devices'), ...errors },
  }),
  createDevice: createRoute({
    method: 'post',
    path: '/api/v1/iot/devices',
    tags,
    summary: 'Register a device; the MQTT password is shown once',
    request: body(DeviceInputSchema),
    responses: { 201: json(CredentialsSchema, 'Registered'), ...errors },
  }),
  importDevices: createRoute({
    method: 'post',
    path: '/api/v1/iot/devices/import',
    tags,
    summary: 'Register devices from a CSV (name,profile,serial,group,location,org_unit_id), all or nothing',
    request: { body: { content: { 'text/csv': { schema: z.string() } }, required: true } },
    responses: {
      201: json(z.array(CredentialsSchema), 'Registered, with each password shown once'),
      ...errors,
    },
  }),
  getDevice: createRoute({
    method: 'get',
    path: '/api/v1/iot/devices/{id}',
    tags,
    summary: 'One device',
    request: { params: idParam },
    responses: { 200: json(DeviceSchema, 'Device'), ...errors },
  }),
  updateDevice: createRoute({
    method: 'patch',
    path: '/api/v1/iot/devices/{id}',
    tags,
    summary: 'Rename, regroup, place in the org tree, disable',
    request: { params: idParam, ...body(DevicePatchSchema) },
    responses: { 200: json(DeviceSchema, 'Saved'), ...errors },
  }),
  deleteDevice: createRoute({
    method: 'delete',
    path: '/api/v1/iot/devices/{id}',
    tags,
    summary: 'Remove a device; its credentials stop working at once',
    request: { params: idParam },
    responses: { 204: { description: 'Removed' }, ...errors },
  }),
  rotateSecret: createRoute({
    method: 'post',
    path: '/api/v1/iot/devices/{id}/rotate-secret',
    tags,
    summary: 'Issue a new MQTT password; the old one stops working',
    request: { params: idParam },
    responses: { 200: json(CredentialsSchema, 'New credentials, shown once'), ...errors },
  }),
};

/**
 * The device-registry admin routes: tenant-scoped (the caller's active school), guarded by
 * `devices:manage`, audited by the registry.
 */
export function iotRoutes(
  app: OpenAPIHono<AppEnv>,
  services: () => IotServices,
  authorize: Authorize = defaultAuthorize,
): void {
  const who = async (c: Context<AppEnv>) => {
    const principal = await authorize(c, PERMISSION);
    return { tenantId: principal.activeTenantId, actor: principal.personId };
  };

  app.openapi(routes.listProfiles, async (c) => {
    const { tenantId } = await who(c);
    return c.json((await services().registry.listProfiles(tenantId)).map(profileDto), 200);
  });
  app.openapi(routes.createProfile, async (c) => {
    const { tenantId, actor } = await who(c);
    return c.json(
      profileDto(await services().registry.saveProfile(tenantId, actor, c.req.valid('json'))),
      201,
    );
  });
  app.openapi(routes.updateProfile, async (c) => {
    const { tenantId, actor } = await who(c);
    return c.json(
      profileDto(
        await services().registry.saveProfile(tenantId, actor, c.req.valid('json'), c.req.valid('param').id),
      ),
      200,
    );
  });
  app.openapi(routes.listGroups, async (c) => {
    const { tenantId } = await who(c);
    return c.json((await services().registry.listGroups(tenantId)).map(groupDto), 200);
  });
  app.openapi(routes.createGroup, async (c) => {
    const { tenantId, actor } = await who(c);
    return c.json(groupDto(await services().registry.createGroup(tenantId, actor, c.req.valid('json'))), 201);
  });
  app.openapi(routes.listDevices, async (c) => {
    const { tenantId } = await who(c);
    const query = c.req.valid('query');
    const filter = {
      ...(query.groupId ? { groupId: query.groupId } : {}),
      ...(query.profileId ? { profileId: query.profileId } : {}),
      ...(query.orgUnitId ? { orgUnitId: query.orgUnitId } : {}),
    };
    return c.json((await services().registry.listDevices(tenantId, filter)).map(deviceDto), 200);
  });
  app.openapi(routes.createDevice, async (c) => {
    const { tenantId, actor } = await who(c);
    return c.json(
      credentialsDto(await services().registry.createDevice(tenantId, actor, c.req.valid('json'))),
      201,
    );
  });
  app.openapi(routes.importDevices, async (c) => {
    const { tenantId, actor } = await who(c);
    const issued = await services().registry.importCsv(tenantId, actor, await c.req.text());
    return c.json(issued.map(credentialsDto), 201);
  });
  app.openapi(routes.getDevice, async (c) => {
    const { tenantId } = await who(c);
    return c.json(deviceDto(await services().registry.getDevice(tenantId, c.req.valid('param').id)), 200);
  });
  app.openapi(routes.updateDevice, async (c) => {
    const { tenantId, actor } = await who(c);
    return c.json(
      deviceDto(
        await services().registry.updateDevice(tenantId, actor, c.req.valid('param').id, c.req.valid('json')),
      ),
      200,
    );
  });
  app.openapi(routes.deleteDevice, async (c) => {
    const { tenantId, actor } = await who(c);
    await services().registry.deleteDevice(tenantId, actor, c.req.valid('param').id);
    return c.body(null, 204);
  });
  app.openapi(routes.rotateSecret, async (c) => {
    const { tenantId, actor } = await who(c);
    return c.json(
      credentialsDto(await services().registry.rotateSecret(tenantId, actor, c.req.valid('param').id)),
      200,
    );
  });
}
