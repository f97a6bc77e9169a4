import type { Locale } from '@campusbase/plugin-sdk/errors';
import type { Logger } from '../logger.ts';

/** What the kernel middleware puts on every request context. */
export interface KernelVariables {
  requestId: string;
  /** The platform logger; `requestLogger(c)` gives one bound to the request id. */
  logger: Logger;
  locale: Locale;
}

export interface AppEnv {
  Variables: KernelVariables;
}
