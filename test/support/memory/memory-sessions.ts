// SessionRepository in memory, as functions/adapters/dynamodb/session-repository.ts: keyed by the token's hash.
// DynamoDB's TTL removes an expired session some time after it expired, so `get` still returns it until then;
// the core must check `expiresAt` itself, and these tests hold it to that. `expireByTtl` plays the TTL sweep.
import type { SessionRepository } from '../../../functions/core/ports.ts';
import { copy, key, type MemoryTables, roundTrip } from './memory-tables.ts';

export const createMemorySessionRepository = (tables: MemoryTables): SessionRepository => ({
  create: async (session) => {
    await roundTrip();
    tables.sessions.set(key(session.issuerId, session.tokenHash), copy(session));
  },

  get: async (issuerId, tokenHash) => {
    await roundTrip();
    const session = tables.sessions.get(key(issuerId, tokenHash));
    return session && copy(session);
  },

  delete: async (issuerId, tokenHash) => {
    await roundTrip();
    tables.sessions.delete(key(issuerId, tokenHash));
  },
});

/** Removes the sessions that expired by `now`, as DynamoDB's TTL eventually does. */
export const expireByTtl = (tables: MemoryTables, now: Date): void => {
  for (const [at, session] of tables.sessions) {
    if (Math.ceil(Date.parse(session.expiresAt) / 1000) <= Math.floor(now.getTime() / 1000)) {
      tables.sessions.delete(at);
    }
  }
};
