import { pino, type Logger } from 'pino';

export type { Logger } from 'pino';

/**
 * Creates the structured JSON logger. Every line carries the service name; request lines add
 * the request id, the tenant and, for app calls, the installation.
 *
 * Lines go to stdout asynchronously: a synchronous write per line (pino's default) is a system
 * call per request, which cost more than the rest of a small API call; written asynchronously,
 * lines that arrive while a write is under way go out together in the next one, and a quiet
 * server still writes each line at once. pino flushes what is left when the process exits.
 */
export function createLogger(level: string, bindings: Record<string, unknown> = {}): Logger {
  const destination = pino.destination({ dest: 1, sync: false });
  const options = {
    level,
    base: { service: 'campusbase', ...bindings },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  const logger = pino(
    {
      ...options,
      redact: {
        paths: [
          'password',
          '*.password',
          'secret',
          '*.secret',
          'token',
          '*.token',
          'req.headers.cookie',
          'req.headers.authorization',
        ],
        censor: '[redacted]',
      },
    },
    destination,
  );
  accessLoggers.set(logger, pino(options, destination));
  return logger;
}

const accessLoggers = new WeakMap<Logger, Logger>();

/**
 * The logger of the kernel's one line per request: the same output, without the redaction pass,
 * which costs more than the rest of the line and has nothing to do there (the line's fields are
 * fixed: request id, method, path without query, status, duration).
 */
export function accessLogger(logger: Logger): Logger {
  return accessLoggers.get(logger) ?? logger;
}
