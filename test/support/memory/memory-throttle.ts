// ThrottleStore in memory: fixed windows as functions/adapters/dynamodb/throttle-store.ts counts them (a hit in a
// live window adds one; otherwise a new window starts at one; an ended window reads as absent; `take` raises
// the count only below its limit, in one step, as the conditional update does). One deliberate
// difference: the DynamoDB store reads the wall clock (Date.now()), this one the injected Clock, so that tests
// can end a window by moving the clock instead of waiting.
import type { Clock, ThrottleStore } from '../../../functions/core/ports.ts';
import { key, type MemoryTables, roundTrip } from './memory-tables.ts';

export const createMemoryThrottleStore = (tables: MemoryTables, clock: Clock): ThrottleStore => {
  const nowSeconds = () => Math.floor(clock.now().getTime() / 1000);
  return {
    hit: async (issuerId, throttleKey, windowSeconds) => {
      await roundTrip();
      const at = key(issuerId, throttleKey);
      const now = nowSeconds();
      const window = tables.throttle.get(at);
      const next =
        window && window.resetAt > now
          ? { count: window.count + 1, resetAt: window.resetAt }
          : { count: 1, resetAt: now + windowSeconds };
      tables.throttle.set(at, next);
      return { ...next };
    },

    take: async (issuerId, throttleKey, limit, windowSeconds) => {
      await roundTrip();
      const at = key(issuerId, throttleKey);
      const now = nowSeconds();
      const window = tables.throttle.get(at);
      if (window && window.resetAt > now) {
        if (window.count >= limit) return { granted: false, ...window };
        const next = { count: window.count + 1, resetAt: window.resetAt };
        tables.throttle.set(at, next);
        return { granted: true, ...next };
      }
      const opened = { count: 1, resetAt: now + windowSeconds };
      tables.throttle.set(at, opened);
      return { granted: 1 <= limit, ...opened };
    },

    giveBack: async (issuerId, throttleKey) => {
      await roundTrip();
      const at = key(issuerId, throttleKey);
      const window = tables.throttle.get(at);
      if (window && window.resetAt > nowSeconds() && window.count > 0) {
        tables.throttle.set(at, { count: window.count - 1, resetAt: window.resetAt });
      }
    },

    peek: async (issuerId, throttleKey) => {
      await roundTrip();
      const window = tables.throttle.get(key(issuerId, throttleKey));
      if (!window || window.resetAt <= nowSeconds()) return undefined;
      return { ...window };
    },

    reset: async (issuerId, throttleKey) => {
      await roundTrip();
      tables.throttle.delete(key(issuerId, throttleKey));
    },
  };
};
