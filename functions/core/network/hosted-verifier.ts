// One deployment's verification page verifies the certificates of every chamber it hosts (docs/network.md §3):
// the request's chamber answers first, and what it does not know (a code, a file, a seal of another key ring) is
// asked of the other hosted chambers in turn. Codes are 80 random bits and seals name their issuer, so at most
// one chamber knows any of them; the chambers of a deployment are few, so this costs a handful of reads at most.
import type { Verification } from '../verification/verify-certificate.ts';
import type { Verifier } from '../verifier.ts';

/** Outcomes that mean "not one of mine", after which another hosted chamber may know it. */
const NOT_MINE = new Set<Verification['status']>(['NOT_FOUND', 'UNKNOWN_KEY']);

export const acrossHostedChambers = (own: Verifier, others: () => Promise<Verifier[]>): Verifier => {
  const firstKnown = async (ask: (verifier: Verifier) => Promise<Verification>): Promise<Verification> => {
    const answer = await ask(own);
    if (!NOT_MINE.has(answer.status)) return answer;
    for (const other of await others()) {
      if (other.issuer.id === own.issuer.id) continue;
      const theirs = await ask(other);
      if (!NOT_MINE.has(theirs.status)) return theirs;
    }
    return answer;
  };
  return {
    ...own,
    verifyCode: (code) => firstKnown((verifier) => verifier.verifyCode(code)),
    verifySeal: (jws) => firstKnown((verifier) => verifier.verifySeal(jws)),
    verifyPdfHash: (sha256) => firstKnown((verifier) => verifier.verifyPdfHash(sha256)),
    verifyPdf: (pdf, sha256) => firstKnown((verifier) => verifier.verifyPdf(pdf, sha256)),
    verifyCredential: (jwt) => firstKnown((verifier) => verifier.verifyCredential(jwt)),
    credentialByCode: async (code) => {
      const mine = await own.credentialByCode(code);
      if (mine !== undefined) return mine;
      for (const other of await others()) {
        if (other.issuer.id === own.issuer.id) continue;
        const theirs = await other.credentialByCode(code);
        if (theirs !== undefined) return theirs;
      }
      return undefined;
    },
  };
};
