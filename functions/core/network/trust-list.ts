// The region's trust list (docs/network.md §6): the network operator signs one list of member chambers, with
// their public keys, seal CAs and where their revocation lists are; every deployment and the CLI cache the last
// good list and verify other members' certificates offline against it. Pure: the signer and the operator's
// public key come from the caller (a key file or KMS, configured out of band).
import { compactVerify, importJWK, type JSONWebKeySet, type JWK } from 'jose';
import * as z from 'zod';
import { CountryCode } from '../countries.ts';
import type { JwsSigner } from '../ports.ts';
import { TRUST_LIST_TYP, typOf } from '../sealing/token-types.ts';

/** A list past its nextUpdate is still used for this long (a late operator), then refused. */
export const TRUST_LIST_GRACE_MS = 3 * 24 * 3_600_000;
/** A list whose iat is further ahead than this is refused: a skewed clock, or a list signed for later. */
const MAX_CLOCK_SKEW_MS = 5 * 60_000;

const isoInstant = z.iso.datetime({ offset: true });
const httpUrl = z.url({ protocol: /^https?$/ });

/** One public key of a member's ring, with when it began to sign and when it was retired (null: still active). */
export const MemberKey = z
  .object({
    kty: z.literal('EC'),
    crv: z.literal('P-256'),
    x: z.string().min(40).max(50),
    y: z.string().min(40).max(50),
    kid: z.string().min(1).max(200),
    alg: z.literal('ES256').optional(),
    use: z.literal('sig').optional(),
    'tradecert:validFrom': isoInstant,
    'tradecert:retiredAt': isoInstant.nullable(),
  })
  .strict();
export type MemberKey = z.infer<typeof MemberKey>;

export const MemberStatus = z.enum(['active', 'suspended', 'withdrawn']);
export type MemberStatus = z.infer<typeof MemberStatus>;

export const TrustListMember = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{1,39}$/),
    name: z.string().min(2).max(120),
    nameLocal: z.string().min(2).max(120),
    country: CountryCode,
    verifyBaseUrl: httpUrl,
    status: MemberStatus,
    /** Since when the status holds: shown with a suspension. Absent on lists that never changed it. */
    statusSince: isoInstant.nullable().optional(),
    validFrom: isoInstant,
    validUntil: isoInstant.nullable(),
    jwks: z.object({ keys: z.array(MemberKey).min(1).max(50) }).strict(),
    /** Base64 DER certificates the member's PAdES seal chains to. */
    sealCa: z.array(z.base64()).max(10),
    statusListUrl: httpUrl,
  })
  .strict();
export type TrustListMember = z.infer<typeof TrustListMember>;

export const TrustListPayload = z
  .object({
    iss: httpUrl,
    iat: z.number().int().positive(),
    nextUpdate: z.number().int().positive(),
    version: z.number().int().positive(),
    members: z
      .array(TrustListMember)
      .max(500)
      .refine((members) => new Set(members.map((member) => member.id)).size === members.length, {
        message: 'member ids must be unique',
      }),
  })
  .strict()
  .refine((list) => list.nextUpdate > list.iat, {
    message: 'nextUpdate must be after iat',
    path: ['nextUpdate'],
  });
export type TrustListPayload = z.infer<typeof TrustListPayload>;

/** A verified list as it is cached: the JWS (served again as it came) and its decoded payload. */
export interface VerifiedTrustList {
  jws: string;
  payload: TrustListPayload;
}

export type TrustListRefusal =
  | 'MALFORMED'
  | 'WRONG_TYP'
  | 'BAD_SIGNATURE'
  | 'INVALID_PAYLOAD'
  | 'LOWER_VERSION'
  | 'CONFLICTING_VERSION'
  | 'EXPIRED'
  | 'NOT_YET_VALID';

export class TrustListRefused extends Error {
  override readonly name = 'TrustListRefused';
  constructor(
    readonly code: TrustListRefusal,
    message: string,
  ) {
    super(message);
  }
}

const encoder = new TextEncoder();

/** Builds and signs a list: ES256, typ tradecert-trust-list+jwt, the signer's kid. */
export const signTrustList = async (signer: JwsSigner, payload: TrustListPayload): Promise<string> => {
  const checked = TrustListPayload.parse(payload);
  return signer.sign(encoder.encode(JSON.stringify(checked)), { typ: TRUST_LIST_TYP });
};

export interface TrustListCheck {
  /** The operator's public key (JWK), configured out of band: never taken from where the list came from. */
  operatorKey: JWK;
  now: Date;
  /** The last good list: a lower version is refused, and the same version only with the same content. */
  cached?: TrustListPayload | undefined;
  graceMs?: number;
}

