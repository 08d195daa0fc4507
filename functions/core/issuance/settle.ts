// The settle hook of an issuance (docs/legal.md §3): each non-deterministic part of the sealed PDF (the seal's CMS
// with its signature and timestamp, later validation data and the document timestamp) is fixed by a conditional
// write on the ISSUING certificate before it is embedded. First writer wins; a resumed or concurrent run reads the
// stored part and embeds that, so every run stores the same bytes and the TSA is asked once per part.
import { AppError } from '../errors.ts';
import type { CertificateRepository, Settle } from '../ports.ts';

const PART_NAME = /^[a-z][a-z0-9-]{0,99}$/;

export const settlerFor =
  (
    certificates: Pick<CertificateRepository, 'settledIssuancePart' | 'settleIssuancePart'>,
    certificate: { issuerId: string; code: string },
  ): Settle =>
  async (part, make) => {
    if (!PART_NAME.test(part)) throw new AppError('INTERNAL', `"${part}" cannot name an issuance part.`);
    const { issuerId, code } = certificate;
    const settled = await certificates.settledIssuancePart(issuerId, code, part);
    if (settled) return settled;
    return certificates.settleIssuancePart(issuerId, code, part, await make());
  };
