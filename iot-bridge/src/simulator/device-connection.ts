import { connect, type Socket } from 'node:net';
import mqttPacket from 'mqtt-packet';
import type { SimDevice } from './provision.ts';

/**
 * A lean MQTT 3.1.1 device connection for the simulator: one socket, QoS 1 publishes written in
 * one buffer per tick, PUBACKs counted. A fleet of 1,000 mqtt.js clients in one process spends its
 * CPU on per-publish bookkeeping; real devices are separate machines, so the simulator should not
 * be the bottleneck of a bench.
 */
export interface DeviceConnection {
  publish(packets: Array<{ topic: string; payload: string }>): void;
  readonly acked: number;
  readonly sent: number;
  end(): Promise<void>;
}

export function connectDeviceSocket(
  url: string,
  device: SimDevice,
  keepalive = 60,
): Promise<DeviceConnection> {
  const target = new URL(url.replace(/^tcp:/, 'mqtt:'));
  return new Promise((resolve, reject) => {
    const socket: Socket = connect({ host: target.hostname, port: Number(target.port || 1883) });
    socket.setNoDelay(true);
    const parser = mqttPacket.parser({ protocolVersion: 4 });
    let nextId = 0;
    let acked = 0;
    let sent = 0;
    let ping: NodeJS.Timeout | null = null;
    const connection: DeviceConnection = {
      publish(packets) {
        const chunks: Buffer[] = [];
        for (const p of packets) {
          nextId = nextId >= 65535 ? 1 : nextId + 1;
          chunks.push(
            mqttPacket.generate({
              cmd: 'publish',
              topic: p.topic,
              payload: p.payload,
              qos: 1,
              messageId: nextId,
              dup: false,
              retain: false,
            }),
          );
        }
        sent += packets.length;
        socket.write(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks));
      },
      get acked() {
        return acked;
      },
      get sent() {
        return sent;
      },
      end: () =>
        new Promise<void>((done) => {
          if (ping) clearInterval(ping);
          if (socket.destroyed) return done();
          socket.end(mqttPacket.generate({ cmd: 'disconnect' }), () => done());
          socket.once('close', () => done());
        }),
    };
    parser.on('packet', (packet) => {
      if (packet.cmd === 'puback') acked++;
      else if (packet.cmd === 'connack') {
        if (packet.returnCode) {
          socket.destroy();
          reject(new Error(`device ${device.id} refused: CONNACK ${packet.returnCode}`));
          return;
        }
        ping = setInterval(
          () => socket.write(mqttPacket.generate({ cmd: 'pingreq' })),
          (keepalive * 1000) / 2,
        );
        resolve(connection);
      }
    });
    socket.on('data', (chunk) => parser.parse(chunk));
    socket.once('error', (error) => reject(error));
    socket.once('close', () => {
      if (ping) clearInterval(ping);
    });
    socket.once('connect', () => {
      socket.write(
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
  });
}
