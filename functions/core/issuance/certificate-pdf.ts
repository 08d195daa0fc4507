// The issued certificate's file: rendered from the reserved certificate, then sealed (docs/architecture.md §3,
// steps 2 and 3), and where a time-stamping authority is configured made B-LTA (docs/legal.md §4, §5): the
// validation data (DSS) and a document timestamp, each an incremental update after the seal. Its own module
// because it carries pdf-lib, fontkit, the QR encoder and the ASN.1/CMS libraries, three-fifths of the api and
// portal bundles: issue-certificate.ts loads it by import() when an issuance renders, so that a cold start of a
// function that only lists, edits or reads loads none of it (docs/architecture.md §12).
import { PDFDocument } from 'pdf-lib';
import type { Certificate } from '../certificates/certificate.ts';
import type { RevocationSource, SealKey, TimestampAuthority } from '../ports.ts';
import { type RenderRequest, renderCertificatePdf } from '../rendering/render-certificate.ts';
import { sealDetailsOf, sealPdf } from '../sealing/pades.ts';
import {
  addDocumentTimestamp,
  addValidationData,
  archiveTimestampExpiry,
  collectValidationData,
} from '../sealing/pades-ltv.ts';

export interface ArchiveSupport {
  timestamps: TimestampAuthority;
  revocation: RevocationSource;
  /** CA certificates of the TSA that its tokens leave out. */
  extraCertificates?: readonly Uint8Array[];
  /**
   * Fixes a non-deterministic part once per certificate (docs/legal.md §3): the first run stores what `produce`
   * gives, every later run of the same issuance gets that back. Without it every run produces anew.
   */
  settle?: (name: string, produce: () => Promise<Uint8Array>) => Promise<Uint8Array>;
}

/** The B-LTA updates (DSS, then document timestamp) that follow a sealed file, as the bytes they append. */
const archiveSuffix = async (sealed: Uint8Array, archive: ArchiveSupport): Promise<Uint8Array> => {
  const data = await collectValidationData(
    await PDFDocument.load(sealed, { updateMetadata: false }),
    archive.revocation,
    archive.extraCertificates,
  );
  const stamped = await addDocumentTimestamp(
    await addValidationData(sealed, data),
    archive.timestamps.timestamp,
  );
  return stamped.subarray(sealed.length);
};

/**
 * The PDF to store, and when its archive timestamp needs renewing. Deterministic for one reserved certificate
 * given what `archive.settle` fixed, so a resumed issuance stores the same bytes.
 */
export const sealedCertificatePdf = async (
  request: Omit<RenderRequest, 'certificate' | 'draft'> & {
    certificate: Certificate;
    seal?: SealKey;
    archive?: ArchiveSupport;
  },
): Promise<{ pdf: Uint8Array; archiveTimestampExpiresAt?: string }> => {
  const { seal, archive, ...render } = request;
  const rendered = await renderCertificatePdf(render);
  if (!seal) return { pdf: rendered };
  // PAdES seal, dated issuedAt: a re-run after a crash seals the same rendering with the same details
  const sealed = await sealPdf(rendered, seal, sealDetailsOf(request.certificate));
  if (!archive) return { pdf: sealed };
  // the whole B-LTA suffix is settled at once: its CRLs and its token are fixed together, and the sealed file
  // before it is the same on every run, so the settled suffix fits it exactly (the token covers those bytes)
  const produce = () => archiveSuffix(sealed, archive);
  const suffix = await (archive.settle ? archive.settle('archive-suffix', produce) : produce());
  const pdf = new Uint8Array(sealed.length + suffix.length);
  pdf.set(sealed);
  pdf.set(suffix, sealed.length);
  const expiry = archiveTimestampExpiry(await PDFDocument.load(pdf, { updateMetadata: false }));
  return { pdf, ...(expiry ? { archiveTimestampExpiresAt: expiry.toISOString() } : {}) };
};
