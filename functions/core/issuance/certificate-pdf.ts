// The issued certificate's file: rendered from the reserved certificate, then sealed (docs/architecture.md §3,
// steps 2 and 3), and where a time-stamping authority is configured made B-LTA (docs/legal.md §4, §5): the
// validation data (DSS) and a document timestamp, each an incremental update after the seal. Its own module
// because it carries pdf-lib, fontkit, the QR encoder and the ASN.1/CMS libraries, three-fifths of the api and
// portal bundles: issue-certificate.ts loads it by import() when an issuance renders, so that a cold start of a
// function that only lists, edits or reads loads none of it (docs/architecture.md §12).
import { createHash } from 'node:crypto';
import type { Certificate } from '../certificates/certificate.ts';
import type { RevocationSource, SealKey, Settle, TimestampAuthority } from '../ports.ts';
import { type RenderRequest, renderCertificatePdf } from '../rendering/render-certificate.ts';
import { sealDetailsOf, sealPdf } from '../sealing/pades.ts';
import {
  addDocumentTimestamp,
  addValidationData,
  collectValidationData,
  docTimestampRoom,
  lastDocumentTimestampToken,
  timestampExpiryOf,
} from '../sealing/pades-ltv.ts';
import { loadForUpdate } from '../sealing/pdf-incremental.ts';

/** What B-LT and B-LTA need besides the TSA: the CRLs, and the TSA's CA certificates its tokens leave out. */
export interface ArchiveSupport {
  revocation: RevocationSource;
  extraCertificates?: readonly Uint8Array[];
}

/** The B-LTA updates (DSS, then document timestamp) that follow a sealed file, as the bytes they append. */
const archiveSuffix = async (
  sealed: Uint8Array,
  timestamps: TimestampAuthority,
  archive: ArchiveSupport,
): Promise<Uint8Array> => {
  // one parse of the file for both updates: the DSS's document is continued by the timestamp's
  const doc = await loadForUpdate(sealed);
  const data = await collectValidationData(doc, archive.revocation, archive.extraCertificates);
  const withDss = await addValidationData(sealed, data, doc);
  const stamped = await addDocumentTimestamp(withDss, timestamps.timestamp, docTimestampRoom(), doc);
  return stamped.subarray(sealed.length);
};

/**
 * The PDF to store, and when its archive timestamp needs renewing: the same bytes for one reserved certificate,
 * so a resumed issuance stores the same file. The rendering is deterministic; what is not (the seal's CMS with
 * its timestamp, the DSS's CRLs, the document timestamp) is settled (docs/legal.md §3).
 */
export const sealedCertificatePdf = async (
  request: Omit<RenderRequest, 'certificate' | 'draft'> & {
    certificate: Certificate;
    seal?: SealKey;
    timestamps?: TimestampAuthority;
    settle: Settle;
    archive?: ArchiveSupport;
  },
): Promise<{ pdf: Uint8Array; archiveTimestampExpiresAt?: string }> => {
  const { seal, timestamps, settle, archive, ...render } = request;
  const rendered = await renderCertificatePdf(render);
  if (!seal) return { pdf: rendered };
  // PAdES seal, dated issuedAt: a re-run after a crash seals the same rendering with the same details
  const sealed = await sealPdf(rendered, seal, sealDetailsOf(request.certificate), {
    settle,
    ...(timestamps ? { timestamps } : {}),
  });
  if (!timestamps || !archive) return { pdf: sealed };
  // The whole B-LTA suffix is settled as one part, named by the sealed file it follows: its CRLs and its token
  // are fixed together, and a settled suffix is only ever appended to the very bytes its timestamp covers.
  const part = `archive-${createHash('sha256').update(sealed).digest('hex')}`;
  const suffix = await settle(part, () => archiveSuffix(sealed, timestamps, archive));
  const pdf = new Uint8Array(sealed.length + suffix.length);
  pdf.set(sealed);
  pdf.set(suffix, sealed.length);
  const token = lastDocumentTimestampToken(suffix);
  const expiry = token ? timestampExpiryOf(token) : undefined;
  return { pdf, ...(expiry ? { archiveTimestampExpiresAt: expiry.toISOString() } : {}) };
};
