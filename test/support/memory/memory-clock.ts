// A clock that stands still until a test moves it, and a RandomSource that gives the same ids and bytes on every
// run: core unit tests need no timers and their results do not depend on the wall clock or on chance.
import { createHash } from 'node:crypto';
import type { Clock, RandomSource } from '../../../functions/core/ports.ts';

export interface FixedClock extends Clock {
  set(at: Date | string): void;
  advance(ms: number): void;
}

/** 2026-11-23 09:30 UTC (10:30 in Skopje) unless told otherwise. */
export const DEFAULT_NOW = '2026-11-23T09:30:00.000Z';

export const fixedClock = (start: Date | string = DEFAULT_NOW): FixedClock => {
  let now = new Date(start).getTime();
  return {
    now: () => new Date(now),
    set: (at) => {
      now = new Date(at).getTime();
    },
    advance: (ms) => {
      now += ms;
    },
  };
};

export interface DeterministicRandom extends RandomSource {
  /** How many ids and byte strings it has handed out. */
  readonly drawn: { ids: number; bytes: number };
}

/**
 * Ids shaped like v4 UUIDs (`…-4000-8000-{counter}`) and bytes from SHA-256 of the seed and a counter: distinct,
 * reproducible, and different for different seeds (two "processes" sharing tables must not mint the same id).
 */
export const deterministicRandom = (seed = 'tradecert'): DeterministicRandom => {
  const drawn = { ids: 0, bytes: 0 };
  const prefix = createHash('sha256').update(seed).digest('hex').slice(0, 8);
  return {
    drawn,
    id: () => {
      drawn.ids += 1;
      return `${prefix}-0000-4000-8000-${drawn.ids.toString(16).padStart(12, '0')}`;
    },
    // Fixed at the middle of [0, 1): retries' jitter stays reproducible.
    fraction: () => 0.5,
    bytes: (length) => {
      drawn.bytes += 1;
      const out = new Uint8Array(length);
      for (let block = 0; block * 32 < length; block++) {
        const digest = createHash('sha256').update(`${seed}:${drawn.bytes}:${block}`).digest();
        out.set(digest.subarray(0, Math.min(32, length - block * 32)), block * 32);
      }
      return out;
    },
  };
};
