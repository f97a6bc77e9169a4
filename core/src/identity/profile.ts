import type { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import { withPerson } from './person-scope.ts';
import { listPersonTenants, type PersonTenant } from './person-tenants.ts';

export interface Profile {
  person: {
    id: string;
    displayName: string;
    phone: string | null;
    email: string | null;
    username: string | null;
    nationalIdMasked: string | null;
    locale: 'zh-CN' | 'en';
  };
  tenants: PersonTenant[];
  children: Array<{ personId: string; displayName: string; tenantId: string; relation: string }>;
  mfaEnrolled: boolean;
}

/** Who a person is everywhere: identifiers, schools, children (across schools), MFA state. */
export async function loadProfile(db: Kysely<Database>, personId: string): Promise<Profile | null> {
  const person = await db
    .selectFrom('persons')
    .select(['id', 'display_name', 'phone', 'email', 'username', 'national_id_masked', 'locale'])
    .where('id', '=', personId)
    .executeTakeFirst();
  if (!person) return null;
  const [tenants, children, totp] = await Promise.all([
    listPersonTenants(db, personId),
    withPerson(db, personId, (trx) =>
      trx
        .selectFrom('guardianships as g')
        .innerJoin('persons as s', 's.id', 'g.student_person_id')
        .select(['g.student_person_id', 's.display_name', 'g.tenant_id', 'g.relation'])
        .where('g.guardian_person_id', '=', personId)
        .execute(),
    ),
    db.selectFrom('mfa_totp').select('confirmed_at').where('person_id', '=', personId).executeTakeFirst(),
  ]);
  return {
    person: {
      id: person.id,
      displayName: person.display_name,
      phone: person.phone ? `${person.phone.slice(0, 3)}****${person.phone.slice(-4)}` : null,
      email: person.email,
      username: person.username,
      nationalIdMasked: person.national_id_masked,
      locale: person.locale,
    },
    tenants,
    children: children.map((c) => ({
      personId: c.student_person_id,
      displayName: c.display_name,
      tenantId: c.tenant_id,
      relation: c.relation,
    })),
    mfaEnrolled: Boolean(totp?.confirmed_at),
  };
}
