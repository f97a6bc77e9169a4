import { api } from './client.ts';
import { type ScopeExplained, scopeCheck, type Text } from './marketplace.ts';
import { any, bool, expect, list, nullable, num, shape, str, text } from './marketplace-shape.ts';
import type { Check } from './marketplace-vendor.ts';
import type { components } from './openapi.gen.ts';

/** Every app for the reviewer's picker (any state), and one app's full record with version ids. */
export type AppRecord = components['schemas']['MarketAppRecord'];
export type AppVersions = components['schemas']['MarketAppVersions'];
export type VersionRecord = AppVersions['versions'][number];
export type ReviewPolicy = components['schemas']['MarketReviewPolicy'];

export const reviewApps = async (q: string): Promise<AppRecord[]> =>
  (await api.get('/api/v1/marketplace/review/apps', { query: q.trim() ? { q: q.trim() } : {} })).items;

export const appVersions = (appId: string): Promise<AppVersions> =>
  api.get('/api/v1/marketplace/apps/{appId}/versions', { path: { appId } });

export const reviewPolicy = (): Promise<ReviewPolicy> => api.get('/api/v1/marketplace/review/policy');

export const setReviewPolicy = (autoApproveUpdates: boolean) =>
  api.put('/api/v1/marketplace/review/policy', { body: { autoApproveUpdates } });

/** The reviewer's console (the queue, decisions, suspension, delisting) and the bureau's picks. */
export interface QueueItem {
  versionId: string;
  appId: string;
  name: string;
  vendor: string;
  version: string;
  risk: string;
  scopes: string[];
  firstVersion: boolean;
  checks: Check[];
  changelog: string;
  uploadedAt: string;
}

/** What the public detail page tells about an app: approved versions carry no id there. */
export interface AppDetail {
  appId: string;
  name: Text;
  suspended: boolean;
  latestVersion: string | null;
  permissions: ScopeExplained[];
  versions: Array<{ version: string; suspended: boolean; releasedAt: string }>;
}

export interface SentPick {
  appId: string;
  mode: 'recommend' | 'deploy';
  mandatory: boolean;
  note: string | null;
  at: string;
}

export type Decision = 'approve' | 'reject';

const checkCheck = shape({ key: str, ok: bool, zh: str, en: str });
const queueCheck = shape({
  versionId: str,
  appId: str,
  name: str,
  vendor: str,
  version: str,
  scopes: list(str),
  firstVersion: bool,
  checks: list(checkCheck),
  uploadedAt: str,
});

export const reviewQueue = async (): Promise<QueueItem[]> =>
  expect((await api.get('/api/v1/marketplace/review/queue')).items, list(queueCheck), '审核队列');

export const decide = (id: string, decision: Decision, comment: string) =>
  api.post('/api/v1/marketplace/review/versions/{id}/decision', {
    path: { id },
    body: { decision, comment },
  });

export const suspendVersion = (id: string, on: boolean, reason: string) =>
  api.post('/api/v1/marketplace/review/versions/{id}/suspension', { path: { id }, body: { on, reason } });

export const suspendApp = (appId: string, on: boolean, reason: string) =>
  api.post('/api/v1/marketplace/review/apps/{appId}/suspension', { path: { appId }, body: { on, reason } });

export const delistApp = (appId: string, on: boolean, reason: string) =>
  api.post('/api/v1/marketplace/review/apps/{appId}/delisting', { path: { appId }, body: { on, reason } });

export const appDetail = async (appId: string): Promise<AppDetail> =>
  expect(
    await api.get('/api/v1/marketplace/apps/{appId}', { path: { appId } }),
    shape({
      appId: str,
      name: text,
      suspended: bool,
      latestVersion: nullable(str),
      permissions: list(scopeCheck),
      versions: list(shape({ version: str, suspended: bool, releasedAt: str })),
    }),
    '应用详情',
  );

export const sentPicks = async (): Promise<SentPick[]> =>
  expect(
    (await api.get('/api/v1/marketplace/bureau/picks')).items,
    list(shape({ appId: str, mode: str, mandatory: bool, note: nullable(str), at: any })),
    '推荐记录',
  );

export interface PickInput {
  appId: string;
  mode: 'recommend' | 'deploy';
  mandatory: boolean;
  note: string;
  approvedScopes: string[];
}

/** Recommends (推荐) or deploys (统一部署, consenting to the scopes for the schools below). */
export async function sendPick(input: PickInput): Promise<{ schools: number; installed: number }> {
  const deploy = input.mode === 'deploy';
  const result = await api.post('/api/v1/marketplace/bureau/picks', {
    body: {
      appId: input.appId,
      mode: input.mode,
      ...(input.note ? { note: input.note } : {}),
      ...(deploy ? { mandatory: input.mandatory, consent: true, approvedScopes: input.approvedScopes } : {}),
    },
  });
  return expect(result, shape({ schools: num, installed: num }), '部署结果');
}
