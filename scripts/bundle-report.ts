// The size and cold import time of each function's bundle, against its budgets. Bundles exactly as the CDK
// construct does (infra/constructs/bundling.ts), imports each bundle in a fresh `node` with a Lambda-like
// environment so that its top-level code runs, and answers one request that needs no storage; then imports
// the chunk that the first issuance loads (pdf-lib, fontkit, the seal), to show what that first approval pays.
// Two sizes per function: what a cold start loads (index.mjs and the chunks it imports statically: the budget
// that matters) and all its JavaScript (docs/architecture.md §12). Writes bench/bundles.json; exits 1 when a
// bundle is over a budget or does not answer.
//
//   npm run bundle:report [-- --runs 11] [--compare-with DIR]     (docs/performance.md, "Bundles and cold starts")
//
// --compare-with DIR: DIR/<name>/index.mjs are other builds of the same functions (another commit's, say); each
// run then imports that build and this one in turn, so that a busy machine slows both alike.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type Metafile } from 'esbuild';
import {
  bundleFilesOf,
  ENTRY_FILE,
  esbuildOptionsFor,
  FUNCTION_BUNDLES,
  type FunctionBundle,
  staticClosureOf,
  totalBytes,
} from '../infra/constructs/bundling.ts';
import { REPO_ROOT, repoPath } from '../infra/constructs/paths.ts';
import { type ColdImport, importInFreshNode, prepareBundleKeys } from './cold-import.ts';

const KIB = 1024;

export interface BundleReport {
  name: string;
  entry: string;
  /** What a cold start loads: index.mjs and the chunks it imports statically. */
  bytes: number;
  kib: number;
  budgetBytes: number;
  withinBudget: boolean;
  /** All the function's JavaScript, the chunks loaded by import() included. */
  totalBytes: number;
  totalKib: number;
  totalBudgetBytes: number;
  withinTotalBudget: boolean;
  coldStartFiles: { path: string; bytes: number }[];
  importMs: { median: number; runs: number[] };
  firstRequest: { path: string; status: number; medianMs: number };
  /**
   * The issuance chunk, the bytes that it loads beyond the cold start (its own and the chunks only it reaches)
   * and the time to import them after the first request: what the first approval in an instance adds.
   */
  issuanceChunk?: { path: string; bytes: number; importMsMedian: number };
  /** Bytes per package in what a cold start loads, and in what only import() loads. */
  largestPackages: { name: string; bytes: number }[];
  largestLazyPackages: { name: string; bytes: number }[];
  /** With --compare-with: the other build's import, measured in turn with this one's. */
  compared?: { entry: string; importMsMedian: number; firstRequestMsMedian: number };
}

/** The module that issuance loads by import() (functions/core/issuance/issue-certificate.ts). */
const ISSUANCE_CHUNK_ENTRY = 'functions/core/issuance/certificate-pdf.ts';

const runsArgument = (): number => {
  const index = process.argv.indexOf('--runs');
  const runs = index === -1 ? 11 : Number(process.argv[index + 1]);
  if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs takes a positive whole number');
  return runs;
};

const compareWithArgument = (): string | undefined => {
  const index = process.argv.indexOf('--compare-with');
  if (index === -1) return undefined;
  const dir = process.argv[index + 1];
  if (!dir) throw new Error('--compare-with takes a directory');
  return resolve(dir);
};

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};

const round = (value: number, digits = 1) => Number(value.toFixed(digits));

/** Bytes in the given output files per package (or per source folder of ours), largest first. */
const largestPackages = (
  metafile: Metafile,
  outputs: ReadonlySet<string>,
  count = 8,
): { name: string; bytes: number }[] => {
  const totals = new Map<string, number>();
  for (const [outputPath, output] of Object.entries(metafile.outputs)) {
    if (!outputs.has(outputPath)) continue;
    for (const [path, { bytesInOutput }] of Object.entries(output.inputs)) {
      const name =
        /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)?.[1] ?? path.split('/').slice(0, 2).join('/');
      totals.set(name, (totals.get(name) ?? 0) + bytesInOutput);
    }
  }
  return [...totals]
    .map(([name, bytes]) => ({ name, bytes }))
    .filter(({ bytes }) => bytes > 0)
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, count);
};

