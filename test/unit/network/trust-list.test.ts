// The trust list (docs/network.md §6): its schema, signing, and every refusal — wrong typ, bad signature, lower
// or conflicting version, past nextUpdate plus grace, issued in the future, an invalid payload.
import { beforeAll, describe, expect, it } from 'vitest';
import {
  keysForIssueDate,
  memberOnDate,
  signTrustList,
  TRUST_LIST_GRACE_MS,
  type TrustListMember,
  type TrustListPayload,
  TrustListRefused,
  verifyTrustList,
} from '../../../functions/core/network/trust-list.ts';
import { REVOCATION_LIST_TYP, TRUST_LIST_TYP } from '../../../functions/core/sealing/token-types.ts';
import { memberWith, type TestKey, testKey } from '../../support/trust-list-fixtures.ts';

const NOW = new Date('2026-12-01T12:00:00Z');
const iat = Math.floor(NOW.getTime() / 1000);

const payloadOf = (
  overrides: Partial<TrustListPayload> = {},
  member?: TrustListMember,
): TrustListPayload => ({
  iss: 'https://network.example',
  iat,
  nextUpdate: iat + 7 * 86_400,
  version: 4,
  members: member ? [member] : [],
  ...overrides,
});

let operator: TestKey;
let other: TestKey;
let memberKey: TestKey;

beforeAll(async () => {
  [operator, other, memberKey] = await Promise.all([testKey(), testKey(), testKey()]);
});

const refusal = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(TrustListRefused);
  return (error as TrustListRefused).code;
};

describe('a trust list', () => {
  it('is signed ES256 with typ tradecert-trust-list+jwt and the signer’s kid, and verifies with the operator key', async () => {
    const payload = payloadOf({}, memberWith(memberKey.publicJwk));
    const jws = await signTrustList(operator.signer, payload);
    const header = JSON.parse(Buffer.from(jws.split('.')[0] ?? '', 'base64url').toString());
    expect(header).toEqual({ alg: 'ES256', typ: TRUST_LIST_TYP, kid: operator.signer.kid });
    const verified = await verifyTrustList(jws, { operatorKey: operator.publicJwk, now: NOW });
    expect(verified.payload).toEqual(payload);
  });

  it('refuses another typ, even signed by the operator key', async () => {
    const jws = await operator.signer.sign(new TextEncoder().encode(JSON.stringify(payloadOf())), {
      typ: REVOCATION_LIST_TYP,
    });
    expect(await refusal(verifyTrustList(jws, { operatorKey: operator.publicJwk, now: NOW }))).toBe(
      'WRONG_TYP',
    );
    const untyped = await operator.signer.sign(new TextEncoder().encode(JSON.stringify(payloadOf())));
    expect(await refusal(verifyTrustList(untyped, { operatorKey: operator.publicJwk, now: NOW }))).toBe(
      'WRONG_TYP',
    );
  });

  it('refuses a list signed by another key, a changed payload, an unsigned one and text that is no JWS', async () => {
    const byOther = await signTrustList(other.signer, payloadOf());
    expect(await refusal(verifyTrustList(byOther, { operatorKey: operator.publicJwk, now: NOW }))).toBe(
      'BAD_SIGNATURE',
    );
    const [header, , signature] = (await signTrustList(operator.signer, payloadOf())).split('.');
    const changed = Buffer.from(JSON.stringify(payloadOf({ version: 99 }))).toString('base64url');
    expect(
      await refusal(
        verifyTrustList(`${header}.${changed}.${signature}`, { operatorKey: operator.publicJwk, now: NOW }),
      ),
    ).toBe('BAD_SIGNATURE');
    const none = Buffer.from(JSON.stringify({ alg: 'none', typ: TRUST_LIST_TYP })).toString('base64url');
    expect(
      await refusal(verifyTrustList(`${none}.${changed}.`, { operatorKey: operator.publicJwk, now: NOW })),
    ).toBe('MALFORMED');
    expect(
      await refusal(
        verifyTrustList(`${none}.${changed}.AAAA`, { operatorKey: operator.publicJwk, now: NOW }),
      ),
    ).toBe('BAD_SIGNATURE');
    expect(
      await refusal(verifyTrustList('{"members":[]}', { operatorKey: operator.publicJwk, now: NOW })),
    ).toBe('MALFORMED');
  });

  it('refuses a lower version than the cached one, and another list under the cached version', async () => {
    const cached = payloadOf({ version: 5 });
    const lower = await signTrustList(operator.signer, payloadOf({ version: 4 }));
    expect(await refusal(verifyTrustList(lower, { operatorKey: operator.publicJwk, now: NOW, cached }))).toBe(
      'LOWER_VERSION',
    );
    const conflicting = await signTrustList(
      operator.signer,
      payloadOf({ version: 5 }, memberWith(memberKey.publicJwk)),
    );
    expect(
      await refusal(verifyTrustList(conflicting, { operatorKey: operator.publicJwk, now: NOW, cached })),
    ).toBe('CONFLICTING_VERSION');
    const same = await signTrustList(operator.signer, cached);
    expect(
      (await verifyTrustList(same, { operatorKey: operator.publicJwk, now: NOW, cached })).payload,
    ).toEqual(cached);
    const higher = await signTrustList(operator.signer, payloadOf({ version: 6 }));
    expect(
      (await verifyTrustList(higher, { operatorKey: operator.publicJwk, now: NOW, cached })).payload.version,
    ).toBe(6);
  });

  it('is used past nextUpdate within the grace period, refused after it, and refused when issued in the future', async () => {
    const jws = await signTrustList(operator.signer, payloadOf());
    const due = (iat + 7 * 86_400) * 1000;
    const late = new Date(due + TRUST_LIST_GRACE_MS - 60_000);
    expect((await verifyTrustList(jws, { operatorKey: operator.publicJwk, now: late })).payload.version).toBe(
      4,
    );
    const tooLate = new Date(due + TRUST_LIST_GRACE_MS + 60_000);
    expect(await refusal(verifyTrustList(jws, { operatorKey: operator.publicJwk, now: tooLate }))).toBe(
      'EXPIRED',
    );
    const early = new Date(NOW.getTime() - 3_600_000);
    expect(await refusal(verifyTrustList(jws, { operatorKey: operator.publicJwk, now: early }))).toBe(
      'NOT_YET_VALID',
    );
  });

  it('refuses a payload outside the schema, even signed by the operator', async () => {
    const sign = (payload: unknown) =>
      operator.signer.sign(new TextEncoder().encode(JSON.stringify(payload)), { typ: TRUST_LIST_TYP });
    const member = memberWith(memberKey.publicJwk);
    const invalid: unknown[] = [
      { ...payloadOf(), version: 0 },
      { ...payloadOf(), extra: true },
      { ...payloadOf(), nextUpdate: iat - 1 },
      payloadOf({}, { ...member, status: 'paused' as never }),
      payloadOf({}, { ...member, verifyBaseUrl: 'ftp://al.example' }),
      payloadOf({}, { ...member, jwks: { keys: [] } }),
      payloadOf({}, { ...member, sealCa: ['not base64!'] }),
      { ...payloadOf(), members: [member, member] },
      (({ statusListUrl: _, ...rest }) => payloadOf({}, rest as TrustListMember))(member),
    ];
    for (const payload of invalid) {
      expect(
        await refusal(verifyTrustList(await sign(payload), { operatorKey: operator.publicJwk, now: NOW })),
      ).toBe('INVALID_PAYLOAD');
    }
    await expect(signTrustList(operator.signer, invalid[0] as TrustListPayload)).rejects.toThrow();
  });
});

