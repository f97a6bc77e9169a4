import { ConflictError, InputError, NotFoundError } from '@campusbase/plugin-sdk/errors';
import type { Transaction } from 'kysely';
import type { AuditLog, IotDatabase, TenantDirectory } from '../ports.ts';
import { hashDeviceSecret, newDeviceSecret } from '../secrets.ts';
import type { Device, DeviceGroup, DeviceProfile, IotTables } from '../tables.ts';
import { parseDeviceCsv } from './csv.ts';
import { assertSchema } from './schemas.ts';

type Trx = Transaction<IotTables>;

export interface ProfileInput {
  key: string;
  name: string;
  telemetrySchema?: Record<string, unknown>;
  eventSchema?: Record<string, unknown>;
  stateSchema?: Record<string, unknown>;
  heartbeatSeconds?: number;
}

export interface DeviceInput {
  name: string;
  profileId: string;
  serial?: string | null;
  groupId?: string | null;
  orgUnitId?: string | null;
  location?: string | null;
}

/** A device with its secret, shown once: at registration and at rotation. */
export interface IssuedCredentials {
  device: Device;
  /** MQTT username (= device id), password (= secret), and the topic prefix it may use. */
  username: string;
  secret: string;
  topicPrefix: string;
}

/**
 * Keeps an external broker's own account list in step (Mosquitto dynamic security). It sees a
 * plaintext secret only at the moment one is issued, because the registry stores only hashes.
 */
export interface CredentialSync {
  upsert(device: { id: string; tenantCode: string; enabled: boolean }, secret?: string): Promise<void>;
  remove(deviceId: string): Promise<void>;
}

export interface RegistryDeps {
  db: IotDatabase;
  audit: AuditLog;
  tenants: TenantDirectory;
  credentialSync?: CredentialSync | undefined;
  /** Called after any device change, so caches (broker auth, ingest) drop the device. */
  onDeviceChanged?: ((deviceId: string) => void) | undefined;
}

const notFound = (what: string, id: string) =>
  new NotFoundError({
    zh: `找不到${what}：${id}`,
    en: `No such ${what === '设备' ? 'device' : what}: ${id}`,
  });

function uniqueViolation(error: unknown, text: { zh: string; en: string }): never {
  if ((error as { code?: string }).code === '23505') throw new ConflictError(text);
  if ((error as { code?: string }).code === '23503') {
    throw new InputError({
      zh: '引用的设备类型、分组不存在',
      en: 'The referenced device profile or group does not exist',
    });
  }
  throw error;
}

/**
 * The device registry of one school: profiles (with JSON Schemas), groups, devices, secrets.
 * Every call runs in the school's row-level-security scope and is audited.
 *
 * @example
 * const registry = createDeviceRegistry({ db, audit, tenants });
 * const { secret } = await registry.createDevice(tenantId, actor, { name: '东门闸机', profileId });
 */
