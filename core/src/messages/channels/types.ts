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
  /** The webhook's signing secret (webhooks only). */
  secret?: string;
}

export interface ChannelDriver {
  readonly channel: ExternalChannel;
  /** Resolves with the provider that took it; throws to retry later. */
  deliver(job: OutboxJob): Promise<{ provider: string }>;
  close?(): Promise<void>;
}
