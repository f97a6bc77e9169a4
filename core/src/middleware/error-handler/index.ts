import { isDomainError, LimitError } from '@campusbase/plugin-sdk/errors';
import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { negotiateLocale } from '../../http/locale.ts';
import type { AppEnv } from '../../http/types.ts';

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

function localeOf(c: Context<AppEnv>) {
  return c.get('locale') ?? negotiateLocale(c.req.header('accept-language'));
}

/**
 * The one place where errors become HTTP responses: `{ error: { code, message, details? } }`.
 * Domain errors keep their status and message; anything else is logged and answered with a
 * generic 500 that reveals nothing of the internals.
 */
export function errorHandler(): ErrorHandler<AppEnv> {
  return function onError(error, c) {
    const locale = localeOf(c);
    if (isDomainError(error)) {
      if (error instanceof LimitError && error.retryAfterSeconds !== undefined) {
        c.header('Retry-After', String(error.retryAfterSeconds));
      }
      const body: ErrorBody = { error: { code: error.code, message: error.messageFor(locale) } };
      if (error.details !== undefined) body.error.details = error.details;
      return c.json(body, error.status);
    }
    if (error instanceof HTTPException) {
      const status = error.status as ContentfulStatusCode;
      const body: ErrorBody = {
        error: {
          code: status === 413 ? 'payload_too_large' : 'http_error',
          message: error.message || (locale === 'en' ? 'The request could not be handled' : '请求无法处理'),
        },
      };
      return c.json(body, status);
    }
    c.get('logger')?.error({ err: error, reqId: c.get('requestId') }, 'unhandled error');
    const body: ErrorBody = {
      error: {
        code: 'internal_error',
        message:
          locale === 'en'
            ? `Something went wrong on our side. Quote request id ${c.get('requestId')} to your administrator.`
            : `服务器内部错误，请将请求编号 ${c.get('requestId')} 告知管理员。`,
      },
    };
    return c.json(body, 500);
  };
}

/** Unknown routes answer in the same error shape. */
export function notFoundHandler(): NotFoundHandler<AppEnv> {
  return function notFound(c) {
    const locale = localeOf(c);
    const body: ErrorBody = {
      error: {
        code: 'route_not_found',
        message:
          locale === 'en'
            ? `No route ${c.req.method} ${c.req.path}. See /api/reference for the API.`
            : `没有此接口：${c.req.method} ${c.req.path}。接口文档见 /api/reference。`,
      },
    };
    return c.json(body, 404);
  };
}
