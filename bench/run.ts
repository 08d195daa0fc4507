// `npm run bench`: the performance figures of issue #9, each as a ratio against a baseline measured in the same
// run (these machines are shared and noisy; absolute numbers move from run to run, ratios much less).
// Prints a table and writes bench/results.json with the machine and the date. docs/performance.md explains them.
// Three chambers are active (docs/network.md): issuance and verification spread their requests over the three,
// each on its path form /c/<id>; the scale figure stays with the first chamber's bare paths.
// A missed target is printed as MISS and does not fail the run (shared machines are noisy); an error does:
// a crash, a failed request under load or a failed store read exits non-zero.
//
//   npm run bench [-- --quick] [-- --scale 50000 --load-deadline 180 --seconds 10]
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient, createDynamoClient } from '../functions/adapters/dynamodb/client.ts';
import { keys } from '../functions/adapters/dynamodb/table.ts';
import { ARCHIVE_TARGETS, type ArchiveResults, benchArchive } from './archive.ts';
import { benchColdStart, type ColdStartResults } from './cold-start.ts';
import { benchDocuments, type DocumentResults } from './documents.ts';
import { benchIssuance, type IssuanceResults } from './issuance.ts';
import { benchScale, type ScaleResults } from './scale.ts';
import { createApiClient } from './support/api-client.ts';
import { BENCH_PASSWORD, startBenchStack } from './support/bench-stack.ts';
import type { HttpLoadResult } from './support/hammer.ts';
import { describeMachine } from './support/machine.ts';
import { formatTable, round } from './support/stats.ts';
import { benchVerification, TARGETS, type VerificationResults } from './verification.ts';

const argument = (name: string, fallback: number): number => {
  const index = process.argv.indexOf(`--${name}`);
  if (index === -1) return fallback;
  const value = Number(process.argv[index + 1]);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} takes a positive number`);
  return value;
};
const flag = (name: string) => process.argv.includes(`--${name}`);

const RESULTS_FILE = join('bench', 'results.json');
const quick = flag('quick');
const settings = {
  issuanceAtOne: quick ? 6 : 30,
  issuanceAtEight: quick ? 16 : 96,
  floorRenders: quick ? 6 : 30,
  documentRuns: quick ? 2 : 7,
  seconds: argument('seconds', quick ? 3 : 10),
  connections: 50,
  scaleSmall: 1_000,
  scaleLarge: argument('scale', quick ? 5_000 : 50_000),
  scaleSeconds: quick ? 3 : 8,
  scaleConnections: 10,
  loadDeadlineSeconds: argument('load-deadline', 180),
  coldStartRuns: quick ? 2 : 5,
  archiveRuns: quick ? 5 : 15,
};

const log = (message: string) =>
  console.error(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}`);
const verdict = (met: boolean) => (met ? 'PASS' : 'MISS');

