import type { Kysely, Transaction } from 'kysely';
import { sql } from 'kysely';
import type { Database } from '../db/database.ts';
import type { LoginIdentifier } from './identifiers.ts';
import type { NewPerson, Person } from './identity.table.ts';

type Db = Kysely<Database> | Transaction<Database>;

export function findPersonById(db: Db, id: string): Promise<Person | undefined> {
  return db.selectFrom('persons').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findPersonByLogin(db: Db, login: LoginIdentifier): Promise<Person | undefined> {
  const query = db.selectFrom('persons').selectAll();
  if (login.kind === 'phone') return query.where('phone', '=', login.value).executeTakeFirst();
  const column = login.kind === 'email' ? 'email' : 'username';
  return query.where(sql<string>`lower(${sql.ref(column)})`, '=', login.value).executeTakeFirst();
}

export function findPersonByNationalIdHash(db: Db, hash: string): Promise<Person | undefined> {
  return db.selectFrom('persons').selectAll().where('national_id_hash', '=', hash).executeTakeFirst();
}

export function insertPerson(db: Db, person: NewPerson): Promise<Person> {
  return db.insertInto('persons').values(person).returningAll().executeTakeFirstOrThrow();
}

/** Makes every cached authorisation of these people stale (grants or memberships changed). */
export async function bumpAuthzVersion(db: Db, personIds: ReadonlyArray<string>): Promise<void> {
  if (personIds.length === 0) return;
  await db
    .updateTable('persons')
    .set((eb) => ({ authz_version: eb('authz_version', '+', 1), updated_at: new Date() }))
    .where('id', 'in', [...personIds])
    .execute();
}
