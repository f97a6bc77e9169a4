import { describe, expect, it } from 'vitest';
import { sessionCookieIn } from './cookie.ts';

const plain = { name: 'cb_session', secure: false };
const host = { name: '__Host-cb_session', secure: true };

describe('sessionCookieIn', () => {
  it('finds the session cookie among others, wherever it stands', () => {
    expect(sessionCookieIn('cb_session=abc.def', plain)).toBe('abc.def');
    expect(sessionCookieIn('theme=dark; cb_session=abc.def; lang=en', plain)).toBe('abc.def');
    expect(sessionCookieIn('theme=dark;cb_session=abc.def', plain)).toBe('abc.def');
    expect(sessionCookieIn('a=1; __Host-cb_session=xyz.uvw', host)).toBe('xyz.uvw');
  });

  it('does not take a cookie whose name merely ends or starts with the session cookie’s name', () => {
    expect(sessionCookieIn('evil_cb_session=forged.token', plain)).toBeUndefined();
    expect(sessionCookieIn('cb_session_old=old.token', plain)).toBeUndefined();
    expect(sessionCookieIn('evil_cb_session=forged.token; cb_session=real.token', plain)).toBe('real.token');
    expect(sessionCookieIn('x=cb_session=forged', plain)).toBeUndefined();
  });

  it('answers nothing without a header or the cookie', () => {
    expect(sessionCookieIn(undefined, plain)).toBeUndefined();
    expect(sessionCookieIn('theme=dark', plain)).toBeUndefined();
    // Over https only the __Host- cookie counts: a plain one could have been planted over http.
    expect(sessionCookieIn('cb_session=abc.def', host)).toBeUndefined();
  });
});
