// The NetworkStore port (docs/network.md §6) on DynamoDB Local and in memory, with the same expectations: one
// deployment-wide trust list item that a lower version never replaces, and one revocation list per member.
import { describe, expect, it } from 'vitest';
import { createDocumentClient, createDynamoClient } from '../../functions/adapters/dynamodb/client.ts';
import { createNetworkStore } from '../../functions/adapters/dynamodb/network-store.ts';
import { ensureTable } from '../../functions/adapters/dynamodb/table.ts';
import { loadConfig } from '../../functions/config/config.ts';
import type { NetworkStore, TrustListState } from '../../functions/core/ports.ts';
import { createMemoryNetworkStore } from '../support/memory/memory-network.ts';
import { testEnvironment } from '../support/test-stack.ts';

const dynamoStore = async (): Promise<NetworkStore> => {
  const config = loadConfig(await testEnvironment());
  const dynamo = createDynamoClient({ region: config.region, endpoint: config.dynamoEndpoint });
  await ensureTable(dynamo, config.tableName);
  return createNetworkStore(createDocumentClient(dynamo), config.tableName);
};

const stateOf = (version: number, extra: Partial<TrustListState> = {}): TrustListState => ({
  list: {
    jws: `h.p${version}.s`,
    payload: { iss: 'https://network.example', iat: 1, nextUpdate: 2, version, members: [] },
    fetchedAt: '2026-12-01T00:00:00.000Z',
  },
  lastAttemptAt: '2026-12-01T00:00:00.000Z',
  ...extra,
});

describe.each([
  ['DynamoDB', dynamoStore],
  ['memory', async () => createMemoryNetworkStore()],
])('the network store (%s)', (_name, make) => {
  it('keeps one trust list: a higher or equal version replaces it, a lower one never does', async () => {
    const store = await make();
    expect(await store.getTrustList()).toBeUndefined();
    expect(await store.putTrustList({ lastAttemptAt: 'a', reason: 'FETCH_FAILED: x', staleSince: 'a' })).toBe(
      true,
    );
    expect(await store.putTrustList(stateOf(3))).toBe(true);
    expect(await store.putTrustList(stateOf(2))).toBe(false);
    expect((await store.getTrustList())?.list?.payload.version).toBe(3);
    expect(await store.putTrustList(stateOf(3, { staleSince: 'b', reason: 'LOWER_VERSION: …' }))).toBe(true);
    expect(await store.getTrustList()).toEqual(stateOf(3, { staleSince: 'b', reason: 'LOWER_VERSION: …' }));
    expect(await store.putTrustList({ lastAttemptAt: 'c' })).toBe(false);
  });

  it('keeps one revocation list per member', async () => {
    const store = await make();
    const list = (iss: string) => ({
      jws: 'h.p.s',
      claims: { iss, iat: 5, nextUpdate: '2026-12-02T00:00:00Z', entries: [] },
      fetchedAt: '2026-12-01T00:00:00.000Z',
    });
    await store.putMemberRevocations('al-chamber', list('al-chamber'));
    await store.putMemberRevocations('xk-chamber', list('xk-chamber'));
    expect((await store.getMemberRevocations('al-chamber'))?.claims.iss).toBe('al-chamber');
    expect((await store.getMemberRevocations('xk-chamber'))?.claims.iss).toBe('xk-chamber');
    expect(await store.getMemberRevocations('me-chamber')).toBeUndefined();
  });
});
