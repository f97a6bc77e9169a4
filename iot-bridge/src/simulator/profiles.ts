/** The device types the simulator and the demo seed know, with their JSON Schemas. */
export interface DemoProfile {
  key: string;
  name: string;
  heartbeatSeconds: number;
  telemetrySchema: Record<string, unknown>;
  eventSchema: Record<string, unknown>;
  stateSchema: Record<string, unknown>;
}

const number = (minimum: number, maximum: number) => ({ type: 'number', minimum, maximum });

const swipeEvent = {
  type: 'object',
  required: ['cardNo', 'direction', 'result'],
  properties: {
    cardNo: { type: 'string', pattern: '^[0-9]{8,12}$' },
    personType: { enum: ['student', 'teacher', 'staff', 'visitor'] },
    direction: { enum: ['in', 'out'] },
    result: { enum: ['pass', 'denied'] },
  },
};

export const demoProfiles: DemoProfile[] = [
  {
    key: 'gate',
    name: '校门闸机',
    heartbeatSeconds: 120,
    telemetrySchema: { type: 'object', properties: { passCount: { type: 'integer', minimum: 0 } } },
    eventSchema: swipeEvent,
    stateSchema: {
      type: 'object',
      properties: { mode: { enum: ['normal', 'open', 'locked'] }, firmware: { type: 'string' } },
    },
  },
  {
    key: 'card-reader',
    name: '刷卡机',
    heartbeatSeconds: 120,
    telemetrySchema: { type: 'object', properties: { queueLength: { type: 'integer', minimum: 0 } } },
    eventSchema: swipeEvent,
    stateSchema: { type: 'object', properties: { firmware: { type: 'string' } } },
  },
  {
    key: 'class-board',
    name: '电子班牌',
    heartbeatSeconds: 180,
    telemetrySchema: {
      type: 'object',
      properties: { brightness: number(0, 100), cpuTemp: number(-20, 120) },
    },
    eventSchema: swipeEvent,
    stateSchema: {
      type: 'object',
      properties: {
        screen: { enum: ['on', 'off'] },
        page: { type: 'string' },
        timetableVersion: { type: 'string' },
      },
    },
  },
  {
    key: 'classroom-sensor',
    name: '教室环境传感器',
    heartbeatSeconds: 120,
    telemetrySchema: {
      type: 'object',
      required: ['temperature', 'co2'],
      properties: {
        temperature: number(-40, 80),
        humidity: number(0, 100),
        co2: number(0, 10000),
        pm25: number(0, 1000),
      },
    },
    eventSchema: { type: 'object' },
    stateSchema: { type: 'object' },
  },
  {
    key: 'weather-station',
    name: '校园气象站',
    heartbeatSeconds: 300,
    telemetrySchema: {
      type: 'object',
      required: ['temperature'],
      properties: {
        temperature: number(-50, 60),
        humidity: number(0, 100),
        windSpeed: number(0, 80),
        windDirection: number(0, 360),
        rainfall: number(0, 500),
        pressure: number(800, 1100),
        uvIndex: number(0, 15),
      },
    },
    eventSchema: { type: 'object' },
    stateSchema: { type: 'object' },
  },
];

export type DeviceType = 'gate' | 'card-reader' | 'class-board' | 'classroom-sensor' | 'weather-station';
export const deviceTypes: DeviceType[] = [
  'gate',
  'card-reader',
  'class-board',
  'classroom-sensor',
  'weather-station',
];
