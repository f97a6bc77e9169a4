import type { Device, DeviceGroup, DeviceProfile, IssuedCredentials } from '@campusbase/iot-bridge';
import { z } from '@hono/zod-openapi';

export const JsonSchemaObject = z
  .record(z.string(), z.unknown())
  .openapi({ example: { type: 'object', properties: { co2: { type: 'number' } } } });

export const ProfileSchema = z
  .object({
    id: z.uuid(),
    key: z.string().openapi({ example: 'classroom-sensor' }),
    name: z.string().openapi({ example: '教室环境传感器' }),
    telemetrySchema: JsonSchemaObject,
    eventSchema: JsonSchemaObject,
    stateSchema: JsonSchemaObject,
    heartbeatSeconds: z.number().int(),
  })
  .openapi('DeviceProfile');

export const ProfileInputSchema = z
  .object({
    key: z.string().regex(/^[a-z][a-z0-9-]{0,39}$/),
    name: z.string().min(1).max(100),
    telemetrySchema: JsonSchemaObject.optional(),
    eventSchema: JsonSchemaObject.optional(),
    stateSchema: JsonSchemaObject.optional(),
    heartbeatSeconds: z.number().int().min(1).max(86400).optional(),
  })
  .openapi('DeviceProfileInput');

export const GroupSchema = z
  .object({ id: z.uuid(), name: z.string(), description: z.string().nullable() })
  .openapi('DeviceGroup');
export const GroupInputSchema = z.object({
  name: z.string().min(1).max(100),
  description: z.string().max(500).nullable().optional(),
});

export const DeviceSchema = z
  .object({
    id: z.uuid().openapi({ description: 'Also the MQTT username' }),
    profileId: z.uuid(),
    name: z.string().openapi({ example: '东门闸机' }),
    serial: z.string().nullable(),
    groupId: z.uuid().nullable(),
    orgUnitId: z.uuid().nullable(),
    location: z.string().nullable(),
    status: z.enum(['active', 'disabled']),
    online: z.boolean(),
    lastSeenAt: z.string().nullable(),
    state: z.record(z.string(), z.unknown()).nullable(),
    stateAt: z.string().nullable(),
  })
  .openapi('Device');

export const DeviceInputSchema = z
  .object({
    name: z.string().min(1).max(100),
    profileId: z.uuid(),
    serial: z.string().min(1).max(100).nullable().optional(),
    groupId: z.uuid().nullable().optional(),
    orgUnitId: z.uuid().nullable().optional(),
    location: z.string().max(200).nullable().optional(),
  })
  .openapi('DeviceInput');

export const DevicePatchSchema = DeviceInputSchema.partial()
  .extend({ status: z.enum(['active', 'disabled']).optional() })
  .openapi('DevicePatch');

export const CredentialsSchema = z
  .object({
    device: DeviceSchema,
    mqtt: z.object({
      username: z.string(),
      password: z.string().openapi({ description: 'Shown once; only its hash is stored' }),
      topicPrefix: z.string().openapi({ example: 'cb/2145010302/7f1c…/' }),
    }),
  })
  .openapi('DeviceCredentials');

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function profileDto(p: DeviceProfile) {
  return {
    id: p.id,
    key: p.key,
    name: p.name,
    telemetrySchema: p.telemetry_schema,
    eventSchema: p.event_schema,
    stateSchema: p.state_schema,
    heartbeatSeconds: p.heartbeat_seconds,
  };
}

export function groupDto(g: DeviceGroup) {
  return { id: g.id, name: g.name, description: g.description };
}

/** The device as admins see it: never the secret hash. */
export function deviceDto(d: Device) {
  return {
    id: d.id,
    profileId: d.profile_id,
    name: d.name,
    serial: d.serial,
    groupId: d.group_id,
    orgUnitId: d.org_unit_id,
    location: d.location,
    status: d.status,
    online: d.online,
    lastSeenAt: iso(d.last_seen_at),
    state: d.state,
    stateAt: iso(d.state_at),
  };
}

export function credentialsDto(c: IssuedCredentials) {
  return {
    device: deviceDto(c.device),
    mqtt: { username: c.username, password: c.secret, topicPrefix: `${c.topicPrefix}/` },
  };
}
