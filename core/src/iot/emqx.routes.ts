import type { DeviceAuthority } from '@campusbase/iot-bridge';
import { UnauthenticatedError } from '@campusbase/plugin-sdk/errors';
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import type { AppEnv } from '../http/types.ts';

const tags = ['Devices: broker hooks'];
const Result = z
  .object({ result: z.enum(['allow', 'deny']), is_superuser: z.boolean().optional() })
  .openapi('EmqxHookResult');
const security = [{ bearerAuth: [] }];

const auth = createRoute({
  method: 'post',
  path: '/api/v1/iot/emqx/auth',
  tags,
  security,
  summary: 'EMQX HTTP authentication: username = device id, password = device secret',
  request: {
    body: {
      content: {
        'application/json': {
          schema: z.object({
            clientid: z.string().optional(),
            username: z.string().optional(),
            password: z.string().optional(),
          }),
        },
      },
      required: true,
    },
  },
  responses: { 200: { content: { 'application/json': { schema: Result } }, description: 'allow or deny' } },
});

const acl = createRoute({
  method: 'post',
  path: '/api/v1/iot/emqx/acl',
  tags,
  security,
  summary:
    'EMQX HTTP authorization: publish only under the device’s own up/, subscribe only to its own down/',
  request: {
    body: {
      content: {
        'application/json': {
          schema: z.object({
            clientid: z.string().optional(),
            username: z.string().optional(),
            topic: z.string(),
            action: z.enum(['publish', 'subscribe']),
          }),
        },
      },
      required: true,
    },
  },
  responses: { 200: { content: { 'application/json': { schema: Result } }, description: 'allow or deny' } },
});

/**
 * The HTTP hooks an EMQX cluster calls for every CONNECT, PUBLISH and SUBSCRIBE. Broker-to-core
 * calls, not user requests: they carry `Authorization: Bearer <EMQX_HOOK_TOKEN>`. The ACL hook
 * cannot see the password, so it trusts that EMQX authenticated the username with the auth hook.
 */
export function emqxRoutes(
  app: OpenAPIHono<AppEnv>,
  authority: () => DeviceAuthority | null,
  token: () => string | null,
): void {
  const check = (c: Context<AppEnv>) => {
    const expected = token();
    const given = c.req.header('authorization')?.replace(/^Bearer\s+/i, '') ?? '';
    const a = Buffer.from(given);
    const b = Buffer.from(expected ?? '');
    if (!expected || a.length !== b.length || !timingSafeEqual(a, b)) {
      throw new UnauthenticatedError({
        zh: 'EMQX 钩子令牌不正确',
        en: 'The EMQX hook token is wrong: set EMQX_HOOK_TOKEN in both places',
      });
    }
    const found = authority();
    if (!found) throw new UnauthenticatedError({ zh: '设备服务未启动', en: 'The IoT bridge is not running' });
    return found;
  };
  app.openapi(auth, async (c) => {
    const registry = check(c);
    const { username, password } = c.req.valid('json');
    const principal = await registry.authenticate(username, password);
    return c.json({ result: principal ? ('allow' as const) : ('deny' as const), is_superuser: false }, 200);
  });
  app.openapi(acl, async (c) => {
    const registry = check(c);
    const { username, topic, action } = c.req.valid('json');
    const principal = await registry.principalFor(username);
    const allowed = principal
      ? action === 'publish'
        ? registry.canPublish(principal, topic)
        : registry.canSubscribe(principal, topic)
      : false;
    return c.json({ result: allowed ? ('allow' as const) : ('deny' as const) }, 200);
  });
}
