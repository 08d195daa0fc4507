// npm run lint:openapi: writes the OpenAPI document the api app serves at /openapi.json, generated in-process
// (no server, no storage), to node_modules/.cache and lints it with Redocly CLI by redocly.yaml (docs/api.md).
// `--out FILE` only writes the document.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { createApiApp } from '../functions/api/app.ts';
import { verifySiblingRoutes } from '../functions/verify/app.tsx';

const PUBLIC_BASE_URL = 'https://verify.chamber.example';
/** Generated, never committed (node_modules/ is ignored). */
const GENERATED = 'node_modules/.cache/tradecert/openapi.json';

const notForDocumenting = () => {
  throw new Error('Documenting only: no request reaches the core.');
};

// Building the app reads two settings of the core; /openapi.json touches nothing else, so nothing more is wired.
const deps = {
  core: { maxAttachmentBytes: 10 * 1024 * 1024, issuer: { publicBaseUrl: PUBLIC_BASE_URL } },
  chambers: { resolve: notForDocumenting },
  platform: {},
  health: notForDocumenting,
  secureCookies: true,
} as unknown as Parameters<typeof createApiApp>[0]; // a partial wiring, on purpose: see above

const app = createApiApp(deps, { siblings: [verifySiblingRoutes] });
const response = await app.request('/openapi.json');
if (response.status !== 200) throw new Error(`/openapi.json answered ${response.status}`);
const document = `${JSON.stringify(await response.json(), null, 2)}\n`;

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
    {
      stdio: 'inherit',
    },
  );
  process.exit(lint.status ?? 1);
}
