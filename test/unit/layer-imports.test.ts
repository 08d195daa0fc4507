// The layer rule of docs/architecture.md §1, as `npm run lint` enforces it (biome.json's noRestrictedImports
// overrides): the three apps import none of each other, the core imports neither hono, the AWS SDK nor node:fs.
// Planted files in a copy of the tree's lint configuration must be refused, and allowed imports must pass.
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const BIOME = join(ROOT, 'node_modules/.bin/biome');
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tradecert-layers-'));
  const config = JSON.parse(await readFile(join(ROOT, 'biome.json'), 'utf8'));
  // the copy is not a git checkout
  await writeFile(join(dir, 'biome.json'), JSON.stringify({ ...config, vcs: { enabled: false } }));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

interface Diagnostic {
  category: string;
  location: { path: string; start: { line: number } };
}

/** Lints one planted file; returns the lines that break the import rule. */
const refusedLines = async (path: string, imports: string[]): Promise<number[]> => {
  const file = join(dir, path);
  await mkdir(dirname(file), { recursive: true });
  const names = imports.map((_, index) => `x${index}`);
  await writeFile(
    file,
    `${imports.map((from, index) => `import * as ${names[index]} from '${from}';`).join('\n')}\n\nexport const all = [${names.join(', ')}];\n`,
  );
  const lint = spawnSync(BIOME, ['lint', '--reporter=json', path], { cwd: dir, encoding: 'utf8' });
  const { diagnostics } = JSON.parse(lint.stdout) as { diagnostics: Diagnostic[] };
  const refused = diagnostics
    .filter((diagnostic) => diagnostic.category === 'lint/style/noRestrictedImports')
    .map((diagnostic) => diagnostic.location.start.line);
  // a refused import fails the lint run, as it fails `npm run lint`
  expect(lint.status).toBe(refused.length > 0 ? 1 : 0);
  await rm(file);
  return refused;
};

describe('layer imports (npm run lint)', () => {
  it('refuses an import of one app from another', async () => {
    expect(
      await refusedLines('functions/api/planted.ts', ['../portal/context.ts', '../verify/app.tsx']),
    ).toEqual([1, 2]);
    expect(
      await refusedLines('functions/portal/routes/planted.tsx', [
        '../../api/context.ts',
        '../../verify/outcomes.ts',
      ]),
    ).toEqual([1, 2]);
    expect(
      await refusedLines('functions/verify/views/planted.tsx', [
        '../../api/context.ts',
        '../../portal/context.ts',
      ]),
    ).toEqual([1, 2]);
  });

  it('refuses hono, the AWS SDK and node:fs in the core', async () => {
    const refused = await refusedLines('functions/core/issuance/planted.ts', [
      'hono',
      'hono/cookie',
      '@aws-sdk/client-dynamodb',
      'node:fs',
      'node:fs/promises',
      '../../http/validate.ts',
    ]);
    expect(refused).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('allows what the layers may import: http/ and the core from an app, zod and node:crypto in the core', async () => {
    expect(
      await refusedLines('functions/portal/planted.ts', ['../http/problem.ts', '../core/errors.ts', 'hono']),
    ).toEqual([]);
    expect(await refusedLines('functions/core/planted.ts', ['zod', 'node:crypto', './errors.ts'])).toEqual(
      [],
    );
  });

  it('keeps the typed client free of the service: openapi-fetch and its schema only', async () => {
    expect(
      await refusedLines('functions/client/planted.ts', [
        '../core/errors.ts',
        '../http/problem.ts',
        '../api/app.ts',
        'hono',
        '@aws-sdk/client-s3',
        'openapi-fetch',
        './api-schema.ts',
      ]),
    ).toEqual([1, 2, 3, 4, 5]);
  });

  it('lets a composition root join the apps', async () => {
    expect(await refusedLines('functions/api/lambda.ts', ['../verify/app.tsx'])).toEqual([]);
    expect(
      await refusedLines('functions/local/planted.ts', [
        '../api/app.ts',
        '../portal/app.tsx',
        '../verify/app.tsx',
      ]),
    ).toEqual([]);
  });
});
