import type { OpenAPIHono } from '@hono/zod-openapi';
import { originCheckExemptions } from '../auth/mount.ts';
import type { Databases } from '../db/index.ts';
import type { AppEnv } from '../http/types.ts';
import type { Logger } from '../logger.ts';
import { emqxRoutes } from './emqx.routes.ts';
import { iotOpsRoutes } from './iot-ops.routes.ts';
import { type Authorize, defaultAuthorize, iotRoutes } from './iot.routes.ts';
import { type IotRuntime, iotServices } from './iot.runtime.ts';
import './iot.seed.ts';

export { loadIotConfig } from './iot.config.ts';
export { type IotRuntime, startIot } from './iot.runtime.ts';

const EMQX_PREFIX = '/api/v1/iot/emqx/';

/**
 * Mounts the device-registry admin routes and the EMQX hook routes. Without a running bridge
 * (tests that build the app only) the registry still works; commands answer 503.
 */
export function mountIot(
  app: OpenAPIHono<AppEnv>,
  db: Databases,
  logger: Logger,
  runtime: IotRuntime | null,
  authorize: Authorize = defaultAuthorize,
): void {
  const fallback = runtime ? null : iotServices(db, logger);
  const services = () => runtime?.services ?? fallback!;
  iotRoutes(app, services, authorize);
  iotOpsRoutes(app, services, authorize);
  // Broker-to-core calls carry a bearer token, not a browser origin.
  if (!originCheckExemptions.includes(EMQX_PREFIX)) originCheckExemptions.push(EMQX_PREFIX);
  emqxRoutes(
    app,
    () => runtime?.authority ?? null,
    () => runtime?.emqxToken ?? null,
  );
}
