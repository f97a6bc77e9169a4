import { ForbiddenError, NotFoundError } from '@campusbase/plugin-sdk/errors';
import type { Caller, MarketDb } from './ports.ts';

/** Permissions the marketplace checks (core's permission catalogue defines them). */
export const PUBLISH = 'marketplace:publish';
export const REVIEW = 'marketplace:review';
export const INSTALL = 'apps:install';

export function requireReviewer(caller: Caller): Caller {
  if (caller.tenantKind === 'platform' && caller.can(REVIEW)) return caller;
  throw new ForbiddenError(
    { zh: '只有平台应用审核员可以执行此操作', en: 'Only a platform marketplace reviewer may do this' },
    undefined,
    'not_reviewer',
  );
}

/** A school admin acting in their own school; returns the school's id. */
export function requireSchoolAdmin(caller: Caller): string {
  if (caller.tenantId && caller.tenantKind === 'school' && caller.can(INSTALL)) return caller.tenantId;
  throw new ForbiddenError(
    {
      zh: '只有学校的应用管理员可以安装和管理应用',
      en: 'Only a school app admin may install and manage apps',
    },
    undefined,
    'not_school_admin',
  );
}

/** A bureau admin (province, city or county) acting in their bureau; returns the bureau's id. */
export function requireBureauAdmin(caller: Caller): string {
  const bureau =
    caller.tenantKind === 'province' || caller.tenantKind === 'city' || caller.tenantKind === 'county';
  if (bureau && caller.tenantId && (caller.can(INSTALL) || caller.can('bureau:aggregates:read')))
    return caller.tenantId;
  throw new ForbiddenError(
    {
      zh: '只有教育局管理员可以向下级学校推荐或统一部署应用',
      en: 'Only a bureau admin may recommend or push apps to schools',
    },
    undefined,
    'not_bureau_admin',
  );
}

/** The caller's role in a vendor, or a 403 (a 404 when the vendor does not exist). */
export async function requireVendorMember(
  db: MarketDb,
  caller: Caller,
  vendorId: string,
  role: 'owner' | 'developer' = 'developer',
): Promise<'owner' | 'developer'> {
  const vendor = await db
    .selectFrom('market_vendors')
    .select('id')
    .where('id', '=', vendorId)
    .executeTakeFirst();
  if (!vendor)
    throw new NotFoundError(
      { zh: '开发商不存在', en: `No vendor ${vendorId}` },
      undefined,
      'vendor_not_found',
    );
  const member = await db
    .selectFrom('market_vendor_members')
    .select('role')
    .where('vendor_id', '=', vendorId)
    .where('person_id', '=', caller.personId)
    .executeTakeFirst();
  if (member && caller.can(PUBLISH) && (role === 'developer' || member.role === 'owner')) return member.role;
  throw new ForbiddenError(
    role === 'owner'
      ? { zh: '只有开发商的负责人可以执行此操作', en: "Only the vendor's owner may do this" }
      : { zh: '您不是该开发商的成员，不能管理它的应用', en: 'You are not a member of this vendor' },
    undefined,
    'not_vendor_member',
  );
}

/** The vendor that owns an app, checked against the caller's memberships. */
export async function requireAppOfCaller(db: MarketDb, caller: Caller, appId: string) {
  const app = await db.selectFrom('market_apps').selectAll().where('app_id', '=', appId).executeTakeFirst();
  if (!app)
    throw new NotFoundError(
      { zh: `应用 ${appId} 不存在`, en: `No app ${appId}` },
      undefined,
      'app_not_found',
    );
  await requireVendorMember(db, caller, app.vendor_id);
  return app;
}
