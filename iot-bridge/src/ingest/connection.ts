import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import mqttPacket, { type Packet } from 'mqtt-packet';
import type { IotLogger } from '../ports.ts';

export interface IncomingMessage {
  topic: string;
  payload: Buffer;
  dup: boolean;
  /** Identifies the message for `ack`; valid only on the connection that delivered it. */
  ref: { generation: number; messageId: number | undefined };
}

export interface IngestConnectionOptions {
  url: string;
  clientId: string;
  username?: string | undefined;
  password?: string | undefined;
  subscription: string;
  /** 5 asks for a large receive window (Mosquitto, EMQX); 4 for brokers that speak 3.1.1 only (aedes). */
  protocolVersion: 4 | 5;
  keepaliveSeconds?: number;
  onMessage(message: IncomingMessage): void;
  onState?(state: 'connected' | 'disconnected', detail?: string): void;
  logger: IotLogger;
}

/**
 * The bridge's reading side of MQTT: QoS 1, a persistent session (clean start off, a long session
 * expiry), and PUBACKs that the caller sends only after the rows are committed. mqtt.js sends a
 * PUBACK as soon as its message handler returns and handles one message at a time, so the bridge
 * speaks the few packets it needs itself (with mqtt-packet) and keeps thousands unacknowledged
 * while a batch commits. It reconnects with back-off; the broker then redelivers what was never
 * acknowledged.
 */
export function createIngestConnection(options: IngestConnectionOptions) {
  const keepalive = options.keepaliveSeconds ?? 30;
  let socket: Socket | null = null;
  let generation = 0;
  let connected = false;
  let closed = false;
  let backoff = 250;
  let reconnectTimer: NodeJS.Timeout | null = null;
  let pingTimer: NodeJS.Timeout | null = null;
  let lastHeard = 0;
  let connectedResolve: (() => void) | null = null;
  const firstConnect = new Promise<void>((resolve) => {
    connectedResolve = resolve;
  });
  const generateOptions = { protocolVersion: options.protocolVersion };
  let acks: Buffer[] = [];
  function flushAcks() {
    const chunk = acks.length === 1 ? acks[0]! : Buffer.concat(acks);
    acks = [];
    if (socket && !socket.destroyed && connected) socket.write(chunk);
  }

  function send(packet: Packet): void {
    if (socket && !socket.destroyed) socket.write(mqttPacket.generate(packet, generateOptions));
  }

  function scheduleReconnect(reason: string) {
    if (closed || reconnectTimer) return;
    options.onState?.('disconnected', reason);
    reconnectTimer = setTimeout(() => {
      reconnectTimer = null;
      open();
    }, backoff);
    backoff = Math.min(backoff * 2, 5000);
  }

  function teardown(reason: string) {
    if (pingTimer) clearInterval(pingTimer);
    pingTimer = null;
    const wasConnected = connected;
    connected = false;
    socket?.destroy();
    socket = null;
    generation++;
    if (wasConnected) options.logger.warn({ reason }, 'MQTT ingest connection lost; reconnecting');
    scheduleReconnect(reason);
  }

  function onPacket(packet: Packet, myGeneration: number) {
    lastHeard = Date.now();
    switch (packet.cmd) {
      case 'connack': {
        const code = options.protocolVersion === 5 ? packet.reasonCode : packet.returnCode;
        if (code) {
          options.logger.error({ code }, 'MQTT broker refused the bridge: check the bridge credentials');
          teardown(`connack ${code}`);
          return;
        }
        connected = true;
        backoff = 250;
        send({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: options.subscription, qos: 1 }] });
        break;
      }
      case 'suback': {
        const granted = packet.granted[0];
        if (typeof granted === 'number' && granted >= 0x80) {
          options.logger.error(
            { granted, topic: options.subscription },
            'MQTT broker refused the bridge subscription',
          );
          teardown('suback refused');
          return;
        }
        options.onState?.('connected');
        connectedResolve?.();
        connectedResolve = null;
        break;
      }
      case 'publish':
        options.onMessage({
          topic: packet.topic,
          payload: typeof packet.payload === 'string' ? Buffer.from(packet.payload) : packet.payload,
          dup: packet.dup,
          ref: { generation: myGeneration, messageId: packet.qos > 0 ? packet.messageId : undefined },
        });
        break;
      case 'disconnect':
        teardown('broker sent DISCONNECT');
        break;
      default:
        break;
    }
  }

  function open() {
    if (closed) return;
    const url = new URL(options.url.replace(/^tcp:/, 'mqtt:'));
    const port = Number(url.port || (url.protocol === 'mqtts:' ? 8883 : 1883));
    const host = url.hostname.replace(/^\[|\]$/g, '');
    const myGeneration = ++generation;
    const parser = mqttPacket.parser(generateOptions);
    const sock =
      url.protocol === 'mqtts:' ? tlsConnect({ host, port, servername: host }) : netConnect({ host, port });
    socket = sock;
    sock.setNoDelay(true);
    parser.on('packet', (packet) => onPacket(packet, myGeneration));
    parser.on('error', (error: Error) => teardown(`protocol error: ${error.message}`));
    sock.on('data', (chunk) => parser.parse(chunk));
    sock.on('error', (error) => options.logger.debug({ err: error.message }, 'MQTT ingest socket error'));
    sock.on('close', () => {
      if (socket === sock) teardown('socket closed');
    });
    sock.once(url.protocol === 'mqtts:' ? 'secureConnect' : 'connect', () => {
      lastHeard = Date.now();
      send({
        cmd: 'connect',
        protocolId: 'MQTT',
        protocolVersion: options.protocolVersion,
        clientId: options.clientId,
        clean: false,
        keepalive,
        ...(options.username ? { username: options.username } : {}),
        ...(options.password !== undefined ? { password: Buffer.from(options.password) } : {}),
        ...(options.protocolVersion === 5
          ? { properties: { sessionExpiryInterval: 7 * 24 * 3600, receiveMaximum: 65535 } }
          : {}),
      });
      pingTimer = setInterval(
        () => {
          if (Date.now() - lastHeard > keepalive * 1500) return teardown('keepalive timeout');
          send({ cmd: 'pingreq' });
        },
        (keepalive * 1000) / 2,
      );
    });
  }

  open();

  return {
    /** Resolves once connected and subscribed for the first time. */
    ready: () => firstConnect,
    isConnected: () => connected,
    /**
     * Sends the PUBACK for a message whose row is committed; the PUBACKs of one tick go out in one
     * write. Stale references (an earlier connection) are skipped: the broker redelivers those.
     */
    ack(ref: IncomingMessage['ref']): void {
      if (!connected || !socket || ref.generation !== generation || ref.messageId === undefined) return;
      acks.push(mqttPacket.generate({ cmd: 'puback', messageId: ref.messageId }, generateOptions));
      if (acks.length === 1) queueMicrotask(flushAcks);
    },
    /** Stops reading from the socket (back-pressure) or resumes. */
    pause: (paused: boolean) => (paused ? socket?.pause() : socket?.resume()),
    async close(): Promise<void> {
      closed = true;
      if (reconnectTimer) clearTimeout(reconnectTimer);
      if (pingTimer) clearInterval(pingTimer);
      const sock = socket;
      socket = null;
      if (sock && !sock.destroyed) {
        // A normal DISCONNECT keeps the persistent session (no will, session expiry unchanged).
        await new Promise<void>((resolve) =>
          sock.end(mqttPacket.generate({ cmd: 'disconnect' }, generateOptions), () => resolve()),
        );
        sock.destroy();
      }
    },
  };
}

export type IngestConnection = ReturnType<typeof createIngestConnection>;
