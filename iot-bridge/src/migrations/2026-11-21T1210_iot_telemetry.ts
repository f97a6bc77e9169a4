import { type Kysely, sql } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one instead.

export async function up(db: Kysely<unknown>): Promise<void> {
  // Telemetry is partitioned by day on the reported time, so retention drops whole partitions.
  // The unique key lets a redelivered message (after a bridge crash) be skipped with ON CONFLICT.
  await sql`
    CREATE TABLE iot_telemetry (
      tenant_id uuid NOT NULL,
      device_id uuid NOT NULL,
      ts timestamptz NOT NULL,
      msg_hash bigint NOT NULL,
      received_at timestamptz NOT NULL DEFAULT now(),
      data jsonb NOT NULL
    ) PARTITION BY RANGE (ts)`.execute(db);
  await sql`CREATE UNIQUE INDEX iot_telemetry_key ON iot_telemetry (tenant_id, device_id, ts, msg_hash)`.execute(
    db,
  );
  await sql`SELECT cb_enable_tenant_rls('iot_telemetry')`.execute(db);
  await sql`COMMENT ON TABLE iot_telemetry IS 'cb:app-grants=SELECT'`.execute(db);

  // Creates the daily partitions from `days_back` days ago to `days_ahead` days ahead (UTC), each
  // behind the same forced row-level security as its parent.
  await sql`
    CREATE FUNCTION cb_iot_ensure_partitions(days_back integer, days_ahead integer) RETURNS integer
    LANGUAGE plpgsql AS $fn$
    DECLARE
      day date;
      name text;
      made integer := 0;
    BEGIN
      FOR day IN SELECT generate_series((now() AT TIME ZONE 'UTC')::date - days_back,
                                        (now() AT TIME ZONE 'UTC')::date + days_ahead, interval '1 day')::date
      LOOP
        name := 'iot_telemetry_p' || to_char(day, 'YYYYMMDD');
        IF to_regclass(name) IS NULL THEN
          EXECUTE format('CREATE TABLE %I PARTITION OF iot_telemetry FOR VALUES FROM (%L) TO (%L)',
            name, (day::timestamp AT TIME ZONE 'UTC'), ((day + 1)::timestamp AT TIME ZONE 'UTC'));
          PERFORM cb_enable_tenant_rls(name::regclass);
          made := made + 1;
        END IF;
      END LOOP;
      RETURN made;
    END
    $fn$`.execute(db);

  // Drops the partitions whose whole day is older than the retention period.
  await sql`
    CREATE FUNCTION cb_iot_drop_partitions(retention_days integer) RETURNS integer
    LANGUAGE plpgsql AS $fn$
    DECLARE
      part record;
      dropped integer := 0;
    BEGIN
      FOR part IN
        SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
        WHERE i.inhparent = 'iot_telemetry'::regclass AND c.relname ~ '^iot_telemetry_p[0-9]{8}$'
          AND to_date(substring(c.relname FROM 16), 'YYYYMMDD') < (now() AT TIME ZONE 'UTC')::date - retention_days
      LOOP
        EXECUTE format('DROP TABLE %I', part.relname);
        dropped := dropped + 1;
      END LOOP;
      RETURN dropped;
    END
    $fn$`.execute(db);
  await sql`SELECT cb_iot_ensure_partitions(7, 3)`.execute(db);

  await sql`
    CREATE TABLE iot_events (
      tenant_id uuid NOT NULL,
      id bigint GENERATED ALWAYS AS IDENTITY,
      device_id uuid NOT NULL,
      ts timestamptz NOT NULL,
      type text NOT NULL,
      msg_hash bigint NOT NULL,
      data jsonb NOT NULL,
      received_at timestamptz NOT NULL DEFAULT now(),
      delivered_at timestamptz,
      PRIMARY KEY (tenant_id, id)
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX iot_events_key ON iot_events (tenant_id, device_id, ts, msg_hash)`.execute(
    db,
  );
  // The dispatcher walks undelivered events across schools in arrival order.
  await sql`CREATE INDEX iot_events_undelivered_idx ON iot_events (id) WHERE delivered_at IS NULL`.execute(
    db,
  );
  await sql`SELECT cb_enable_tenant_rls('iot_events')`.execute(db);

  await sql`
    CREATE TABLE iot_dead_letters (
      tenant_id uuid NOT NULL,
      id bigint GENERATED ALWAYS AS IDENTITY,
      device_id uuid,
      topic text NOT NULL,
      reason text NOT NULL,
      payload bytea NOT NULL,
      received_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, id)
    )`.execute(db);
  await sql`SELECT cb_enable_tenant_rls('iot_dead_letters')`.execute(db);
  await sql`COMMENT ON TABLE iot_dead_letters IS 'cb:app-grants=SELECT,DELETE'`.execute(db);

  // Messages no school can be found for (unknown tenant code or device): platform operators only.
  await sql`
    CREATE TABLE iot_unrouted (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      topic text NOT NULL,
      reason text NOT NULL,
      payload bytea NOT NULL,
      received_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE iot_unrouted`.execute(db);
  await sql`DROP TABLE iot_dead_letters`.execute(db);
  await sql`DROP TABLE iot_events`.execute(db);
  await sql`DROP TABLE iot_telemetry`.execute(db);
  await sql`DROP FUNCTION cb_iot_drop_partitions(integer)`.execute(db);
  await sql`DROP FUNCTION cb_iot_ensure_partitions(integer, integer)`.execute(db);
}
