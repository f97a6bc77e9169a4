import { z } from 'zod';

/** Each variable with the schema it must satisfy and a hint that shows a valid value. */
const port = (fallback: number) =>
  z.coerce
    .number({ error: 'must be a whole number' })
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(65535, 'must be at most 65535')
    .default(fallback);

const postgresUrl = z
  .string()
  .refine((value) => /^postgres(ql)?:\/\/[^\s]+$/.test(value) && URL.canParse(value), {
    message: 'must be a PostgreSQL connection URL',
  });

const mqttUrl = z
  .string()
  .refine((value) => /^(mqtts?|wss?|tcp):\/\/[^\s]+$/.test(value) && URL.canParse(value), {
    message: 'must be an MQTT broker URL',
  });

const smtpUrl = z.string().refine((value) => /^smtps?:\/\/[^\s]+$/.test(value) && URL.canParse(value), {
  message: 'must be an SMTP URL',
});

const httpUrl = z.string().refine((value) => /^https?:\/\/[^\s]+$/.test(value) && URL.canParse(value), {
  message: 'must be an http(s) URL',
});

const token = z.string().regex(/^[\x21-\x7e]{1,500}$/, 'must be printable ASCII without spaces');

// An address, or a display name and an address: `no-reply@school.cn` or `青秀区教育局 <no-reply@school.cn>`.
const ADDRESS = '[^\\s<>@",;]+@[^\\s<>@",;]+\\.[^\\s<>@",;]+';
const mailbox = z
  .string()
  .max(300, 'must be at most 300 characters')
  .regex(new RegExp(`^(?:${ADDRESS}|[^<>@\\r\\n]*[^\\s<>@\\r\\n] ?<${ADDRESS}>)$`, 'u'), {
    message: 'must be an email address or "Name <address>"',
  });

/** Where WeCom (企业微信) group robots are reached. */
export const WECOM_API_BASE = 'https://qyapi.weixin.qq.com';

const boolean = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'must be true or false' })
    .default(fallback ? 'true' : 'false')
    .transform((value) => value === 'true' || value === '1' || value === 'yes');

const envSchema = z.object({
  NODE_ENV: z
    .enum(['development', 'production', 'test'], { error: 'must be development, production or test' })
    .default('development'),
  PORT: port(3000),
  HOST: z.string().min(1).default('::'),
  PUBLIC_URL: z.url({ error: 'must be an absolute URL' }).optional(),
  APP_ORIGIN_PORT: port(3001),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: postgresUrl.optional(),
  APP_DATABASE_URL: postgresUrl.optional(),
  APP_DB_ROLE: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'must be a lower-case PostgreSQL role name')
    .default('campusbase_app'),
  DB_POOL_SIZE: z.coerce.number({ error: 'must be a whole number' }).int().min(1).max(500).default(20),
  EMBEDDED_PG_PORT: port(54329),
  MQTT_URL: mqttUrl.optional(),
  MQTT_PORT: port(1883),
  SMTP_URL: smtpUrl.optional(),
  SMTP_FROM: mailbox.optional(),
  SMS_HTTP_URL: httpUrl.optional(),
  SMS_HTTP_TOKEN: token.optional(),
  SMS_HTTP_FALLBACK_URL: httpUrl.optional(),
  SMS_HTTP_FALLBACK_TOKEN: token.optional(),
  // Carriers register a signature (短信签名) of 2–12 characters, sent as 【签名】.
  SMS_SIGNATURE: z
    .string()
    .regex(/^[^【】[\]\s]{2,12}$/u, 'must be 2 to 12 characters without spaces or brackets')
    .default('CampusBase'),
  WECOM_API_BASE: z
    .string()
    .refine((value) => /^https?:\/\/[^\s/?#]+$/.test(value) && URL.canParse(value), {
      message: 'must be a scheme and host only, such as https://qyapi.weixin.qq.com',
    })
    .default(WECOM_API_BASE),
  SECRET_KEY: z.string().min(32, 'must be at least 32 characters of random text').optional(),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
      error: 'must be one of fatal, error, warn, info, debug, trace, silent',
    })
    .default('info'),
  DEMO_SEED: boolean(true),
  SHUTDOWN_GRACE_MS: z.coerce
    .number({ error: 'must be a whole number' })
    .int()
    .min(0)
    .max(120000)
    .default(10000),
  // 网络安全法 Art. 21 asks for network logs to be kept at least six months.
  AUDIT_RETENTION_DAYS: z.coerce
    .number({ error: 'must be a whole number of days' })
    .int('must be a whole number of days')
    .min(180, 'must be at least 180 days (the law asks for six months)')
    .max(36500, 'must be at most 36500 days')
    .default(180),
});

