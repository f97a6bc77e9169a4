import type { Alarm, AlarmRule, Command } from '@campusbase/iot-bridge';
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { ErrorSchema } from '../http/openapi.ts';
import type { AppEnv } from '../http/types.ts';
import { type Authorize, defaultAuthorize } from './iot.routes.ts';
import type { IotServices } from './iot.runtime.ts';

const tags = ['Devices'];
const errors = {
  400: { content: { 'application/json': { schema: ErrorSchema } }, description: 'Invalid input' },
  401: { content: { 'application/json': { schema: ErrorSchema } }, description: 'Not logged in' },
  403: { content: { 'application/json': { schema: ErrorSchema } }, description: 'Missing devices:manage' },
  404: { content: { 'application/json': { schema: ErrorSchema } }, description: 'Not found' },
  503: { content: { 'application/json': { schema: ErrorSchema } }, description: 'MQTT bridge not connected' },
};
const json = <T extends z.ZodType>(schema: T, description: string) => ({
  content: { 'application/json': { schema } },
  description,
});
const idParam = z.object({ id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }) });
const iso = (d: Date | null) => (d ? d.toISOString() : null);

const CommandSchema = z
  .object({
    id: z.uuid().openapi({ description: 'Correlation id: the device echoes it in its reply' }),
    deviceId: z.uuid(),
    name: z.string(),
    params: z.record(z.string(), z.unknown()),
    status: z.enum(['pending', 'sent', 'acknowledged', 'done', 'failed', 'expired']),
    timeoutAt: z.string(),
    result: z.unknown(),
    error: z.string().nullable(),
    sentAt: z.string().nullable(),
    acknowledgedAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
  })
  .openapi('DeviceCommand');
const RuleSchema = z
  .object({
    id: z.uuid(),
    profileId: z.uuid(),
    name: z.string().openapi({ example: '教室二氧化碳超标' }),
    field: z.string().openapi({ example: 'co2' }),
    operator: z.enum(['>', '>=', '<', '<=', '=', '!=']),
    threshold: z.number().openapi({ example: 1500 }),
    severity: z.enum(['info', 'warning', 'critical']),
    enabled: z.boolean(),
  })
  .openapi('AlarmRule');
const RuleInputSchema = RuleSchema.omit({ id: true, enabled: true }).extend({
  enabled: z.boolean().optional(),
  field: z.string().regex(/^[A-Za-z_][A-Za-z0-9_.]{0,63}$/),
  name: z.string().min(1).max(100),
});
const AlarmSchema = z
  .object({
    id: z.uuid(),
    ruleId: z.uuid(),
    deviceId: z.uuid(),
    severity: z.enum(['info', 'warning', 'critical']),
    status: z.enum(['active', 'cleared']),
    value: z.number(),
    lastValue: z.number(),
    raisedAt: z.string(),
    clearedAt: z.string().nullable(),
  })
  .openapi('Alarm');

const commandDto = (c: Command) => ({
  id: c.id,
  deviceId: c.device_id,
  name: c.name,
  params: c.params,
  status: c.status,
  timeoutAt: c.timeout_at.toISOString(),
  result: c.result,
  error: c.error,
  sentAt: iso(c.sent_at),
  acknowledgedAt: iso(c.acknowledged_at),
  finishedAt: iso(c.finished_at),
});
const ruleDto = (r: AlarmRule) => ({
  id: r.id,
  profileId: r.profile_id,
  name: r.name,
  field: r.field,
  operator: r.operator,
  threshold: Number(r.threshold),
  severity: r.severity,
  enabled: r.enabled,
});
const alarmDto = (a: Alarm) => ({
  id: a.id,
  ruleId: a.rule_id,
  deviceId: a.device_id,
  severity: a.severity,
  status: a.status,
  value: Number(a.value),
  lastValue: Number(a.last_value),
  raisedAt: a.raised_at.toISOString(),
  clearedAt: iso(a.cleared_at),
});

