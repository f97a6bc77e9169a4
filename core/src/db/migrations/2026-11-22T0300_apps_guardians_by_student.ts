import { type Kysely, sql } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one instead.
//
// The apps' `people.guardiansOf(studentId)` capability (and message audiences such as "the
// guardians of student X") look guardianships up by student within one school. The table's keys
// lead with (tenant_id, id) and (tenant_id, guardian_person_id, …), so without this index each
// lookup reads every guardian link of the school.

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE INDEX guardianships_student_idx ON guardianships (tenant_id, student_person_id)`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX guardianships_student_idx`.execute(db);
}
