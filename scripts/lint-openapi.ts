// npm run lint:openapi: writes the OpenAPI document the api app serves at /openapi.json, generated in-process
// (no server, no storage), to node_modules/.cache and lints it with Redocly CLI by redocly.yaml (docs/api.md).
// `--out FILE` only writes the document.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { apiDocument } from './openapi-document.ts';

/** Generated, never committed (node_modules/ is ignored). */
const GENERATED = 'node_modules/.cache/tradecert/openapi.json';

const document = `${JSON.stringify(await apiDocument(), null, 2)}\n`;

const outAt = process.argv.indexOf('--out');
const out = outAt === -1 ? undefined : process.argv[outAt + 1];
if (out) {
  writeFileSync(out, document);
} else {
  // a fixed path, so that .redocly.lint-ignore.yaml can name the document's three exceptions
  mkdirSync(dirname(GENERATED), { recursive: true });
  writeFileSync(GENERATED, document);
  const lint = spawnSync(
    'npx',
    ['redocly', 'lint', GENERATED, '--config', 'redocly.yaml', '--max-problems', '500'],
    { stdio: 'inherit' },
  );
  process.exit(lint.status ?? 1);
}
