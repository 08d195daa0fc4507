// docs/integration.md cannot rot: its code blocks are the files test/e2e/erp-integration.test.ts runs, verbatim.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { expandIncludes, INCLUDING_DOCS, regionOf } from '../../scripts/doc-includes.ts';

const root = new URL('../../', import.meta.url);

describe('docs with included code', () => {
  for (const doc of INCLUDING_DOCS) {
    it(`${doc} shows each included file region as the file has it`, async () => {
      const markdown = await readFile(new URL(doc, root), 'utf8');
      const expanded = await expandIncludes(markdown, root);
      expect(
        markdown === expanded,
        `${doc} differs from its included files: run \`npm run docs:includes\``,
      ).toBe(true);
    });

    it(`${doc} has no TypeScript or Python block that is not included from a file that runs`, async () => {
      const markdown = await readFile(new URL(doc, root), 'utf8');
      const blocks = [
        ...markdown.matchAll(/(<!-- include: [^\n]+ -->\n)?```(ts|typescript|js|python|py)\n/g),
      ];
      expect(blocks.length).toBeGreaterThan(0);
      for (const [block, include] of blocks) expect(include, block).toBeDefined();
    });
  }

  it('finds a region between its markers and refuses one that is not there', () => {
    const source = 'a\n// #region x\nb\nc\n// #endregion x\nd\n';
    expect(regionOf(source, 'x', 'f.ts')).toBe('b\nc');
    expect(regionOf(source, undefined, 'f.ts')).toBe(source.trimEnd());
    expect(() => regionOf(source, 'y', 'f.ts')).toThrow(/no region y/);
  });
});
