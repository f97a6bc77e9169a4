import { createHash } from 'node:crypto';
import type { ValidateFunction } from 'ajv';
import { describeErrors } from '../registry/schemas.ts';
import type { UpTopic } from '../topics.ts';
import { isUuid } from '../uuid.ts';

/** What the ingest path knows about a registered device (cached). */
export interface KnownDevice {
  id: string;
  tenantId: string;
  tenantCode: string;
  name: string;
  profileId: string;
  active: boolean;
  telemetry: ValidateFunction;
  event: ValidateFunction;
  state: ValidateFunction;
}

export type ParsedMessage =
  | { kind: 'telemetry'; ts: Date; hash: number; data: Record<string, unknown> }
  | { kind: 'event'; ts: Date; hash: number; type: string; data: Record<string, unknown> }
  | { kind: 'state'; ts: Date; data: Record<string, unknown> }
  | { kind: 'status'; online: boolean }
  | {
      kind: 'reply';
      id: string;
      status: 'acknowledged' | 'done' | 'failed';
      result: unknown;
      error: string | null;
    }
  | { kind: 'dead'; reason: string };

/** Devices may send up to this far ahead of the server clock (clock skew) or this far back (buffered data). */
export const TS_FUTURE_MS = 24 * 3600_000;
export const TS_PAST_MS = 7 * 24 * 3600_000;

const EVENT_TYPE = /^[a-z][a-z0-9_.-]{0,63}$/;

/** A 48-bit content hash: with the device and the timestamp it identifies a message for deduplication. */
export function messageHash(payload: Buffer): number {
  return createHash('sha256').update(payload).digest().readUIntBE(0, 6);
}

function parseTs(value: unknown, receivedAt: number): Date | string {
  if (value === undefined) return new Date(receivedAt);
  let ms: number;
  if (typeof value === 'number' && Number.isFinite(value)) ms = value < 1e12 ? value * 1000 : value;
  else if (typeof value === 'string' && !Number.isNaN(Date.parse(value))) ms = Date.parse(value);
  else return 'ts is neither epoch milliseconds nor an ISO 8601 time';
  if (ms > receivedAt + TS_FUTURE_MS) return 'ts is more than a day in the future: check the device clock';
  if (ms < receivedAt - TS_PAST_MS)
    return 'ts is more than 7 days old: outside the accepted back-fill window';
  return new Date(Math.round(ms));
}

function withoutKeys(object: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(object)) if (!keys.includes(key)) copy[key] = value;
  return copy;
}

/**
 * Turns one upward message into what the ingest path stores, or a dead-letter reason. Pure: no I/O.
 * Telemetry, events and state are JSON objects with an optional `ts` (epoch ms or ISO 8601) and
 * are checked against the device profile's JSON Schemas.
 */
export function parseMessage(
  topic: UpTopic,
  payload: Buffer,
  device: KnownDevice,
  receivedAt: number,
): ParsedMessage {
  if (topic.kind === 'status') {
    const text = payload.toString('utf8').trim();
    if (text === 'offline' || text === 'online') return { kind: 'status', online: text === 'online' };
  }
  let body: unknown;
  try {
    body = JSON.parse(payload.toString('utf8'));
  } catch (error) {
    return { kind: 'dead', reason: `malformed JSON: ${(error as Error).message}` };
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { kind: 'dead', reason: 'payload is not a JSON object' };
  }
  const object = body as Record<string, unknown>;
  switch (topic.kind) {
    case 'status':
      if (typeof object.online !== 'boolean')
        return { kind: 'dead', reason: 'status needs {"online": true|false}' };
      return { kind: 'status', online: object.online };
    case 'reply': {
      const status = object.status === 'ack' ? 'acknowledged' : object.status;
      if (typeof object.id !== 'string' || !isUuid(object.id))
        return { kind: 'dead', reason: 'reply needs the command id in "id"' };
      if (status !== 'acknowledged' && status !== 'done' && status !== 'failed') {
        return { kind: 'dead', reason: 'reply status must be ack, done or failed' };
      }
      return {
        kind: 'reply',
        id: object.id.toLowerCase(),
        status,
        result: object.result ?? null,
        error: typeof object.error === 'string' ? object.error.slice(0, 500) : null,
      };
    }
    default:
      break;
  }
  const ts = parseTs(object.ts, receivedAt);
  if (typeof ts === 'string') return { kind: 'dead', reason: ts };
  if (topic.kind === 'event') {
    const type = topic.rest.length > 0 ? topic.rest.join('.') : object.type;
    if (typeof type !== 'string' || !EVENT_TYPE.test(type))
      return { kind: 'dead', reason: 'event needs a type: up/event/<type> or "type"' };
    const data = withoutKeys(object, ['ts', 'type']);
    if (!device.event(data))
      return {
        kind: 'dead',
        reason: `event does not match the profile schema: ${describeErrors(device.event)}`,
      };
    return { kind: 'event', ts, hash: messageHash(payload), type, data };
  }
  const data = withoutKeys(object, ['ts']);
  if (topic.kind === 'state') {
    if (!device.state(data))
      return {
        kind: 'dead',
        reason: `state does not match the profile schema: ${describeErrors(device.state)}`,
      };
    return { kind: 'state', ts, data };
  }
  if (!device.telemetry(data)) {
    return {
      kind: 'dead',
      reason: `telemetry does not match the profile schema: ${describeErrors(device.telemetry)}`,
    };
  }
  return { kind: 'telemetry', ts, hash: messageHash(payload), data };
}
