import type { Locale } from '@campusbase/plugin-sdk/errors';
import type { Logger } from '../logger.ts';

/** What the kernel middleware puts on every request context. */
export interface KernelVariables {
  requestId: string;
  logger: Logger;
  locale: Locale;
}

export interface AppEnv {
  Variables: KernelVariables;
}
