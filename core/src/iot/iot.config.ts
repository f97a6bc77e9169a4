import { z } from 'zod';

const schema = z.object({
  MQTT_BRIDGE_USERNAME: z.string().min(1).default('cb-bridge'),
  /** Default: derived from SECRET_KEY (embedded broker). Set it for an external broker. */
  MQTT_BRIDGE_PASSWORD: z.string().min(8).optional(),
  /** A stable client id per bridge process: the broker keeps its session while it restarts. */
  MQTT_BRIDGE_CLIENT_ID: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/)
    .default('cb-bridge'),
  /** Several bridges share one subscription group (Mosquitto, EMQX). */
  MQTT_SHARE_GROUP: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,32}$/)
    .optional(),
  MQTT_PROTOCOL: z.enum(['4', '5']).optional(),
  /** Mosquitto dynamic security admin, `user:password`: the bridge keeps dynsec in step with the registry. */
  MQTT_DYNSEC_ADMIN: z
    .string()
    .regex(/^[^:]+:.+$/, 'must be user:password')
    .optional(),
  /** Bearer token the EMQX HTTP auth/ACL hooks send; default derived from SECRET_KEY. */
  EMQX_HOOK_TOKEN: z.string().min(16).optional(),
  IOT_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
});

export type IotConfig = z.infer<typeof schema>;

/** Reads the IoT settings from the environment; errors name the variable and how to fix it. */
export function loadIotConfig(env: Record<string, string | undefined>): IotConfig {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = schema.safeParse(cleaned);
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => `  - ${String(i.path[0])} ${i.message}`).join('\n');
  throw new Error(
    `CampusBase cannot start: the IoT configuration is invalid.\n${problems}\nSee docs/devices.md.`,
  );
}