describe('a member’s keys and membership on an issue date', () => {
  const key = (validFrom: string, retiredAt: string | null, kid: string) => ({
    kty: 'EC' as const,
    crv: 'P-256' as const,
    x: 'x'.repeat(43),
    y: 'y'.repeat(43),
    kid,
    'tradecert:validFrom': validFrom,
    'tradecert:retiredAt': retiredAt,
  });

  it('offers the keys that were active on that day, a retired one for what it sealed before retirement', () => {
    const member = memberWith(
      { x: 'x', y: 'y', kid: 'k' },
      {
        jwks: {
          keys: [
            key('2026-01-01T00:00:00Z', '2026-06-01T00:00:00Z', 'old'),
            key('2026-06-01T00:00:00Z', null, 'new'),
          ],
        },
      },
    );
    const kids = (date: string) => keysForIssueDate(member, date).keys.map((jwk) => jwk.kid);
    expect(kids('2026-03-10')).toEqual(['old']);
    expect(kids('2026-09-10')).toEqual(['new']);
    expect(kids('2026-06-01')).toEqual(['old', 'new']);
    expect(kids('2025-12-01')).toEqual([]);
    expect(keysForIssueDate(member, '2026-03-10').keys[0]).not.toHaveProperty('tradecert:validFrom');
  });

  it('says whether the chamber was a member on the issue date', () => {
    const member = memberWith(
      { x: 'x', y: 'y', kid: 'k' },
      { validFrom: '2026-02-01T00:00:00Z', validUntil: '2026-10-01T00:00:00Z' },
    );
    expect(memberOnDate(member, '2026-05-05')).toBe(true);
    expect(memberOnDate(member, '2026-01-10')).toBe(false);
    expect(memberOnDate(member, '2026-11-10')).toBe(false);
    expect(memberOnDate(member, 'not a date')).toBe(false);
  });
});
