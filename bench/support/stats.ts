// Small statistics and formatting helpers shared by the benchmarks: percentiles, rates, a plain-text table.

export const percentile = (values: readonly number[], p: number): number => {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  const lower = sorted[low] ?? 0;
  const upper = sorted[high] ?? lower;
  return lower + (upper - lower) * (rank - low);
};

export const median = (values: readonly number[]): number => percentile(values, 50);

export const round = (value: number, digits = 2): number =>
  Number.isFinite(value) ? Number(value.toFixed(digits)) : value;

export interface LatencySummary {
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export const summarise = (latenciesMs: readonly number[]): LatencySummary => ({
  p50: round(percentile(latenciesMs, 50)),
  p95: round(percentile(latenciesMs, 95)),
  p99: round(percentile(latenciesMs, 99)),
  max: round(Math.max(...latenciesMs)),
});

/** Runs `work` for each item with at most `concurrency` in flight; returns each call's latency in ms. */
export const runWithConcurrency = async <T>(
  items: readonly T[],
  concurrency: number,
  work: (item: T) => Promise<void>,
): Promise<{ latenciesMs: number[]; wallMs: number }> => {
  const latenciesMs: number[] = [];
  let next = 0;
  const started = performance.now();
  const lane = async () => {
    for (;;) {
      const index = next++;
      const item = items[index];
      if (index >= items.length || item === undefined) return;
      const at = performance.now();
      await work(item);
      latenciesMs.push(performance.now() - at);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, lane));
  return { latenciesMs, wallMs: performance.now() - started };
};

/** Keeps `concurrency` calls of `work` in flight until `durationMs` has passed; latencies and count of calls. */
export const runForDuration = async (
  durationMs: number,
  concurrency: number,
  work: (lane: number, iteration: number) => Promise<void>,
): Promise<{ latenciesMs: number[]; wallMs: number; errors: number }> => {
  const latenciesMs: number[] = [];
  let errors = 0;
  let iteration = 0;
  const started = performance.now();
  const deadline = started + durationMs;
  const lane = async (index: number) => {
    while (performance.now() < deadline) {
      const at = performance.now();
      try {
        await work(index, iteration++);
        latenciesMs.push(performance.now() - at);
      } catch {
        errors += 1;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, (_, index) => lane(index)));
  return { latenciesMs, wallMs: performance.now() - started, errors };
};

/** A plain-text table with a header row, columns padded to their widest cell. */
export const formatTable = (header: readonly string[], rows: readonly (readonly string[])[]): string => {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
};
