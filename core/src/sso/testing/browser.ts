/**
 * A browser for protocol tests: real HTTP, a cookie jar, no automatic redirects (each hop is
 * asserted), and the Origin header a browser sends on a same-site POST.
 */
export class TestBrowser {
  readonly origin: string;
  readonly cookies = new Map<string, string>();

  constructor(origin: string, cookieHeader?: string) {
    this.origin = origin;
    if (cookieHeader) this.setCookieHeader(cookieHeader);
  }

  setCookieHeader(header: string): void {
    for (const part of header.split(';')) {
      const eq = part.indexOf('=');
      if (eq > 0) this.cookies.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
    }
  }

  private store(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      const expired = attrs.some((a) => {
        const [k, v] = a.split('=').map((s) => s.trim().toLowerCase());
        return (k === 'max-age' && Number(v) <= 0) || (k === 'expires' && Date.parse(v ?? '') < Date.now());
      });
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  private header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private absolute(url: string): string {
    return url.startsWith('http') ? url : `${this.origin}${url}`;
  }

  async get(url: string): Promise<Response> {
    const res = await fetch(this.absolute(url), { redirect: 'manual', headers: { cookie: this.header() } });
    this.store(res);
    return res;
  }

  async post(url: string, form: Record<string, string> = {}): Promise<Response> {
    const res = await fetch(this.absolute(url), {
      method: 'POST',
      redirect: 'manual',
      headers: {
        cookie: this.header(),
        origin: this.origin,
        'sec-fetch-site': 'same-origin',
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams(form).toString(),
    });
    this.store(res);
    return res;
  }

  async postJson(url: string, body: unknown): Promise<Response> {
    const res = await fetch(this.absolute(url), {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: this.header(), origin: this.origin, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    this.store(res);
    return res;
  }

  /** Follows redirects while they stay on our origin; returns the first response that leaves it or is not a redirect. */
  async follow(res: Response): Promise<{ res: Response; location: string | null }> {
    let current = res;
    for (let hop = 0; hop < 10; hop++) {
      const location = current.headers.get('location');
      if (current.status < 300 || current.status >= 400 || !location) return { res: current, location: null };
      const next = new URL(location, this.origin).href;
      if (!next.startsWith(this.origin)) return { res: current, location: next };
      await current.arrayBuffer();
      current = await this.get(next);
    }
    throw new Error('Too many redirects');
  }
}
