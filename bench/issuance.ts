// Issuance end to end: approve → ISSUED over HTTP on the local stack, at concurrency 1 and 8, against the
// floor measured in the same run: render + seal of the same data with no storage. The approvals are spread
// round-robin over the chambers given (three in `npm run bench`), each on its own path form, so that the chambers'
// cores, key rings, seals and serial series all work at once (docs/network.md §4).
import type { ApiClient, IssuedCertificate } from './support/api-client.ts';
import { BENCH_PASSWORD, type BenchChamber } from './support/bench-stack.ts';
import { benchContent, createRenderSeal } from './support/render-seal.ts';
import { type LatencySummary, round, runWithConcurrency, summarise } from './support/stats.ts';

export interface IssuanceRun {
  concurrency: number;
  certificates: number;
  /** Certificates issued per chamber in this run. */
  perChamber: Record<string, number>;
  perSecond: number;
  latencyMs: LatencySummary;
}

export interface IssuanceResults {
  /** The chambers the approvals were spread over. */
  chambers: string[];
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

/** One chamber's client with its exporter's and staff member's sessions. */
interface Chamber {
  client: ApiClient;
  exporter: string;
  staff: string;
}

interface Job {
  chamber: Chamber;
  applicationId: string;
}

/** Prepares submitted applications in parallel (not timed), the i-th in chamber i mod n, in that order. */
const prepare = async (chambers: readonly Chamber[], count: number): Promise<Job[]> => {
  const jobs: Job[] = [];
  await runWithConcurrency(
    Array.from({ length: count }, (_, index) => index),
    4,
    async (index) => {
      const chamber = chambers[index % chambers.length] as Chamber;
      jobs[index] = {
        chamber,
        applicationId: await chamber.client.submittedApplication(chamber.exporter, GOODS_LINES),
      };
    },
  );
  return jobs;
};

export const benchIssuance = async (
  clients: readonly { client: ApiClient; people: Pick<BenchChamber, 'exporter' | 'staff'> }[],
  options: { atOne: number; atEight: number; floorRenders: number },
): Promise<IssuanceResults> => {
  const chambers: Chamber[] = [];
  for (const { client, people } of clients) {
    chambers.push({
      client,
      exporter: await client.login(people.exporter, BENCH_PASSWORD),
      staff: await client.login(people.staff, BENCH_PASSWORD),
    });
  }
  const approve = ({ chamber, applicationId }: Job) => chamber.client.approve(chamber.staff, applicationId);

  const renderSeal = await createRenderSeal();
  await renderSeal(benchContent(GOODS_LINES));
  const floor = await runWithConcurrency(
    Array.from({ length: options.floorRenders }, (_, index) => index + 1),
    1,
    async (serial) => {
      await renderSeal(benchContent(GOODS_LINES, serial));
    },
  );

  // one approval per chamber first, so that the server's template and font caches and each chamber's keys and
  // seal (made on first use locally) are warm
  for (const job of await prepare(chambers, chambers.length)) await approve(job);

  const issued: IssuedCertificate[] = [];
  const runs: IssuanceRun[] = [];
  for (const [concurrency, count] of [
    [1, options.atOne],
    [8, options.atEight],
  ] as const) {
    const jobs = await prepare(chambers, count);
    const perChamber: Record<string, number> = {};
    const measured = await runWithConcurrency(jobs, concurrency, async (job) => {
      const certificate = await approve(job);
      issued.push(certificate);
      perChamber[certificate.chamberId] = (perChamber[certificate.chamberId] ?? 0) + 1;
    });
    runs.push({
      concurrency,
      certificates: count,
      perChamber,
      perSecond: round(count / (measured.wallMs / 1000), 2),
      latencyMs: summarise(measured.latenciesMs),
    });
  }
  const floorPerSecond = options.floorRenders / (floor.wallMs / 1000);
  const atEight = runs.find((run) => run.concurrency === 8)?.perSecond ?? 0;
  const ratio = round(atEight / floorPerSecond, 2);
  return {
    chambers: chambers.map(({ client }) => client.chamber.id),
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
