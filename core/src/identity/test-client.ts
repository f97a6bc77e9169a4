/** A tiny cookie-keeping HTTP client for integration tests: behaves like one browser. */
export class TestBrowser {
  readonly base: string;
  cookie: string | null = null;
  constructor(base: string) {
    this.base = base;
  }

  async request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const res = await fetch(`${this.base}${path}`, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(method !== 'GET' ? { origin: this.base, 'sec-fetch-site': 'same-origin' } : {}),
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...headers,
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const set = res.headers
      .getSetCookie()
      .filter((c) => c.startsWith('cb_session='))
      .at(-1);
    if (set) {
      const value = set.split(';')[0] as string;
      this.cookie = value === 'cb_session=' ? null : value;
    }
    const text = await res.text();
    const json = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    return { status: res.status, json, headers: res.headers };
  }

  get(path: string) {
    return this.request('GET', path);
  }
  post(path: string, body?: unknown, headers?: Record<string, string>) {
    return this.request('POST', path, body ?? {}, headers);
  }

  async login(login: string, password = 'Campus@2026') {
    const res = await this.post('/api/v1/auth/login', { login, password });
    if (res.status !== 200)
      throw new Error(`login ${login} failed: ${res.status} ${JSON.stringify(res.json)}`);
    return res;
  }
}
