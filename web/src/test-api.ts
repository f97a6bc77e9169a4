import { vi } from 'vitest';

export interface RecordedCall {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
  /** The request body as sent, for uploads. */
  raw: unknown;
}

type Handler = (call: RecordedCall) => unknown;

/**
 * Stands in for the platform in component tests: answers `fetch` by `METHOD /path` with JSON
 * (the shapes come from the generated API types at each call site) and records every call.
 *
 * @example
 * const server = fakeApi({ 'GET /api/v1/inbox': () => ({ items: [] }) });
 * expect(server.calls.at(-1)?.path).toBe('/api/v1/inbox');
 */
export function fakeApi(routes: Record<string, Handler>) {
  const calls: RecordedCall[] = [];
  const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input), 'http://portal.test');
    const method = (init?.method ?? 'GET').toUpperCase();
    const call: RecordedCall = {
      method,
      path: url.pathname,
      query: url.searchParams,
      body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined,
      raw: init?.body,
    };
    calls.push(call);
    const handler = routes[`${method} ${url.pathname}`];
    if (!handler && url.pathname === '/api/v1/me') {
      return Response.json({ error: { code: 'unauthenticated', message: '请先登录' } }, { status: 401 });
    }
    if (!handler) {
      return Response.json(
        { error: { code: 'not_found', message: `no fake for ${method} ${url.pathname}` } },
        { status: 404 },
      );
    }
    const answer = handler(call);
    if (answer instanceof Response) return answer;
    return Response.json(answer ?? null);
  });
  vi.stubGlobal('fetch', fetch);
  return { calls, fetch };
}

/** A stand-in EventSource the test drives: `emit('message', item)`. */
export class FakeEventSource {
  static last: FakeEventSource | null = null;
  readonly url: string;
  private readonly listeners = new Map<string, Array<(event: MessageEvent<string>) => void>>();
  closed = false;
  constructor(url: string) {
    this.url = url;
    FakeEventSource.last = this;
  }
  addEventListener(type: string, listener: (event: MessageEvent<string>) => void) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  close() {
    this.closed = true;
  }
  emit(type: string, data: unknown) {
    for (const listener of this.listeners.get(type) ?? []) {
      listener({ data: JSON.stringify(data) } as MessageEvent<string>);
    }
  }
}
