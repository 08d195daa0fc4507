// The refresh keeps the last good list (docs/network.md §6), and seals of other members verify through it:
// active, suspended (warning), withdrawn or unknown (UNKNOWN_ISSUER), an unknown key, a revoked serial.
import { beforeEach, describe, expect, it } from 'vitest';
import { refreshTrustList, trustListHealth } from '../../../functions/core/network/refresh-trust-list.ts';
import { signTrustList, type TrustListMember } from '../../../functions/core/network/trust-list.ts';
import { verifySealThroughNetwork } from '../../../functions/core/network/verify-through-network.ts';
import type { TrustListSource } from '../../../functions/core/ports.ts';
import { REVOCATION_LIST_TYP, SEAL_TYP } from '../../../functions/core/sealing/token-types.ts';
import type { StatusListClaims } from '../../../functions/core/verification/status-list.ts';
import { createMemoryNetworkStore } from '../../support/memory/memory-network.ts';
import { memberWith, type TestKey, testKey } from '../../support/trust-list-fixtures.ts';

const encode = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
const NOW = new Date('2026-12-01T12:00:00Z');
const iat = Math.floor(NOW.getTime() / 1000);

let operator: TestKey;
let member: TestKey;
let stranger: TestKey;
let store: ReturnType<typeof createMemoryNetworkStore>;
let served: { list: string; revocations: string };
let now: Date;

const listOf = (version: number, members: TrustListMember[]) =>
  signTrustList(operator.signer, {
    iss: 'https://network.example',
    iat,
    nextUpdate: iat + 7 * 86_400,
    version,
    members,
  });

const revocationsOf = (claims: Partial<StatusListClaims> = {}, key = member) =>
  key.signer.sign(
    encode({ iss: 'al-chamber', iat, nextUpdate: '2026-12-02T12:00:00Z', entries: [], ...claims }),
    { typ: REVOCATION_LIST_TYP },
  );

const sealOf = (claims: Record<string, string> = {}, key = member) =>
  key.signer.sign(
    encode({
      iss: 'al-chamber',
      sn: 'AL-CO-2026-000001',
      t: 'co',
      d: '2026-11-30',
      ex: 'Tirana Textiles',
      o: 'AL',
      ds: 'DE',
      h: 'abc',
      ...claims,
    }),
    { typ: SEAL_TYP },
  );

const source: TrustListSource = {
  location: 'https://network.example/list.jws',
  fetchList: async () => served.list,
  fetchMemberRevocations: async (url) => {
    if (url !== 'https://al.certs.example/status/revocations') throw new Error(`unexpected ${url}`);
    return served.revocations;
  },
};

const refresh = (options: { force?: boolean } = { force: true }) =>
  refreshTrustList({
    store,
    source,
    operatorKey: operator.publicJwk,
    clock: { now: () => now },
    logger: { info: () => {}, warn: () => {} },
    localIssuerIds: ['mk-chamber'],
    intervalMs: 3_600_000,
  })(options);

const local = { verifySeal: async () => ({ status: 'VALID' as const }) };
const verify = verifySealThroughNetwork({
  chambers: { byIssuer: (id) => (id === 'mk-chamber' ? local : undefined) },
  network: {
    getTrustList: () => store.getTrustList(),
    getMemberRevocations: (id) => store.getMemberRevocations(id),
  },
  fallback: local,
});

beforeEach(async () => {
  [operator, member, stranger] = await Promise.all([testKey(), testKey(), testKey()]);
  store = createMemoryNetworkStore();
  now = NOW;
  served = { list: await listOf(1, [memberWith(member.publicJwk)]), revocations: await revocationsOf() };
});

describe('the trust list refresh', () => {
  it('is absent until a list verifies, then ok with its version and when it was fetched', async () => {
    expect(trustListHealth(await store.getTrustList())).toEqual({ status: 'absent' });
    served.list = 'garbage';
    expect(await refresh()).toMatchObject({ status: 'absent', reason: expect.stringMatching(/^MALFORMED/) });
    served.list = await listOf(1, [memberWith(member.publicJwk)]);
    expect(await refresh()).toEqual({
      status: 'ok',
      version: 1,
      fetchedAt: NOW.toISOString(),
      nextUpdate: new Date((iat + 7 * 86_400) * 1000).toISOString(),
    });
  });

  it('keeps the last good list when a fetch fails or a list is refused, stale since the first failure', async () => {
    await refresh();
    served.list = await signTrustList(stranger.signer, {
      iss: 'https://network.example',
      iat,
      nextUpdate: iat + 86_400,
      version: 9,
      members: [],
    });
    now = new Date(NOW.getTime() + 60_000);
    expect(await refresh()).toMatchObject({
      status: 'stale',
      version: 1,
      staleSince: now.toISOString(),
      reason: expect.stringMatching(/^BAD_SIGNATURE/),
    });
    const firstFailure = now.toISOString();
    source.fetchList = async () => {
      throw new Error('connection refused');
    };
    now = new Date(NOW.getTime() + 120_000);
    try {
      expect(await refresh()).toMatchObject({
        status: 'stale',
        version: 1,
        staleSince: firstFailure,
        reason: 'FETCH_FAILED: connection refused',
      });
    } finally {
      source.fetchList = async () => served.list;
    }
    expect((await verify(await sealOf())).status).toBe('VALID');
    served.list = await listOf(2, [memberWith(member.publicJwk)]);
    expect(await refresh()).toMatchObject({ status: 'ok', version: 2 });
    expect(await store.getTrustList()).not.toHaveProperty('staleSince');
  });

  it('is stale when the list is past its nextUpdate and nothing newer came (the operator is late)', async () => {
    await refresh();
    now = new Date((iat + 7 * 86_400 + 60) * 1000);
    expect(await refresh()).toMatchObject({
      status: 'stale',
      version: 1,
      reason: expect.stringMatching(/^OVERDUE/),
    });
    expect(trustListHealth(await store.getTrustList(), now)).toMatchObject({ status: 'stale' });
    expect(trustListHealth(await store.getTrustList(), NOW)).toMatchObject({ status: 'ok' });
  });

  it('fetches at most once per interval unless forced', async () => {
    await refresh();
    const writes = store.writes;
    await refresh({});
    expect(store.writes).toBe(writes);
    await refresh({ force: true });
    expect(store.writes).toBe(writes + 1);
  });

  it('stores a member’s revocation list only when signed by that member’s keys, typed, naming the member', async () => {
    for (const bad of [
      await revocationsOf({}, stranger),
      await revocationsOf({ iss: 'other-chamber' }),
      await member.signer.sign(encode({ iss: 'al-chamber', iat, nextUpdate: 'x', entries: [] }), {
        typ: SEAL_TYP,
      }),
    ]) {
      served.revocations = bad;
      await refresh();
      expect(await store.getMemberRevocations('al-chamber')).toBeUndefined();
    }
    served.revocations = await revocationsOf();
    await refresh();
    expect((await store.getMemberRevocations('al-chamber'))?.claims.iss).toBe('al-chamber');
    // an older list than the cached one is a replay and is not taken
    served.revocations = await revocationsOf({
      iat: iat - 3600,
      entries: [{ sn: 'AL-CO-2026-000001', status: 'REVOKED', at: '2026-12-01T00:00:00Z' }],
    });
    await refresh();
    expect((await store.getMemberRevocations('al-chamber'))?.claims.entries).toEqual([]);
  });
});

