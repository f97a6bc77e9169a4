import { api } from './client.ts';
import type { components } from './openapi.gen.ts';

/** A bureau's active recommendation (推荐) or deployment (统一部署), as the schools below see it. */
export type BureauPick = components['schemas']['MarketSentPick'];

export const bureauPicks = async (): Promise<BureauPick[]> =>
  (await api.get('/api/v1/marketplace/bureau/picks')).items;

/** Schools stop seeing the pick; a deployed app stays installed but is no longer 必装. */
export const withdrawPick = (id: string) =>
  api.delete('/api/v1/marketplace/bureau/picks/{id}', { path: { id } });
