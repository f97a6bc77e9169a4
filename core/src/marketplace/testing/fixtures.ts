import {
  generateVendorKeyPair,
  packFiles,
  signPackage,
  type VendorKeyPair,
} from '@campusbase/plugin-sdk/package';
import { bundleApp } from '../../apps/testing/fixtures.ts';

const encoder = new TextEncoder();

/** A small attendance app (智慧考勤系统) written only against the SDK: an install hook and two routes. */
export function attendanceManifest(
  version: string,
  permissions: string[] = ['org:read'],
  id = 'cn.nnzx.smart-attendance',
) {
  return {
    id,
    version,
    engines: { campusbase: '^0.1.0' },
    name: { zh: '智慧考勤系统', en: 'Smart attendance' },
    description: {
      zh: '刷卡到校、课堂点名与请假联动的学生考勤。',
      en: 'Gate swipes, roll call and leave in one attendance record.',
    },
    permissions,
    server: { entry: 'src/server.ts' },
    collections: {
      days: {
        schema: {
          type: 'object',
          required: ['note'],
          properties: { note: { type: 'string' } },
          additionalProperties: false,
        },
      },
    },
    settings: {
      schema: {
        type: 'object',
        properties: { lateAfter: { type: 'string', default: '07:50' } },
        additionalProperties: false,
      },
    },
    routes: [
      { method: 'GET', path: '/ping' },
      { method: 'GET', path: '/days' },
    ],
    ui: { root: 'ui', pages: [{ id: 'main', entry: 'index.html', title: { zh: '考勤', en: 'Attendance' } }] },
    hooks: ['install', 'upgrade'],
  };
}

const source = (version: string, failInstall: boolean) => `
import { defineApp } from '@campusbase/plugin-sdk';
export default defineApp({
  hooks: {
    install: async ({ collections }) => {
      ${failInstall ? "throw new Error('install hook is broken');" : ''}
      await collections.use('days').insert({ note: '安装完成' });
    },
    upgrade: async () => {},
  },
  routes: {
    'GET /ping': async (_request, { school }) => ({ ok: true, version: '${version}', school: school.name }),
    'GET /days': async (_request, { collections }) => ({ items: (await collections.use('days').find({})).items.map((d) => d.data) }),
  },
});
`;

const bundles = new Map<string, string>();

/** A signed `.cbapp` archive of the attendance app. */
export async function attendancePackage(
  key: Pick<VendorKeyPair, 'privateKeyPem'>,
  version: string,
  options: {
    permissions?: string[];
    id?: string;
    failInstall?: boolean;
    manifest?: Record<string, unknown>;
  } = {},
): Promise<Uint8Array> {
  const cacheKey = `${version}:${options.failInstall ?? false}`;
  const bundle = bundles.get(cacheKey) ?? (await bundleApp(source(version, options.failInstall ?? false)));
  bundles.set(cacheKey, bundle);
  const manifest = options.manifest ?? attendanceManifest(version, options.permissions, options.id);
  const files = new Map<string, Uint8Array>([
    ['campusbase.app.json', encoder.encode(JSON.stringify(manifest))],
    ['server.mjs', encoder.encode(bundle)],
    ['ui/index.html', encoder.encode('<!doctype html><title>智慧考勤</title>')],
  ]);
  return signPackage(packFiles(files), key.privateKeyPem);
}

export { generateVendorKeyPair };
