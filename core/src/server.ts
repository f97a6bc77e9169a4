import { type ServerType, serve } from '@hono/node-server';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HttpServer {
  port: number;
  /** Stops accepting, lets in-flight requests finish within the grace period, then closes the rest. */
  close(graceMs: number): Promise<void>;
}

/**
 * Listens on one dual-stack socket: host `::` accepts IPv6 and, through IPv4-mapped addresses,
 * IPv4 too (the MoE asks that new systems be reachable over IPv6).
 */
export function listen(
  fetch: (request: Request) => Response | Promise<Response>,
  port: number,
  hostname: string,
): Promise<HttpServer> {
  return new Promise((resolve, reject) => {
    let server: ServerType;
    const onError = (error: Error) => reject(error);
    server = serve(
      { fetch, port, hostname, serverOptions: { keepAliveTimeout: 5000 } },
      (info: AddressInfo) => {
        server.off('error', onError);
        resolve({ port: info.port, close: (graceMs) => closeServer(server as Server, graceMs) });
      },
    );
    server.once('error', onError);
  });
}

function closeServer(server: Server, graceMs: number): Promise<void> {
  return new Promise((resolve) => {
    const force = setTimeout(() => server.closeAllConnections(), graceMs);
    force.unref();
    server.close(() => {
      clearTimeout(force);
      resolve();
    });
    // Idle keep-alive sockets would hold close() open until they time out.
    server.closeIdleConnections();
  });
}