/** Rules between variables, checked after each variable on its own. */
const checkedSchema = envSchema.superRefine((env, ctx) => {
  // Robots post to WeCom itself in production; another base exists so tests can stand in for it.
  if (env.NODE_ENV === 'production' && env.WECOM_API_BASE !== WECOM_API_BASE)
    ctx.addIssue({
      code: 'custom',
      path: ['WECOM_API_BASE'],
      message: `must be ${WECOM_API_BASE} when NODE_ENV=production (leave it unset)`,
    });
  for (const suffix of ['', '_FALLBACK'] as const) {
    if (env[`SMS_HTTP${suffix}_TOKEN`] && !env[`SMS_HTTP${suffix}_URL`])
      ctx.addIssue({
        code: 'custom',
        path: [`SMS_HTTP${suffix}_TOKEN`],
        message: `is set but SMS_HTTP${suffix}_URL is not (set both, or neither)`,
      });
  }
  if (env.SMS_HTTP_FALLBACK_URL && !env.SMS_HTTP_URL)
    ctx.addIssue({
      code: 'custom',
      path: ['SMS_HTTP_FALLBACK_URL'],
      message: 'is set but SMS_HTTP_URL is not (the fallback is used when the primary fails)',
    });
});

/** Variables whose values a configuration error never echoes. */
const HIDDEN = new Set(['SECRET_KEY', 'SMS_HTTP_TOKEN', 'SMS_HTTP_FALLBACK_TOKEN']);

const hints: Record<string, string> = {
  PORT: 'PORT=3000',
  HOST: 'HOST=:: (all IPv6 and IPv4 addresses)',
  PUBLIC_URL: 'PUBLIC_URL=https://campus.example.edu.cn',
  APP_ORIGIN_PORT: 'APP_ORIGIN_PORT=3001',
  DATABASE_URL: 'DATABASE_URL=postgres://user:password@localhost:5432/campusbase',
  APP_DATABASE_URL: 'APP_DATABASE_URL=postgres://campusbase_app:password@localhost:5432/campusbase',
  APP_DB_ROLE: 'APP_DB_ROLE=campusbase_app',
  DB_POOL_SIZE: 'DB_POOL_SIZE=20',
  EMBEDDED_PG_PORT: 'EMBEDDED_PG_PORT=54329',
  MQTT_URL: 'MQTT_URL=mqtt://localhost:1883',
  MQTT_PORT: 'MQTT_PORT=1883',
  SMTP_URL: 'SMTP_URL=smtp://user:password@smtp.example.edu.cn:587',
  SMTP_FROM: 'SMTP_FROM="青秀区教育云 <no-reply@qxedu.example.cn>"',
  SMS_HTTP_URL: 'SMS_HTTP_URL=https://sms-relay.example.cn/send',
  SMS_HTTP_TOKEN: "SMS_HTTP_TOKEN=<the gateway's bearer token>",
  SMS_HTTP_FALLBACK_URL: 'SMS_HTTP_FALLBACK_URL=https://sms-backup.example.cn/send',
  SMS_HTTP_FALLBACK_TOKEN: "SMS_HTTP_FALLBACK_TOKEN=<the fallback gateway's bearer token>",
  SMS_SIGNATURE: 'SMS_SIGNATURE=青秀教育',
  WECOM_API_BASE: 'WECOM_API_BASE=https://qyapi.weixin.qq.com (the default; change it only in tests)',
  SECRET_KEY: 'SECRET_KEY=$(openssl rand -hex 32)',
  LOG_LEVEL: 'LOG_LEVEL=info',
  DEMO_SEED: 'DEMO_SEED=false',
  NODE_ENV: 'NODE_ENV=production',
  SHUTDOWN_GRACE_MS: 'SHUTDOWN_GRACE_MS=10000',
  AUDIT_RETENTION_DAYS: 'AUDIT_RETENTION_DAYS=365 (at least 180)',
};

export type Config = z.infer<typeof envSchema>;

/** A configuration error that lists every bad variable at once. */
export class ConfigError extends Error {
  readonly problems: ReadonlyArray<{ variable: string; problem: string; example: string }>;
  constructor(problems: ReadonlyArray<{ variable: string; problem: string; example: string }>) {
    super(
      [
        'CampusBase cannot start: the configuration is invalid.',
        ...problems.map((p) => `  - ${p.variable} ${p.problem}. Example: ${p.example}`),
        'Fix these environment variables and start again (see docs/operator.md).',
      ].join('\n'),
    );
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

/**
 * Reads and validates the configuration from environment variables.
 *
 * @example
 * const config = loadConfig(process.env); // throws ConfigError naming each bad variable
 */
export function loadConfig(env: NodeJS.ProcessEnv | Record<string, string | undefined>): Config {
  // Empty strings count as unset, as most process managers write them for blank values.
  const cleaned = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  const result = checkedSchema.safeParse(cleaned);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const variable = String(issue.path[0] ?? 'environment');
    const raw = cleaned[variable];
    const shown = raw === undefined ? '' : ` (got ${JSON.stringify(HIDDEN.has(variable) ? '***' : raw)})`;
    return { variable, problem: `${issue.message}${shown}`, example: hints[variable] ?? `${variable}=…` };
  });
  throw new ConfigError(problems);
}

/** The public base URL of the portal. */
export function publicUrl(config: Config): string {
  return config.PUBLIC_URL ?? `http://localhost:${config.PORT}`;
}
