// Generated from the platform's /api/openapi.json by `npm run api:types -w web`. Do not edit.

export interface components {
  schemas: {
    Branding: {
      displayName?: string;
      logoUrl?: string;
      themeColor?: string;
      loginBackgroundUrl?: string;
      motto?: string;
    };
    Error: {
      error: {
        code: string;
        message: string;
        details?: unknown;
      };
    };
    Health: {
      status: 'ok';
    };
    PublicTenant: {
      id: string;
      code: string;
      name: string;
      kind: 'platform' | 'province' | 'city' | 'county' | 'school';
      branding: components['schemas']['Branding'];
    };
    Readiness: {
      status: 'ok' | 'unavailable';
      checks: {
        [key: string]: {
          ok: boolean;
          ms: number;
          error?: string;
        };
      };
    };
  };
}

export interface paths {
  '/api/v1/tenants/{code}/public': {
    get: {
      path: {
        code: string;
      };
      query?: never;
      body: never;
      responses: {
        '200': components['schemas']['PublicTenant'];
        '404': components['schemas']['Error'];
      };
    };
  };
  '/healthz': {
    get: {
      path: never;
      query?: never;
      body: never;
      responses: {
        '200': components['schemas']['Health'];
      };
    };
  };
  '/readyz': {
    get: {
      path: never;
      query?: never;
      body: never;
      responses: {
        '200': components['schemas']['Readiness'];
        '503': components['schemas']['Readiness'];
      };
    };
  };
}
