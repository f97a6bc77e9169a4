#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { ConfigError, type Config, loadConfig } from '../config/index.ts';
import { createLogger } from '../logger.ts';
import { backup, restore } from './backup.ts';
import { doctor } from './doctor.ts';
import { migrate } from './migrate.ts';
import { seed } from './seed.ts';
import { start } from './start.ts';

const usage = `campusbase — 教育数字基座 CampusBase

Usage:
  campusbase start                 start everything (embedded PostgreSQL and MQTT unless configured)
  campusbase migrate up|down|status
  campusbase seed --demo           seed the demo region, schools, people and devices
  campusbase backup [file]         write a PostgreSQL custom-format dump (default: ./data/backups/…)
  campusbase restore <file>        restore a dump made by backup
  campusbase doctor                print config, versions and connectivity, and what to fix

Configuration is by environment variables; see docs/operator.md.`;

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      demo: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [command, ...rest] = positionals;
  if (!command || values.help) {
    console.log(usage);
    return command || values.help ? 0 : 1;
  }
  let config: Config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      return 78; // EX_CONFIG
    }
    throw error;
  }
  const logger = createLogger(config.LOG_LEVEL);
  switch (command) {
    case 'start':
      return start(config, logger);
    case 'migrate':
      return migrate(config, logger, rest[0] ?? 'status');
    case 'seed':
      if (!values.demo) {
        console.error('Only the demo seed exists: run `campusbase seed --demo`.');
        return 64;
      }
      return seed(config, logger);
    case 'backup':
      return backup(config, logger, rest[0]);
    case 'restore':
      if (!rest[0]) {
        console.error('Name the dump to restore: `campusbase restore ./data/backups/campusbase-….dump`.');
        return 64;
      }
      return restore(config, logger, rest[0]);
    case 'doctor':
      return doctor(config, logger);
    default:
      console.error(`Unknown command "${command}".\n\n${usage}`);
      return 64;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? `campusbase: ${error.message}` : error);
    process.exitCode = 1;
  },
);