export function createDeviceRegistry(deps: RegistryDeps) {
  const { db, audit } = deps;

  async function tenantCode(tenantId: string): Promise<string> {
    const tenant = await deps.tenants.byId(tenantId);
    if (!tenant) throw notFound('学校', tenantId);
    return tenant.code;
  }

  async function issue(tenantId: string, device: Device, secret: string): Promise<IssuedCredentials> {
    const code = await tenantCode(tenantId);
    await deps.credentialSync?.upsert(
      { id: device.id, tenantCode: code, enabled: device.status === 'active' },
      secret,
    );
    deps.onDeviceChanged?.(device.id);
    return { device, username: device.id, secret, topicPrefix: `cb/${code}/${device.id}` };
  }

  function insertDevice(trx: Trx, tenantId: string, input: DeviceInput, secret: string) {
    return trx
      .insertInto('iot_devices')
      .values({
        tenant_id: tenantId,
        profile_id: input.profileId,
        name: input.name,
        serial: input.serial ?? null,
        group_id: input.groupId ?? null,
        org_unit_id: input.orgUnitId ?? null,
        location: input.location ?? null,
        secret_hash: hashDeviceSecret(secret),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  return {
    listProfiles(tenantId: string): Promise<DeviceProfile[]> {
      return db.withTenant(tenantId, (trx) =>
        trx
          .selectFrom('iot_device_profiles')
          .selectAll()
          .where('tenant_id', '=', tenantId)
          .orderBy('key')
          .execute(),
      );
    },

    async saveProfile(
      tenantId: string,
      actor: string,
      input: ProfileInput,
      id?: string,
    ): Promise<DeviceProfile> {
      const schemas = {
        telemetry_schema: input.telemetrySchema ?? {},
        event_schema: input.eventSchema ?? {},
        state_schema: input.stateSchema ?? {},
      };
      assertSchema(schemas.telemetry_schema, '遥测');
      assertSchema(schemas.event_schema, '事件');
      assertSchema(schemas.state_schema, '状态');
      const values = {
        key: input.key,
        name: input.name,
        telemetry_schema: JSON.stringify(schemas.telemetry_schema),
        event_schema: JSON.stringify(schemas.event_schema),
        state_schema: JSON.stringify(schemas.state_schema),
        heartbeat_seconds: input.heartbeatSeconds ?? 120,
      };
      const profile = await db
        .withTenant(tenantId, async (trx) => {
          if (!id) {
            return trx
              .insertInto('iot_device_profiles')
              .values({ tenant_id: tenantId, ...values })
              .returningAll()
              .executeTakeFirstOrThrow();
          }
          const row = await trx
            .updateTable('iot_device_profiles')
            .set({ ...values, updated_at: new Date() })
            .where('tenant_id', '=', tenantId)
            .where('id', '=', id)
            .returningAll()
            .executeTakeFirst();
          if (!row) throw notFound('设备类型', id);
          return row;
        })
        .catch((error: unknown) =>
          uniqueViolation(error, {
            zh: `设备类型标识 ${input.key} 已存在`,
            en: `A profile with key ${input.key} exists`,
          }),
        );
      await audit.record({
        tenantId,
        actor,
        action: id ? 'iot.profile.update' : 'iot.profile.create',
        target: profile.id,
        details: { key: input.key },
      });
      return profile;
    },

    listGroups(tenantId: string): Promise<DeviceGroup[]> {
      return db.withTenant(tenantId, (trx) =>
        trx
          .selectFrom('iot_device_groups')
          .selectAll()
          .where('tenant_id', '=', tenantId)
          .orderBy('name')
          .execute(),
      );
    },

    async createGroup(
      tenantId: string,
      actor: string,
      input: { name: string; description?: string | null },
    ): Promise<DeviceGroup> {
      const group = await db
        .withTenant(tenantId, (trx) =>
          trx
            .insertInto('iot_device_groups')
            .values({ tenant_id: tenantId, name: input.name, description: input.description ?? null })
            .returningAll()
            .executeTakeFirstOrThrow(),
        )
        .catch((error: unknown) =>
          uniqueViolation(error, { zh: `分组 ${input.name} 已存在`, en: `Group ${input.name} exists` }),
        );
      await audit.record({
        tenantId,
        actor,
        action: 'iot.group.create',
        target: group.id,
        details: { name: input.name },
      });
      return group;
    },

    listDevices(
      tenantId: string,
      filter: { groupId?: string; profileId?: string; orgUnitId?: string } = {},
    ): Promise<Device[]> {
      return db.withTenant(tenantId, (trx) => {
        let query = trx.selectFrom('iot_devices').selectAll().where('tenant_id', '=', tenantId);
        if (filter.groupId) query = query.where('group_id', '=', filter.groupId);
        if (filter.profileId) query = query.where('profile_id', '=', filter.profileId);
        if (filter.orgUnitId) query = query.where('org_unit_id', '=', filter.orgUnitId);
        return query.orderBy('name').limit(5000).execute();
      });
    },

    async getDevice(tenantId: string, id: string): Promise<Device> {
      const device = await db.withTenant(tenantId, (trx) =>
        trx
          .selectFrom('iot_devices')
          .selectAll()
          .where('tenant_id', '=', tenantId)
          .where('id', '=', id)
          .executeTakeFirst(),
      );
      if (!device) throw notFound('设备', id);
      return device;
    },

    async createDevice(tenantId: string, actor: string, input: DeviceInput): Promise<IssuedCredentials> {
      const secret = newDeviceSecret();
      const device = await db
        .withTenant(tenantId, (trx) => insertDevice(trx, tenantId, input, secret))
        .catch((error: unknown) =>
          uniqueViolation(error, {
            zh: `序列号 ${input.serial} 已登记`,
            en: `Serial ${input.serial} is already registered`,
          }),
        );
      await audit.record({
        tenantId,
        actor,
        action: 'iot.device.create',
        target: device.id,
        details: { name: input.name },
      });
      return issue(tenantId, device, secret);
    },

    async updateDevice(
      tenantId: string,
      actor: string,
      id: string,
      patch: Partial<DeviceInput> & { status?: 'active' | 'disabled' },
    ): Promise<Device> {
      const device = await db.withTenant(tenantId, async (trx) => {
        const row = await trx
          .updateTable('iot_devices')
          .set({
            ...(patch.name !== undefined ? { name: patch.name } : {}),
            ...(patch.profileId !== undefined ? { profile_id: patch.profileId } : {}),
            ...(patch.serial !== undefined ? { serial: patch.serial } : {}),
            ...(patch.groupId !== undefined ? { group_id: patch.groupId } : {}),
            ...(patch.orgUnitId !== undefined ? { org_unit_id: patch.orgUnitId } : {}),
            ...(patch.location !== undefined ? { location: patch.location } : {}),
            ...(patch.status !== undefined ? { status: patch.status } : {}),
            updated_at: new Date(),
          })
          .where('tenant_id', '=', tenantId)
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirst()
          .catch((error: unknown) =>
            uniqueViolation(error, {
              zh: `序列号 ${patch.serial} 已登记`,
              en: `Serial ${patch.serial} is already registered`,
            }),
          );
        if (!row) throw notFound('设备', id);
        return row;
      });
      await audit.record({
        tenantId,
        actor,
        action: 'iot.device.update',
        target: id,
        details: { fields: Object.keys(patch) },
      });
      if (patch.status !== undefined) {
        await deps.credentialSync?.upsert({
          id,
          tenantCode: await tenantCode(tenantId),
          enabled: device.status === 'active',
        });
      }
      deps.onDeviceChanged?.(id);
      return device;
    },

    async deleteDevice(tenantId: string, actor: string, id: string): Promise<void> {
      const deleted = await db.withTenant(tenantId, (trx) =>
        trx
          .deleteFrom('iot_devices')
          .where('tenant_id', '=', tenantId)
          .where('id', '=', id)
          .executeTakeFirst(),
      );
      if (Number(deleted.numDeletedRows) === 0) throw notFound('设备', id);
      await audit.record({ tenantId, actor, action: 'iot.device.delete', target: id });
      await deps.credentialSync?.remove(id);
      deps.onDeviceChanged?.(id);
    },

    /** Issues a new secret; the old one stops working at once (connected sessions are dropped by the broker hooks' cache refresh). */
    async rotateSecret(tenantId: string, actor: string, id: string): Promise<IssuedCredentials> {
      const secret = newDeviceSecret();
      const device = await db.withTenant(tenantId, (trx) =>
        trx
          .updateTable('iot_devices')
          .set({ secret_hash: hashDeviceSecret(secret), updated_at: new Date() })
          .where('tenant_id', '=', tenantId)
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirst(),
      );
      if (!device) throw notFound('设备', id);
      await audit.record({ tenantId, actor, action: 'iot.device.rotate-secret', target: id });
      return issue(tenantId, device, secret);
    },

    /** Registers every row of a CSV in one transaction: all or nothing. */
    async importCsv(tenantId: string, actor: string, text: string): Promise<IssuedCredentials[]> {
      const rows = parseDeviceCsv(text);
      const created = await db.withTenant(tenantId, async (trx) => {
        const profiles = new Map(
          (
            await trx
              .selectFrom('iot_device_profiles')
              .select(['id', 'key'])
              .where('tenant_id', '=', tenantId)
              .execute()
          ).map((p) => [p.key, p.id]),
        );
        const groups = new Map(
          (
            await trx
              .selectFrom('iot_device_groups')
              .select(['id', 'name'])
              .where('tenant_id', '=', tenantId)
              .execute()
          ).map((g) => [g.name, g.id]),
        );
        const unknown = rows
          .filter((r) => !profiles.has(r.profile))
          .map((r) => `line ${r.line}: profile ${r.profile}`);
        if (unknown.length > 0) {
          throw new InputError(
            {
              zh: `CSV 中有未定义的设备类型：${unknown.slice(0, 10).join('；')}`,
              en: `Unknown device profiles in the CSV: ${unknown.slice(0, 10).join('; ')}`,
            },
            { problems: unknown },
          );
        }
        const out: Array<{ device: Device; secret: string }> = [];
        for (const row of rows) {
          let groupId = row.group ? groups.get(row.group) : null;
          if (row.group && !groupId) {
            const group = await trx
              .insertInto('iot_device_groups')
              .values({ tenant_id: tenantId, name: row.group, description: null })
              .returning('id')
              .executeTakeFirstOrThrow();
            groupId = group.id;
            groups.set(row.group, group.id);
          }
          const secret = newDeviceSecret();
          const input = {
            name: row.name,
            profileId: profiles.get(row.profile)!,
            serial: row.serial,
            groupId: groupId ?? null,
            orgUnitId: row.orgUnitId,
            location: row.location,
          };
          const device = await insertDevice(trx, tenantId, input, secret).catch((error: unknown) =>
            uniqueViolation(error, {
              zh: `第 ${row.line} 行：序列号 ${row.serial} 已登记`,
              en: `Line ${row.line}: serial ${row.serial} is already registered`,
            }),
          );
          out.push({ device, secret });
        }
        return out;
      });
      await audit.record({
        tenantId,
        actor,
        action: 'iot.device.import',
        target: 'csv',
        details: { count: created.length },
      });
      const issued: IssuedCredentials[] = [];
      for (const { device, secret } of created) issued.push(await issue(tenantId, device, secret));
      return issued;
    },
  };
}

export type DeviceRegistry = ReturnType<typeof createDeviceRegistry>;