const printTables = (results: {
  issuance: IssuanceResults;
  verification: VerificationResults;
  scale: ScaleResults;
  documents: DocumentResults;
  coldStart: ColdStartResults;
  archive: ArchiveResults;
}) => {
  const { issuance, verification, scale, documents, coldStart, archive } = results;
  const rows: string[][] = [];
  for (const run of issuance.runs) {
    rows.push([
      `issuance, concurrency ${run.concurrency}, ${Object.keys(run.perChamber).length} chambers`,
      `${run.perSecond}/s`,
      `p50 ${run.latencyMs.p50} p95 ${run.latencyMs.p95} p99 ${run.latencyMs.p99} ms`,
      `render+seal ${issuance.floor.perSecond}/s`,
      run.concurrency === 8
        ? `${issuance.ratioAtConcurrency8}`
        : `${round(run.perSecond / issuance.floor.perSecond)}`,
      run.concurrency === 8 ? `≥ ${issuance.target}` : '',
      run.concurrency === 8 ? verdict(issuance.met) : '',
    ]);
  }
  for (const endpoint of verification.endpoints) {
    const { http } = endpoint;
    rows.push([
      `${endpoint.route}, ${verification.chambers.length} chambers`,
      `${http.perSecond}/s`,
      `p50 ${http.latencyMs.p50} p99 ${http.latencyMs.p99} ms, errors ${http.errors + http.timeouts + http.non2xx}`,
      `GetItem ${verification.store.getItem.perSecond}/s`,
      String(endpoint.ratioToGetItem),
      `≥ ${TARGETS.ratio}, 0 errors, p99 < ${TARGETS.p99Ms}`,
      [
        `ratio ${verdict(endpoint.met.ratio)}`,
        `errors ${verdict(endpoint.met.errors)}`,
        `p99 ${verdict(endpoint.met.p99)}`,
      ].join(', '),
    ]);
  }
  rows.push([
    'verify by code, table size',
    `p50 ${scale.small.http.latencyMs.p50} → ${scale.large.http.latencyMs.p50} ms`,
    `${scale.small.certificatesInTable} → ${scale.large.certificatesInTable} certificates`,
    `p50 at ${scale.small.certificatesInTable}`,
    `${scale.p50ChangePercent >= 0 ? '+' : ''}${scale.p50ChangePercent} %`,
    '±20 %',
    verdict(scale.met),
  ]);
  rows.push([
    '  same, hot set of the small table',
    `p50 ${scale.largeTableSmallWorkingSet.http.latencyMs.p50} ms`,
    `${scale.large.certificatesInTable} in table, ${scale.small.certificatesInTable} asked for`,
    '',
    '',
    '',
    '',
  ]);
  rows.push([
    'render+seal per page',
    `${documents.medianMsPerPage} ms`,
    `${documents.medianBytesPerPage} bytes/page`,
    '',
    '',
    '',
    '',
  ]);
  rows.push([
    `continuation sheet (${documents.continuation.goodsLines} lines)`,
    `${documents.continuation.msPerContinuationSheet} ms/sheet`,
    `${documents.continuation.pages} pages, ${documents.continuation.bytesPerContinuationSheet} bytes/sheet`,
    'one-page certificate',
    `×${documents.continuation.timeRatioToOnePage} time, ×${documents.continuation.bytesRatioToOnePage} bytes`,
    '',
    '',
  ]);
  rows.push([
    'one-page B-LTA certificate',
    `${archive.bytes} bytes`,
    'B-T seal, DSS with the CA’s CRL, document timestamp',
    '',
    '',
    `≤ ${ARCHIVE_TARGETS.maxBytes} bytes`,
    verdict(archive.bytesMet),
  ]);
  rows.push([
    'render+seal+timestamps (local TSA)',
    `${archive.renderSealTimestampsMs} ms`,
    `median of ${archive.runs}`,
    `render+seal B-B ${archive.renderSealMs} ms`,
    `×${archive.timeRatio}`,
    `≤ ${ARCHIVE_TARGETS.maxTimeRatio}`,
    verdict(archive.timeMet),
  ]);
  for (const bundle of coldStart.bundles) {
    rows.push([
      `cold start: ${bundle.name} bundle`,
      `import ${bundle.importMsMedian} ms`,
      `${bundle.kib} KiB, first ${bundle.firstRequestPath} ${bundle.firstRequestMs} ms`,
      `empty module ${coldStart.emptyImportMsMedian} ms`,
      `×${bundle.ratioToEmptyImport}`,
      '',
      '',
    ]);
  }
  console.log(
    formatTable(['benchmark', 'figure', 'detail', 'baseline (same run)', 'ratio', 'target', 'met'], rows),
  );
  console.log('');
  console.log(
    formatTable(
      ['goods lines', 'pages', 'median ms', 'ms/page', 'bytes', 'bytes/page'],
      documents.cases.map((entry) => [
        String(entry.goodsLines),
        String(entry.pages),
        String(entry.medianMs),
        String(entry.msPerPage),
        String(entry.bytes),
        String(entry.bytesPerPage),
      ]),
    ),
  );
};

/** Failures that no noisy machine excuses: requests that failed under load, store reads that failed, a short load. */
const errorsOf = (results: { verification: VerificationResults; scale: ScaleResults }): string[] => {
  const errors: string[] = [];
  const http = (what: string, run: HttpLoadResult) => {
    const failed = run.errors + run.timeouts + run.non2xx;
    if (failed > 0)
      errors.push(`${what}: ${failed} failed of ${run.requests} (${JSON.stringify(run.statusCodes)})`);
    if (run.requests === 0) errors.push(`${what}: no request answered`);
  };
  for (const endpoint of results.verification.endpoints) http(endpoint.route, endpoint.http);
  for (const [what, store] of Object.entries(results.verification.store))
    if (store.errors > 0) errors.push(`raw ${what}: ${store.errors} failed reads`);
  http('scale, small table', results.scale.small.http);
  http('scale, large table', results.scale.large.http);
  http('scale, large table, small working set', results.scale.largeTableSmallWorkingSet.http);
  return errors;
};

