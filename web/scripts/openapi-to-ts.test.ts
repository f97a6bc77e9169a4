import { describe, expect, it } from 'vitest';
import { openApiToTs, schemaToTs } from './openapi-to-ts.ts';

describe('OpenAPI to TypeScript', () => {
  it('translates the JSON Schema shapes zod-openapi emits', () => {
    expect(schemaToTs({ type: 'string' })).toBe('string');
    expect(schemaToTs({ type: 'integer' })).toBe('number');
    expect(schemaToTs({ enum: ['school', 'county'] })).toBe("'school' | 'county'");
    expect(schemaToTs({ const: "it's" })).toBe("'it\\'s'");
    expect(schemaToTs({ type: ['string', 'null'] })).toBe('string | null');
    expect(schemaToTs({ anyOf: [{ type: 'string' }, { type: 'number' }] })).toBe('string | number');
    expect(schemaToTs({ type: 'array', items: { $ref: '#/components/schemas/Person' } })).toBe(
      "Array<components['schemas']['Person']>",
    );
    expect(schemaToTs({ type: 'object', additionalProperties: { type: 'boolean' } })).toBe(
      '{\n  [key: string]: boolean;\n}',
    );
    expect(
      schemaToTs({
        type: 'object',
        properties: { 'x-y': { type: 'string' }, n: { type: 'number' } },
        required: ['n'],
      }),
    ).toBe("{\n  'x-y'?: string;\n  n: number;\n}");
    expect(schemaToTs(undefined)).toBe('unknown');
  });

  it('describes each operation: path and query parameters, body and responses by status', () => {
    const source = openApiToTs({
      paths: {
        '/api/v1/people/{id}': {
          patch: {
            parameters: [
              { name: 'id', in: 'path', required: true, schema: { type: 'string' } },
              { name: 'dryRun', in: 'query', schema: { type: 'boolean' } },
            ],
            requestBody: {
              content: { 'application/json': { schema: { $ref: '#/components/schemas/Patch' } } },
            },
            responses: {
              '200': { content: { 'application/json': { schema: { type: 'object', properties: {} } } } },
              '204': {},
            },
          },
        },
      },
      components: { schemas: { Patch: { type: 'object', properties: { name: { type: 'string' } } } } },
    });
    expect(source).toContain(
      "'/api/v1/people/{id}': {\n    patch: {\n      path: {\n        id: string;\n      };",
    );
    expect(source).toContain('query?: {\n        dryRun?: boolean;\n      };');
    expect(source).toContain("body: components['schemas']['Patch'];");
    expect(source).toContain("'204': void;");
    expect(source).toContain('Patch: {\n      name?: string;\n    };');
  });
});
