import type { Kysely } from 'kysely';
import { AuthzCache } from '../authz/snapshot.ts';
import type { Database } from '../db/database.ts';
import type { Logger } from '../logger.ts';
import { deriveKey } from '../secrets.ts';
import { type SessionCookieSettings, sessionCookieSettings } from './cookie.ts';
import { SessionCache } from './session-cache.ts';
import type { SessionEvents } from './session-events.ts';
import { registerLocalEviction } from './sessions.repository.ts';
import { logMailSender, type MailSender } from './mail-sender.ts';
import { logSmsSender, type SmsSender } from './sms-sender.ts';

export interface SessionLifetimes {
  /** A session unused for this long ends (sliding). */
  idleMs: number;
  /** A session ends this long after login, however active. */
  absoluteMs: number;
}

export const DEFAULT_LIFETIMES: SessionLifetimes = {
  idleMs: 8 * 60 * 60 * 1000,
  absoluteMs: 7 * 24 * 60 * 60 * 1000,
};

/** Purpose-specific keys derived from the platform secret. */
export interface IdentityKeys {
  nationalId: string;
  smsCode: string;
  totp: Buffer;
  recoveryCode: string;
}

/** Everything identity needs at request time; built once per app. */
export interface Identity {
  /** The app-role pool (row-level security applies). */
  db: Kysely<Database>;
  logger: Logger;
  cookie: SessionCookieSettings;
  publicUrl: string;
  lifetimes: SessionLifetimes;
  keys: IdentityKeys;
  sms: SmsSender;
  /** Transactional mail (password-reset links). */
  mail: MailSender;
  /** The time for code, link and recent-login expiry; tests pass a clock they control. */
  clock: () => Date;
  authz: AuthzCache;
  /** This node's recently validated sessions (see session-cache.ts). */
  sessions: SessionCache;
  /**
   * Waits until every node has been sent the session changes committed so far (see
   * SessionEvents.barrier); routes that end or narrow sessions call it before answering.
   */
  settle(): Promise<void>;
}

export interface IdentityOptions {
  db: Kysely<Database>;
  logger: Logger;
  secret: string;
  publicUrl: string;
  sms?: SmsSender;
  /** Password-reset mail; the log when none is given (development). */
  mail?: MailSender;
  clock?: () => Date;
  lifetimes?: Partial<SessionLifetimes>;
  /** The node's change feed: evicts cached sessions when any node ends or narrows them. */
  sessionEvents?: SessionEvents;
}

/**
 * @example
 * const identity = createIdentity({ db: db.app, logger, secret, publicUrl: 'http://localhost:3000' });
 */
export function createIdentity(options: IdentityOptions): Identity {
  const sessions = new SessionCache();
  registerLocalEviction(options.db, sessions);
  options.sessionEvents?.subscribe({
    changed: (change) => {
      if (change.kind === 'sessions') sessions.forgetSessions(change.ids);
      else if (change.kind === 'persons') sessions.forgetPersons(change.ids);
      else if (change.kind === 'all') sessions.clear();
    },
    connected: (connected) => sessions.setFeedConnected(connected),
  });
  return {
    db: options.db,
    logger: options.logger,
    cookie: sessionCookieSettings(options.publicUrl),
    publicUrl: options.publicUrl,
    lifetimes: { ...DEFAULT_LIFETIMES, ...options.lifetimes },
    keys: {
      nationalId: deriveKey(options.secret, 'identity:national-id'),
      smsCode: deriveKey(options.secret, 'identity:sms-code'),
      totp: Buffer.from(deriveKey(options.secret, 'identity:totp'), 'hex'),
      recoveryCode: deriveKey(options.secret, 'identity:recovery-code'),
    },
    sms: options.sms ?? logSmsSender(options.logger),
    // The platform passes an SMTP sender when SMTP_URL is configured (see buildApp).
    mail: options.mail ?? logMailSender(options.logger),
    clock: options.clock ?? (() => new Date()),
    authz: new AuthzCache(options.db),
    sessions,
    settle: async () => {
      await options.sessionEvents?.barrier();
    },
  };
}
