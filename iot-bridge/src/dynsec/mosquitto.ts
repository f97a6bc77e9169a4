import type { Kysely } from 'kysely';
import { connect as mqttConnect, type MqttClient } from 'mqtt';
import type { IotLogger } from '../ports.ts';
import type { CredentialSync } from '../registry/service.ts';
import type { IotTables } from '../tables.ts';
import { devicePrefix } from '../topics.ts';
import { isUuid } from '../uuid.ts';

const CONTROL = '$CONTROL/dynamic-security/v1';

type DynsecCommand = { command: string } & Record<string, unknown>;
interface DynsecResponse {
  command: string;
  error?: string;
  data?: Record<string, unknown>;
  correlationData?: string;
}

/**
 * Keeps Mosquitto's dynamic-security plugin in step with the device registry: one client and one
 * role per device (publish under its own `up/`, subscribe to its own `down/`), and the bridge's
 * own account. It talks to the plugin over `$CONTROL/dynamic-security/v1` as the dynsec admin.
 *
 * The registry stores only secret hashes, so a device's password reaches Mosquitto when the
 * secret is issued (registration, rotation). `reconcile` removes accounts that left the registry
 * and reports devices that Mosquitto does not know yet (rotate their secret to provision them).
 */
export async function connectDynsec(options: {
  url: string;
  admin: { username: string; password: string };
  logger: IotLogger;
}) {
  const client: MqttClient = await new Promise((resolve, reject) => {
    const c = mqttConnect(options.url, {
      clientId: `cb-dynsec-${process.pid}-${Date.now().toString(36)}`,
      username: options.admin.username,
      password: options.admin.password,
      reconnectPeriod: 1000,
      connectTimeout: 5000,
    });
    c.once('connect', () => resolve(c));
    c.once('error', (error) => {
      c.end(true);
      reject(
        new Error(`Cannot reach Mosquitto dynamic security as ${options.admin.username}: ${error.message}`),
      );
    });
  });
  const waiting = new Map<string, (response: DynsecResponse) => void>();
  let sequence = 0;
  client.on('message', (_topic, payload) => {
    const body = JSON.parse(payload.toString('utf8')) as { responses?: DynsecResponse[] };
    for (const response of body.responses ?? []) {
      const done = response.correlationData ? waiting.get(response.correlationData) : undefined;
      if (done) {
        waiting.delete(response.correlationData!);
        done(response);
      }
    }
  });
  await client.subscribeAsync(`${CONTROL}/response`, { qos: 1 });

  async function run(command: DynsecCommand, tolerate: RegExp | null = null): Promise<DynsecResponse> {
    const correlationData = `cb-${++sequence}`;
    const response = await new Promise<DynsecResponse>((resolve, reject) => {
      const timer = setTimeout(() => {
        waiting.delete(correlationData);
        reject(new Error(`Mosquitto dynamic security did not answer ${command.command}`));
      }, 5000);
      waiting.set(correlationData, (r) => {
        clearTimeout(timer);
        resolve(r);
      });
      client.publish(CONTROL, JSON.stringify({ commands: [{ ...command, correlationData }] }), { qos: 1 });
    });
    if (response.error && !tolerate?.test(response.error)) {
      throw new Error(`Mosquitto dynamic security refused ${command.command}: ${response.error}`);
    }
    return response;
  }

  const roleOf = (deviceId: string) => `cb-dev-${deviceId}`;

  const sync: CredentialSync & {
    ensureBridgeAccount(account: { username: string; password: string }): Promise<void>;
    reconcile(owner: Kysely<IotTables>): Promise<{ removed: number; missing: number }>;
    close(): Promise<void>;
  } = {
    async upsert(device, secret) {
      const prefix = devicePrefix(device.tenantCode, device.id);
      await run(
        {
          command: 'createRole',
          rolename: roleOf(device.id),
          acls: [
            { acltype: 'publishClientSend', topic: `${prefix}/up/#`, allow: true },
            { acltype: 'subscribePattern', topic: `${prefix}/down/#`, allow: true },
          ],
        },
        /already exists/i,
      );
      if (secret !== undefined) {
        const created = await run(
          {
            command: 'createClient',
            username: device.id,
            password: secret,
            roles: [{ rolename: roleOf(device.id) }],
          },
          /already exists/i,
        );
        if (created.error) await run({ command: 'setClientPassword', username: device.id, password: secret });
      }
      await run(
        { command: device.enabled ? 'enableClient' : 'disableClient', username: device.id },
        /not found/i,
      );
    },
    async remove(deviceId) {
      await run({ command: 'deleteClient', username: deviceId }, /not found/i);
      await run({ command: 'deleteRole', rolename: roleOf(deviceId) }, /not found/i);
    },
    async ensureBridgeAccount(account) {
      await run(
        {
          command: 'createRole',
          rolename: 'cb-bridge',
          acls: [
            { acltype: 'subscribePattern', topic: 'cb/+/+/up/#', allow: true },
            { acltype: 'publishClientSend', topic: 'cb/+/+/down/#', allow: true },
          ],
        },
        /already exists/i,
      );
      const created = await run(
        {
          command: 'createClient',
          username: account.username,
          password: account.password,
          roles: [{ rolename: 'cb-bridge' }],
        },
        /already exists/i,
      );
      if (created.error)
        await run({ command: 'setClientPassword', username: account.username, password: account.password });
    },
    async reconcile(owner) {
      const listed = await run({ command: 'listClients', verbose: false, count: -1 });
      const inBroker = new Set(
        ((listed.data?.clients as string[] | undefined) ?? []).filter((u) => isUuid(u)),
      );
      const rows = await owner.selectFrom('iot_devices').select(['id', 'status']).execute();
      const inRegistry = new Map(rows.map((r) => [r.id, r.status]));
      let removed = 0;
      for (const username of inBroker) {
        if (!inRegistry.has(username)) {
          await sync.remove(username);
          removed++;
        }
      }
      const missing = rows.filter((r) => !inBroker.has(r.id)).length;
      if (missing > 0) {
        options.logger.warn(
          { missing },
          'devices registered but unknown to Mosquitto: rotate their secrets to provision them',
        );
      }
      return { removed, missing };
    },
    close: () => client.endAsync(true),
  };
  return sync;
}

export type DynsecSync = Awaited<ReturnType<typeof connectDynsec>>;