const routes = {
  sendCommand: createRoute({
    method: 'post',
    path: '/api/v1/iot/devices/{id}/commands',
    tags,
    summary:
      'Send a command (QoS 1 on …/down/{name}); track it through sent → acknowledged → done/failed/expired',
    request: {
      params: idParam,
      body: {
        content: {
          'application/json': {
            schema: z.object({
              name: z.string().regex(/^[a-z][a-z0-9_.-]{0,63}$/),
              params: z.record(z.string(), z.unknown()).optional(),
              timeoutSeconds: z.number().int().min(1).max(86400).optional(),
            }),
          },
        },
        required: true,
      },
    },
    responses: { 202: json(CommandSchema, 'Sent'), ...errors },
  }),
  getCommand: createRoute({
    method: 'get',
    path: '/api/v1/iot/commands/{id}',
    tags,
    summary: 'A command and its status',
    request: { params: idParam },
    responses: { 200: json(CommandSchema, 'Command'), ...errors },
  }),
  telemetry: createRoute({
    method: 'get',
    path: '/api/v1/iot/devices/{id}/telemetry',
    tags,
    summary: 'Latest telemetry of a device',
    request: {
      params: idParam,
      query: z.object({ limit: z.coerce.number().int().min(1).max(1000).optional() }),
    },
    responses: {
      200: json(
        z.array(
          z.object({ ts: z.string(), receivedAt: z.string(), data: z.record(z.string(), z.unknown()) }),
        ),
        'Newest first',
      ),
      ...errors,
    },
  }),
  listRules: createRoute({
    method: 'get',
    path: '/api/v1/iot/alarm-rules',
    tags,
    summary: 'Alarm rules',
    responses: { 200: json(z.array(RuleSchema), 'Rules'), ...errors },
  }),
  createRule: createRoute({
    method: 'post',
    path: '/api/v1/iot/alarm-rules',
    tags,
    summary: 'Create an alarm rule: device profile, field, condition, severity',
    request: { body: { content: { 'application/json': { schema: RuleInputSchema } }, required: true } },
    responses: { 201: json(RuleSchema, 'Created'), ...errors },
  }),
  deleteRule: createRoute({
    method: 'delete',
    path: '/api/v1/iot/alarm-rules/{id}',
    tags,
    summary: 'Delete an alarm rule',
    request: { params: idParam },
    responses: { 204: { description: 'Deleted' }, ...errors },
  }),
  listAlarms: createRoute({
    method: 'get',
    path: '/api/v1/iot/alarms',
    tags,
    summary: 'Alarms, newest first',
    request: { query: z.object({ status: z.enum(['active', 'cleared']).optional() }) },
    responses: { 200: json(z.array(AlarmSchema), 'Alarms'), ...errors },
  }),
  deadLetters: createRoute({
    method: 'get',
    path: '/api/v1/iot/dead-letters',
    tags,
    summary: 'Messages that could not be stored, with the reason and the raw bytes (base64)',
    responses: {
      200: json(
        z.array(
          z.object({
            id: z.string(),
            deviceId: z.uuid().nullable(),
            topic: z.string(),
            reason: z.string(),
            payloadBase64: z.string(),
            receivedAt: z.string(),
          }),
        ),
        'Dead letters',
      ),
      ...errors,
    },
  }),
};

/** Commands, telemetry, alarm rules, alarms and dead letters of the caller's school (`devices:manage`). */
export function iotOpsRoutes(
  app: OpenAPIHono<AppEnv>,
  services: () => IotServices,
  authorize: Authorize = defaultAuthorize,
): void {
  const who = async (c: Context<AppEnv>) => {
    const principal = await authorize(c, 'devices:manage');
    return { tenantId: principal.activeTenantId, actor: principal.personId };
  };
  app.openapi(routes.sendCommand, async (c) => {
    const { tenantId, actor } = await who(c);
    const input = c.req.valid('json');
    const command = await services().commands.send(tenantId, actor, {
      deviceId: c.req.valid('param').id,
      name: input.name,
      ...(input.params ? { params: input.params } : {}),
      ...(input.timeoutSeconds ? { timeoutSeconds: input.timeoutSeconds } : {}),
    });
    return c.json(commandDto(command), 202);
  });
  app.openapi(routes.getCommand, async (c) => {
    const { tenantId } = await who(c);
    return c.json(commandDto(await services().commands.get(tenantId, c.req.valid('param').id)), 200);
  });
  app.openapi(routes.telemetry, async (c) => {
    const { tenantId } = await who(c);
    const rows = await services().queries.latestTelemetry(
      tenantId,
      c.req.valid('param').id,
      c.req.valid('query').limit ?? 100,
    );
    return c.json(
      rows.map((r) => ({ ts: r.ts.toISOString(), receivedAt: r.received_at.toISOString(), data: r.data })),
      200,
    );
  });
  app.openapi(routes.listRules, async (c) => {
    const { tenantId } = await who(c);
    return c.json((await services().queries.listRules(tenantId)).map(ruleDto), 200);
  });
  app.openapi(routes.createRule, async (c) => {
    const { tenantId, actor } = await who(c);
    return c.json(ruleDto(await services().queries.createRule(tenantId, actor, c.req.valid('json'))), 201);
  });
  app.openapi(routes.deleteRule, async (c) => {
    const { tenantId, actor } = await who(c);
    await services().queries.deleteRule(tenantId, actor, c.req.valid('param').id);
    return c.body(null, 204);
  });
  app.openapi(routes.listAlarms, async (c) => {
    const { tenantId } = await who(c);
    return c.json(
      (await services().queries.listAlarms(tenantId, c.req.valid('query').status)).map(alarmDto),
      200,
    );
  });
  app.openapi(routes.deadLetters, async (c) => {
    const { tenantId } = await who(c);
    const rows = await services().queries.deadLetters(tenantId);
    return c.json(
      rows.map((r) => ({
        id: String(r.id),
        deviceId: r.device_id,
        topic: r.topic,
        reason: r.reason,
        payloadBase64: r.payload.toString('base64'),
        receivedAt: r.received_at.toISOString(),
      })),
      200,
    );
  });
}
