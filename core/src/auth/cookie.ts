import type { Context } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import { serialize } from 'hono/utils/cookie';
import { requestHeader } from '../http/request-headers.ts';

export interface SessionCookieSettings {
  name: string;
  secure: boolean;
}

/**
 * The session cookie follows the public URL's scheme. Over https it is `__Host-cb_session`
 * (Secure, host-only, path /), which the browser refuses to let a subdomain or http page set.
 * Plain http://localhost in development and tests gets `cb_session`, because some clients do not
 * send Secure cookies over http.
 */
export function sessionCookieSettings(publicUrl: string): SessionCookieSettings {
  const secure = publicUrl.startsWith('https:');
  return { name: secure ? '__Host-cb_session' : 'cb_session', secure };
}

export function readSessionCookie(c: Context, settings: SessionCookieSettings): string | undefined {
  // From Node's parsed headers: getCookie() would build a Fetch Request for every call (see requestHeader).
  return sessionCookieIn(requestHeader(c, 'cookie'), settings);
}

/**
 * The session cookie's value in a Cookie header. A plain scan rather than a general cookie parser
 * (this runs on every request): session tokens are `[a-z0-9]+.[A-Za-z0-9_-]+`, so there is
 * nothing to unquote or decode, and `parseSessionToken` refuses anything else.
 */
export function sessionCookieIn(
  header: string | undefined,
  settings: SessionCookieSettings,
): string | undefined {
  if (!header) return undefined;
  const name = settings.name;
  let at = header.indexOf(name);
  while (at !== -1) {
    const before = at === 0 ? ';' : header[at - 1];
    if ((before === ';' || before === ' ') && header[at + name.length] === '=') {
      const start = at + name.length + 1;
      const end = header.indexOf(';', start);
      return (end === -1 ? header.slice(start) : header.slice(start, end)).trim();
    }
    at = header.indexOf(name, at + name.length);
  }
  return undefined;
}

/** The Set-Cookie value that clears the session cookie (what `clearSessionCookie` sends). */
export function clearedSessionCookie(settings: SessionCookieSettings): string {
  return serialize(settings.name, '', {
    path: '/',
    secure: settings.secure,
    httpOnly: true,
    sameSite: 'Lax',
    maxAge: 0,
  });
}

/** Sets the session cookie: HttpOnly, SameSite=Lax, Path=/, Secure over https. */
export function writeSessionCookie(
  c: Context,
  settings: SessionCookieSettings,
  token: string,
  expiresAt: Date,
): void {
  setCookie(c, settings.name, token, {
    httpOnly: true,
    secure: settings.secure,
    sameSite: 'Lax',
    path: '/',
    expires: expiresAt,
  });
}

export function clearSessionCookie(c: Context, settings: SessionCookieSettings): void {
  deleteCookie(c, settings.name, { path: '/', secure: settings.secure, httpOnly: true, sameSite: 'Lax' });
}
