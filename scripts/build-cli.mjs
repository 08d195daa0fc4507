// `npm run build:cli` (also `prepare`, so `npm ci` and `npm install` build it): the `tradecert` command as one
// JavaScript file with everything it imports bundled, in a package of its own, dist/cli/: package.json (name
// tradecert, bin, no dependencies) and tradecert.mjs. The installed command needs neither tsx nor node_modules;
// `npm pack ./dist/cli` gives the tarball to publish or install (README "The `tradecert` command").
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { build } from 'esbuild';

const root = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'));
const outDir = new URL('../dist/cli/', import.meta.url);
await mkdir(outDir, { recursive: true });

await build({
  entryPoints: [new URL('../functions/cli/tradecert.ts', import.meta.url).pathname],
  outfile: new URL('tradecert.mjs', outDir).pathname,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  minify: true,
  legalComments: 'eof',
  // the bundled CommonJS packages (the AWS SDK among them) call require(): give the ES module one
  banner: {
    js: "import { createRequire as __tradecertCreateRequire } from 'node:module'; const require = __tradecertCreateRequire(import.meta.url);",
  },
  logLevel: 'warning',
});

const manifest = {
  name: root.name,
  version: root.version,
  description: 'The tradecert command: verify certificates of origin online or offline, and operator tasks.',
  type: 'module',
  bin: { tradecert: 'tradecert.mjs' },
  files: ['tradecert.mjs'],
  engines: root.engines,
};
await writeFile(new URL('package.json', outDir), `${JSON.stringify(manifest, null, 2)}\n`);
