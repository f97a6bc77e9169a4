import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vitest/config';

const shared = ['**/node_modules/**', '**/dist/**', '**/.node/**', '**/data/**'];

/**
 * One config, three projects:
 * - unit: `*.test.ts` beside the code, no services;
 * - integration: `*.int.test.ts`, each file with its own PostgreSQL database on one embedded
 *   server (or TEST_DATABASE_URL), plus the brokers and SMTP servers the test starts itself;
 * - e2e: the portal in Debian's Chromium (web/e2e).
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['**/*.test.ts'],
          exclude: [...shared, '**/*.int.test.ts', 'web/e2e/**', 'web/**'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['**/*.int.test.ts'],
          exclude: [...shared, 'web/e2e/**'],
          environment: 'node',
          globalSetup: ['./test/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // Two cores: files run two at a time so that PostgreSQL gets the rest.
          maxWorkers: 2,
        },
      },
      {
        plugins: [vue()],
        test: {
          name: 'web',
          include: ['web/src/**/*.test.ts', 'web/scripts/**/*.test.ts'],
          exclude: shared,
          environment: 'happy-dom',
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['web/e2e/**/*.e2e.test.ts'],
          exclude: shared,
          environment: 'node',
          globalSetup: ['./web/e2e/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 240_000,
          // Each file starts its own platform and browser; one at a time keeps the machine responsive.
          fileParallelism: false,
        },
      },
    ],
  },
});
