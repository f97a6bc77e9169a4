import { api, request } from './client.ts';
import type { components, paths } from './openapi.gen.ts';

export type Device = components['schemas']['Device'];
export type DeviceProfile = components['schemas']['DeviceProfile'];
export type DeviceGroup = components['schemas']['DeviceGroup'];
export type DeviceInput = components['schemas']['DeviceInput'];
export type DeviceCredentials = components['schemas']['DeviceCredentials'];
export type DeviceCommand = components['schemas']['DeviceCommand'];
export type Alarm = components['schemas']['Alarm'];
export type AlarmRule = components['schemas']['AlarmRule'];
export type TelemetryPoint = paths['/api/v1/iot/devices/{id}/telemetry']['get']['responses']['200'][number];

export const listDevices = () => api.get('/api/v1/iot/devices');
export const getDevice = (id: string) => api.get('/api/v1/iot/devices/{id}', { path: { id } });
export const registerDevice = (input: DeviceInput) => api.post('/api/v1/iot/devices', { body: input });
export const listProfiles = () => api.get('/api/v1/iot/profiles');
export const listGroups = () => api.get('/api/v1/iot/groups');
export const telemetry = (id: string, limit = 200) =>
  api.get('/api/v1/iot/devices/{id}/telemetry', { path: { id }, query: { limit } });
export const sendCommand = (id: string, name: string, params: Record<string, unknown>, timeoutSeconds = 30) =>
  api.post('/api/v1/iot/devices/{id}/commands', { path: { id }, body: { name, params, timeoutSeconds } });
export const getCommand = (id: string) => api.get('/api/v1/iot/commands/{id}', { path: { id } });
export const listAlarms = (status?: 'active' | 'cleared') =>
  api.get('/api/v1/iot/alarms', { query: status ? { status } : {} });
export const listAlarmRules = () => api.get('/api/v1/iot/alarm-rules');

const importPath: keyof paths = '/api/v1/iot/devices/import';
/** Registers devices from a CSV file, all or nothing; each password is in the answer, once. */
export const importDevices = (csv: File) =>
  request<DeviceCredentials[]>('POST', importPath, { body: new Blob([csv], { type: 'text/csv' }) });
