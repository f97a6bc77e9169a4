import type { App } from '../../app.ts';
import { requirePrincipal } from '../../auth/principal.ts';
import type { Installations } from '../installations.service.ts';

/**
 * Test harness only: installs straight into the runtime, as the marketplace does once a school
 * admin consented. The product has no such route (it answers 403 `install_through_marketplace`);
 * the runtime's tests use this one so that they test the runtime, not the marketplace.
 */
export function testInstallRoute(app: App, installations: Installations): void {
  app.post('/api/v1/apps/installations', async (c) => {
    const principal = requirePrincipal(c);
    const body = (await c.req.json()) as { appId: string; version?: string; approvedScopes: string[] };
    const id = await installations.install(
      principal.activeTenantId!,
      body,
      { personId: principal.personId, requestId: c.get('requestId') },
      async () => undefined,
    );
    return c.json({ id }, 201);
  });
}
