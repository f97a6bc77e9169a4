import { type Kysely, sql } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one instead.
//
// Identity (issue 3): global persons (一人一号), and the school-owned organisation tree,
// memberships, guardianships, custom roles and role grants.

export async function up(db: Kysely<unknown>): Promise<void> {
  // One row per human, across every school. Identifiers are unique when present.
  await sql`
    CREATE TABLE persons (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      display_name text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 100),
      phone text CHECK (phone ~ '^\\+?[0-9]{6,20}$'),
      email text CHECK (email ~ '^[^@\\s]+@[^@\\s]+$' AND length(email) <= 254),
      username text CHECK (username ~ '^[A-Za-z0-9_.-]{3,64}$'),
      password_hash text,
      password_changed_at timestamptz,
      national_id_hash text,
      national_id_masked text,
      status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
      locale text NOT NULL DEFAULT 'zh-CN' CHECK (locale IN ('zh-CN', 'en')),
      authz_version integer NOT NULL DEFAULT 1,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX persons_phone_key ON persons (phone) WHERE phone IS NOT NULL`.execute(db);
  await sql`CREATE UNIQUE INDEX persons_email_key ON persons (lower(email)) WHERE email IS NOT NULL`.execute(
    db,
  );
  await sql`CREATE UNIQUE INDEX persons_username_key ON persons (lower(username)) WHERE username IS NOT NULL`.execute(
    db,
  );
  await sql`CREATE UNIQUE INDEX persons_national_id_key ON persons (national_id_hash) WHERE national_id_hash IS NOT NULL`.execute(
    db,
  );

  // The organisation tree inside one school. Archived units keep their rows (history); the
  // foreign keys refuse a hard delete while anything references a unit.
  await sql`
    CREATE TABLE org_units (
      tenant_id uuid NOT NULL REFERENCES tenants(id),
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      parent_id uuid,
      kind text NOT NULL CHECK (kind IN ('campus', 'department', 'grade', 'class', 'teaching_research_group')),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
      code text CHECK (code ~ '^[0-9A-Za-z_.-]{1,64}$'),
      path text NOT NULL,
      sort integer NOT NULL DEFAULT 0,
      archived_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, id),
      FOREIGN KEY (tenant_id, parent_id) REFERENCES org_units (tenant_id, id)
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX org_units_code_key ON org_units (tenant_id, code) WHERE code IS NOT NULL`.execute(
    db,
  );
  await sql`CREATE INDEX org_units_path_idx ON org_units (tenant_id, path text_pattern_ops)`.execute(db);
  await sql`CREATE INDEX org_units_parent_idx ON org_units (tenant_id, parent_id)`.execute(db);
  await sql`SELECT cb_enable_tenant_rls('org_units')`.execute(db);

  // What a person is in a school. `role` is the person's standing there; it confers that
  // built-in role scoped to org_unit_id (the whole school when null). `number` is the school's
  // student or staff number (学号/工号), unique per school so imports can upsert by it.
  await sql`
    CREATE TABLE memberships (
      tenant_id uuid NOT NULL REFERENCES tenants(id),
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      person_id uuid NOT NULL REFERENCES persons(id),
      org_unit_id uuid,
      role text NOT NULL CHECK (role IN ('student', 'teacher', 'staff', 'parent')),
      number text CHECK (number ~ '^[0-9A-Za-z_-]{1,32}$'),
      status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'inactive')),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, id),
      UNIQUE (tenant_id, person_id, role),
      FOREIGN KEY (tenant_id, org_unit_id) REFERENCES org_units (tenant_id, id)
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX memberships_number_key ON memberships (tenant_id, number) WHERE number IS NOT NULL`.execute(
    db,
  );
  await sql`CREATE INDEX memberships_org_unit_idx ON memberships (tenant_id, org_unit_id)`.execute(db);
  await sql`CREATE INDEX memberships_person_idx ON memberships (person_id)`.execute(db);
  await sql`SELECT cb_enable_tenant_rls('memberships')`.execute(db);

  // Parent ↔ student. The row belongs to the student's school; a parent may hold links in
  // several schools.
  await sql`
    CREATE TABLE guardianships (
      tenant_id uuid NOT NULL REFERENCES tenants(id),
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      guardian_person_id uuid NOT NULL REFERENCES persons(id),
      student_person_id uuid NOT NULL REFERENCES persons(id),
      relation text NOT NULL DEFAULT 'guardian'
        CHECK (relation IN ('father', 'mother', 'grandparent', 'guardian', 'other')),
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, id),
      UNIQUE (tenant_id, guardian_person_id, student_person_id),
      CHECK (guardian_person_id <> student_person_id)
    )`.execute(db);
  await sql`CREATE INDEX guardianships_guardian_idx ON guardianships (guardian_person_id)`.execute(db);
  await sql`SELECT cb_enable_tenant_rls('guardianships')`.execute(db);

  // The person-scope wall: with app.person_id set (cb_person_scope), a person reads their own
  // memberships and guardian links in every school, and nothing else across schools. This is how
  // a parent in school A sees a child in school B without a school-wide read.
  for (const [table, column] of [
    ['memberships', 'person_id'],
    ['guardianships', 'guardian_person_id'],
  ] as const) {
    await sql
      .raw(
        `CREATE POLICY person_self ON ${table} FOR SELECT USING (${column} = nullif(current_setting('app.person_id', true), '')::uuid)`,
      )
      .execute(db);
  }

  // A school's own roles: a named set of permission strings.
  await sql`
    CREATE TABLE custom_roles (
      tenant_id uuid NOT NULL REFERENCES tenants(id),
      key text NOT NULL CHECK (key ~ '^custom:[a-z0-9_-]{1,48}$'),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
      permissions text[] NOT NULL,
      archived_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, key)
    )`.execute(db);
  await sql`SELECT cb_enable_tenant_rls('custom_roles')`.execute(db);

  // A role held over an org subtree (whole tenant when org_unit_id is null). Revoked grants stay
  // for history.
  await sql`
    CREATE TABLE role_grants (
      tenant_id uuid NOT NULL REFERENCES tenants(id),
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      person_id uuid NOT NULL REFERENCES persons(id),
      role_key text NOT NULL CHECK (role_key ~ '^(custom:)?[a-z0-9_-]{1,48}$'),
      org_unit_id uuid,
      granted_by uuid REFERENCES persons(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      revoked_at timestamptz,
      revoked_by uuid REFERENCES persons(id),
      PRIMARY KEY (tenant_id, id),
      FOREIGN KEY (tenant_id, org_unit_id) REFERENCES org_units (tenant_id, id)
    )`.execute(db);
  await sql`CREATE INDEX role_grants_person_idx ON role_grants (tenant_id, person_id) WHERE revoked_at IS NULL`.execute(
    db,
  );
  await sql`CREATE UNIQUE INDEX role_grants_active_key ON role_grants (tenant_id, person_id, role_key, coalesce(org_unit_id, '00000000-0000-0000-0000-000000000000'::uuid)) WHERE revoked_at IS NULL`.execute(
    db,
  );
  await sql`CREATE POLICY person_self ON role_grants FOR SELECT USING (person_id = nullif(current_setting('app.person_id', true), '')::uuid)`.execute(
    db,
  );
  await sql`SELECT cb_enable_tenant_rls('role_grants')`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'role_grants',
    'custom_roles',
    'guardianships',
    'memberships',
    'org_units',
    'persons',
  ]) {
    await sql.raw(`DROP TABLE ${table}`).execute(db);
  }
}
