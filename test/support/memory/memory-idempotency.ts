// IdempotencyStore in memory, with the claim condition of functions/adapters/dynamodb/idempotency-store.ts: the
// key is taken when it is absent, expired (its TTL second has passed), or IN_PROGRESS with a lease that ended
// (or none); otherwise the earlier record comes back and nothing is written.
import type { IdempotencyRecord, IdempotencyStore } from '../../../functions/core/ports.ts';
import { conditionalWrite, copy, key, type MemoryTables, roundTrip } from './memory-tables.ts';

const ttlSeconds = (record: IdempotencyRecord) => Math.ceil(Date.parse(record.expiresAt) / 1000);

export const createMemoryIdempotencyStore = (tables: MemoryTables): IdempotencyStore => ({
  claim: async (issuerId, record, now) => {
    await roundTrip();
    const at = key(issuerId, record.key);
    const earlier = tables.idempotency.get(at);
    const claimed = conditionalWrite({
      condition: () =>
        !earlier ||
        ttlSeconds(earlier) < Math.floor(now.getTime() / 1000) ||
        (earlier.state === 'IN_PROGRESS' &&
          (earlier.leaseExpiresAt === undefined || earlier.leaseExpiresAt < now.toISOString())),
      apply: () => tables.idempotency.set(at, copy(record)),
    });
    return claimed ? undefined : copy(earlier);
  },

  complete: async (issuerId, record) => {
    await roundTrip();
    tables.idempotency.set(key(issuerId, record.key), copy(record));
  },

  release: async (issuerId, idempotencyKey) => {
    await roundTrip();
    tables.idempotency.delete(key(issuerId, idempotencyKey));
  },
});
