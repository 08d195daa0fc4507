// The pause between the attempts of an optimistic write that lost a race, or of a call to a service that did not
// answer: a little longer each attempt, and at random, so that the callers that collided do not collide again in
// step.
import { isAppError } from './errors.ts';
import type { RandomSource, Sleep, TimestampAuthority } from './ports.ts';

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

/** How often and how patiently a timestamp is asked for within one request (docs/legal.md §2). */
export const TIMESTAMP_ATTEMPTS = 3;
const TIMESTAMP_PAUSE = { baseMs: 200, spreadMs: 300 };

/**
 * The TSA, asked again after a TIMESTAMP_UNAVAILABLE (down, slow, a bad answer) until TIMESTAMP_ATTEMPTS calls
 * have failed; then the last failure stands. Within one request: the recovery sweep tries again later.
 */
export const retryingTimestamps = (tsa: TimestampAuthority, deps: JitterDeps): TimestampAuthority => ({
  timestamp: async (sha256) => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await tsa.timestamp(sha256);
      } catch (error) {
        if (attempt >= TIMESTAMP_ATTEMPTS || !isAppError(error) || error.code !== 'TIMESTAMP_UNAVAILABLE')
          throw error;
        await jitteredPause(deps, attempt, TIMESTAMP_PAUSE);
      }
    }
  },
});
