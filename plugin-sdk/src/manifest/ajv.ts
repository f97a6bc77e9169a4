import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import formatsModule, { type FormatsPlugin } from 'ajv-formats';
import type { JsonObject } from '../json.ts';
import { issue, type ManifestIssue } from './issues.ts';

// ajv-formats is CommonJS: under Node's ESM loader the default import is the plugin function itself.
const formats = formatsModule as unknown as FormatsPlugin & { default?: FormatsPlugin };
const addFormats: FormatsPlugin = formats.default ?? formats;

/**
 * One ajv configuration for manifests and app documents, in the SDK and in the host, so that both
 * accept and reject exactly the same data.
 */
export function createAjv(options: { readonly useDefaults?: boolean } = {}): Ajv2020 {
  const ajv = new Ajv2020({
    allErrors: true,
    verbose: true,
    strict: false,
    allowUnionTypes: true,
    useDefaults: options.useDefaults ?? false,
  });
  addFormats(ajv);
  ajv.addKeyword({ keyword: 'x-hint', schemaType: 'object' });
  return ajv;
}

function hintOf(error: ErrorObject): { zh: string; en: string } | undefined {
  const parent = error.parentSchema as JsonObject | undefined;
  const hint = parent?.['x-hint'];
  if (typeof hint === 'object' && hint !== null && !Array.isArray(hint)) {
    const { zh, en } = hint as JsonObject;
    if (typeof zh === 'string' && typeof en === 'string') return { zh, en };
  }
  return undefined;
}

function reasonOf(error: ErrorObject): { zh: string; en: string } {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return { zh: '缺少必填字段', en: 'this required field is missing' };
    case 'additionalProperties':
      return { zh: '不允许的字段，请检查拼写', en: 'this field is not allowed; check the spelling' };
    case 'type':
      return { zh: `类型应为 ${String(params['type'])}`, en: `must be of type ${String(params['type'])}` };
    case 'enum':
      return {
        zh: `取值只能是 ${JSON.stringify(params['allowedValues'])} 之一`,
        en: `must be one of ${JSON.stringify(params['allowedValues'])}`,
      };
    case 'const':
      return {
        zh: `取值必须是 ${JSON.stringify(params['allowedValue'])}`,
        en: `must be ${JSON.stringify(params['allowedValue'])}`,
      };
    case 'pattern':
      return (
        hintOf(error) ?? {
          zh: `格式不正确（${String(params['pattern'])}）`,
          en: `must match ${String(params['pattern'])}`,
        }
      );
    case 'minLength':
      return {
        zh: `长度不能少于 ${String(params['limit'])}`,
        en: `must have at least ${String(params['limit'])} characters`,
      };
    case 'maxLength':
      return {
        zh: `长度不能超过 ${String(params['limit'])}`,
        en: `must have at most ${String(params['limit'])} characters`,
      };
    case 'minItems':
      return {
        zh: `至少需要 ${String(params['limit'])} 项`,
        en: `needs at least ${String(params['limit'])} items`,
      };
    case 'maxItems':
    case 'maxProperties':
      return {
        zh: `最多 ${String(params['limit'])} 项`,
        en: `may have at most ${String(params['limit'])} items`,
      };
    case 'uniqueItems':
      return { zh: '不能有重复项', en: 'must not contain duplicates' };
    case 'propertyNames':
      return {
        zh: '名称只能使用小写字母、数字和 _，并以字母开头',
        en: 'a name must use lower-case letters, digits and _, starting with a letter',
      };
    case 'format':
      return {
        zh: `格式应为 ${String(params['format'])}`,
        en: `must be a valid ${String(params['format'])}`,
      };
    case 'minimum':
    case 'exclusiveMinimum':
      return { zh: `不能小于 ${String(params['limit'])}`, en: `must be at least ${String(params['limit'])}` };
    case 'maximum':
    case 'exclusiveMaximum':
      return { zh: `不能大于 ${String(params['limit'])}`, en: `must be at most ${String(params['limit'])}` };
    default:
      return {
        zh: `不符合规则 ${error.keyword}：${error.message ?? ''}`,
        en: error.message ?? error.keyword,
      };
  }
}

/** ajv errors → issues with a JSON path; a missing or unknown property is named in the path itself. */
export function issuesFromAjv(
  errors: ReadonlyArray<ErrorObject> | null | undefined,
  base = '',
): ManifestIssue[] {
  const seen = new Set<string>();
  const issues: ManifestIssue[] = [];
  for (const error of errors ?? []) {
    if (error.keyword === 'if' || error.keyword === 'anyOf' || error.keyword === 'oneOf') continue;
    // An error inside `propertyNames` is reported again by the `propertyNames` error itself.
    if (error.propertyName !== undefined && error.keyword !== 'propertyNames') continue;
    const params = error.params as Record<string, unknown>;
    let pointer = base + error.instancePath;
    if (error.keyword === 'required') pointer += `/${String(params['missingProperty'])}`;
    if (error.keyword === 'additionalProperties') pointer += `/${String(params['additionalProperty'])}`;
    if (error.keyword === 'propertyNames' && params['propertyName'] !== undefined) {
      pointer += `/${String(params['propertyName'])}`;
    }
    const reason = reasonOf(error);
    const key = `${pointer}\u0000${reason.en}`;
    if (seen.has(key)) continue;
    seen.add(key);
    issues.push(issue(pointer, reason.zh, reason.en));
  }
  return issues;
}
