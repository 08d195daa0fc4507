// The size and cold import time of each function's bundle, against its budget. Bundles exactly as the CDK
// construct does (infra/constructs/bundling.ts), imports each bundle in a fresh `node` with a Lambda-like
// environment so that its top-level code runs, and answers one request that needs no storage.
// Writes bench/bundles.json; exits 1 when a bundle is over budget or does not answer.
//
//   npx tsx scripts/bundle-report.ts [--runs 5]
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type Metafile } from 'esbuild';
import { ensureSigningKey } from '../functions/adapters/local/file-key-ring.ts';
import { ensureSealMaterial } from '../functions/adapters/local/seal-material.ts';
import {
  esbuildOptionsFor,
  FUNCTION_BUNDLES,
  type FunctionBundle,
  RUNTIME_NODE_OPTIONS,
} from '../infra/constructs/bundling.ts';
import { repoPath } from '../infra/constructs/paths.ts';

const KIB = 1024;

interface ImportRun {
  importMs: number;
  firstRequestMs: number;
  status: number;
}

export interface BundleReport {
  name: string;
  entry: string;
  bytes: number;
  kib: number;
  budgetBytes: number;
  withinBudget: boolean;
  importMs: { median: number; runs: number[] };
  firstRequest: { path: string; status: number; medianMs: number };
  largestPackages: { name: string; bytes: number }[];
}

const runsArgument = (): number => {
  const index = process.argv.indexOf('--runs');
  const runs = index === -1 ? 5 : Number(process.argv[index + 1]);
  if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs takes a positive whole number');
  return runs;
};

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};

const round = (value: number, digits = 1) => Number(value.toFixed(digits));

/** Bytes in the output per package (or per source folder of ours), largest first. */
const largestPackages = (metafile: Metafile, count = 8): { name: string; bytes: number }[] => {
  const totals = new Map<string, number>();
  for (const output of Object.values(metafile.outputs)) {
    for (const [path, { bytesInOutput }] of Object.entries(output.inputs)) {
      const name =
        /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)?.[1] ?? path.split('/').slice(0, 2).join('/');
      totals.set(name, (totals.get(name) ?? 0) + bytesInOutput);
    }
  }
  return [...totals]
    .map(([name, bytes]) => ({ name, bytes }))
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, count);
};

// Runs in the child: import the bundle (its top-level await builds config and clients, as in a cold
// start), then hand one API Gateway v2 event to the handler.
const CHILD = `
const started = performance.now();
const { handler } = await import(process.env.BUNDLE_URL);
const imported = performance.now();
const path = process.env.SMOKE_PATH;
const event = {
  version: '2.0', routeKey: '$default', rawPath: path, rawQueryString: '', isBase64Encoded: false,
  headers: { host: 'bundle-report.example.org', accept: 'application/json' },
  requestContext: {
    accountId: '123456789012', apiId: 'report', domainName: 'bundle-report.example.org', domainPrefix: 'report',
    http: { method: 'GET', path, protocol: 'HTTP/1.1', sourceIp: '192.0.2.1', userAgent: 'bundle-report' },
    requestId: 'bundle-report', routeKey: '$default', stage: '$default', time: '', timeEpoch: Date.now(),
  },
};
const response = await handler(event, {});
const answered = performance.now();
process.stdout.write(JSON.stringify({ importMs: imported - started, firstRequestMs: answered - imported, status: response.statusCode }));
process.exit(0);
`;

const importOnce = (bundlePath: string, smokePath: string, keysDir: string): ImportRun => {
  // Only what the function would find on Lambda: nothing from this shell leaks in (no real credentials).
  const env = {
    PATH: process.env.PATH ?? '',
    NODE_OPTIONS: RUNTIME_NODE_OPTIONS,
    BUNDLE_URL: pathToFileURL(bundlePath).href,
    SMOKE_PATH: smokePath,
    AWS_REGION: 'eu-central-1',
    AWS_ACCESS_KEY_ID: 'bundle-report',
    AWS_SECRET_ACCESS_KEY: 'bundle-report',
    TABLE_NAME: 'tradecert-bundle-report',
    BUCKET_NAME: 'tradecert-bundle-report',
    PUBLIC_BASE_URL: 'https://bundle-report.example.org',
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
    throw new Error(
      `importing ${bundlePath} failed (exit ${child.status}):\n${child.stderr || child.stdout}`,
    );
  }
  return JSON.parse(child.stdout) as ImportRun;
};