/** Verifies a list; throws TrustListRefused saying why it is not to be used. */
export const verifyTrustList = async (jws: string, check: TrustListCheck): Promise<VerifiedTrustList> => {
  const text = jws.trim();
  if (!/^[\w-]+\.[\w-]+\.[\w-]+$/.test(text))
    throw new TrustListRefused('MALFORMED', 'the trust list is not a compact JWS');
  // explicit typing first: a seal, a credential or a revocation list is never a trust list
  const typ = typOf(text);
  if (typ !== TRUST_LIST_TYP)
    throw new TrustListRefused('WRONG_TYP', `typ ${typ ?? '(none)'} is not ${TRUST_LIST_TYP}`);
  let payloadBytes: Uint8Array;
  try {
    const key = await importJWK({ ...check.operatorKey, alg: 'ES256' }, 'ES256');
    const verified = await compactVerify(text, key, { algorithms: ['ES256'] });
    if (verified.protectedHeader.typ !== TRUST_LIST_TYP)
      throw new TrustListRefused('WRONG_TYP', 'unexpected header');
    payloadBytes = verified.payload;
  } catch (error) {
    if (error instanceof TrustListRefused) throw error;
    throw new TrustListRefused('BAD_SIGNATURE', 'the trust list is not signed by the operator key');
  }
  let decoded: unknown;
  try {
    decoded = JSON.parse(new TextDecoder().decode(payloadBytes));
  } catch {
    throw new TrustListRefused('INVALID_PAYLOAD', 'the trust list payload is not JSON');
  }
  const parsed = TrustListPayload.safeParse(decoded);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new TrustListRefused(
      'INVALID_PAYLOAD',
      `the trust list payload is invalid: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`.trim(),
    );
  }
  const payload = parsed.data;
  const now = check.now.getTime();
  if (payload.iat * 1000 > now + MAX_CLOCK_SKEW_MS)
    throw new TrustListRefused(
      'NOT_YET_VALID',
      `the trust list is issued in the future (iat ${payload.iat})`,
    );
  if (payload.nextUpdate * 1000 + (check.graceMs ?? TRUST_LIST_GRACE_MS) < now)
    throw new TrustListRefused(
      'EXPIRED',
      `the trust list was due for renewal at ${new Date(payload.nextUpdate * 1000).toISOString()}`,
    );
  if (check.cached) {
    if (payload.version < check.cached.version)
      throw new TrustListRefused(
        'LOWER_VERSION',
        `version ${payload.version} is lower than the cached version ${check.cached.version}`,
      );
    // one version, one content: two different lists under one number mean a key misuse or a replay mix-up
    if (payload.version === check.cached.version && JSON.stringify(payload) !== JSON.stringify(check.cached))
      throw new TrustListRefused(
        'CONFLICTING_VERSION',
        `version ${payload.version} differs from the cached list of the same version`,
      );
  }
  return { jws: text, payload };
};

/** The member that issued `issuerId`'s certificates, whatever its status. */
export const memberOf = (list: TrustListPayload | undefined, issuerId: string) =>
  list?.members.find((member) => member.id === issuerId);

/**
 * The member's keys that may have sealed a certificate issued on `issueDate` (YYYY-MM-DD): those that began
 * signing by the end of that day and were not retired before it began. A retired key keeps verifying what it
 * sealed while it was active.
 */
export const keysForIssueDate = (member: TrustListMember, issueDate: string): JSONWebKeySet => {
  const dayStart = Date.parse(`${issueDate}T00:00:00Z`);
  const dayEnd = dayStart + 24 * 3_600_000;
  return {
    keys: member.jwks.keys
      .filter(
        (key) => Number.isNaN(dayStart) || Date.parse(key['tradecert:validFrom']) < dayEnd + 14 * 3_600_000,
      )
      .filter((key) => {
        const retired = key['tradecert:retiredAt'];
        return retired === null || Number.isNaN(dayStart) || Date.parse(retired) > dayStart - 14 * 3_600_000;
      })
      .map(plainJwk),
  };
};

/** A member key as jose reads it: the tradecert: members dropped. */
const plainJwk = ({ kty, crv, x, y, kid }: MemberKey): JWK => ({
  kty,
  crv,
  x,
  y,
  kid,
  alg: 'ES256',
  use: 'sig',
});

/** Every key of a member, for its revocation list (signed with whichever key was active then). */
export const memberJwks = (member: TrustListMember): JSONWebKeySet => ({
  keys: member.jwks.keys.map(plainJwk),
});

/** Was the chamber a member (in any status) on the certificate's issue date? */
export const memberOnDate = (member: TrustListMember, issueDate: string): boolean => {
  const day = Date.parse(`${issueDate}T12:00:00Z`);
  if (Number.isNaN(day)) return false;
  // ±14 h: an issue date is a calendar day in the chamber's own time zone
  return (
    Date.parse(member.validFrom) <= day + 14 * 3_600_000 &&
    (member.validUntil === null || Date.parse(member.validUntil) >= day - 14 * 3_600_000)
  );
};
