import { api } from './client.ts';
import { any, bool, expect, list, nullable, num, shape, str, text } from './marketplace-shape.ts';
import type { components } from './openapi.gen.ts';

/** A vendor's console: its organisations, signing keys, packages with their check reports, statistics. */
export interface Vendor {
  id: string;
  name: string;
  role: 'owner' | 'developer';
}
export interface VendorKey {
  id: string;
  keyId: string;
  label: string | null;
  status: 'active' | 'retired' | 'revoked';
  createdAt: string;
}
export interface Check {
  key: string;
  ok: boolean;
  zh: string;
  en: string;
}
export interface VendorVersion {
  id: string;
  version: string;
  status: 'failed' | 'pending_review' | 'approved' | 'rejected';
  suspended: boolean;
  risk: string | null;
  autoApproved: boolean;
  reviewComment: string | null;
  checks: Check[] | null;
  uploadedAt: string;
}
export interface VendorApp {
  appId: string;
  name: { zh: string; en: string };
  status: string;
  suspended: boolean;
  installs: number;
  versions: VendorVersion[];
}
export interface AppStats {
  appId: string;
  installs: number;
  dailyActiveUsers: Array<{ installationId: string; series: Array<{ day: string; activeUsers: number }> }>;
}
export type PublishResult = components['schemas']['MarketPublishResult'];

const checkCheck = shape({ key: str, ok: bool, zh: str, en: str });
const versionCheck = shape({
  id: str,
  version: str,
  status: str,
  suspended: bool,
  checks: nullable(list(checkCheck)),
});

export const myVendors = async (): Promise<Vendor[]> =>
  expect(
    (await api.get('/api/v1/marketplace/vendors/mine')).items,
    list(shape({ id: str, name: str, role: str })),
    '开发商',
  );
export const createVendor = (name: string) => api.post('/api/v1/marketplace/vendors', { body: { name } });
export const listKeys = async (vendorId: string): Promise<VendorKey[]> =>
  expect(
    (await api.get('/api/v1/marketplace/vendors/{vendorId}/keys', { path: { vendorId } })).items,
    list(shape({ id: str, keyId: str, status: str, createdAt: str })),
    '签名密钥',
  );
export const addKey = (vendorId: string, publicKey: string, label: string, rotate: boolean) =>
  api.post('/api/v1/marketplace/vendors/{vendorId}/keys', {
    path: { vendorId },
    body: { publicKey, rotate, ...(label ? { label } : {}) },
  });
export const revokeKey = (vendorId: string, keyId: string, reason: string) =>
  api.post('/api/v1/marketplace/vendors/{vendorId}/keys/{keyId}/revoke', {
    path: { vendorId, keyId },
    body: { reason },
  });
export const vendorApps = async (vendorId: string): Promise<VendorApp[]> =>
  expect(
    (await api.get('/api/v1/marketplace/vendors/{vendorId}/apps', { path: { vendorId } })).items,
    list(shape({ appId: str, name: text, installs: num, suspended: bool, versions: list(versionCheck) })),
    '应用列表',
  );
export const appStats = async (appId: string): Promise<AppStats> =>
  expect(
    await api.get('/api/v1/marketplace/apps/{appId}/stats', { path: { appId } }),
    shape({ appId: str, installs: num, dailyActiveUsers: list(shape({ installationId: str, series: any })) }),
    '统计',
  );

/** Daily active users summed over the installations, by day (the vendor sees counts only). */
export function dailyTotals(stats: AppStats): Array<{ day: string; activeUsers: number }> {
  const byDay = new Map<string, number>();
  for (const installation of stats.dailyActiveUsers)
    for (const point of installation.series)
      byDay.set(point.day, (byDay.get(point.day) ?? 0) + point.activeUsers);
  return [...byDay]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([day, activeUsers]) => ({ day, activeUsers }));
}

/**
 * Publishes a signed package. A failed check answers 422 with the same report as a success, so
 * the report is returned either way; other failures throw with the server's message.
 */
export async function publishPackage(
  vendorId: string,
  file: Blob,
  changelog: string,
  locale: string,
): Promise<PublishResult> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  const response = await fetch(`/api/v1/marketplace/vendors/${encodeURIComponent(vendorId)}/packages`, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'Accept-Language': locale },
    body: JSON.stringify({ package: btoa(binary), ...(changelog ? { changelog } : {}) }),
  });
  const body: unknown = await response.json().catch(() => null);
  if (response.status === 201 || response.status === 422)
    return expect(
      body,
      shape({ appId: str, version: str, status: str, checks: list(checkCheck) }),
      '检查报告',
    );
  const message = (body as { error?: { message?: string } } | null)?.error?.message;
  throw new Error(message ?? `${response.status} ${response.statusText}`);
}