const main = async () => {
  const machine = describeMachine();
  const startedAt = new Date();
  log(`settings ${JSON.stringify(settings)}`);
  log(`cold start: build each Lambda bundle, import it ${settings.coldStartRuns}× in a fresh node`);
  const coldStart = await benchColdStart({ runs: settings.coldStartRuns });

  log('documents: render + seal by number of goods lines');
  const documents = await benchDocuments({ runs: settings.documentRuns });

  log('archive: one-page B-LTA size, render + seal + timestamps against render + seal (B-B)');
  const archive = await benchArchive({ runs: settings.archiveRuns });

  log('starting the local stack (DynamoDB Local on disk, s3rver, server process)');
  const stack = await startBenchStack();
  try {
    const client = createApiClient(stack.url, { id: stack.config.issuer.id, base: '' });
    const chambers = stack.chambers.map((chamber) => ({
      client: createApiClient(stack.url, chamber),
      people: chamber,
    }));
    log(
      `issuance: render+seal floor, then approve → ISSUED at concurrency 1 and 8 over ${stack.chambers
        .map(({ base }) => base)
        .join(', ')}`,
    );
    const issuance = await benchIssuance(chambers, {
      atOne: settings.issuanceAtOne,
      atEight: settings.issuanceAtEight,
      floorRenders: settings.floorRenders,
    });

    log(
      `verification: autocannon, ${settings.connections} connections × ${settings.seconds} s, and raw GetItem`,
    );
    const verification = await benchVerification({
      url: stack.url,
      config: stack.config,
      issued: issuance.issued,
      connections: settings.connections,
      seconds: settings.seconds,
    });

    const exporter = await client.login('exporter@demo.test', BENCH_PASSWORD);
    const me = (await (await client.call('/api/me', { token: exporter })).json()) as { orgId: string };
    const dynamo = createDynamoClient({ region: stack.config.region, endpoint: stack.config.dynamoEndpoint });
    // the scale figure asks the first chamber on its bare paths, for its own certificates and the bulk-loaded ones
    const ofFirstChamber = issuance.issued.filter(({ chamberId }) => chamberId === stack.config.issuer.id);
    const first = ofFirstChamber[0];
    const { Item } = await createDocumentClient(dynamo).send(
      new GetCommand({
        TableName: stack.config.tableName,
        Key: keys.certificate(stack.config.issuer.id, first?.code ?? ''),
      }),
    );
    dynamo.destroy();
    log(
      `scale: bulk load to ${settings.scaleSmall} then ${settings.scaleLarge} certificates, verify by code`,
    );
    const scale = await benchScale({
      url: stack.url,
      config: stack.config,
      orgId: me.orgId,
      issued: ofFirstChamber,
      small: settings.scaleSmall,
      large: settings.scaleLarge,
      connections: settings.scaleConnections,
      seconds: settings.scaleSeconds,
      loadDeadlineSeconds: settings.loadDeadlineSeconds,
      jws: String(Item?.jws ?? ''),
    });

    const { issued: _issued, ...issuanceFigures } = issuance;
    const results = {
      command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
      startedAt: startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      machine,
      settings,
      issuance: issuanceFigures,
      verification,
      scale,
      documents,
      coldStart,
      archive,
    };
    printTables({ issuance, verification, scale, documents, coldStart, archive });
    writeFileSync(RESULTS_FILE, `${JSON.stringify({ ...results, errors: errorsOf(results) }, null, 2)}\n`);
    // in the repository's own format, so that `npm run lint` stays green after a run
    spawnSync(join('node_modules', '.bin', 'biome'), ['format', '--write', RESULTS_FILE], {
      stdio: 'ignore',
    });
    console.log(
      `\n${machine.cpuModel}, ${machine.cores} cores, ${machine.os}, Node ${machine.node}; ` +
        `written to bench/results.json (${Math.round((Date.now() - startedAt.getTime()) / 1000)} s)`,
    );
    const errors = errorsOf(results);
    if (errors.length > 0) {
      console.error(`\nbench: ${errors.length} error(s), not noise:\n  ${errors.join('\n  ')}`);
      process.exitCode = 1;
    }
  } finally {
    await stack.stop();
  }
};

await main();
