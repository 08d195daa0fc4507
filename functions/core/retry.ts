// The pause between the attempts of an optimistic write that lost a race: a little longer each attempt, and at
// random, so that the writers that collided do not collide again in step.
import type { RandomSource, Sleep } from './ports.ts';

export interface JitterDeps {
  random: RandomSource;
  sleep: Sleep;
}

/** Waits `baseMs` plus up to `spreadMs` × attempt milliseconds, drawn from the random source. */
export const jitteredPause = (
  deps: JitterDeps,
  attempt: number,
  { baseMs = 0, spreadMs = 20 }: { baseMs?: number; spreadMs?: number } = {},
): Promise<void> => deps.sleep(baseMs + deps.random.fraction() * spreadMs * attempt);
