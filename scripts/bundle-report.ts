// The size and cold import time of each function's bundle, against its budget. Bundles exactly as the CDK
// construct does (infra/constructs/bundling.ts), imports each bundle in a fresh `node` with a Lambda-like
// environment so that its top-level code runs, and answers one request that needs no storage.
// Writes bench/bundles.json; exits 1 when a bundle is over budget or does not answer.
//
//   npx tsx scripts/bundle-report.ts [--runs 5]
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type Metafile } from 'esbuild';
import { esbuildOptionsFor, FUNCTION_BUNDLES, type FunctionBundle } from '../infra/constructs/bundling.ts';
import { repoPath } from '../infra/constructs/paths.ts';
import { importInFreshNode, prepareBundleKeys } from './cold-import.ts';

const KIB = 1024;

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

const reportOn = async (bundle: FunctionBundle, workDir: string, keysDir: string, runs: number) => {
  const outfile = join(workDir, bundle.name, 'index.mjs');
  const { metafile } = await build({ ...esbuildOptionsFor(bundle.entry, outfile), metafile: true });
  const bytes = statSync(outfile).size;
  const { smokePath } = bundle;
  const measured = Array.from({ length: runs }, () =>
    importInFreshNode(pathToFileURL(outfile).href, keysDir, smokePath),
  );
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
    const keysDir = await prepareBundleKeys(workDir);
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
