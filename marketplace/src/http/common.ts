import { InputError } from '@campusbase/plugin-sdk/errors';
import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context, Env } from 'hono';
import type { Caller } from '../ports.ts';

/** The host's principal as a marketplace caller; core implements it from its session. */
export type CallerOf = (c: Context) => Caller;

const ErrorBody = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});
const json = (description: string) => ({
  content: { 'application/json': { schema: ErrorBody } },
  description,
});

export const errorResponses = {
  400: json('Invalid input'),
  401: json('Not logged in'),
  403: json('Not allowed'),
  404: json('Not found'),
  409: json('Conflict'),
};

export const tags = ['Marketplace'];

/** A sub-app whose validation failures become the platform's InputError, as core's own routes do. */
export function createRouter<E extends Env>(): OpenAPIHono<E> {
  return new OpenAPIHono<E>({
    defaultHook: (result) => {
      if (!result.success) {
        const issues = result.error.issues.map((i) => ({
          path: i.path.join('.') || '(body)',
          message: i.message,
        }));
        const list = issues.map((i) => `${i.path} ${i.message}`);
        throw new InputError(
          { zh: `请求参数不正确：${list.join('；')}`, en: `The request is invalid: ${list.join('; ')}` },
          { issues },
        );
      }
    },
  });
}

export const AppIdParam = z.object({
  appId: z
    .string()
    .min(3)
    .max(200)
    .regex(/^[a-z0-9.-]+$/)
    .openapi({ param: { name: 'appId', in: 'path' }, example: 'cn.nnzx.smart-attendance' }),
});
export const IdParam = z.object({ id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }) });
export const Category = z.enum(['teaching', 'management', 'evaluation', 'life', 'devices']);
export const Reason = z.object({ reason: z.string().min(2).max(500) });
export const Ok = { 204: { description: 'Done' } };

export const ok = <T extends z.ZodType>(schema: T, description: string) => ({
  content: { 'application/json': { schema } },
  description,
});
export const body = <T extends z.ZodType>(schema: T) => ({
  body: { content: { 'application/json': { schema } }, required: true },
});
