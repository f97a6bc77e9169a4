import type { Category, ExternalChannel, Priority, RenderedContent } from '../messages.table.ts';

/** One message inside a job, already in the recipient's language. */
export interface JobMessage {
  id: string;
  tenantId: string;
  category: Category;
  priority: Priority;
  senderName: string;
  deepLink: string | null;
  createdAt: Date;
  content: RenderedContent;
}

/**
 * What a channel driver delivers: one outbox row, or for a digest several rows of one person
 * gathered into one email.
 */
export interface OutboxJob {
  channel: ExternalChannel;
  rows: ReadonlyArray<{ tenantId: string; id: number; attempts: number }>;
  target: string;
  address: string;
  locale: 'zh-CN' | 'en';
  /** Stable per job; providers that support it use it to drop a repeated send. */
  key: string;
  attempt: number;
  digest: boolean;
  messages: ReadonlyArray<JobMessage>;
  /** What the driver looked up for this job's target and school (secrets, sender names). */
  extras: JobExtras;
}

/** Looked up once per batch by the driver, opened from their sealed form only in memory. */
export interface JobExtras {
  /** Webhooks: the signing secrets, current first (two during a rotation's grace period). */
  secrets?: ReadonlyArray<string>;
  /** WeCom robots: the robot key. */
  robotKey?: string;
  /** Email: the school's own sender name. */
  fromName?: string;
  /** Why the target's credential could not be opened (a changed SECRET_KEY); final, not retried. */
  problem?: string;
}

/** Opens a sealed credential for a batch, turning a failure into the job's `problem`. */
export function openOr(open: () => JobExtras): JobExtras {
  try {
    return open();
  } catch {
    return {
      problem:
        'the stored credential cannot be decrypted: SECRET_KEY is not the one it was sealed with (restore the key, or register the endpoint again)',
    };
  }
}

export interface ChannelDriver {
  readonly channel: ExternalChannel;
  /** Whether targets are people (their locale is looked up) rather than endpoints of a school. */
  readonly personal: boolean;
  /** Looks up the extras of a batch, keyed by `${tenantId}:${target}`. */
  prepare?(rows: ReadonlyArray<{ tenantId: string; target: string }>): Promise<Map<string, JobExtras>>;
  /** Resolves with the provider that took it; throws to retry later, or a PermanentDeliveryError. */
  deliver(job: OutboxJob): Promise<{ provider: string }>;
  close?(): Promise<void>;
}

/** A refusal that no retry can fix (a deleted robot, a wrong key): the row goes to the dead letters now. */
export class PermanentDeliveryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentDeliveryError';
  }
}

/** A provider asked us to slow down: retry no sooner than `afterMs` (and with the usual backoff). */
export class RetryLaterError extends Error {
  readonly afterMs: number;
  constructor(message: string, afterMs: number) {
    super(message);
    this.name = 'RetryLaterError';
    this.afterMs = afterMs;
  }
}

export const extrasKey = (tenantId: string, target: string) => `${tenantId}:${target}`;
