import { describe, expect, it } from 'vitest';
import { SESSION_CACHE_TTL, SessionCache } from './session-cache.ts';
import { parseSessionChange } from './session-events.ts';
import type { SessionWithPerson } from './sessions.repository.ts';

function session(id: string, personId: string): SessionWithPerson {
  const later = new Date(Date.now() + 3_600_000);
  return {
    id,
    secretHash: new Uint8Array(32),
    personId,
    activeTenantId: null,
    mfaPending: false,
    mfaVerifiedAt: null,
    idleExpiresAt: later,
    absoluteExpiresAt: later,
    createdAt: new Date(),
    personStatus: 'active',
    displayName: '林美玲',
    authzVersion: 1,
    passwordMustChange: false,
  };
}

describe('SessionCache', () => {
  it('forgets sessions by id and by person', () => {
    const cache = new SessionCache();
    cache.remember(session('a', 'p1'), 0, cache.epoch);
    cache.remember(session('b', 'p1'), 0, cache.epoch);
    cache.remember(session('c', 'p2'), 0, cache.epoch);
    cache.forgetSessions(['c']);
    expect(cache.get('c', 1)).toBeUndefined();
    expect(cache.get('a', 1)?.id).toBe('a');
    cache.forgetPersons(['p1']);
    expect(cache.get('a', 1)).toBeUndefined();
    expect(cache.get('b', 1)).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('does not remember a row read before an eviction', () => {
    const cache = new SessionCache();
    const epoch = cache.epoch;
    cache.forgetPersons(['p1']);
    cache.remember(session('a', 'p1'), 0, epoch);
    expect(cache.get('a', 1)).toBeUndefined();
  });

  it('keeps entries longer only while a change feed is connected, and forgets all on either change', () => {
    const cache = new SessionCache();
    cache.remember(session('a', 'p1'), 0, cache.epoch);
    expect(cache.get('a', SESSION_CACHE_TTL.withoutFeedMs)).toBeUndefined();
    cache.setFeedConnected(true);
    cache.remember(session('a', 'p1'), 0, cache.epoch);
    expect(cache.get('a', SESSION_CACHE_TTL.withoutFeedMs)?.id).toBe('a');
    cache.setFeedConnected(false);
    expect(cache.get('a', 1)).toBeUndefined();
  });
});

describe('parseSessionChange', () => {
  it('reads the trigger payloads and treats anything else as "forget all"', () => {
    expect(parseSessionChange('s:abc,def')).toEqual({ kind: 'sessions', ids: ['abc', 'def'] });
    expect(parseSessionChange('p:3f1c')).toEqual({ kind: 'persons', ids: ['3f1c'] });
    expect(parseSessionChange('*')).toEqual({ kind: 'all' });
    expect(parseSessionChange('s:')).toEqual({ kind: 'all' });
    expect(parseSessionChange('b:t1')).toEqual({ kind: 'barrier', token: 't1' });
    expect(parseSessionChange('a:t1:n2')).toEqual({ kind: 'ack', token: 't1', node: 'n2' });
  });
});
