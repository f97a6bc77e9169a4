import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from '../core/src/db/embedded-postgres.ts';
import { freePort } from './ports.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Superuser URL of the PostgreSQL server that integration tests create their databases on. */
    pgAdminUrl: string;
  }
}

/**
 * Starts one embedded PostgreSQL for the whole integration run (or uses TEST_DATABASE_URL, a
 * superuser URL of an existing server). Every test file then creates and drops its own database.
 */
export default async function setup(project: TestProject) {
  const external = process.env.TEST_DATABASE_URL;
  if (external) {
    project.provide('pgAdminUrl', external);
    return;
  }
  const dir = await mkdtemp(join(tmpdir(), 'campusbase-test-pg-'));
  await import('node:fs/promises').then((fs) => fs.chmod(dir, 0o755));
  const pg = await startEmbeddedPostgres({ dataDir: join(dir, 'pg'), port: await freePort() });
  project.provide('pgAdminUrl', pg.adminUrl);
  return async () => {
    await pg.stop();
    await rm(dir, { recursive: true, force: true });
  };
}
