import type { MiddlewareHandler } from 'hono';
import { negotiateLocale } from '../../http/locale.ts';
import { requestHeader } from '../../http/request-headers.ts';
import type { AppEnv } from '../../http/types.ts';

/** Sets the response locale from Accept-Language (zh-CN unless English is preferred). */
export function locale(): MiddlewareHandler<AppEnv> {
  return async function localeNegotiation(c, next) {
    c.set('locale', negotiateLocale(requestHeader(c, 'accept-language')));
    await next();
  };
}
