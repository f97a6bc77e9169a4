import type { DeviceType } from './profiles.ts';

export interface SimMessage {
  /** Path after `cb/{school}/{device}/up/`. */
  kind: string;
  payload: Record<string, unknown>;
}

/** A small deterministic PRNG (mulberry32), so a run can be replayed with --seed. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

/** Hours since local midnight in China Standard Time (UTC+8), the campus clock. */
export function campusHour(at: number): number {
  return (((at / 3600_000 + 8) % 24) + 24) % 24;
}

/** Student card numbers: enrolment year + grade/class + seat, e.g. 2025070215 (grade 7, class 2, seat 15). */
function cardNo(rand: () => number): string {
  const grade = 7 + Math.floor(rand() * 3);
  const klass = 1 + Math.floor(rand() * 8);
  const seat = 1 + Math.floor(rand() * 45);
  const year = 2025 - (grade - 7);
  return `${year}${String(grade).padStart(2, '0')}${String(klass).padStart(2, '0')}${String(seat).padStart(2, '0')}`;
}

/**
 * One realistic message for a device type at a time: gate and reader swipes peak on the way in
 * (07:00–08:00) and out (16:30–18:00); classroom CO₂ climbs during lessons and falls at breaks;
 * weather follows the day's temperature curve (Nanning).
 */
export function generate(type: DeviceType, at: number, rand: () => number, seq: number): SimMessage {
  const hour = campusHour(at);
  const ts = at;
  switch (type) {
    case 'gate':
    case 'card-reader': {
      const morning = hour >= 7 && hour < 8.5;
      const evening = hour >= 16.5 && hour < 18;
      const direction = morning ? 'in' : evening ? 'out' : rand() < 0.5 ? 'in' : 'out';
      const teacher = rand() < 0.08;
      return {
        kind: 'event/gate.swipe',
        payload: {
          ts,
          cardNo: teacher
            ? `T${String(1000 + Math.floor(rand() * 200))}`.replace('T', '99000')
            : cardNo(rand),
          personType: teacher ? 'teacher' : 'student',
          direction,
          result: rand() < 0.01 ? 'denied' : 'pass',
          seq,
        },
      };
    }
    case 'class-board':
      return {
        kind: 'telemetry',
        payload: { ts, brightness: hour > 7 && hour < 18 ? 80 : 20, cpuTemp: round(45 + rand() * 10), seq },
      };
    case 'classroom-sensor': {
      const minuteOfLesson = ((hour * 60) % 45) / 45;
      const inLesson = hour >= 8 && hour < 17.5 && !(hour >= 12 && hour < 14);
      const co2 = inLesson ? 600 + minuteOfLesson * 1100 + rand() * 150 : 420 + rand() * 60;
      const temperature = 24 + 4 * Math.sin(((hour - 9) / 24) * 2 * Math.PI) + rand() * 0.6;
      return {
        kind: 'telemetry',
        payload: {
          ts,
          temperature: round(temperature),
          humidity: round(60 + rand() * 15),
          co2: Math.round(co2),
          pm25: Math.round(20 + rand() * 30),
          seq,
        },
      };
    }
    case 'weather-station': {
      const temperature = 26 + 6 * Math.sin(((hour - 9) / 24) * 2 * Math.PI) + rand();
      return {
        kind: 'telemetry',
        payload: {
          ts,
          temperature: round(temperature),
          humidity: round(70 + rand() * 20),
          windSpeed: round(rand() * 6),
          windDirection: Math.round(rand() * 360),
          rainfall: rand() < 0.1 ? round(rand() * 5) : 0,
          pressure: round(1005 + rand() * 8),
          uvIndex: hour > 10 && hour < 16 ? Math.round(5 + rand() * 5) : 0,
          seq,
        },
      };
    }
  }
}
