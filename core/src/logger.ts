import { pino, type Logger } from 'pino';

export type { Logger } from 'pino';

/**
 * Creates the structured JSON logger. Every line carries the service name; request lines add
 * the request id, the tenant and, for app calls, the installation.
 */
export function createLogger(level: string, bindings: Record<string, unknown> = {}): Logger {
  return pino({
    level,
    base: { service: 'campusbase', ...bindings },
    timestamp: pino.stdTimeFunctions.isoTime,
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
  });
}