describe('a seal of another member, through the list', () => {
  it('is VALID from an active member, with the facts of the seal and the date of the status', async () => {
    await refresh();
    expect(await verify(await sealOf())).toMatchObject({
      status: 'VALID',
      network: {
        issuer: { id: 'al-chamber', country: 'AL', verifyBaseUrl: 'https://al.certs.example' },
        seal: { serial: 'AL-CO-2026-000001', exporter: 'Tirana Textiles', origin: 'AL', destination: 'DE' },
        statusList: { issuedAt: NOW.toISOString(), nextUpdate: '2026-12-02T12:00:00Z' },
        trustListVersion: 1,
      },
    });
  });

  it('goes to the hosted chamber when the seal names it', async () => {
    await refresh();
    expect(await verify(await sealOf({ iss: 'mk-chamber' }, stranger))).toEqual({ status: 'VALID' });
  });

  it('is REVOKED or SUPERSEDED as the member’s revocation list says', async () => {
    served.revocations = await revocationsOf({
      entries: [
        { sn: 'AL-CO-2026-000001', status: 'REVOKED', at: '2026-12-01T08:00:00Z', reason: 'fraud' },
        {
          sn: 'AL-CO-2026-000002',
          status: 'SUPERSEDED',
          at: '2026-12-01T09:00:00Z',
          by: 'AL-CO-2026-000003',
        },
      ],
    });
    await refresh();
    expect(await verify(await sealOf())).toMatchObject({
      status: 'REVOKED',
      revokedAt: '2026-12-01T08:00:00Z',
      reason: 'fraud',
    });
    expect(await verify(await sealOf({ sn: 'AL-CO-2026-000002' }))).toMatchObject({
      status: 'SUPERSEDED',
      network: { replacedBySerial: 'AL-CO-2026-000003' },
    });
  });

  it('carries a warning when the member is suspended', async () => {
    served.list = await listOf(1, [
      memberWith(member.publicJwk, { status: 'suspended', statusSince: '2026-11-15T00:00:00Z' }),
    ]);
    await refresh();
    expect(await verify(await sealOf())).toMatchObject({
      status: 'VALID',
      warning: { code: 'ISSUER_SUSPENDED', since: '2026-11-15T00:00:00Z' },
    });
  });

  it('is UNKNOWN_ISSUER for a withdrawn member, one not on the list, one not yet a member, or no list at all', async () => {
    expect(await verify(await sealOf())).toEqual({ status: 'UNKNOWN_ISSUER' });
    served.list = await listOf(1, [memberWith(member.publicJwk, { status: 'withdrawn' })]);
    await refresh();
    expect(await verify(await sealOf())).toEqual({ status: 'UNKNOWN_ISSUER' });
    served.list = await listOf(2, [memberWith(member.publicJwk, { validFrom: '2026-12-05T00:00:00Z' })]);
    await refresh();
    expect(await verify(await sealOf())).toEqual({ status: 'UNKNOWN_ISSUER' });
    expect(await verify(await sealOf({ iss: 'xk-chamber' }))).toEqual({ status: 'UNKNOWN_ISSUER' });
  });

  it('is UNKNOWN_KEY for a key not in the member’s ring, TAMPERED for a changed seal', async () => {
    await refresh();
    expect((await verify(await sealOf({}, stranger))).status).toBe('UNKNOWN_KEY');
    const [header, , signature] = (await sealOf()).split('.');
    const changed = Buffer.from(
      JSON.stringify({
        iss: 'al-chamber',
        sn: 'AL-CO-2026-000009',
        t: 'co',
        d: '2026-11-30',
        ex: 'X',
        o: 'AL',
        ds: 'DE',
        h: 'abc',
      }),
    ).toString('base64url');
    expect((await verify(`${header}.${changed}.${signature}`)).status).toBe('TAMPERED');
  });

  it('cannot say VALID before the member’s revocation list is cached: 503, try again', async () => {
    served.revocations = 'not a list';
    await refresh();
    await expect(verify(await sealOf())).rejects.toMatchObject({ code: 'STORAGE_UNAVAILABLE' });
  });
});
