import { api } from './client.ts';
import { expect, list, nullable, num, shape, str, text } from './marketplace-shape.ts';
import type { paths } from './openapi.gen.ts';

/*
 * The marketplace's OpenAPI document describes its listings and consent screen as `unknown`, so
 * the portal checks their shape here, at the edge, against what marketplace/src returns
 * (ListingCard, the consent screen). A change on the server shows as a clear error, not as
 * undefined on screen.
 */

export type SearchQuery = NonNullable<paths['/api/v1/marketplace/apps']['get']['query']>;
export type Category = NonNullable<SearchQuery['category']>;
export const marketCategories: Category[] = ['teaching', 'management', 'evaluation', 'life', 'devices'];

export interface Text {
  zh: string;
  en: string;
}

export interface ListingCard {
  appId: string;
  name: Text;
  summary: string;
  category: string;
  vendor: string;
  version: string | null;
  risk: string | null;
  installs: number;
  rating: number | null;
  ratingCount: number;
}

export interface ScopeExplained {
  scope: string;
  risk: 'low' | 'medium' | 'high';
  title: Text;
  explanation: Text;
}

export interface ConsentScreen {
  appId: string;
  version: string;
  name: Text;
  permissions: ScopeExplained[];
  /** The app's settings form (JSON Schema and optional JSON Forms UI schema), or null. */
  settingsSchema?: unknown;
  settingsUiSchema?: unknown;
  picks: Array<{ bureau: string; mode: string; mandatory: boolean }>;
}

const cardCheck = shape({
  appId: str,
  name: text,
  summary: str,
  category: str,
  vendor: str,
  version: nullable(str),
  risk: nullable(str),
  installs: num,
  rating: nullable(num),
  ratingCount: num,
});
export const scopeCheck = shape({
  scope: str,
  risk: (v) => v === 'low' || v === 'medium' || v === 'high',
  title: text,
  explanation: text,
});
const consentCheck = shape({
  appId: str,
  version: str,
  name: text,
  permissions: list(scopeCheck),
  picks: list(shape({ bureau: str, mode: str, mandatory: (v) => typeof v === 'boolean' })),
});

export async function searchApps(query: SearchQuery): Promise<{ items: ListingCard[]; total: number }> {
  const result = await api.get('/api/v1/marketplace/apps', { query });
  return { items: expect<ListingCard[]>(result.items, list(cardCheck), '应用列表'), total: result.total };
}

export async function consentScreen(appId: string): Promise<ConsentScreen> {
  return expect<ConsentScreen>(
    await api.get('/api/v1/marketplace/apps/{appId}/consent', { path: { appId } }),
    consentCheck,
    '授权信息',
  );
}

export const installApp = (appId: string, approvedScopes: string[], version: string) =>
  api.post('/api/v1/marketplace/installs', { body: { appId, approvedScopes, consent: true, version } });

export const listInstallations = () => api.get('/api/v1/apps/installations');
export const setEnabled = (id: string, enabled: boolean) =>
  api.post('/api/v1/apps/installations/{id}/{action}', {
    path: { id, action: enabled ? 'enable' : 'disable' },
  });
export const uninstall = (id: string) => api.delete('/api/v1/apps/installations/{id}', { path: { id } });
export const exportUrl = (id: string) => `/api/v1/apps/installations/${encodeURIComponent(id)}/export`;
