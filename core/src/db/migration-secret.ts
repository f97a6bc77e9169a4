/**
 * The platform secret for data migrations that seal or open stored credentials (for example the
 * message centre's webhook secrets). Migrations receive only the database, so whoever migrates
 * with the secret in hand (the server's openDatabases, `campusbase migrate`) provides it first.
 * A migration that needs it and finds none fails with a message that says so; schema-only
 * migrations and fresh databases never ask.
 *
 * @example
 * provideMigrationSecret(secret);
 * await migrateToLatest(owner);
 */
let current: string | null = null;

export function provideMigrationSecret(secret: string | null): void {
  current = secret;
}

export function migrationSecret(): string | null {
  return current;
}