const reportOn = async (bundle: FunctionBundle, workDir: string, keysDir: string, runs: number) => {
  const outfile = join(workDir, bundle.name, 'index.mjs');
  const { metafile } = await build({ ...esbuildOptionsFor(bundle.entry, outfile), metafile: true });
  const bytes = statSync(outfile).size;
  const { smokePath } = bundle;
  const measured = Array.from({ length: runs }, () => importOnce(outfile, smokePath, keysDir));
  const report: BundleReport = {
    name: bundle.name,
    entry: bundle.entry,
    bytes,
    kib: round(bytes / KIB),
    budgetBytes: bundle.budgetBytes,
    withinBudget: bytes <= bundle.budgetBytes,
    importMs: {
      median: round(median(measured.map((run) => run.importMs))),
      runs: measured.map((run) => round(run.importMs)),
    },
    firstRequest: {
      path: smokePath,
      status: measured.every((run) => run.status === 200)
        ? 200
        : (measured.find((run) => run.status !== 200)?.status ?? 0),
      medianMs: round(median(measured.map((run) => run.firstRequestMs))),
    },
    largestPackages: largestPackages(metafile),
  };
  return report;
};

const printReport = (reports: readonly BundleReport[]) => {
  for (const report of reports) {
    const verdict = report.withinBudget ? 'ok' : 'OVER BUDGET';
    console.log(
      `${report.name.padEnd(7)} ${String(report.bytes).padStart(9)} B  ${report.kib.toFixed(1).padStart(7)} KiB` +
        `  budget ${(report.budgetBytes / KIB).toFixed(0)} KiB  ${verdict}` +
        `  import ${report.importMs.median} ms (median of ${report.importMs.runs.length})` +
        `  GET ${report.firstRequest.path} ${report.firstRequest.status} in ${report.firstRequest.medianMs} ms`,
    );
    console.log(
      `        largest: ${report.largestPackages.map(({ name, bytes }) => `${name} ${(bytes / KIB).toFixed(0)} KiB`).join(', ')}`,
    );
  }
};

const main = async () => {
  const runs = runsArgument();
  const workDir = mkdtempSync(join(tmpdir(), 'tradecert-bundles-'));
  try {
    const keysDir = join(workDir, 'keys');
    await ensureSigningKey(keysDir, new Date());
    // the api bundle seals what it issues: give it the local seal material the first `npm start` would create
    await ensureSealMaterial(
      keysDir,
      { id: 'demo-chamber', name: 'Demo Economic Chamber', country: 'MK' },
      new Date(),
    );
    const reports: BundleReport[] = [];
    for (const bundle of FUNCTION_BUNDLES) reports.push(await reportOn(bundle, workDir, keysDir, runs));

    mkdirSync(repoPath('bench'), { recursive: true });
    const result = {
      node: process.version,
      platform: `${process.platform}-${process.arch}`,
      bundles: reports,
    };
    writeFileSync(repoPath('bench/bundles.json'), `${JSON.stringify(result, null, 2)}\n`);
    printReport(reports);
    console.log(
      `(Node ${process.version} on ${process.platform}-${process.arch}; written to bench/bundles.json)`,
    );

    const failures = reports.filter((report) => !report.withinBudget || report.firstRequest.status !== 200);
    if (failures.length > 0) {
      for (const report of failures) {
        if (!report.withinBudget)
          console.error(
            `${report.name}: ${report.bytes} bytes is over its budget of ${report.budgetBytes} bytes`,
          );
        if (report.firstRequest.status !== 200)
          console.error(
            `${report.name}: GET ${report.firstRequest.path} answered ${report.firstRequest.status}`,
          );
      }
      process.exitCode = 1;
    }
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
};

await main();
