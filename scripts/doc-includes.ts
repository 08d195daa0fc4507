// Code in docs/ that runs: a Markdown file says `<!-- include: path#region -->` (or `path` for a whole file) before a
// fenced block, and the block is that region of the file, verbatim. `npm run docs:includes` writes the blocks from
// the files; test/unit/integration-doc.test.ts fails while a block and its file differ.
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';

const INCLUDE = /<!-- include: ([^\s#]+)(?:#([\w-]+))? -->\n```(\w+)\n[\s\S]*?\n```/g;

/** The lines between `// #region name` and `// #endregion name` (or `# #region` in Python), or the whole file. */
export const regionOf = (source: string, region: string | undefined, file: string): string => {
  if (!region) return source.replace(/\n+$/, '');
  const lines = source.split('\n');
  const start = lines.findIndex((line) => line.trim().endsWith(`#region ${region}`));
  const end = lines.findIndex((line, index) => index > start && line.trim().endsWith(`#endregion ${region}`));
  if (start < 0 || end < 0) throw new Error(`${file}: no region ${region}`);
  return lines.slice(start + 1, end).join('\n');
};

/** The Markdown with every included block as its file has it now; paths are relative to the repository. */
export const expandIncludes = async (markdown: string, root: URL): Promise<string> => {
  const sources = new Map<string, string>();
  for (const [, file] of markdown.matchAll(INCLUDE)) {
    if (file && !sources.has(file)) sources.set(file, await readFile(new URL(file, root), 'utf8'));
  }
  return markdown.replace(
    INCLUDE,
    (_, file: string, region: string | undefined, language: string) =>
      `<!-- include: ${file}${region ? `#${region}` : ''} -->\n\`\`\`${language}\n${regionOf(sources.get(file) ?? '', region, file)}\n\`\`\``,
  );
};

export const INCLUDING_DOCS = ['docs/integration.md'];

const main = async () => {
  const root = new URL('../', import.meta.url);
  for (const doc of INCLUDING_DOCS) {
    const path = fileURLToPath(new URL(doc, root));
    await writeFile(path, await expandIncludes(await readFile(path, 'utf8'), root));
    console.log(`wrote ${doc}`);
  }
};

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
