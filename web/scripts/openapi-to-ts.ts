/**
 * Turns the platform's OpenAPI 3.1 document into TypeScript types for the portal's API client.
 * It covers what @hono/zod-openapi emits: component schemas with `$ref`, objects, arrays, records,
 * enums, constants, unions, nullable types, path and query parameters, JSON request bodies and
 * JSON responses per status.
 *
 * @example
 * const source = openApiToTs(await (await fetch(`${url}/api/openapi.json`)).json());
 */

export interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  prefixItems?: JsonSchema[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  nullable?: boolean;
  description?: string;
}

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: JsonSchema;
}

interface MediaTypes {
  content?: Record<string, { schema?: JsonSchema }>;
}

interface Operation {
  operationId?: string;
  summary?: string;
  parameters?: Parameter[];
  requestBody?: MediaTypes & { required?: boolean };
  responses?: Record<string, MediaTypes>;
}

export interface OpenApiDocument {
  paths?: Record<string, Record<string, Operation | Parameter[] | undefined>>;
  components?: { schemas?: Record<string, JsonSchema> };
}

const methods = ['get', 'post', 'put', 'patch', 'delete'] as const;
const identifier = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function quote(text: string): string {
  const escaped = JSON.stringify(text).slice(1, -1).replaceAll('\\"', '"').replaceAll("'", "\\'");
  return `'${escaped}'`;
}

function key(name: string): string {
  return identifier.test(name) ? name : quote(name);
}

function indent(text: string, depth: number): string {
  return text.replaceAll('\n', `\n${'  '.repeat(depth)}`);
}

/** Lines inside braces, each nested line indented one level more. */
function block(lines: string[]): string {
  return `{\n  ${indent(lines.join('\n'), 1)}\n}`;
}

function literal(value: unknown): string {
  return typeof value === 'string' ? quote(value) : JSON.stringify(value);
}

/** One JSON Schema as a TypeScript type expression. */
export function schemaToTs(schema: JsonSchema | boolean | undefined): string {
  if (schema === undefined || schema === true) return 'unknown';
  if (schema === false) return 'never';
  let type = baseType(schema);
  if (schema.nullable && type !== 'unknown') type = `${wrap(type)} | null`;
  return type;
}

function wrap(type: string): string {
  return type.includes(' | ') && !type.startsWith('{') ? `(${type})` : type;
}

function baseType(schema: JsonSchema): string {
  if (schema.$ref) {
    const name = schema.$ref.replace(/^#\/components\/schemas\//, '');
    return `components['schemas'][${quote(name)}]`;
  }
  if (schema.const !== undefined) return literal(schema.const);
  if (schema.enum) return schema.enum.map(literal).join(' | ') || 'never';
  const union = schema.anyOf ?? schema.oneOf;
  if (union) return [...new Set(union.map((s) => wrap(schemaToTs(s))))].join(' | ') || 'never';
  if (schema.allOf) return schema.allOf.map((s) => wrap(schemaToTs(s))).join(' & ') || 'unknown';
  if (Array.isArray(schema.type)) {
    return schema.type.map((t) => wrap(baseType({ ...schema, type: t }))).join(' | ');
  }
  switch (schema.type) {
    case 'string':
      return 'string';
    case 'integer':
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'null':
      return 'null';
    case 'array':
      if (schema.prefixItems) return `[${schema.prefixItems.map((s) => schemaToTs(s)).join(', ')}]`;
      return `Array<${schemaToTs(schema.items)}>`;
    case 'object':
      return objectType(schema);
    default:
      return schema.properties ? objectType(schema) : 'unknown';
  }
}

function objectType(schema: JsonSchema): string {
  const required = new Set(schema.required ?? []);
  const lines = Object.entries(schema.properties ?? {}).map(
    ([name, property]) => `${key(name)}${required.has(name) ? '' : '?'}: ${schemaToTs(property)};`,
  );
  const extra = schema.additionalProperties;
  if (extra && (lines.length === 0 || extra !== true)) {
    // An index signature must admit every named property too.
    const value = lines.length ? 'unknown' : schemaToTs(extra === true ? undefined : extra);
    lines.push(`[key: string]: ${value};`);
  }
  if (lines.length === 0) return 'Record<string, never>';
  return block(lines);
}

function parametersType(parameters: Parameter[], where: 'path' | 'query'): string | null {
  const own = parameters.filter((p) => p.in === where);
  if (own.length === 0) return null;
  return block(
    own.map((p) => `${key(p.name)}${p.required || where === 'path' ? '' : '?'}: ${schemaToTs(p.schema)};`),
  );
}

function jsonSchemaOf(media: MediaTypes | undefined): JsonSchema | undefined | null {
  if (!media?.content) return null;
  const json = media.content['application/json'] ?? Object.values(media.content)[0];
  return json?.schema;
}

function operationType(operation: Operation, shared: Parameter[]): string {
  const parameters = [...shared, ...(operation.parameters ?? [])];
  const lines: string[] = [];
  const path = parametersType(parameters, 'path');
  const query = parametersType(parameters, 'query');
  lines.push(`path: ${path ?? 'never'};`);
  const queryRequired = parameters.some((p) => p.in === 'query' && p.required);
  lines.push(`query${queryRequired ? '' : '?'}: ${query ?? 'never'};`);
  const body = operation.requestBody ? jsonSchemaOf(operation.requestBody) : null;
  lines.push(
    body === null
      ? 'body: never;'
      : `body${operation.requestBody?.required === false ? '?' : ''}: ${schemaToTs(body)};`,
  );
  const responses = Object.entries(operation.responses ?? {}).map(([status, media]) => {
    const schema = jsonSchemaOf(media);
    return `${key(status)}: ${schema === null ? 'void' : schemaToTs(schema)};`;
  });
  lines.push(`responses: ${block(responses)};`);
  return block(lines);
}

/** The whole module: `components` and `paths`, for `web/src/api/client.ts`. */
export function openApiToTs(doc: OpenApiDocument): string {
  const schemas = Object.entries(doc.components?.schemas ?? {})
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, schema]) => `${key(name)}: ${schemaToTs(schema)};`);
  const paths = Object.entries(doc.paths ?? {})
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([path, item]) => {
      const shared = Array.isArray(item.parameters) ? item.parameters : [];
      const ops = methods
        .filter((m) => item[m] && !Array.isArray(item[m]))
        .map((m) => `${m}: ${operationType(item[m] as Operation, shared)};`);
      return `${quote(path)}: ${block(ops)};`;
    });
  return [
    "// Generated from the platform's /api/openapi.json by `npm run api:types -w web`. Do not edit.",
    '',
    'export interface components {',
    '  schemas: {',
    `    ${indent(schemas.join('\n'), 2)}`,
    '  };',
    '}',
    '',
    'export interface paths {',
    `  ${indent(paths.join('\n'), 1)}`,
    '}',
    '',
  ].join('\n');
}
