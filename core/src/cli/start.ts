import type { Config } from '../config/index.ts';
import type { Logger } from '../logger.ts';
import { startPlatform } from '../platform.ts';
import { demoBanner } from '../seed/banner.ts';

/** `campusbase start`: runs until SIGINT or SIGTERM, then shuts down in order and exits. */
export async function start(config: Config, logger: Logger): Promise<number> {
  const started = performance.now();
  const platform = await startPlatform(config, logger);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  process.stdout.write(
    `\nCampusBase 已启动 (${seconds} s)\n  门户 Portal:   ${platform.url}\n  API 文档:      ${platform.url}/api/reference\n`,
  );
  if (config.DEMO_SEED) process.stdout.write(demoBanner());
  process.stdout.write('  按 Ctrl-C 停止 (press Ctrl-C to stop)\n\n');

  return new Promise<number>((resolve) => {
    let signalled = false;
    const shutdown = (signal: NodeJS.Signals) => {
      if (signalled) {
        logger.warn({ signal }, 'second signal: exiting now');
        process.exit(130);
      }
      signalled = true;
      logger.info({ signal }, 'shutting down');
      platform.stop().then(
        () => {
          logger.info('stopped');
          resolve(0);
        },
        (error: unknown) => {
          logger.error({ err: error }, 'shutdown failed');
          resolve(1);
        },
      );
    };
    process.once('SIGINT', shutdown);
    process.once('SIGTERM', shutdown);
  });
}
