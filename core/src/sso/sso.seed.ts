import { demoSeedSteps } from '../seed/demo.ts';
import { withTenant } from '../db/tenant-scope.ts';

/**
 * Demo SSO registrations for 南宁市青秀区凤岭实验小学: its 教务系统 as an OIDC client and its
 * library system as a CAS service. Fixed ids make the step idempotent. The client is public
 * (PKCE, no secret), so the demo needs no secret in the banner.
 */
demoSeedSteps.push({
  name: 'sso',
  async run(db, tenants) {
    const school = tenants.get('school-primary');
    if (!school) return;
    await withTenant(db, school, async (trx) => {
      await trx
        .insertInto('oidc_clients')
        .values({
          tenant_id: school,
          client_id: 'fenglin-jiaowu',
          name: '凤岭实验小学教务系统',
          secret_sealed: null,
          redirect_uris: [
            'http://localhost:8080/oidc/callback',
            'https://jw.fenglin.example.edu.cn/oidc/callback',
          ],
          post_logout_redirect_uris: ['http://localhost:8080/', 'https://jw.fenglin.example.edu.cn/'],
          skip_consent: false,
        })
        .onConflict((oc) => oc.column('client_id').doNothing())
        .execute();
      const listed = await trx
        .selectFrom('cas_services')
        .select('id')
        .where('tenant_id', '=', school)
        .where('service_url', '=', 'https://library.fenglin.example.edu.cn/cas')
        .executeTakeFirst();
      if (!listed) {
        await trx
          .insertInto('cas_services')
          .values({
            tenant_id: school,
            name: '凤岭实验小学图书馆系统',
            service_url: 'https://library.fenglin.example.edu.cn/cas',
            attributes: ['name', 'tenant', 'roles', 'orgUnits', 'schoolNumber'],
          })
          .execute();
      }
    });
  },
});
