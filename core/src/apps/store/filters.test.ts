import { InputError } from '@campusbase/plugin-sdk/errors';
import { Kysely, PostgresDialect } from 'kysely';
import { describe, expect, it } from 'vitest';
import { compileFilter } from './filters.ts';

// Compiles only; never connects.
const db = new Kysely<Record<string, never>>({ dialect: new PostgresDialect({ pool: {} as never }) });
const compile = (filter: unknown) => compileFilter(filter).compile(db);

describe('compileFilter', () => {
  it('uses the typed field expressions of the declared indexes and passes values as parameters', () => {
    const { sql, parameters } = compile({ classId: '7-2', priority: { $gte: 2 } });
    expect(sql).toBe("(cb_doc_text(data -> 'classId') = $1 AND (cb_doc_num(data -> 'priority') >= $2))");
    expect(parameters).toEqual(['7-2', 2]);
  });

  it('joins $or, $in and $exists', () => {
    const { sql } = compile({
      $or: [{ pinned: true }, { tags: { $contains: '考试' } }],
      id: { $in: ['a', 'b'] },
      x: { $exists: false },
    });
    expect(sql).toContain(' OR ');
    expect(sql).toContain("cb_doc_bool(data -> 'pinned')");
    expect(sql).toContain('NOT (data ? $');
  });

  it('refuses field names that could carry SQL, unknown operators and deep nesting', () => {
    expect(() => compile({ "a') OR true --": 1 })).toThrow(InputError);
    expect(() => compile({ a: { $regex: '.*' } })).toThrow(InputError);
    let deep: Record<string, unknown> = { a: 1 };
    for (let i = 0; i < 6; i++) deep = { $and: [deep] };
    expect(() => compile(deep)).toThrow(InputError);
  });
});
