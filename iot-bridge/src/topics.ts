/**
 * Topic layout (DESIGN.md §8):
 *   cb/{tenantCode}/{deviceId}/up/{telemetry|event|state|status|reply}[/…]
 *   cb/{tenantCode}/{deviceId}/down/{command}
 */
export const UP_KINDS = ['telemetry', 'event', 'state', 'status', 'reply'] as const;
export type UpKind = (typeof UP_KINDS)[number];

export interface UpTopic {
  tenantCode: string;
  deviceId: string;
  kind: UpKind;
  /** Segments after the kind, e.g. the event type in `up/event/gate.swipe`. */
  rest: string[];
}

const SEGMENT = /^[0-9A-Za-z_.-]{1,64}$/;

/** Parses an upward topic, or returns undefined when it is not one. */
export function parseUpTopic(topic: string): UpTopic | undefined {
  const parts = topic.split('/');
  if (parts.length < 5 || parts[0] !== 'cb' || parts[3] !== 'up') return undefined;
  const [, tenantCode, deviceId, , kind, ...rest] = parts as [string, string, string, string, string];
  if (!SEGMENT.test(tenantCode) || !SEGMENT.test(deviceId)) return undefined;
  if (!(UP_KINDS as readonly string[]).includes(kind)) return undefined;
  return { tenantCode, deviceId, kind: kind as UpKind, rest };
}

export function devicePrefix(tenantCode: string, deviceId: string): string {
  return `cb/${tenantCode}/${deviceId}`;
}

export function downTopic(tenantCode: string, deviceId: string, command: string): string {
  return `${devicePrefix(tenantCode, deviceId)}/down/${command}`;
}

/** The subscription every bridge reads from; with a share group, several bridges split the load. */
export function ingestSubscription(shareGroup?: string): string {
  return shareGroup ? `$share/${shareGroup}/cb/+/+/up/#` : 'cb/+/+/up/#';
}

/** True when `topic` lies under `prefix/` (no wildcards allowed in `topic`). */
export function isUnder(topic: string, prefix: string): boolean {
  return topic.startsWith(`${prefix}/`) && !/[+#]/.test(topic) && topic.length > prefix.length + 1;
}
