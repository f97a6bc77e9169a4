import { InputError } from '@campusbase/plugin-sdk/errors';
import { OpenAPIHono } from '@hono/zod-openapi';
import { type ReadinessCheck, healthRoutes } from './health/health.routes.ts';
import { apiReference } from './http/api-reference.ts';
import { installKernel, kernelRouter, prime, primed } from './http/kernel.ts';
import type { AppEnv } from './http/types.ts';
import type { Logger } from './logger.ts';
import { errorHandler, notFoundHandler } from './middleware/error-handler/index.ts';

export const PLATFORM_VERSION = '0.1.0';

export interface AppOptions {
  logger: Logger;
  readiness: () => ReadonlyArray<ReadinessCheck>;
  /** Origins the portal frames (the app UI origin). */
  frameSources?: string[];
  /** Send HSTS: the platform is served over https. */
  hsts?: boolean;
}

export type App = OpenAPIHono<AppEnv>;

/**
 * Builds the kernel HTTP app: the kernel around `app.fetch` (request id, locale, stages such as
 * the session, security headers, the request log line; see http/kernel.ts), the error mapping,
 * health, and the OpenAPI document with its reference page. Domains mount their routes on it.
 *
 * @example
 * const app = createApp({ logger, readiness: () => checks });
 * tenancyRoutes(app, db.app);
 */
export function createApp(options: AppOptions): App {
  const app = new OpenAPIHono<AppEnv>({
    router: kernelRouter(),
    defaultHook: (result) => {
      if (!result.success) {
        const issues = result.error.issues.map((issue) => ({
          path: issue.path.join('.') || '(body)',
          message: issue.message,
        }));
        throw new InputError(
          {
            zh: `请求参数不正确：${issues.map((i) => `${i.path} ${i.message}`).join('；')}`,
            en: `The request is invalid: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}`,
          },
          { issues },
        );
      }
    },
  });

  installKernel(app, options.logger, {
    frameSources: options.frameSources ?? [],
    hsts: options.hsts ?? false,
  });
  const onError = errorHandler();
  app.onError((error, c) => {
    prime(c, false);
    return onError(error, c);
  });
  app.notFound(primed(notFoundHandler()));

  healthRoutes(app, options.readiness);

  app.doc31('/api/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'CampusBase API',
      version: PLATFORM_VERSION,
      description:
        '教育数字基座 CampusBase: one base for a region, a face for every school (统一基座、千校千面).',
    },
    servers: [{ url: '/' }],
  });
  apiReference(app);
  return app;
}
