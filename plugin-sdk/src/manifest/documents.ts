import type { ValidateFunction } from 'ajv/dist/2020.js';
import { ForbiddenError, InputError, LimitError } from '../errors/index.ts';
import { HOST_LIMITS } from '../host-protocol.ts';
import type { JsonObject } from '../json.ts';
import { createAjv, issuesFromAjv } from './ajv.ts';
import { formatIssues } from './issues.ts';
import type { AppManifest } from './types.ts';

export interface DocumentValidators {
  /** Throws `InputError` (`invalid_document`) with every issue by JSON path, or `LimitError` when too big. */
  check(collection: string, data: JsonObject): void;
}

/**
 * Compiles each collection's JSON Schema once. The real host and the fake host both validate every
 * insert, update (after merging) and replace with it, with the same ajv options.
 */
export function createDocumentValidators(manifest: AppManifest): DocumentValidators {
  const ajv = createAjv();
  const validators = new Map<string, ValidateFunction>();
  for (const [name, declaration] of Object.entries(manifest.collections ?? {})) {
    validators.set(name, ajv.compile(declaration.schema));
  }
  return {
    check(collection, data) {
      const validate = validators.get(collection);
      if (!validate) {
        throw new ForbiddenError(
          {
            zh: `集合 ${collection} 未在清单中声明`,
            en: `The collection ${collection} is not declared in the manifest`,
          },
          { collection },
          'scope_not_declared',
        );
      }
      const bytes = new TextEncoder().encode(JSON.stringify(data)).length;
      if (bytes > HOST_LIMITS.maxDocumentBytes) {
        throw new LimitError(
          {
            zh: `文档大小 ${bytes} 字节，超过上限 ${HOST_LIMITS.maxDocumentBytes} 字节`,
            en: `The document has ${bytes} bytes, more than the limit of ${HOST_LIMITS.maxDocumentBytes}`,
          },
          { status: 413, code: 'document_too_large', details: { collection, bytes } },
        );
      }
      if (validate(data)) return;
      const issues = issuesFromAjv(validate.errors);
      throw new InputError(
        {
          zh: `集合 ${collection} 的文档不符合其 schema：${formatIssues(issues)}`,
          en: `The document does not match the schema of ${collection}: ${formatIssues(issues, 'en')}`,
        },
        { collection, issues },
        'invalid_document',
      );
    },
  };
}
