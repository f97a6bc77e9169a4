import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { freePort } from '../../../../test/ports.ts';

export interface Received {
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * A real HTTP listener for delivery tests. `answer` decides each response; by default 200 `{}`.
 * Stands in for a school's webhook receiver, or for WeCom's robot API.
 */
export async function startReceiver(
  answer: (request: Received) => { status?: number; json: unknown } = () => ({ json: {} }),
): Promise<{ url: string; received: Received[]; stop(): Promise<void> }> {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://receiver');
      const request = {
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      received.push(request);
      const { status = 200, json } = answer(request);
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json));
    });
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * WeCom's robot API as it answers: HTTP 200 with `{errcode, errmsg}`. Each key has a script of
 * errcodes to answer in turn (then 0); an unknown key gets 93000 as WeCom does.
 */
export async function startWecom(scripts: Record<string, number[]>) {
  const messages = new Map<string, string[]>();
  const receiver = await startReceiver((request) => {
    const key = request.query.get('key') ?? '';
    if (request.path !== '/cgi-bin/webhook/send' || !(key in scripts))
      return { json: { errcode: 93000, errmsg: 'invalid webhook url, hint: [1732240000_1]' } };
    const code = scripts[key]!.shift() ?? 0;
    const body = JSON.parse(request.body) as { msgtype: string; markdown?: { content: string } };
    if (body.msgtype !== 'markdown' || !body.markdown)
      return { json: { errcode: 40008, errmsg: 'invalid message type' } };
    if (code === 0) messages.set(key, [...(messages.get(key) ?? []), body.markdown.content]);
    const errmsg = code === 0 ? 'ok' : code === 45009 ? 'api freq out of limit' : `error ${code}`;
    return { json: { errcode: code, errmsg } };
  });
  return { ...receiver, messages };
}
