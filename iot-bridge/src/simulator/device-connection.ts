import { connect, type Socket } from 'node:net';
import mqttPacket from 'mqtt-packet';
import type { SimDevice } from './provision.ts';

/**
 * A lean MQTT 3.1.1 device connection for the simulator: one socket, QoS 1 publishes written in
 * one buffer per tick, PUBACKs counted. A fleet of 1,000 mqtt.js clients in one process spends its
 * CPU on per-publish bookkeeping; real devices are separate machines, so the simulator should not
 * be the bottleneck of a bench.
 *
 * Like a real device it keeps every message until its PUBACK: when the connection drops (a broker
 * restart, a crash) it reconnects and resends the unacknowledged ones with DUP set, and queues new
 * ones meanwhile.
 */
export interface DeviceConnection {
  publish(packets: Array<{ topic: string; payload: string }>): void;
  readonly acked: number;
  readonly sent: number;
  end(): Promise<void>;
}

interface Outgoing {
  topic: string;
  payload: string;
}

export function connectDeviceSocket(
  url: string,
  device: SimDevice,
  keepalive = 60,
): Promise<DeviceConnection> {
  const target = new URL(url.replace(/^tcp:/, 'mqtt:'));
  const inflight = new Map<number, Outgoing>();
  let nextId = 0;
  let acked = 0;
  let sent = 0;
  let socket: Socket | null = null;
  let online = false;
  let ended = false;
  let ping: NodeJS.Timeout | null = null;
  let backoff = 100;

  const encode = (id: number, message: Outgoing, dup: boolean) =>
    mqttPacket.generate({
      cmd: 'publish',
      topic: message.topic,
      payload: message.payload,
      qos: 1,
      messageId: id,
      dup,
      retain: false,
    });

  const connection: DeviceConnection = {
    publish(packets) {
      const chunks: Buffer[] = [];
      for (const p of packets) {
        do nextId = nextId >= 65535 ? 1 : nextId + 1;
        while (inflight.has(nextId));
        inflight.set(nextId, p);
        if (online) chunks.push(encode(nextId, p, false));
      }
      sent += packets.length;
      if (chunks.length > 0) socket!.write(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks));
    },
    get acked() {
      return acked;
    },
    get sent() {
      return sent;
    },
    end: () =>
      new Promise<void>((done) => {
        ended = true;
        if (ping) clearInterval(ping);
        const current = socket;
        if (!current || current.destroyed) return done();
        current.end(mqttPacket.generate({ cmd: 'disconnect' }), () => done());
        current.once('close', () => done());
      }),
  };

  return new Promise((resolve, reject) => {
    let first = true;
    const open = () => {
      const sock = connect({ host: target.hostname, port: Number(target.port || 1883) });
      socket = sock;
      sock.setNoDelay(true);
      const parser = mqttPacket.parser({ protocolVersion: 4 });
      parser.on('packet', (packet) => {
        if (packet.cmd === 'puback') {
          if (packet.messageId !== undefined && inflight.delete(packet.messageId)) acked++;
        } else if (packet.cmd === 'connack') {
          if (packet.returnCode) {
            sock.destroy();
            if (first) reject(new Error(`device ${device.id} refused: CONNACK ${packet.returnCode}`));
            return;
          }
          online = true;
          backoff = 100;
          ping = setInterval(
            () => sock.write(mqttPacket.generate({ cmd: 'pingreq' })),
            (keepalive * 1000) / 2,
          );
          if (inflight.size > 0)
            sock.write(Buffer.concat([...inflight].map(([id, message]) => encode(id, message, true))));
          if (first) resolve(connection);
          first = false;
        }
      });
      sock.on('data', (chunk) => parser.parse(chunk));
      sock.on('error', (error) => {
        if (first) reject(error);
      });
      sock.once('close', () => {
        online = false;
        if (ping) clearInterval(ping);
        ping = null;
        if (first || ended) return;
        setTimeout(open, backoff);
        backoff = Math.min(backoff * 2, 2000);
      });
      sock.once('connect', () => {
        sock.write(
          mqttPacket.generate({
            cmd: 'connect',
            protocolId: 'MQTT',
            protocolVersion: 4,
            clientId: `sim-${device.id}`,
            clean: true,
            keepalive,
            username: device.id,
            password: Buffer.from(device.secret),
            will: {
              topic: `cb/${device.tenantCode}/${device.id}/up/status`,
              payload: Buffer.from('{"online":false}'),
              qos: 1,
              retain: false,
            },
          }),
        );
      });
    };
    open();
  });
}
