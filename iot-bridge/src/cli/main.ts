#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { createDeviceAuthority } from '../auth/device-auth.ts';
import { registryHooks } from '../broker/hooks.ts';
import { startEmbeddedBroker } from '../broker/index.ts';
import { type Bridge, startBridge } from '../ingest/bridge.ts';
import { type DeviceType, deviceTypes } from '../simulator/profiles.ts';
import { provisionSimulatedDevices } from '../simulator/provision.ts';
import { simulate } from '../simulator/simulate.ts';
import { cliLogger, standalonePorts } from './standalone.ts';

const usage = `campusbase-iot — CampusBase IoT tools

Usage:
  campusbase-iot simulate --devices 1000 --rate 10 --type gate [--seconds 60] [--school 2145010302]
      Registers simulated devices in a school (serials SIM-<type>-0001…), connects them and publishes
      realistic data at <rate> messages per second per device, QoS 1. Types: ${deviceTypes.join(', ')}.
  campusbase-iot bridge [--client-id cb-bridge-2] [--share-group cb]
      Runs an extra ingest bridge process against the same database and an external broker.
  campusbase-iot broker [--port 1883]
      Runs the embedded broker (aedes, registry auth/ACL) with ingest in its publish hook, the IoT
      half of \`campusbase start\` on its own (tests, benchmarks).

Environment: DATABASE_URL (owner connection), MQTT_URL (default mqtt://127.0.0.1:1883),
MQTT_BRIDGE_USERNAME / MQTT_BRIDGE_PASSWORD (the bridge account), MQTT_PROTOCOL (4 or 5),
MQTT_HOST (embedded broker listen address, default ::).`;

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      devices: { type: 'string', default: '100' },
      rate: { type: 'string', default: '1' },
      type: { type: 'string', default: 'classroom-sensor' },
      seconds: { type: 'string', default: '60' },
      school: { type: 'string', default: '2145010302' },
      'client-id': { type: 'string', default: 'cb-bridge' },
      'share-group': { type: 'string' },
      port: { type: 'string', default: process.env.MQTT_PORT ?? '1883' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const command = positionals[0];
  if (!command || values.help) {
    console.log(usage);
    return values.help ? 0 : 64;
  }
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    console.error(
      'Set DATABASE_URL to the platform database (owner connection), e.g. postgres://postgres@localhost:54329/campusbase',
    );
    return 78;
  }
  const mqttUrl = process.env.MQTT_URL ?? 'mqtt://127.0.0.1:1883';
  const level = process.env.LOG_LEVEL;
  const logger = cliLogger(level === 'debug' || level === 'warn' ? level : 'info');
  const ports = standalonePorts(databaseUrl, logger);
  try {
    if (command === 'simulate') {
      const type = values.type as DeviceType;
      if (!deviceTypes.includes(type)) {
        console.error(`Unknown --type ${type}. Use one of: ${deviceTypes.join(', ')}`);
        return 64;
      }
      const school = await ports.tenants.byCode(values.school);
      if (!school) {
        console.error(
          `No school with code ${values.school}. Seed the demo region (campusbase seed --demo) or pass --school.`,
        );
        return 64;
      }
      const devices = await provisionSimulatedDevices(ports.owner, school, type, Number(values.devices));
      const result = await simulate({
        url: mqttUrl,
        devices,
        rate: Number(values.rate),
        seconds: Number(values.seconds),
        log: (m) => logger.info({}, m),
      });
      console.log(
        JSON.stringify({ ...result, ratePerSecond: Math.round(result.acknowledged / result.seconds) }),
      );
      return result.failed === 0 ? 0 : 1;
    }
    if (command === 'broker') {
      const account = {
        username: process.env.MQTT_BRIDGE_USERNAME ?? 'cb-bridge',
        password: process.env.MQTT_BRIDGE_PASSWORD ?? '',
      };
      if (!account.password) {
        console.error('Set MQTT_BRIDGE_PASSWORD: the account the bridge publishes commands with.');
        return 78;
      }
      const authority = createDeviceAuthority({
        owner: ports.owner,
        tenants: ports.tenants,
        bridge: account,
      });
      let bridge: Bridge | null = null;
      const broker = await startEmbeddedBroker({
        port: Number(values.port),
        host: process.env.MQTT_HOST ?? '::',
        hooks: registryHooks(authority, {
          onRefused: (event) => logger.warn(event, 'MQTT client refused'),
          ingest: () => bridge?.ingest ?? null,
        }),
      });
      bridge = await startBridge({
        db: { owner: ports.owner },
        tenants: ports.tenants,
        logger,
        events: ports.events,
        alarms: ports.alarms,
        embedded: true,
        mqtt: {
          url: `mqtt://127.0.0.1:${broker.port}`,
          ...account,
          clientId: values['client-id'],
          protocolVersion: 4,
        },
        presenceMs: Number(process.env.IOT_PRESENCE_MS ?? 2000),
      });
      await bridge.ready();
      console.log(`bridge ready (embedded broker on port ${broker.port})`);
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await bridge.stop();
      await broker.close();
      return 0;
    }
    if (command === 'bridge') {
      const bridge = await startBridge({
        db: { owner: ports.owner },
        tenants: ports.tenants,
        logger,
        events: ports.events,
        alarms: ports.alarms,
        mqtt: {
          url: mqttUrl,
          username: process.env.MQTT_BRIDGE_USERNAME ?? 'cb-bridge',
          password: process.env.MQTT_BRIDGE_PASSWORD ?? '',
          clientId: values['client-id'],
          shareGroup: values['share-group'],
          protocolVersion: process.env.MQTT_PROTOCOL === '4' ? 4 : 5,
        },
        presenceMs: Number(process.env.IOT_PRESENCE_MS ?? 2000),
      });
      await bridge.ready();
      console.log('bridge ready');
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await bridge.stop();
      return 0;
    }
    console.error(`Unknown command "${command}".\n\n${usage}`);
    return 64;
  } finally {
    await ports.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? `campusbase-iot: ${error.message}` : error);
    process.exitCode = 1;
  },
);
