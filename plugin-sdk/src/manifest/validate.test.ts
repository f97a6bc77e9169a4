import { describe, expect, it } from 'vitest';
import template from '../../templates/notice-board/campusbase.app.json' with { type: 'json' };
import { manifestSchema } from './schema.ts';
import { describeScope, highestRisk, parseScope, scopeCovers } from './scopes.ts';
import type { AppManifest } from './types.ts';
import { parseManifest, validateManifest } from './validate.ts';

const minimal: AppManifest = {
  id: 'com.example.minimal',
  version: '1.0.0',
  engines: { campusbase: '^0.1.0' },
  name: { zh: '最小应用', en: 'Minimal app' },
  description: { zh: '说明', en: 'Description' },
};

function pathsOf(input: unknown): string[] {
  const result = validateManifest(input);
  return result.ok ? [] : result.issues.map((issue) => issue.path);
}

describe('validateManifest', () => {
  it('accepts the template and a minimal manifest', () => {
    expect(validateManifest(template).ok).toBe(true);
    expect(validateManifest(minimal).ok).toBe(true);
  });

  it('names the JSON path of shape errors, with zh-CN and English reasons', () => {
    const result = validateManifest({ ...minimal, version: '1.0', name: { zh: '名' }, extra: true });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((issue) => issue.path).sort()).toEqual(['$.extra', '$.name.en', '$.version']);
    const version = result.issues.find((issue) => issue.path === '$.version')!;
    expect(version.message.zh).toContain('语义化版本号');
    expect(version.message.en).toContain('semantic version');
    expect(version.pointer).toBe('/version');
  });

  it('points into nested arrays and maps', () => {
    expect(
      pathsOf({
        ...minimal,
        server: { entry: 'src/server.ts' },
        routes: [
          { method: 'GET', path: '/ok' },
          { method: 'GET', path: 'no-slash' },
        ],
      }),
    ).toEqual(['$.routes[1].path']);
    expect(pathsOf({ ...minimal, collections: { Bad: { schema: { type: 'object' } } } })).toEqual([
      '$.collections.Bad',
    ]);
    expect(
      pathsOf({ ...minimal, ui: { pages: [{ id: 'a', entry: '../escape.html', title: minimal.name }] } }),
    ).toEqual(['$.ui.pages[0].entry']);
  });

  it('checks meaning beyond shape: scopes, ranges, indexes, events, duplicates', () => {
    const manifest = {
      ...minimal,
      engines: { campusbase: 'not a range' },
      permissions: ['people:read:basic', 'people:write', 'http:fetch:10.0.0.1', 'collections:ghost'],
      server: { entry: 'src/server.ts' },
      collections: {
        notes: {
          schema: { type: 'object', properties: { text: { type: 'string' } } },
          indexes: [{ name: 'by_x', fields: ['-x'] }],
        },
      },
      events: [{ type: 'iot:gate.swipe' }],
      jobs: [
        { name: 'daily', cron: '0 7 * * *' },
        { name: 'daily', cron: '0 8 * * *' },
      ],
      routes: [
        { method: 'GET', path: '/a/:id' },
        { method: 'GET', path: '/a/:other' },
      ],
    };
    expect(pathsOf(manifest)).toEqual([
      '$.engines.campusbase',
      '$.permissions[1]',
      '$.permissions[2]',
      '$.permissions[3]',
      '$.collections.notes.indexes[0].fields[0]',
      '$.routes[1]',
      '$.events[0].type',
      '$.jobs[1].name',
    ]);
  });

  it('checks engines against the platform version when asked', () => {
    const result = validateManifest(
      { ...minimal, engines: { campusbase: '^2.0.0' } },
      { platformVersion: '0.1.0' },
    );
    expect(result.ok ? [] : result.issues.map((issue) => issue.path)).toEqual(['$.engines.campusbase']);
  });

  it('needs server code for routes', () => {
    expect(pathsOf({ ...minimal, routes: [{ method: 'GET', path: '/x' }] })).toEqual(['$.server']);
  });

  it('parseManifest throws an InputError listing every issue', () => {
    expect(() => parseManifest({ ...minimal, id: 'NoDots' })).toThrow(/\$\.id/);
  });

  it('publishes a draft 2020-12 schema', () => {
    expect(manifestSchema['$schema']).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(manifestSchema['required']).toEqual(['id', 'version', 'engines', 'name', 'description']);
  });
});

describe('scopes', () => {
  it('parses catalogue scopes and rejects the rest', () => {
    expect(parseScope('iot:commands:class-board')?.parameter).toBe('class-board');
    expect(parseScope('http:fetch:*.weather.cn')?.template.risk).toBe('high');
    expect(parseScope('http:fetch:localhost')).toBeNull();
    expect(parseScope('people:write')).toBeNull();
  });

  it('explains a scope in plain zh-CN for the consent screen', () => {
    expect(describeScope('http:fetch:api.weather.cn')?.explanation.zh).toContain('api.weather.cn');
    expect(highestRisk(['org:read', 'messages:send'])).toBe('medium');
  });

  it('lets a wildcard host cover subdomains only', () => {
    expect(scopeCovers('http:fetch:*.weather.cn', 'http:fetch:api.weather.cn')).toBe(true);
    expect(scopeCovers('http:fetch:*.weather.cn', 'http:fetch:weather.cn')).toBe(false);
    expect(scopeCovers('http:fetch:*.weather.cn', 'http:fetch:evilweather.cn')).toBe(false);
  });
});
