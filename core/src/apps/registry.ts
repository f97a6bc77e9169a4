import { ConflictError, InputError } from '@campusbase/plugin-sdk/errors';
import { parseManifest } from '@campusbase/plugin-sdk/manifest';
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { PLATFORM_VERSION } from '../app.ts';
import type { Database } from '../db/database.ts';
import type { PackageFile } from './apps.table.ts';
import { ensureDeclaredIndexes } from './store/indexes.ts';
import type { RuntimeManifest } from './manifest.ts';

/** A package whose signature and digests have been verified (by the marketplace or the CLI). */
export interface AppPackageInput {
  /** The parsed `campusbase.app.json`; validated again here. */
  manifest: unknown;
  /** The server bundle (`server.mjs`) as text, or null for an app without server code. */
  bundle: string | null;
  /** Every other file of the package: UI assets and the like, by package path. */
  files: ReadonlyArray<{ path: string; content: Uint8Array }>;
  /** The signing key's fingerprint, when the package was signed. */
  signer?: string | null;
}

export interface RegisteredVersion {
  versionId: string;
  appId: string;
  version: string;
  manifest: RuntimeManifest;
  created: boolean;
}

const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');

const TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  mjs: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  json: 'application/json',
  svg: 'image/svg+xml',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  woff2: 'font/woff2',
  ico: 'image/x-icon',
  txt: 'text/plain; charset=utf-8',
};

export function contentTypeOf(path: string): string {
  return TYPES[path.slice(path.lastIndexOf('.') + 1).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * Stores a verified app version: its manifest, server bundle and UI assets with their digests, and
 * creates its collections' declared indexes. Registering the same version with the same content
 * again is a no-op; with different content it is a conflict (versions are immutable).
 * The marketplace owns publishing; this is its way into the runtime. Owner pool: platform-wide.
 *
 * @example
 * const { versionId } = await registerAppVersion(db.owner, { manifest, bundle, files });
 */
export async function registerAppVersion(
  owner: Kysely<Database>,
  input: AppPackageInput,
): Promise<RegisteredVersion> {
  const manifest = parseManifest(input.manifest, { platformVersion: PLATFORM_VERSION });
  if (manifest.server && input.bundle === null) {
    throw new InputError({
      zh: '应用声明了服务端代码，但包中没有 server.mjs',
      en: 'The manifest declares server code but the package has no bundle',
    });
  }
  const files: PackageFile[] = input.files
    .map((file) => ({ path: file.path, sha256: sha256(file.content), size: file.content.byteLength }))
    .sort((a, b) => a.path.localeCompare(b.path));
  const bundleDigest = input.bundle === null ? null : sha256(input.bundle);
  const packageDigest = sha256(JSON.stringify({ manifest, bundleDigest, files }));

  const existing = await owner
    .selectFrom('app_versions')
    .select(['id', 'package_digest'])
    .where('app_id', '=', manifest.id)
    .where('version', '=', manifest.version)
    .executeTakeFirst();
  if (existing) {
    if (existing.package_digest !== packageDigest) {
      throw new ConflictError({
        zh: `应用 ${manifest.id} 的 ${manifest.version} 版已存在且内容不同；请提升版本号后重新发布`,
        en: `${manifest.id} ${manifest.version} exists with different content; publish a new version`,
      });
    }
    return {
      versionId: existing.id,
      appId: manifest.id,
      version: manifest.version,
      manifest,
      created: false,
    };
  }

  const versionId = await owner.transaction().execute(async (trx) => {
    await trx
      .insertInto('apps')
      .values({ id: manifest.id, name: JSON.stringify(manifest.name) })
      .onConflict((oc) => oc.column('id').doUpdateSet({ name: JSON.stringify(manifest.name) }))
      .execute();
    const row = await trx
      .insertInto('app_versions')
      .values({
        app_id: manifest.id,
        version: manifest.version,
        manifest: JSON.stringify(manifest),
        bundle: input.bundle,
        bundle_digest: bundleDigest,
        package_digest: packageDigest,
        files: JSON.stringify(files),
        signer: input.signer ?? null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const file of input.files) {
      await trx
        .insertInto('app_assets')
        .values({
          version_id: row.id,
          path: file.path,
          content_type: contentTypeOf(file.path),
          digest: sha256(file.content),
          content: file.content,
        })
        .execute();
    }
    return row.id;
  });
  await ensureDeclaredIndexes(owner as Kysely<unknown>, manifest);
  return { versionId, appId: manifest.id, version: manifest.version, manifest, created: true };
}

/** The bundle of a version, checked against its stored digest (the platform re-verifies at load time). */
export async function loadBundle(db: Kysely<Database>, versionId: string, digest: string): Promise<string> {
  const row = await db
    .selectFrom('app_versions')
    .select(['bundle', 'bundle_digest'])
    .where('id', '=', versionId)
    .executeTakeFirst();
  if (!row?.bundle || row.bundle_digest !== digest || sha256(row.bundle) !== digest) {
    throw new Error(`The bundle of app version ${versionId} is missing or does not match its digest`);
  }
  return row.bundle;
}

/** The parts of `verifyPackage()`'s result (`@campusbase/plugin-sdk/package`) the runtime stores. */
export interface VerifiedPackageLike {
  readonly manifest: unknown;
  readonly files: ReadonlyMap<string, Uint8Array>;
  readonly keyId: string;
}

/**
 * Registers a `.cbapp` package that `verifyPackage()` accepted (signature and digests checked):
 * `server.mjs` becomes the bundle and `ui/**` the UI assets.
 *
 * @example
 * const verified = verifyPackage(archive, { publicKeys: [vendorKey] });
 * await registerVerifiedPackage(db.owner, verified);
 */
export function registerVerifiedPackage(owner: Kysely<Database>, verified: VerifiedPackageLike) {
  const server = verified.files.get('server.mjs');
  const files = [...verified.files]
    .filter(([path]) => path.startsWith('ui/'))
    .map(([path, content]) => ({ path, content }));
  return registerAppVersion(owner, {
    manifest: verified.manifest,
    bundle: server ? new TextDecoder().decode(server) : null,
    files,
    signer: verified.keyId,
  });
}
