import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// Element Plus is imported per component (so the first load stays small). A tag whose component
// is not imported renders as an unknown element without any error, so this test looks for them.
function vueFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? vueFiles(join(dir, entry.name))
      : entry.name.endsWith('.vue')
        ? [join(dir, entry.name)]
        : [],
  );
}

describe('Element Plus components in templates', () => {
  it('are imported by every component that uses them', () => {
    const missing: string[] = [];
    for (const file of vueFiles(import.meta.dirname)) {
      const source = readFileSync(file, 'utf8');
      const script = source.split('</script>')[0] ?? '';
      for (const [, tag] of source.matchAll(/<(el-[a-z-]+)/g)) {
        const name = `El${tag!.slice(3).replace(/(^|-)([a-z])/g, (_, _dash, c: string) => c.toUpperCase())}`;
        if (!new RegExp(`\\b${name}\\b`).test(script)) missing.push(`${file}: <${tag}> needs ${name}`);
      }
      if (/\sv-loading\b/.test(source) && !/\bvLoading\b/.test(script))
        missing.push(`${file}: v-loading needs vLoading`);
    }
    expect(missing).toEqual([]);
  });
});