const reportOn = async (
  bundle: FunctionBundle,
  workDir: string,
  keysDir: string,
  runs: number,
  compareWith: string | undefined,
) => {
  const outdir = join(workDir, bundle.name);
  const { metafile } = await build({ ...esbuildOptionsFor(bundle.entry, outdir), metafile: true });
  const files = bundleFilesOf(metafile, outdir);
  const entryUrl = pathToFileURL(join(outdir, ENTRY_FILE)).href;
  const issuanceOutput = Object.entries(metafile.outputs).find(
    ([, output]) => output.entryPoint === ISSUANCE_CHUNK_ENTRY,
  )?.[0];
  const issuanceUrl = issuanceOutput ? pathToFileURL(resolve(REPO_ROOT, issuanceOutput)).href : undefined;
  const { smokePath } = bundle;
  const otherEntry = compareWith ? join(compareWith, bundle.name, ENTRY_FILE) : undefined;
  const others: ColdImport[] = [];
  const measured = Array.from({ length: runs }, () => {
    if (otherEntry) others.push(importInFreshNode(pathToFileURL(otherEntry).href, keysDir, smokePath));
    return importInFreshNode(entryUrl, keysDir, smokePath, issuanceUrl);
  });
  const outputPath = (file: { path: string }) =>
    Object.keys(metafile.outputs).find((path) => resolve(REPO_ROOT, path) === join(outdir, file.path)) ?? '';
  const cold = new Set(files.coldStart.map(outputPath));
  const lazy = new Set(files.all.map(outputPath).filter((path) => !cold.has(path)));
  const bytes = totalBytes(files.coldStart);
  const allBytes = totalBytes(files.all);
  // what the first issuance loads beyond the cold start: its chunk and the chunks that it alone imports
  const issuanceBytes = issuanceOutput
    ? [...staticClosureOf(metafile, issuanceOutput)]
        .filter((path) => !cold.has(path))
        .reduce((sum, path) => sum + (metafile.outputs[path]?.bytes ?? 0), 0)
    : 0;
  const issuanceFile = files.all.find((file) => issuanceOutput && outputPath(file) === issuanceOutput);
  const report: BundleReport = {
    name: bundle.name,
    entry: bundle.entry,
    bytes,
    kib: round(bytes / KIB),
    budgetBytes: bundle.budgetBytes,
    withinBudget: bytes <= bundle.budgetBytes,
    totalBytes: allBytes,
    totalKib: round(allBytes / KIB),
    totalBudgetBytes: bundle.totalBudgetBytes,
    withinTotalBudget: allBytes <= bundle.totalBudgetBytes,
    coldStartFiles: files.coldStart,
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
    ...(issuanceFile
      ? {
          issuanceChunk: {
            path: issuanceFile.path,
            bytes: issuanceBytes,
            importMsMedian: round(median(measured.map((run) => run.lazyImportMs ?? 0))),
          },
        }
      : {}),
    largestPackages: largestPackages(metafile, cold),
    largestLazyPackages: largestPackages(metafile, lazy),
    ...(otherEntry
      ? {
          compared: {
            entry: otherEntry,
            importMsMedian: round(median(others.map((run) => run.importMs))),
            firstRequestMsMedian: round(median(others.map((run) => run.firstRequestMs))),
          },
        }
      : {}),
  };
  return report;
};

const kibOf = (bytes: number) => `${(bytes / KIB).toFixed(1)} KiB`;
const packagesOf = (packages: readonly { name: string; bytes: number }[]) =>
  packages.map(({ name, bytes }) => `${name} ${(bytes / KIB).toFixed(0)} KiB`).join(', ');

const printReport = (reports: readonly BundleReport[]) => {
  for (const report of reports) {
    const verdict = (within: boolean) => (within ? 'ok' : 'OVER BUDGET');
    console.log(
      `${report.name.padEnd(7)} cold start ${String(report.bytes).padStart(9)} B (${kibOf(report.bytes)}, ` +
        `${report.coldStartFiles.length} files)  budget ${report.budgetBytes} B  ${verdict(report.withinBudget)}` +
        `  import ${report.importMs.median} ms (median of ${report.importMs.runs.length})` +
        `  GET ${report.firstRequest.path} ${report.firstRequest.status} in ${report.firstRequest.medianMs} ms`,
    );
    console.log(
      `        all files  ${String(report.totalBytes).padStart(9)} B (${kibOf(report.totalBytes)})` +
        `  budget ${kibOf(report.totalBudgetBytes)}  ${verdict(report.withinTotalBudget)}` +
        (report.issuanceChunk
          ? `  the first issuance loads ${kibOf(report.issuanceChunk.bytes)} more in ` +
            `${report.issuanceChunk.importMsMedian} ms`
          : ''),
    );
    if (report.compared)
      console.log(
        `        ${report.compared.entry}: import ${report.compared.importMsMedian} ms, ` +
          `GET ${report.firstRequest.path} in ${report.compared.firstRequestMsMedian} ms (measured in turn)`,
      );
    console.log(`        cold start: ${packagesOf(report.largestPackages)}`);
    if (report.largestLazyPackages.length > 0)
      console.log(`        by import(): ${packagesOf(report.largestLazyPackages)}`);
  }
};

const main = async () => {
  const runs = runsArgument();
  const compareWith = compareWithArgument();
  const workDir = mkdtempSync(join(tmpdir(), 'tradecert-bundles-'));
  try {
    const keysDir = await prepareBundleKeys(workDir);
    const reports: BundleReport[] = [];
    for (const bundle of FUNCTION_BUNDLES)
      reports.push(await reportOn(bundle, workDir, keysDir, runs, compareWith));

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

    const failures = reports.filter(
      (report) => !report.withinBudget || !report.withinTotalBudget || report.firstRequest.status !== 200,
    );
    if (failures.length > 0) {
      for (const report of failures) {
        if (!report.withinBudget)
          console.error(
            `${report.name}: its cold start loads ${report.bytes} bytes, over its budget of ${report.budgetBytes}`,
          );
        if (!report.withinTotalBudget)
          console.error(
            `${report.name}: its files weigh ${report.totalBytes} bytes, over their budget of ${report.totalBudgetBytes}`,
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
