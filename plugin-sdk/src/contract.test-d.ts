/**
 * Type tests for the public surface, compiled by the project's `tsc` (no runtime). They pin what a
 * vendor can and cannot write.
 */
import { describe, expectTypeOf, it } from 'vitest';
import {
  type AppContext,
  type AppModule,
  type Collection,
  defineApp,
  type Guardian,
  type JsonValue,
  type Person,
  type StoredDocument,
} from './index.ts';
import type { AppManifest, CollectionIndex } from './manifest/index.ts';
import { objectSchema } from './manifest/schema.ts';
import type { HostMethodArgs, HostMethodResult } from './protocol/index.ts';
import { BRIDGE_CHANNEL, type BridgeMethods } from './bridge/protocol.ts';
import {
  type Bridge,
  byId,
  connectBridge,
  createPage,
  defineLabels,
  fillRows,
  type Page,
  type UiElement,
} from './ui/index.ts';

interface Notice {
  [key: string]: JsonValue;
  title: string;
  pinned: boolean;
}
type Types = { collections: { notices: Notice }; settings: { maxPinned: number } };

describe('defineApp', () => {
  it('returns the module the host loads', () => {
    expectTypeOf(defineApp({})).toEqualTypeOf<AppModule>();
  });

  it('types collections and settings from the app types', () => {
    defineApp<Types>({
      routes: {
        'GET /notices': async (_request, context) => {
          expectTypeOf(context).toEqualTypeOf<AppContext<Types>>();
          expectTypeOf(context.collections.use('notices')).toEqualTypeOf<Collection<Notice>>();
          expectTypeOf(await context.settings.get()).toEqualTypeOf<{ maxPinned: number }>();
          const document = await context.collections.use('notices').get('id');
          expectTypeOf(document).toEqualTypeOf<StoredDocument<Notice> | null>();
          // @ts-expect-error only declared collections
          context.collections.use('other');
          // @ts-expect-error filters name real fields with values of their type
          await context.collections.use('notices').find({ filter: { pinned: 'yes' } });
          await context.collections.use('notices').find({ filter: { title: { $contains: '春游' } } });
          return document?.data ?? null;
        },
      },
    });
  });

  it('rejects route keys that are not METHOD /path and handlers that return non-JSON', () => {
    // @ts-expect-error route keys start with an HTTP method and a slash
    defineApp({ routes: { notices: () => null } });
    // @ts-expect-error a Date is not JSON
    defineApp({ routes: { 'GET /now': () => new Date() } });
  });

  it('hides contact details behind an optional field', () => {
    expectTypeOf<Person['contact']>().toEqualTypeOf<
      { readonly phone: string | null; readonly email: string | null } | undefined
    >();
  });

  it('gives guardians as ids to notify, with no contact field to read', () => {
    expectTypeOf<AppContext['people']['guardiansOf']>().returns.toEqualTypeOf<
      Promise<ReadonlyArray<Guardian>>
    >();
    expectTypeOf<keyof Guardian>().toEqualTypeOf<'id' | 'name' | 'relation' | 'hasPhone'>();
  });
});

describe('host protocol', () => {
  it('maps method names to argument and result types', () => {
    expectTypeOf<HostMethodArgs<'org.get'>>().toEqualTypeOf<{ id: string }>();
    expectTypeOf<HostMethodResult<'collections.delete'>>().toEqualTypeOf<{ deleted: boolean }>();
  });
});

describe('manifest schema and types', () => {
  it('forces every object schema to list exactly the interface keys', () => {
    objectSchema<CollectionIndex>()({ name: {}, fields: {}, unique: {} }, ['name', 'fields']);
    // @ts-expect-error a property of the interface is missing from the schema
    objectSchema<CollectionIndex>()({ name: {}, fields: {} }, ['name', 'fields']);
    // @ts-expect-error a required key of the interface is missing from `required`
    objectSchema<CollectionIndex>()({ name: {}, fields: {}, unique: {} }, ['name']);
    expectTypeOf<AppManifest['engines']>().toEqualTypeOf<{ readonly campusbase: string }>();
  });
});

describe('ui bridge', () => {
  it('types each bridge call', () => {
    expectTypeOf(connectBridge).returns.toEqualTypeOf<Bridge>();
    expectTypeOf<Bridge['confirm']>().returns.toEqualTypeOf<Promise<boolean>>();
  });
});

describe('ui page kit', () => {
  it('gives a page its bridge and states, and labels that need a zh-CN text', () => {
    expectTypeOf(createPage).returns.toEqualTypeOf<Page>();
    expectTypeOf<Page['bridge']>().toEqualTypeOf<Bridge>();
    expectTypeOf<Page['busy']>().returns.toEqualTypeOf<Promise<unknown>>();
    defineLabels({ 'zh-CN': { present: '出勤' }, en: { present: 'Present' } });
    // @ts-expect-error zh-CN texts are required: the product speaks zh-CN first
    defineLabels({ en: { present: 'Present' } });
  });

  it('types DOM helpers by the element a page asks for', () => {
    interface Select extends UiElement {
      value: string;
    }
    expectTypeOf(byId<Select>('class').value).toEqualTypeOf<string>();
    // @ts-expect-error cells are text, numbers or elements, not objects
    fillRows({} as UiElement, [{ name: '李明' }], (row) => [row]);
  });

  it('exports the bridge protocol for hosts', () => {
    expectTypeOf(BRIDGE_CHANNEL).toEqualTypeOf<string>();
    expectTypeOf<BridgeMethods['frame.resize']['params']>().toEqualTypeOf<{ height: number }>();
  });
});
