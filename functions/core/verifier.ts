// The public verification verbs, bound to their dependencies. Kept apart from core.ts so that the verify
// function's bundle holds no accounts, workflow or PDF rendering.
import type { Issuer } from './accounts.ts';
import type { CertificateRepository, KeyRing } from './ports.ts';
import {
  chamberDidDocument,
  credentialByCode,
  currentStatusList,
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
}

/** The public side only: no accounts, no rendering, so the verify function stays small. */
export const createVerifier = (deps: VerifierDeps) => {
  const scoped = { ...deps, issuerId: deps.issuer.id };
  return {
    issuer: deps.issuer,
    verifyCode: verifyCode(scoped),
    verifySeal: verifySeal(scoped),
    verifyPdfHash: verifyPdfHash(scoped),
    verifyCredential: verifyCredential(scoped),
    credentialByCode: credentialByCode(scoped),
    didDocument: chamberDidDocument(scoped),
    statusList: currentStatusList(scoped),
    publicKeys: () => deps.keys.publicKeys(),
  };
};

export type Verifier = ReturnType<typeof createVerifier>;
