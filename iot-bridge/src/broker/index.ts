import { Aedes, type AedesOptions } from 'aedes';
import { createServer, type Server, connect } from 'node:net';

export interface EmbeddedBroker {
  port: number;
  aedes: Aedes;
  /** Resolves when a TCP connection to the broker succeeds. */
  probe(): Promise<void>;
  close(): Promise<void>;
}

export interface EmbeddedBrokerOptions {
  port: number;
  host?: string;
  /** Auth and ACL hooks (authenticate, authorizePublish, authorizeSubscribe) from the device registry. */
  hooks?: Pick<AedesOptions, 'authenticate' | 'authorizePublish' | 'authorizeSubscribe'>;
}

/**
 * Starts the embedded MQTT broker (aedes) on one TCP port.
 *
 * @example
 * const broker = await startEmbeddedBroker({ port: 1883, hooks: registryHooks });
 */
export async function startEmbeddedBroker(options: EmbeddedBrokerOptions): Promise<EmbeddedBroker> {
  // A higher emit concurrency than aedes' default (100) keeps a 10,000 msg/s fleet from queueing
  // inside mqemitter while the bridge's QoS 1 deliveries are in flight.
  const aedes = await Aedes.createBroker({ concurrency: 2000, ...options.hooks });
  const server: Server = createServer(aedes.handle);
  const host = options.host ?? '::';
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(`MQTT port ${options.port} is in use: stop the other broker or set MQTT_PORT.`)
          : error,
      );
    });
    server.listen(options.port, host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    port,
    aedes,
    probe: () =>
      new Promise<void>((resolve, reject) => {
        const socket = connect({ port, host: '127.0.0.1' }, () => {
          socket.destroy();
          resolve();
        });
        socket.once('error', reject);
      }),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // aedes.close() disconnects every client; open sockets would otherwise hold server.close().
        aedes.close();
      }),
  };
}
