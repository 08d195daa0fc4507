// Cold start: import time of each Lambda bundle, measured in this run. Each bundle is built exactly as the CDK
// construct builds it (infra/constructs/bundling.ts) and imported in a fresh `node` with a Lambda-like
// environment, so that its top-level code (config, clients, keys) runs; then it answers one request that needs
// no storage. Baseline in the same run: a fresh `node` importing an empty module (process start-up is not
// the bundle's cost). scripts/bundle-report.ts checks the same bundles against their size budgets.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { ensureSigningKey } from '../functions/adapters/local/file-key-ring.ts';
import { ensureSealMaterial } from '../functions/adapters/local/seal-material.ts';
import { esbuildOptionsFor, FUNCTION_BUNDLES, RUNTIME_NODE_OPTIONS } from '../infra/constructs/bundling.ts';
import { repoPath } from '../infra/constructs/paths.ts';
import { median, round } from './support/stats.ts';

export interface ColdStartBundle {
  name: string;
  kib: number;
  runs: number;
  importMsMedian: number;
  /** import time of the bundle ÷ import time of an empty module */
  ratioToEmptyImport: number;
  firstRequestPath: string;
  firstRequestMs: number;
}

export interface ColdStartResults {
  runs: number;
  emptyImportMsMedian: number;
  bundles: ColdStartBundle[];
}

// Runs in the child: import the bundle (its top-level await builds config and clients, as in a cold start), then
// hand one API Gateway v2 event to the handler. With no SMOKE_PATH the import alone is timed.
const CHILD = `
const started = performance.now();
const module = await import(process.env.BUNDLE_URL);
const imported = performance.now();
const path = process.env.SMOKE_PATH;
let status = 200;
if (path) {
  const event = {
    version: '2.0', routeKey: '$default', rawPath: path, rawQueryString: '', isBase64Encoded: false,
    headers: { host: 'bench.example.org', accept: 'application/json' },
    requestContext: {
      accountId: '123456789012', apiId: 'bench', domainName: 'bench.example.org', domainPrefix: 'bench',
      http: { method: 'GET', path, protocol: 'HTTP/1.1', sourceIp: '192.0.2.1', userAgent: 'bench' },
      requestId: 'bench', routeKey: '$default', stage: '$default', time: '', timeEpoch: Date.now(),
    },
  };
  status = (await module.handler(event, {})).statusCode;
}
const answered = performance.now();
process.stdout.write(JSON.stringify({ importMs: imported - started, firstRequestMs: answered - imported, status }));
process.exit(0);
`;

const importOnce = (moduleUrl: string, keysDir: string, smokePath?: string) => {
  // only what the function would find on Lambda: nothing from this shell leaks in
  const env = {
    PATH: process.env.PATH ?? '',
    NODE_OPTIONS: RUNTIME_NODE_OPTIONS,
    BUNDLE_URL: moduleUrl,
    ...(smokePath ? { SMOKE_PATH: smokePath } : {}),
    AWS_REGION: 'eu-central-1',
    AWS_ACCESS_KEY_ID: 'bench',
    AWS_SECRET_ACCESS_KEY: 'bench',
    TABLE_NAME: 'tradecert-bench',
    BUCKET_NAME: 'tradecert-bench',
    PUBLIC_BASE_URL: 'https://bench.example.org',
    KEY_SOURCE: 'local',
    KEYS_DIR: keysDir,
    TEMPLATES_DIR: repoPath('templates'),
    LOG_LEVEL: 'error',
  };
  const child = spawnSync(process.execPath, ['--input-type=module', '--eval', CHILD], {
    env,
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (child.status !== 0) {
    throw new Error(`importing ${moduleUrl} failed (exit ${child.status}):\n${child.stderr || child.stdout}`);
  }
  const run = JSON.parse(child.stdout) as { importMs: number; firstRequestMs: number; status: number };
  if (run.status !== 200) throw new Error(`${moduleUrl}: GET ${smokePath} answered ${run.status}`);
  return run;
};

export const benchColdStart = async (options: { runs: number }): Promise<ColdStartResults> => {
  const workDir = mkdtempSync(join(tmpdir(), 'tradecert-bench-bundles-'));
  try {
    const keysDir = join(workDir, 'keys');
    await ensureSigningKey(keysDir, new Date());
    // the api bundle seals what it issues: the seal material the first `npm start` creates
    await ensureSealMaterial(
      keysDir,
      { id: 'demo-chamber', name: 'Demo Economic Chamber', country: 'MK' },
      new Date(),
    );
    const empty = join(workDir, 'empty.mjs');
    writeFileSync(empty, 'export const handler = async () => ({ statusCode: 200 });\n');
    const emptyRuns = Array.from(
      { length: options.runs },
      () => importOnce(pathToFileURL(empty).href, keysDir).importMs,
    );
    const emptyImportMsMedian = round(median(emptyRuns), 1);
    const bundles: ColdStartBundle[] = [];
    for (const bundle of FUNCTION_BUNDLES) {
      const outfile = join(workDir, bundle.name, 'index.mjs');
      await build(esbuildOptionsFor(bundle.entry, outfile));
      const { smokePath } = bundle;
      const runs = Array.from({ length: options.runs }, () =>
        importOnce(pathToFileURL(outfile).href, keysDir, smokePath),
      );
      const importMsMedian = round(median(runs.map((run) => run.importMs)), 1);
      bundles.push({
        name: bundle.name,
        kib: round(statSync(outfile).size / 1024, 1),
        runs: options.runs,
        importMsMedian,
        ratioToEmptyImport: round(importMsMedian / emptyImportMsMedian, 1),
        firstRequestPath: smokePath,
        firstRequestMs: round(median(runs.map((run) => run.firstRequestMs)), 1),
      });
    }
    return { runs: options.runs, emptyImportMsMedian, bundles };
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
};
