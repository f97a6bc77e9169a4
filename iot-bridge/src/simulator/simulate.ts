import { connect, type MqttClient } from 'mqtt';
import { connectDeviceSocket, type DeviceConnection } from './device-connection.ts';
import { generate, random } from './generators.ts';
import type { SimDevice } from './provision.ts';

export interface SimulationOptions {
  url: string;
  devices: SimDevice[];
  /** Messages per second per device. */
  rate: number;
  seconds: number;
  seed?: number;
  /** Clock for generated timestamps; the bench uses real time. */
  now?: () => number;
  /** Connections opened at once while ramping up. */
  connectConcurrency?: number;
  log?: (message: string) => void;
  /** Called when every device is connected and publishing starts. */
  onStart?: () => void;
}

export interface SimulationResult {
  published: number;
  acknowledged: number;
  failed: number;
  seconds: number;
}

/** Connects every device (QoS 1, clean session, a last will on `up/status`). */
export async function connectDevices(
  url: string,
  devices: SimDevice[],
  concurrency = 100,
): Promise<MqttClient[]> {
  const clients: MqttClient[] = [];
  for (let i = 0; i < devices.length; i += concurrency) {
    const batch = devices.slice(i, i + concurrency);
    clients.push(
      ...(await Promise.all(
        batch.map(
          (device) =>
            new Promise<MqttClient>((resolve, reject) => {
              const client = connect(url, {
                clientId: `sim-${device.id}`,
                username: device.id,
                password: device.secret,
                protocolVersion: 4,
                reconnectPeriod: 1000,
                connectTimeout: 20_000,
                keepalive: 60,
                will: {
                  topic: `cb/${device.tenantCode}/${device.id}/up/status`,
                  payload: Buffer.from('{"online":false}'),
                  qos: 1,
                  retain: false,
                },
              });
              client.once('connect', () => resolve(client));
              client.once('error', (error) => {
                client.end(true);
                reject(new Error(`device ${device.id} could not connect: ${error.message}`));
              });
            }),
        ),
      )),
    );
  }
  return clients;
}

/**
 * Publishes realistic messages from every device at `rate` msg/s each for `seconds`, QoS 1, and
 * counts the PUBACKs. Ticks every 50 ms with fractional carry, so low rates are honoured too.
 *
 * @example
 * await simulate({ url: 'mqtt://localhost:1883', devices, rate: 10, seconds: 60 });
 */
export async function simulate(options: SimulationOptions): Promise<SimulationResult> {
  const rand = random(options.seed ?? 7);
  const now = options.now ?? Date.now;
  options.log?.(`connecting ${options.devices.length} devices…`);
  const connections: DeviceConnection[] = [];
  const concurrency = options.connectConcurrency ?? 100;
  for (let i = 0; i < options.devices.length; i += concurrency) {
    connections.push(
      ...(await Promise.all(
        options.devices.slice(i, i + concurrency).map((d) => connectDeviceSocket(options.url, d)),
      )),
    );
  }
  const seqs = new Array<number>(connections.length).fill(0);
  let carry = 0;
  const tickMs = 50;
  const started = performance.now();
  options.onStart?.();
  options.log?.(`publishing ${options.rate} msg/s per device for ${options.seconds} s…`);
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const elapsed = (performance.now() - started) / 1000;
      if (elapsed >= options.seconds) {
        clearInterval(timer);
        resolve();
        return;
      }
      // Catch up to where the clock says we should be, so a slow tick does not lower the rate.
      const due = options.rate * elapsed - carry;
      const perDevice = Math.floor(due);
      carry += perDevice;
      if (perDevice <= 0) return;
      connections.forEach((connection, index) => {
        const device = options.devices[index]!;
        const packets: Array<{ topic: string; payload: string }> = [];
        for (let n = 0; n < perDevice; n++) {
          const message = generate(device.type, now(), rand, ++seqs[index]!);
          packets.push({
            topic: `cb/${device.tenantCode}/${device.id}/up/${message.kind}`,
            payload: JSON.stringify(message.payload),
          });
        }
        connection.publish(packets);
      });
    }, tickMs);
  });
  const sent = () => connections.reduce((sum, c) => sum + c.sent, 0);
  const acked = () => connections.reduce((sum, c) => sum + c.acked, 0);
  // Wait for the outstanding PUBACKs (bounded), then disconnect cleanly (no will).
  const deadline = Date.now() + 120_000;
  while (acked() < sent() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  const result: SimulationResult = {
    published: sent(),
    acknowledged: acked(),
    failed: sent() - acked(),
    seconds: (performance.now() - started) / 1000,
  };
  await Promise.all(connections.map((c) => c.end().catch(() => undefined)));
  return result;
}
