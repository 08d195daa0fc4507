// Looking at this machine's processes from a test: which are still running, waiting for a condition.
import { readdirSync, readFileSync } from 'node:fs';

/** Pids of processes whose command line mentions `text` (e.g. a data directory only one stack uses). */
export const processesMentioning = (text: string): string[] =>
  readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
        const state = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0];
        return cmdline.includes(text) && state !== 'Z';
      } catch {
        return false;
      }
    });

/** Polls `condition` until it holds; throws after `timeoutMs`. For waiting on other processes, never a fixed sleep. */
export const waitFor = async (
  condition: () => boolean | Promise<boolean>,
  timeoutMs: number,
): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};
