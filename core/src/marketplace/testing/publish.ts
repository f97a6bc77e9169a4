import { expect } from 'vitest';
import type { Principal } from '../../auth/principal.ts';
import { attendancePackage, generateVendorKeyPair } from './fixtures.ts';
import type { MarketHarness } from './harness.ts';

export type Call = (method: string, path: string, body?: unknown) => Promise<Response>;

/** Reads a response, failing with its body when the status is not the one expected. */
export async function json<T>(response: Response, status: number): Promise<T> {
  const text = await response.text();
  expect(response.status, text).toBe(status);
  return (text ? JSON.parse(text) : null) as T;
}

/**
 * A vendor with a registered key that publishes the given apps (the attendance fixture under each
 * id), each approved by a reviewer and listed. Returns the callers and each app's version id.
 */
export async function publishApproved(
  h: MarketHarness,
  people: { vendor: Principal; reviewer: Principal },
  apps: ReadonlyArray<{ id: string; permissions: string[] }>,
) {
  const vendor = h.as(people.vendor);
  const reviewer = h.as(people.reviewer);
  const key = generateVendorKeyPair();
  const { id: vendorId } = await json<{ id: string }>(
    await vendor('POST', '/api/v1/marketplace/vendors', {
      name: `南宁智校科技有限公司-${crypto.randomUUID()}`,
    }),
    201,
  );
  await json(
    await vendor('POST', `/api/v1/marketplace/vendors/${vendorId}/keys`, { publicKey: key.publicKeyPem }),
    201,
  );
  const versions: Record<string, string> = {};
  for (const app of apps) {
    const archive = await attendancePackage(key, '1.0.0', { id: app.id, permissions: app.permissions });
    const published = await json<{ versionId: string }>(
      await vendor('POST', `/api/v1/marketplace/vendors/${vendorId}/packages`, {
        package: Buffer.from(archive).toString('base64'),
        changelog: '首个版本',
      }),
      201,
    );
    await json(
      await reviewer('POST', `/api/v1/marketplace/review/versions/${published.versionId}/decision`, {
        decision: 'approve',
        comment: '通过',
      }),
      204,
    );
    versions[app.id] = published.versionId;
  }
  return { vendor, reviewer, vendorId, key, versions };
}
