// Issuance end to end: approve → ISSUED over HTTP on the local stack, at concurrency 1 and 8, against the
// floor measured in the same run: render + seal of the same data with no storage.
import type { ApiClient, IssuedCertificate } from './support/api-client.ts';
import { BENCH_PASSWORD } from './support/bench-stack.ts';
import { benchContent, createRenderSeal } from './support/render-seal.ts';
import { type LatencySummary, round, runWithConcurrency, summarise } from './support/stats.ts';

export interface IssuanceRun {
  concurrency: number;
  certificates: number;
  perSecond: number;
  latencyMs: LatencySummary;
}

export interface IssuanceResults {
  goodsLines: number;
  floor: { renders: number; perSecond: number; latencyMs: LatencySummary };
  runs: IssuanceRun[];
  /** issuance/s at concurrency 8 ÷ render+seal/s; target ≥ 0.5. */
  ratioAtConcurrency8: number;
  target: number;
  met: boolean;
  issued: IssuedCertificate[];
}

const GOODS_LINES = 2;
const TARGET = 0.5;

/** Prepares submitted applications in parallel (not timed). */
const prepare = async (client: ApiClient, token: string, count: number): Promise<string[]> => {
  const ids: string[] = [];
  await runWithConcurrency(
    Array.from({ length: count }, (_, index) => index),
    4,
    async () => {
      ids.push(await client.submittedApplication(token, GOODS_LINES));
    },
  );
  return ids;
};

export const benchIssuance = async (
  client: ApiClient,
  options: { atOne: number; atEight: number; floorRenders: number },
): Promise<IssuanceResults> => {
  const exporter = await client.login('exporter@demo.test', BENCH_PASSWORD);
  const staff = await client.login('staff@demo.test', BENCH_PASSWORD);

  const renderSeal = await createRenderSeal();
  await renderSeal(benchContent(GOODS_LINES));
  const floor = await runWithConcurrency(
    Array.from({ length: options.floorRenders }, (_, index) => index + 1),
    1,
    async (serial) => {
      await renderSeal(benchContent(GOODS_LINES, serial));
    },
  );

  // one approval first, so that the server's template and font caches are warm
  await client.approve(staff, (await prepare(client, exporter, 1))[0] as string);

  const issued: IssuedCertificate[] = [];
  const runs: IssuanceRun[] = [];
  for (const [concurrency, count] of [
    [1, options.atOne],
    [8, options.atEight],
  ] as const) {
    const ids = await prepare(client, exporter, count);
    const measured = await runWithConcurrency(ids, concurrency, async (id) => {
      issued.push(await client.approve(staff, id));
    });
    runs.push({
      concurrency,
      certificates: count,
      perSecond: round(count / (measured.wallMs / 1000), 2),
      latencyMs: summarise(measured.latenciesMs),
    });
  }
  const floorPerSecond = options.floorRenders / (floor.wallMs / 1000);
  const atEight = runs.find((run) => run.concurrency === 8)?.perSecond ?? 0;
  const ratio = round(atEight / floorPerSecond, 2);
  return {
    goodsLines: GOODS_LINES,
    floor: {
      renders: options.floorRenders,
      perSecond: round(floorPerSecond, 2),
      latencyMs: summarise(floor.latenciesMs),
    },
    runs,
    ratioAtConcurrency8: ratio,
    target: TARGET,
    met: ratio >= TARGET,
    issued,
  };
};
