// The public revocation list for offline verifiers: every revoked or superseded serial, signed as a compact JWS
// with the issuer's key, with when it was made and when the next one is due. Re-signed on every change and daily.
// A revoked certificate is listed REVOKED with its reason even after it was replaced (docs/architecture.md §2).
import type { Certificate } from '../certificates/certificate.ts';
import { didWebOf } from '../credentials/did-web.ts';
import { signCredential } from '../credentials/secure-credential.ts';
import { buildStatusListCredential } from '../credentials/status-list-credential.ts';
import type { CertificateRepository, Clock, KeyRing, SignedStatusList } from '../ports.ts';
import { REVOCATION_LIST_TYP } from '../sealing/token-types.ts';

export const STATUS_LIST_LIFETIME_MS = 24 * 3_600_000;
/** Refreshed when less than half of its lifetime is left, so a cached copy is never stale for long. */
export const STATUS_LIST_REFRESH_MS = STATUS_LIST_LIFETIME_MS / 2;

export interface StatusListEntry {
  sn: string;
  status: 'REVOKED' | 'SUPERSEDED';
  at: string;
  reason?: string;
  /** SUPERSEDED only: the replacement's serial, as `replacedBy` (kept for readers written before it). */
  by?: string;
  /** The serial of the certificate that replaced this one, REVOKED or SUPERSEDED. */
  replacedBy?: string;
}

export interface StatusListClaims {
  iss: string;
  iat: number;
  nextUpdate: string;
  entries: StatusListEntry[];
}

export interface StatusListDeps {
  issuerId: string;
  issuer: { publicBaseUrl: string };
  certificates: CertificateRepository;
  keys: KeyRing;
  clock: Clock;
}

/** What the list says of one withdrawn certificate: a revocation is never hidden by a later replacement. */
export const statusListEntry = (
  certificate: Pick<
    Certificate,
    'serial' | 'status' | 'issuedAt' | 'revocation' | 'replacedBy' | 'supersededBy'
  >,
): StatusListEntry => {
  const replacement = certificate.replacedBy ?? certificate.supersededBy;
  if (certificate.status === 'SUPERSEDED' && replacement) {
    return {
      sn: certificate.serial,
      status: 'SUPERSEDED',
      at: replacement.at,
      by: replacement.serial,
      replacedBy: replacement.serial,
    };
  }
  return {
    sn: certificate.serial,
    status: 'REVOKED',
    at: certificate.revocation?.at ?? certificate.issuedAt,
    ...(certificate.revocation ? { reason: certificate.revocation.reason } : {}),
    ...(replacement ? { replacedBy: replacement.serial } : {}),
  };
};

export const publishStatusList = (deps: StatusListDeps) => async (): Promise<SignedStatusList> => {
  const now = deps.clock.now();
  const withdrawn = await deps.certificates.listWithdrawn(deps.issuerId);
  const entries = withdrawn.map(statusListEntry);
  const nextUpdate = new Date(now.getTime() + STATUS_LIST_LIFETIME_MS).toISOString();
  const claims: StatusListClaims = {
    iss: deps.issuerId,
    iat: Math.floor(now.getTime() / 1000),
    nextUpdate,
    entries,
  };
  const signer = await deps.keys.activeSigner();
  // the Bitstring Status List credential, from the same records in the same publication: the two never disagree
  const bitstring = buildStatusListCredential({
    publicBaseUrl: deps.issuer.publicBaseUrl,
    setIndices: withdrawn.flatMap((certificate) =>
      certificate.statusListIndex === undefined ? [] : [certificate.statusListIndex],
    ),
    validFrom: now.toISOString(),
    validUntil: nextUpdate,
  });
  const list = {
    jws: await signer.sign(new TextEncoder().encode(JSON.stringify(claims)), { typ: REVOCATION_LIST_TYP }),
    credential: await signCredential(signer, bitstring, didWebOf(deps.issuer.publicBaseUrl)),
    issuedAt: now.toISOString(),
    nextUpdate,
  };
  await deps.certificates.saveStatusList(deps.issuerId, list);
  return list;
};

/** Publishes a new list when there is none or the current one is past half its lifetime. */
export const refreshStatusList = (deps: StatusListDeps) => async (): Promise<void> => {
  const current = await deps.certificates.getStatusList(deps.issuerId);
  if (!current || Date.parse(current.issuedAt) + STATUS_LIST_REFRESH_MS <= deps.clock.now().getTime()) {
    await publishStatusList(deps)();
  }
};
