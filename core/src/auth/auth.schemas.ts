import { z } from '@hono/zod-openapi';
import { ErrorSchema } from '../http/openapi.ts';

export const LoginResultSchema = z
  .object({
    status: z
      .enum(['ok', 'mfa_required'])
      .openapi({ description: 'mfa_required: verify a TOTP or recovery code next' }),
    activeTenantId: z.uuid().nullable(),
    passwordExpired: z.boolean(),
  })
  .openapi('LoginResult');

export const OkSchema = z.object({ ok: z.literal(true) }).openapi('Ok');

export function errors(...codes: Array<400 | 401 | 403 | 404 | 409 | 429>) {
  const text: Record<number, string> = {
    400: 'Invalid input',
    401: 'Not logged in, or the credentials are wrong',
    403: 'Not allowed',
    404: 'Not found',
    409: 'Conflict with the current state',
    429: 'Too many attempts; see Retry-After',
  };
  return Object.fromEntries(
    codes.map((code) => [
      code,
      { content: { 'application/json': { schema: ErrorSchema } }, description: text[code] },
    ]),
  ) as Record<
    number,
    { content: { 'application/json': { schema: typeof ErrorSchema } }; description: string }
  >;
}

export function json<T extends z.ZodType>(schema: T, description: string) {
  return { content: { 'application/json': { schema } }, description };
}
