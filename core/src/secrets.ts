import { createHmac, randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Config } from './config/index.ts';

/**
 * The platform's root secret: SECRET_KEY, or a random key kept in DATA_DIR/secret.key on a
 * single-node install. Several nodes must share SECRET_KEY.
 */
export async function loadSecretKey(config: Config): Promise<string> {
  if (config.SECRET_KEY) return config.SECRET_KEY;
  const dir = resolve(config.DATA_DIR);
  const file = join(dir, 'secret.key');
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch {
    await mkdir(dir, { recursive: true });
    const key = randomBytes(32).toString('hex');
    await writeFile(file, `${key}\n`, { mode: 0o600, flag: 'wx' }).catch(async () => undefined);
    return (await readFile(file, 'utf8')).trim();
  }
}

/** A purpose-specific key derived from the root secret, so that one leak does not expose the others. */
export function deriveKey(secret: string, purpose: string): string {
  return createHmac('sha256', secret).update(`campusbase:${purpose}`).digest('hex');
}
