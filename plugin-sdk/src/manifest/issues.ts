import type { AppText } from './types.ts';

/** One problem found in a manifest (or a document, or an app bundle), located by JSON path. */
export interface ManifestIssue {
  /** `$.routes[0].path` */
  readonly path: string;
  /** The same place as a JSON Pointer: `/routes/0/path`. */
  readonly pointer: string;
  readonly message: AppText;
}

const identifier = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** Turns a JSON Pointer into a `$.a.b[0]["x-y"]` path. */
export function pointerToPath(pointer: string): string {
  if (pointer === '') return '$';
  return (
    '$' +
    pointer
      .slice(1)
      .split('/')
      .map((raw) => raw.replaceAll('~1', '/').replaceAll('~0', '~'))
      .map((part) =>
        /^\d+$/.test(part) ? `[${part}]` : identifier.test(part) ? `.${part}` : `[${JSON.stringify(part)}]`,
      )
      .join('')
  );
}

export function pointerOf(...parts: ReadonlyArray<string | number>): string {
  return parts.map((part) => '/' + String(part).replaceAll('~', '~0').replaceAll('/', '~1')).join('');
}

export function issue(pointer: string, zh: string, en: string): ManifestIssue {
  return { path: pointerToPath(pointer), pointer, message: { zh, en } };
}

/** One line per issue, for the CLI and for error details. */
export function formatIssues(issues: ReadonlyArray<ManifestIssue>, locale: 'zh-CN' | 'en' = 'zh-CN'): string {
  return issues
    .map((item) => `${item.path}: ${locale === 'en' ? item.message.en : item.message.zh}`)
    .join('\n');
}
