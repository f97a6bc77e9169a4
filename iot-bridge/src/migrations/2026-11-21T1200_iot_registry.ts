import { type Kysely, sql } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one instead.

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE iot_device_profiles (
      tenant_id uuid NOT NULL REFERENCES tenants(id),
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      key text NOT NULL CHECK (key ~ '^[a-z][a-z0-9-]{0,39}$'),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
      telemetry_schema jsonb NOT NULL DEFAULT '{}',
      event_schema jsonb NOT NULL DEFAULT '{}',
      state_schema jsonb NOT NULL DEFAULT '{}',
      heartbeat_seconds integer NOT NULL DEFAULT 120 CHECK (heartbeat_seconds BETWEEN 1 AND 86400),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, id),
      UNIQUE (tenant_id, key)
    )`.execute(db);
  await sql`SELECT cb_enable_tenant_rls('iot_device_profiles')`.execute(db);

  await sql`
    CREATE TABLE iot_device_groups (
      tenant_id uuid NOT NULL REFERENCES tenants(id),
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
      description text,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, id),
      UNIQUE (tenant_id, name)
    )`.execute(db);
  await sql`SELECT cb_enable_tenant_rls('iot_device_groups')`.execute(db);

  await sql`
    CREATE TABLE iot_devices (
      tenant_id uuid NOT NULL REFERENCES tenants(id),
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      profile_id uuid NOT NULL,
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
      serial text CHECK (length(serial) <= 100),
      group_id uuid,
      org_unit_id uuid,
      location text CHECK (length(location) <= 200),
      secret_hash text NOT NULL CHECK (secret_hash ~ '^[0-9a-f]{64}$'),
      status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
      online boolean NOT NULL DEFAULT false,
      last_seen_at timestamptz,
      online_changed_at timestamptz,
      state jsonb,
      state_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, id),
      FOREIGN KEY (tenant_id, profile_id) REFERENCES iot_device_profiles (tenant_id, id),
      FOREIGN KEY (tenant_id, group_id) REFERENCES iot_device_groups (tenant_id, id) ON DELETE SET NULL (group_id)
    )`.execute(db);
  // The broker knows only the username (= device id) when a device connects; this index serves
  // that platform-wide lookup. It is not unique, so it stays valid once tables are distributed.
  await sql`CREATE INDEX iot_devices_id_idx ON iot_devices (id)`.execute(db);
  await sql`CREATE UNIQUE INDEX iot_devices_serial_idx ON iot_devices (tenant_id, serial) WHERE serial IS NOT NULL`.execute(
    db,
  );
  await sql`CREATE INDEX iot_devices_online_idx ON iot_devices (tenant_id, last_seen_at) WHERE online`.execute(
    db,
  );
  await sql`SELECT cb_enable_tenant_rls('iot_devices')`.execute(db);

  await sql`
    CREATE TABLE iot_commands (
      tenant_id uuid NOT NULL,
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      device_id uuid NOT NULL,
      name text NOT NULL CHECK (name ~ '^[a-z][a-z0-9_.-]{0,63}$'),
      params jsonb NOT NULL DEFAULT '{}',
      status text NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'sent', 'acknowledged', 'done', 'failed', 'expired')),
      timeout_at timestamptz NOT NULL,
      result jsonb,
      error text,
      created_at timestamptz NOT NULL DEFAULT now(),
      sent_at timestamptz,
      acknowledged_at timestamptz,
      finished_at timestamptz,
      PRIMARY KEY (tenant_id, id),
      FOREIGN KEY (tenant_id, device_id) REFERENCES iot_devices (tenant_id, id) ON DELETE CASCADE
    )`.execute(db);
  await sql`CREATE INDEX iot_commands_open_idx ON iot_commands (timeout_at)
    WHERE status IN ('pending', 'sent', 'acknowledged')`.execute(db);
  await sql`CREATE INDEX iot_commands_id_idx ON iot_commands (id)`.execute(db);
  await sql`SELECT cb_enable_tenant_rls('iot_commands')`.execute(db);

  await sql`
    CREATE TABLE iot_alarm_rules (
      tenant_id uuid NOT NULL,
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      profile_id uuid NOT NULL,
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
      field text NOT NULL CHECK (field ~ '^[A-Za-z_][A-Za-z0-9_.]{0,63}$'),
      operator text NOT NULL CHECK (operator IN ('>', '>=', '<', '<=', '=', '!=')),
      threshold double precision NOT NULL,
      severity text NOT NULL CHECK (severity IN ('info', 'warning', 'critical')),
      enabled boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, id),
      FOREIGN KEY (tenant_id, profile_id) REFERENCES iot_device_profiles (tenant_id, id) ON DELETE CASCADE
    )`.execute(db);
  await sql`SELECT cb_enable_tenant_rls('iot_alarm_rules')`.execute(db);

  await sql`
    CREATE TABLE iot_alarms (
      tenant_id uuid NOT NULL,
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      rule_id uuid NOT NULL,
      device_id uuid NOT NULL,
      severity text NOT NULL CHECK (severity IN ('info', 'warning', 'critical')),
      status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'cleared')),
      notified_status text,
      value double precision NOT NULL,
      last_value double precision NOT NULL,
      occurrences integer NOT NULL DEFAULT 1,
      raised_at timestamptz NOT NULL DEFAULT now(),
      cleared_at timestamptz,
      PRIMARY KEY (tenant_id, id),
      FOREIGN KEY (tenant_id, rule_id) REFERENCES iot_alarm_rules (tenant_id, id) ON DELETE CASCADE,
      FOREIGN KEY (tenant_id, device_id) REFERENCES iot_devices (tenant_id, id) ON DELETE CASCADE
    )`.execute(db);
  // Deduplication: at most one active alarm per rule and device.
  await sql`CREATE UNIQUE INDEX iot_alarms_active_idx ON iot_alarms (tenant_id, rule_id, device_id)
    WHERE status = 'active'`.execute(db);
  await sql`CREATE INDEX iot_alarms_unnotified_idx ON iot_alarms (raised_at)
    WHERE notified_status IS DISTINCT FROM status`.execute(db);
  await sql`SELECT cb_enable_tenant_rls('iot_alarms')`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'iot_alarms',
    'iot_alarm_rules',
    'iot_commands',
    'iot_devices',
    'iot_device_groups',
    'iot_device_profiles',
  ]) {
    await sql.raw(`DROP TABLE ${table}`).execute(db);
  }
}
