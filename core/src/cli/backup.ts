import { execFile } from 'node:child_process';
import { mkdir, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { Config } from '../config/index.ts';
import type { Logger } from '../logger.ts';
import { withOwnerDb } from './migrate.ts';

const run = promisify(execFile);

/** pg_dump and pg_restore come from the PostgreSQL client package (Debian: postgresql-client). */
export async function pgTool(name: 'pg_dump' | 'pg_restore'): Promise<string> {
  try {
    const { stdout } = await run(name, ['--version']);
    return stdout.trim();
  } catch {
    throw new Error(
      `${name} was not found. Install the PostgreSQL client tools (Debian: apt-get install postgresql-client).`,
    );
  }
}

/** `campusbase backup [file]`: a PostgreSQL custom-format dump of the whole platform database. */
export async function backup(config: Config, logger: Logger, file?: string): Promise<number> {
  await pgTool('pg_dump');
  const target = resolve(
    file ??
      join(
        config.DATA_DIR,
        'backups',
        `campusbase-${new Date().toISOString().replaceAll(':', '-').slice(0, 19)}.dump`,
      ),
  );
  await mkdir(dirname(target), { recursive: true });
  return withOwnerDb(config, logger, async (_db, url) => {
    await run('pg_dump', ['--format=custom', '--no-owner', '--file', target, '--dbname', url], {
      maxBuffer: 1 << 24,
    });
    const size = (await stat(target)).size;
    console.log(
      `Backup written: ${target} (${(size / 1024).toFixed(1)} KiB). Restore with: campusbase restore ${target}`,
    );
    return 0;
  });
}

/** `campusbase restore <file>`: replaces the platform database's objects with those in the dump. */
export async function restore(config: Config, logger: Logger, file: string): Promise<number> {
  await pgTool('pg_restore');
  const source = resolve(file);
  await stat(source).catch(() => {
    throw new Error(`No dump at ${source}.`);
  });
  return withOwnerDb(config, logger, async (_db, url) => {
    await run(
      'pg_restore',
      ['--clean', '--if-exists', '--no-owner', '--single-transaction', '--dbname', url, source],
      {
        maxBuffer: 1 << 24,
      },
    );
    console.log(`Restored ${source}.`);
    return 0;
  });
}
