import { type Config, loadConfig } from '../core/src/config/index.ts';
import { createLogger } from '../core/src/logger.ts';
import { type Platform, startPlatform } from '../core/src/platform.ts';
import { freePort } from './ports.ts';
import type { TestDatabase } from './harness.ts';

/**
 * Starts the whole platform on a test database, with its own free HTTP and MQTT ports.
 * The platform connects as its own app role, so it never changes the harness's role.
 */
export async function startTestPlatform(
  db: TestDatabase,
  env: Record<string, string> = {},
): Promise<Platform & { config: Config }> {
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: db.ownerUrl,
    APP_DB_ROLE: 'campusbase_platform_test',
    SECRET_KEY: 'test-secret-key-test-secret-key-0123456789',
    PORT: String(await freePort()),
    MQTT_PORT: String(await freePort()),
    APP_ORIGIN_PORT: String(await freePort()),
    DATA_DIR: `/tmp/campusbase-test-data-${db.name}`,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    DEMO_SEED: 'true',
    SHUTDOWN_GRACE_MS: '2000',
    ...env,
  });
  const platform = await startPlatform(config, createLogger(config.LOG_LEVEL));
  return Object.assign(platform, { config });
}
