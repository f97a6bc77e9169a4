import { api } from './client.ts';
import { type ScopeExplained, scopeCheck } from './marketplace.ts';
import { bool, expect, list, nullable, shape, str } from './marketplace-shape.ts';

/** The upgrade on offer for one installation, with the permission diff (`needsConsent` when scopes grew). */
export interface UpgradePreview {
  installationId: string;
  fromVersion: string;
  /** Null when the installation is already on the newest installable version. */
  toVersion: string | null;
  added: ScopeExplained[];
  removed: ScopeExplained[];
  kept: ScopeExplained[];
  needsConsent: boolean;
}

const previewCheck = shape({
  installationId: str,
  fromVersion: str,
  toVersion: nullable(str),
  added: list(scopeCheck),
  removed: list(scopeCheck),
  kept: list(scopeCheck),
  needsConsent: bool,
});
const switchedCheck = shape({ fromVersion: str, toVersion: str, approvedScopes: list(str) });

export interface Switched {
  fromVersion: string;
  toVersion: string;
  approvedScopes: string[];
}

export async function upgradePreview(id: string): Promise<UpgradePreview> {
  return expect(
    await api.get('/api/v1/marketplace/installs/{id}/upgrade', { path: { id } }),
    previewCheck,
    '升级信息',
  );
}

export async function upgrade(id: string, consent: boolean): Promise<Switched> {
  return expect(
    await api.post('/api/v1/marketplace/installs/{id}/upgrade', { path: { id }, body: { consent } }),
    switchedCheck,
    '升级结果',
  );
}

export async function rollback(id: string): Promise<Switched> {
  return expect(
    await api.post('/api/v1/marketplace/installs/{id}/rollback', { path: { id } }),
    switchedCheck,
    '回退结果',
  );
}

export const saveSettings = (id: string, settings: Record<string, unknown>) =>
  api.put('/api/v1/apps/installations/{id}/settings', { path: { id }, body: { settings } });

/** What bureaus above this school recommended (推荐) or deployed (统一部署). */
export interface ReceivedPick {
  appId: string;
  bureau: string;
  mode: 'recommend' | 'deploy';
  label: string;
  mandatory: boolean;
  note: string | null;
  installationId: string | null;
  at: string;
}

const receivedCheck = shape({
  appId: str,
  bureau: str,
  mode: (v) => v === 'recommend' || v === 'deploy',
  mandatory: bool,
  note: nullable(str),
  installationId: nullable(str),
});

export async function receivedPicks(): Promise<ReceivedPick[]> {
  return expect((await api.get('/api/v1/marketplace/picks')).items, list(receivedCheck), '教育局推荐');
}
