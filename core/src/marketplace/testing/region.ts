import type { Kysely } from 'kysely';
import type { Principal } from '../../auth/principal.ts';
import type { Database } from '../../db/database.ts';
import { insertTenant } from '../../tenancy/tenancy.repository.ts';

export interface Region {
  platform: string;
  county: string;
  schoolA: string;
  schoolB: string;
  /** A school under another county: out of the first bureau's reach. */
  schoolFar: string;
}

export async function createRegion(owner: Kysely<Database>): Promise<Region> {
  const platform = await insertTenant(owner, {
    parentId: null,
    kind: 'platform',
    name: '测试平台',
    code: 'platform',
  });
  const city = await insertTenant(owner, {
    parentId: platform.id,
    kind: 'city',
    name: '南宁市教育局',
    code: '450100',
  });
  const county = await insertTenant(owner, {
    parentId: city.id,
    kind: 'county',
    name: '青秀区教育局',
    code: '450103',
  });
  const other = await insertTenant(owner, {
    parentId: city.id,
    kind: 'county',
    name: '兴宁区教育局',
    code: '450102',
  });
  const a = await insertTenant(owner, {
    parentId: county.id,
    kind: 'school',
    name: '凤岭实验小学',
    code: '2145010301',
  });
  const b = await insertTenant(owner, {
    parentId: county.id,
    kind: 'school',
    name: '邕江初级中学',
    code: '2145010302',
  });
  const far = await insertTenant(owner, {
    parentId: other.id,
    kind: 'school',
    name: '兴宁一中',
    code: '2145010201',
  });
  return { platform: platform.id, county: county.id, schoolA: a.id, schoolB: b.id, schoolFar: far.id };
}

type Kind = NonNullable<Principal['tenantKind']>;

/** A principal as the session middleware would build it, with exactly the given permissions. */
export function principal(
  tenantId: string,
  kind: Kind,
  permissions: string[],
  name = '测试用户',
  personId = crypto.randomUUID(),
): Principal {
  const set = new Set(permissions);
  return {
    personId,
    sessionId: crypto.randomUUID(),
    displayName: name,
    authzVersion: 1,
    activeTenantId: tenantId,
    tenantKind: kind,
    tenantName: name.includes('学校') ? name : '测试单位',
    tenantPath: null,
    roles: [],
    mfaVerified: true,
    mfaMissing: false,
    can: (p) => set.has(p),
    holdsAnywhere: (p) => set.has(p),
    scopeOf: () => ({ kind: 'none' }) as never,
    permissions: () => set,
  };
}
