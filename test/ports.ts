import { createServer } from 'node:net';

/**
 * Picks a TCP port for a test server to listen on.
 *
 * Asking the kernel for port 0 and closing it again is racy: the port comes from the ephemeral
 * range (32768–60999 on Linux), so between our close and the server's listen, any outgoing
 * connection of a parallel test worker (pg pools, MQTT clients, fetch) can take it as its source
 * port, and the listen fails with EADDRINUSE. Ports below the ephemeral range are never handed out
 * automatically, so we draw from 10000–31999 instead, give each Vitest worker its own slice so two
 * workers never draw the same port, remember what this process handed out, and check that the port
 * can be bound on the dual-stack wildcard (what the platform listens on) before returning it.
 */
const rangeStart = 10_000;
const rangeEnd = 32_000;
const sliceSize = 1_000;
const handedOut = new Set<number>();

function slice(): { start: number; size: number } {
  const slices = Math.floor((rangeEnd - rangeStart) / sliceSize);
  const worker = Number(process.env.VITEST_POOL_ID ?? process.env.VITEST_WORKER_ID);
  if (!Number.isInteger(worker) || worker < 0) return { start: rangeStart, size: rangeEnd - rangeStart };
  return { start: rangeStart + (worker % slices) * sliceSize, size: sliceSize };
}

/** Whether `port` can be bound on `host`; a host this machine lacks (no IPv6) does not count against it. */
function canBind(port: number, host: string): Promise<boolean> {
  return new Promise((done) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) =>
      done(error.code !== 'EADDRINUSE' && error.code !== 'EACCES'),
    );
    server.listen({ port, host, exclusive: true }, () => server.close(() => done(true)));
  });
}

export async function freePort(): Promise<number> {
  const { start, size } = slice();
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = start + Math.floor(Math.random() * size);
    if (handedOut.has(port)) continue;
    if ((await canBind(port, '::')) && (await canBind(port, '127.0.0.1'))) {
      handedOut.add(port);
      return port;
    }
  }
  throw new Error(`no free TCP port found in ${start}–${start + size - 1}`);
}
