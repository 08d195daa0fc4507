// Verifying a QR seal of a chamber this deployment does not host, through the trust list (docs/network.md §6):
// the chamber must be an active or suspended member on the seal's issue date, the seal must verify with one of
// its keys from the list, and the status comes from its signed revocation list cached here with its date.
import { AppError } from '../errors.ts';
import type { MemberRevocations, TrustListState } from '../ports.ts';
import { checkSeal } from '../sealing/qr-seal.ts';
import type { Verification } from '../verification/verify-certificate.ts';
import { keysForIssueDate, memberOf, memberOnDate } from './trust-list.ts';

/** Anything that verifies a seal of a chamber it hosts; a Verifier is one. */
export interface SealVerifier {
  verifySeal(jws: string): Promise<Verification>;
}

/** The chambers this deployment hosts, by issuer id (today one; several once chambers are records). */
export interface LocalChambers {
  byIssuer(issuerId: string): SealVerifier | undefined;
}

export interface NetworkReader {
  getTrustList(): Promise<TrustListState | undefined>;
  getMemberRevocations(memberId: string): Promise<MemberRevocations | undefined>;
}

/** The `iss` a seal claims, read before any check only to choose whose keys check it. */
export const claimedIssuer = (jws: string): { iss: string; d: string } | undefined => {
  try {
    const payload = JSON.parse(
      new TextDecoder().decode(
        Uint8Array.from(
          atob((jws.trim().split('.')[1] ?? '').replace(/-/g, '+').replace(/_/g, '/')),
          (char) => char.charCodeAt(0),
        ),
      ),
    ) as { iss?: unknown; d?: unknown };
    return typeof payload.iss === 'string'
      ? { iss: payload.iss, d: typeof payload.d === 'string' ? payload.d : '' }
      : undefined;
  } catch {
    return undefined;
  }
};

export const verifySealThroughNetwork =
  (deps: { chambers: LocalChambers; network: NetworkReader; fallback: SealVerifier }) =>
  async (jws: string): Promise<Verification> => {
    const claimed = claimedIssuer(jws);
    if (!claimed) return deps.fallback.verifySeal(jws);
    const local = deps.chambers.byIssuer(claimed.iss);
    if (local) return local.verifySeal(jws);
    const state = await deps.network.getTrustList();
    const list = state?.list?.payload;
    const member = memberOf(list, claimed.iss);
    if (!list || !member || member.status === 'withdrawn' || !memberOnDate(member, claimed.d))
      return { status: 'UNKNOWN_ISSUER' };
    const seal = await checkSeal(jws.trim(), keysForIssueDate(member, claimed.d));
    if (seal.outcome !== 'VALID') return { status: seal.outcome };
    if (seal.claims.iss !== member.id) return { status: 'TAMPERED' };
    const revocations = await deps.network.getMemberRevocations(member.id);
    if (!revocations)
      throw new AppError(
        'STORAGE_UNAVAILABLE',
        `The revocation list of ${member.id} is not cached here yet; try again after the next refresh.`,
      );
    const entry = revocations.claims.entries.find((withdrawn) => withdrawn.sn === seal.claims.sn);
    const { claims } = seal;
    return {
      status: entry ? entry.status : 'VALID',
      ...(entry?.status === 'REVOKED'
        ? { revokedAt: entry.at, ...(entry.reason ? { reason: entry.reason } : {}) }
        : {}),
      network: {
        issuer: {
          id: member.id,
          name: member.name,
          nameLocal: member.nameLocal,
          country: member.country,
          verifyBaseUrl: member.verifyBaseUrl,
        },
        seal: {
          serial: claims.sn,
          type: claims.t,
          issueDate: claims.d,
          exporter: claims.ex,
          origin: claims.o,
          destination: claims.ds,
        },
        statusList: {
          issuedAt: new Date(revocations.claims.iat * 1000).toISOString(),
          nextUpdate: revocations.claims.nextUpdate,
        },
        ...((entry?.replacedBy ?? entry?.by) ? { replacedBySerial: entry?.replacedBy ?? entry?.by } : {}),
        trustListVersion: list.version,
      },
      ...(member.status === 'suspended'
        ? { warning: { code: 'ISSUER_SUSPENDED' as const, since: member.statusSince ?? null } }
        : {}),
    };
  };
