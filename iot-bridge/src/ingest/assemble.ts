import { evaluateBatch } from '../alarms/evaluate.ts';
import type { RulesCache } from '../alarms/rules-cache.ts';
import { parseUpTopic } from '../topics.ts';
import type { DeviceCache } from './devices.ts';
import { parseMessage } from './parse.ts';
import type { Presence } from './presence.ts';
import { emptyBatch, type IngestBatch } from './writer.ts';

export interface RawMessage {
  topic: string;
  payload: Buffer;
  /** Receive time, epoch ms: the timestamp of messages without `ts`, and the last-seen time. */
  at: number;
  /** Set when the database refused this message alone: it is dead-lettered with this reason. */
  poison?: string;
}

/**
 * Turns received messages into one batch of rows: device lookup (one query for the devices not
 * cached), JSON and schema checks, state merged per device, alarm transitions. Marks devices seen.
 */
export async function assembleBatch(
  messages: readonly RawMessage[],
  devices: DeviceCache,
  rules: RulesCache,
  presence: Presence,
): Promise<IngestBatch> {
  const parsedTopics = messages.map((m) => parseUpTopic(m.topic));
  const known = await devices.load(parsedTopics.flatMap((t) => (t ? [t.deviceId.toLowerCase()] : [])));
  await rules.refresh();
  const batch = emptyBatch();
  const samples: Array<{
    deviceId: string;
    profileId: string;
    tenantId: string;
    data: Record<string, unknown>;
  }> = [];
  messages.forEach((message, index) => {
    const topic = parsedTopics[index];
    if (!topic) {
      batch.unrouted.push({ topic: message.topic, reason: 'not a device topic', payload: message.payload });
      return;
    }
    const device = known.get(topic.deviceId.toLowerCase());
    if (!device || device.tenantCode !== topic.tenantCode) {
      batch.unrouted.push({
        topic: message.topic,
        reason: 'unknown school or device',
        payload: message.payload,
      });
      return;
    }
    const parsed = message.poison
      ? ({ kind: 'dead', reason: message.poison } as const)
      : parseMessage(topic, message.payload, device, message.at);
    const ids = { tenantId: device.tenantId, deviceId: device.id };
    if (parsed.kind !== 'status' || parsed.online) presence.seen(device.tenantId, device.id, message.at);
    switch (parsed.kind) {
      case 'telemetry':
        batch.telemetry.push({ ...ids, ts: parsed.ts, hash: parsed.hash, data: parsed.data });
        samples.push({ ...ids, profileId: device.profileId, data: parsed.data });
        break;
      case 'event':
        batch.events.push({ ...ids, ts: parsed.ts, hash: parsed.hash, type: parsed.type, data: parsed.data });
        break;
      case 'state': {
        const before = batch.states.get(device.id);
        batch.states.set(device.id, { ...ids, ts: parsed.ts, data: { ...before?.data, ...parsed.data } });
        break;
      }
      case 'status':
        if (!parsed.online) presence.wentOffline(device.id);
        // The last status of a device in the batch wins (coalesced: one row update per device).
        batch.statuses.set(device.id, { ...ids, online: parsed.online, at: new Date(message.at) });
        break;
      case 'reply':
        batch.replies.push({
          ...ids,
          id: parsed.id,
          status: parsed.status,
          result: parsed.result,
          error: parsed.error,
        });
        break;
      case 'dead':
        batch.dead.push({ ...ids, topic: message.topic, reason: parsed.reason, payload: message.payload });
        break;
    }
  });
  if (samples.length > 0 && rules.hasRules()) {
    for (const verdict of evaluateBatch(samples, rules.rulesFor)) {
      const active = rules.isActive(verdict.rule.id, verdict.deviceId);
      if (verdict.firing && !active) batch.alarmsRaised.push(verdict);
      if (!verdict.firing && active) batch.alarmsCleared.push(verdict);
    }
  }
  return batch;
}
