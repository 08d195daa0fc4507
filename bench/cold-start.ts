// Cold start: import time of each Lambda bundle, measured in this run. Each bundle is built exactly as the CDK
// construct builds it (infra/constructs/bundling.ts) and imported in a fresh `node` with a Lambda-like
// environment, so that its top-level code (config, clients, keys) runs; then it answers one request that needs
// no storage (scripts/cold-import.ts). Baseline in the same run: a fresh `node` importing an empty module
// (process start-up is not the bundle's cost). scripts/bundle-report.ts checks the same bundles' size budgets.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import {
  bundleFilesOf,
  ENTRY_FILE,
  esbuildOptionsFor,
  FUNCTION_BUNDLES,
  totalBytes,
} from '../infra/constructs/bundling.ts';
import { importInFreshNode, prepareBundleKeys } from '../scripts/cold-import.ts';
import { median, round } from './support/stats.ts';

export interface ColdStartBundle {
  name: string;
  /** What the cold start loads: index.mjs and the chunks it imports statically (docs/architecture.md §12). */
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

const checkedImport = (moduleUrl: string, keysDir: string, smokePath: string) => {
  const run = importInFreshNode(moduleUrl, keysDir, smokePath);
  if (run.status !== 200) throw new Error(`${moduleUrl}: GET ${smokePath} answered ${run.status}`);
  return run;
};

export const benchColdStart = async (options: { runs: number }): Promise<ColdStartResults> => {
  const workDir = mkdtempSync(join(tmpdir(), 'tradecert-bench-bundles-'));
  try {
    const keysDir = await prepareBundleKeys(workDir);
    const empty = join(workDir, 'empty.mjs');
    writeFileSync(empty, 'export const handler = async () => ({ statusCode: 200 });\n');
    const emptyRuns = Array.from(
      { length: options.runs },
      () => importInFreshNode(pathToFileURL(empty).href, keysDir).importMs,
    );
    const emptyImportMsMedian = round(median(emptyRuns), 1);
    const bundles: ColdStartBundle[] = [];
    for (const bundle of FUNCTION_BUNDLES) {
      const outdir = join(workDir, bundle.name);
      const { metafile } = await build({ ...esbuildOptionsFor(bundle.entry, outdir), metafile: true });
      const outfile = join(outdir, ENTRY_FILE);
      const { smokePath } = bundle;
      const runs = Array.from({ length: options.runs }, () =>
        checkedImport(pathToFileURL(outfile).href, keysDir, smokePath),
      );
      const importMsMedian = round(median(runs.map((run) => run.importMs)), 1);
      bundles.push({
        name: bundle.name,
        kib: round(totalBytes(bundleFilesOf(metafile, outdir).coldStart) / 1024, 1),
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
