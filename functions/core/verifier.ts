// The public verification verbs, bound to their dependencies. Kept apart from core.ts so that the verify
// function's bundle holds no accounts, workflow or PDF rendering.
import type { Issuer } from './accounts.ts';
import {
  claimedIssuer,
  type LocalChambers,
  type NetworkReader,
  type SealVerifier,
  verifySealThroughNetwork,
} from './network/verify-through-network.ts';
import type { CertificateRepository, KeyRing } from './ports.ts';
import { jwsOfQrContent, qrContentOfPdf } from './sealing/seal-in-pdf.ts';
import {
  chamberDidDocument,
  credentialByCode,
  currentStatusList,
  type Verification,
  verifyCode,
  verifyCredential,
  verifyPdfHash,
  verifySeal,
} from './verification/verify-certificate.ts';

export interface VerifierDeps {
  issuer: Issuer;
  certificates: Pick<
    CertificateRepository,
    'findByCode' | 'findBySerial' | 'findByPdfHash' | 'getStatusList'
  >;
  keys: Pick<KeyRing, 'publicKeys'>;
  /** The cached trust list and members' revocation lists: seals of other members verify through them. */
  network?: NetworkReader;
  /** The other chambers hosted beside `issuer` (docs/network.md §3): their seals and files never go to the list. */
  otherHosted?: (issuerId: string) => SealVerifier | undefined;
}

/** The public side only: no accounts, no rendering, so the verify function stays small. */
export const createVerifier = (deps: VerifierDeps) => {
  const scoped = { ...deps, issuerId: deps.issuer.id };
  const ownSeal = { verifySeal: verifySeal(scoped) };
  const chambers: LocalChambers = {
    byIssuer: (id) => (id === deps.issuer.id ? ownSeal : deps.otherHosted?.(id)),
  };
  const sealOf = deps.network
    ? verifySealThroughNetwork({ chambers, network: deps.network, fallback: ownSeal })
    : ownSeal.verifySeal;
  const byHash = verifyPdfHash(scoped);
  /**
   * A PDF issued here is found by its hash (byte for byte). One that is not, whose seal names another member,
   * is checked by its seal through the trust list; a file of a chamber hosted here that no hash matches stays
   * NOT_FOUND (an altered copy of a genuine certificate must not pass on its seal).
   */
  const verifyPdf = async (pdf: Uint8Array, sha256: string): Promise<Verification> => {
    const found = await byHash(sha256);
    if (found.status !== 'NOT_FOUND' || !deps.network) return found;
    const content = qrContentOfPdf(pdf);
    const jws = content ? jwsOfQrContent(content) : undefined;
    const issuer = jws ? claimedIssuer(jws)?.iss : undefined;
    if (!jws || !issuer || chambers.byIssuer(issuer)) return found;
    return sealOf(jws);
  };
  return {
    issuer: deps.issuer,
    verifyCode: verifyCode(scoped),
    verifySeal: sealOf,
    verifyPdfHash: byHash,
    verifyPdf,
    verifyCredential: verifyCredential(scoped),
    credentialByCode: credentialByCode(scoped),
    didDocument: chamberDidDocument(scoped),
    statusList: currentStatusList(scoped),
    publicKeys: () => deps.keys.publicKeys(),
    /** The trust list this deployment uses, to serve at /.well-known/trust-list. */
    trustList: async () => (await deps.network?.getTrustList())?.list,
    usesTrustList: deps.network !== undefined,
    /** Is this chamber hosted here (its seals checked against its own records)? */
    hosts: (issuerId: string) => chambers.byIssuer(issuerId) !== undefined,
  };
};

export type Verifier = ReturnType<typeof createVerifier>;
