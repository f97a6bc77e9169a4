import { strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import template from '../../templates/notice-board/campusbase.app.json' with { type: 'json' };
import { generateVendorKeyPair } from './crypto.ts';
import { packFiles, signPackage } from './pack.ts';
import { verifyPackage } from './verify.ts';

const vendor = generateVendorKeyPair();
const files = new Map([
  ['campusbase.app.json', strToU8(JSON.stringify(template))],
  ['server.mjs', strToU8('export default {};')],
  ['ui/board.html', strToU8('<!doctype html><title>公告</title>')],
]);
const signed = signPackage(packFiles(files), vendor.privateKeyPem);

function rezip(archive: Uint8Array, change: (files: Record<string, Uint8Array>) => void): Uint8Array {
  const entries = unzipSync(archive);
  change(entries);
  return zipSync(entries);
}

function codeOf(run: () => unknown): string {
  try {
    run();
    return 'accepted';
  } catch (error) {
    return (error as { code: string }).code;
  }
}

describe('pack, sign and verify', () => {
  it('accepts a package signed with a registered key', () => {
    const result = verifyPackage(signed, { publicKeys: [vendor.publicKeyPem] });
    expect(result.manifest.id).toBe('com.example.notice-board');
    expect([...result.files.keys()].sort()).toEqual(['campusbase.app.json', 'server.mjs', 'ui/board.html']);
    expect(result.keyId).toBe(vendor.keyId);
  });

  it('rejects a signature by another key', () => {
    const other = generateVendorKeyPair();
    const forged = signPackage(packFiles(files), other.privateKeyPem);
    expect(codeOf(() => verifyPackage(forged, { publicKeys: [vendor.publicKeyPem] }))).toBe(
      'package_signature_invalid',
    );
  });

  it('rejects a forged signature file', () => {
    const forged = rezip(signed, (entries) => {
      const signature = JSON.parse(new TextDecoder().decode(entries['SIGNATURE.json']));
      signature.signature = Buffer.alloc(64, 7).toString('base64');
      entries['SIGNATURE.json'] = strToU8(JSON.stringify(signature));
    });
    expect(codeOf(() => verifyPackage(forged, { publicKeys: [vendor.publicKeyPem] }))).toBe(
      'package_signature_invalid',
    );
  });

  it('rejects a tampered file, an edited digest list, an extra file and a missing file', () => {
    const keys = { publicKeys: [vendor.publicKeyPem] };
    const tampered = rezip(signed, (entries) => {
      entries['server.mjs'] = strToU8('export default { evil: true };');
    });
    expect(codeOf(() => verifyPackage(tampered, keys))).toBe('package_digest_mismatch');
    const relisted = rezip(tampered, (entries) => {
      const digests = JSON.parse(new TextDecoder().decode(entries['DIGESTS.json']));
      digests.files['server.mjs'] = '0'.repeat(64);
      entries['DIGESTS.json'] = strToU8(JSON.stringify(digests, null, 2));
    });
    expect(codeOf(() => verifyPackage(relisted, keys))).toBe('package_signature_invalid');
    const extra = rezip(signed, (entries) => {
      entries['ui/extra.js'] = strToU8('alert(1)');
    });
    expect(codeOf(() => verifyPackage(extra, keys))).toBe('package_file_unlisted');
    const missing = rezip(signed, (entries) => {
      delete entries['ui/board.html'];
    });
    expect(codeOf(() => verifyPackage(missing, keys))).toBe('package_file_missing');
  });

  it('rejects unsafe paths and non-zip input', () => {
    const traversal = rezip(signed, (entries) => {
      entries['../outside.txt'] = strToU8('x');
    });
    expect(codeOf(() => verifyPackage(traversal, { publicKeys: [vendor.publicKeyPem] }))).toBe(
      'package_path_unsafe',
    );
    expect(codeOf(() => verifyPackage(strToU8('not a zip'), { publicKeys: [vendor.publicKeyPem] }))).toBe(
      'package_not_zip',
    );
  });

  it('packs reproducibly', () => {
    expect(Buffer.from(packFiles(files)).equals(Buffer.from(packFiles(files)))).toBe(true);
  });
});
