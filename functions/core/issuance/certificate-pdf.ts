// The issued certificate's file: rendered from the reserved certificate, then sealed (docs/architecture.md §3,
// steps 2 and 3), and where a time-stamping authority is configured made B-LTA (docs/legal.md §4, §5): the
// validation data (DSS) and a document timestamp, each an incremental update after the seal. Its own module
// because it carries pdf-lib, fontkit, the QR encoder and the ASN.1/CMS libraries, three-fifths of the api and
// portal bundles: issue-certificate.ts loads it by import() when an issuance renders, so that a cold start of a
// function that only lists, edits or reads loads none of it (docs/architecture.md §12).
import { sha256Hex } from '../canonical-json.ts';
import type { Certificate } from '../certificates/certificate.ts';
import type { RevocationSource, SealKey, Settle, TimestampAuthority } from '../ports.ts';
import { type RenderRequest, renderCertificatePdf } from '../rendering/render-certificate.ts';
import { sealDetailsOf, sealPdf } from '../sealing/pades.ts';
import { archiveTimestampExpiryOf, withArchiveTimestamp } from '../sealing/pades-ltv.ts';

/** What B-LT and B-LTA need besides the TSA: the CRLs, and the TSA's CA certificates its tokens leave out. */
export interface ArchiveSupport {
  revocation: RevocationSource;
  extraCertificates?: readonly Uint8Array[];
}

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
  const part = `archive-${sha256Hex(sealed)}`;
  const suffix = await settle(part, async () =>
    (await withArchiveTimestamp(sealed, timestamps, archive.revocation, archive.extraCertificates)).subarray(
      sealed.length,
    ),
  );
  const pdf = new Uint8Array(sealed.length + suffix.length);
  pdf.set(sealed);
  pdf.set(suffix, sealed.length);
  const expiry = archiveTimestampExpiryOf(suffix);
  return { pdf, ...(expiry ? { archiveTimestampExpiresAt: expiry.toISOString() } : {}) };
};
