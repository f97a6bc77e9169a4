import { describe, expect, it } from 'vitest';
import { evaluateBatch, type RuleSpec } from '../alarms/evaluate.ts';
import { parseDeviceCsv } from '../registry/csv.ts';
import { validatorFor } from '../registry/schemas.ts';
import { hashDeviceSecret, newDeviceSecret, verifyDeviceSecret } from '../secrets.ts';
import { parseUpTopic } from '../topics.ts';
import { type KnownDevice, parseMessage } from './parse.ts';

const device: KnownDevice = {
  id: '7f1c2d3e-0000-4000-8000-000000000001',
  tenantId: 't',
  tenantCode: '2145010302',
  name: '七年级(2)班教室环境传感器',
  profileId: 'p',
  active: true,
  telemetry: validatorFor({ type: 'object', required: ['co2'], properties: { co2: { type: 'number' } } }),
  event: validatorFor({ type: 'object' }),
  state: validatorFor({ type: 'object' }),
};
const now = Date.parse('2026-11-21T08:00:00Z');
const topic = (kind: string) => parseUpTopic(`cb/2145010302/${device.id}/up/${kind}`)!;

describe('upward messages', () => {
  it('reads only cb/{school}/{device}/up/{kind} topics', () => {
    expect(parseUpTopic(`cb/2145010302/${device.id}/up/event/gate.swipe`)).toMatchObject({
      kind: 'event',
      rest: ['gate.swipe'],
    });
    expect(parseUpTopic(`cb/2145010302/${device.id}/down/reboot`)).toBeUndefined();
    expect(parseUpTopic(`cb/2145010302/${device.id}/up/firmware`)).toBeUndefined();
  });

  it('turns telemetry into a row with the device time and a content hash', () => {
    const parsed = parseMessage(
      topic('telemetry'),
      Buffer.from(JSON.stringify({ ts: now - 1000, co2: 900 })),
      device,
      now,
    );
    expect(parsed).toMatchObject({ kind: 'telemetry', ts: new Date(now - 1000), data: { co2: 900 } });
  });

  it('dead-letters malformed JSON, schema violations and clocks far off, with the reason', () => {
    expect(parseMessage(topic('telemetry'), Buffer.from('{"co2":'), device, now)).toMatchObject({
      kind: 'dead',
      reason: expect.stringMatching(/malformed JSON/),
    });
    expect(parseMessage(topic('telemetry'), Buffer.from('{"co2":"high"}'), device, now)).toMatchObject({
      kind: 'dead',
      reason: expect.stringMatching(/co2/),
    });
    expect(
      parseMessage(
        topic('telemetry'),
        Buffer.from(JSON.stringify({ ts: now + 2 * 86400_000, co2: 1 })),
        device,
        now,
      ),
    ).toMatchObject({ kind: 'dead', reason: expect.stringMatching(/future/) });
    expect(
      parseMessage(topic('reply'), Buffer.from('{"id":"x","status":"done"}'), device, now),
    ).toMatchObject({ kind: 'dead' });
  });

  it('reads a last will and a command reply', () => {
    expect(parseMessage(topic('status'), Buffer.from('{"online":false}'), device, now)).toEqual({
      kind: 'status',
      online: false,
    });
    expect(
      parseMessage(
        topic('reply'),
        Buffer.from(JSON.stringify({ id: device.id, status: 'ack' })),
        device,
        now,
      ),
    ).toMatchObject({ kind: 'reply', status: 'acknowledged' });
  });
});

describe('alarm rules', () => {
  const rule: RuleSpec = {
    id: 'r',
    tenantId: 't',
    profileId: 'p',
    name: 'CO₂',
    field: 'co2',
    operator: '>',
    threshold: 1500,
    severity: 'warning',
  };
  it('keeps the last verdict per rule and device in a batch', () => {
    const samples = [1600, 1400].map((co2) => ({
      deviceId: 'd',
      profileId: 'p',
      tenantId: 't',
      data: { co2 },
    }));
    expect(evaluateBatch(samples, () => [rule])).toEqual([
      expect.objectContaining({ firing: false, value: 1400 }),
    ]);
    expect(evaluateBatch(samples.slice(0, 1), () => [rule])).toEqual([
      expect.objectContaining({ firing: true }),
    ]);
  });
});

describe('registration helpers', () => {
  it('stores secrets as SHA-256 and verifies in constant time', () => {
    const secret = newDeviceSecret();
    const hash = hashDeviceSecret(secret);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(verifyDeviceSecret(secret, hash)).toBe(true);
    expect(verifyDeviceSecret(`${secret}x`, hash)).toBe(false);
  });

  it('parses a CSV with a BOM and reports every bad line', () => {
    expect(parseDeviceCsv('\uFEFFname,profile,serial\n东门闸机,gate,SN-1\n')).toEqual([
      expect.objectContaining({ line: 2, name: '东门闸机', profile: 'gate', serial: 'SN-1' }),
    ]);
    expect(() => parseDeviceCsv('name,profile\n,gate\n西门闸机,\n')).toThrow(/line 2.*line 3/);
  });
});
