// The issued certificate's file: rendered from the reserved certificate, then sealed (docs/architecture.md §3,
// steps 2 and 3). Its own module because it carries pdf-lib, fontkit, the QR encoder and the ASN.1/CMS
// libraries, three-fifths of the api and portal bundles: issue-certificate.ts loads it by import() when an
// issuance renders, so that a cold start of a function that only lists, edits or reads loads none of it
// (docs/architecture.md §12).
import type { Certificate } from '../certificates/certificate.ts';
import type { SealKey, Settle, TimestampAuthority } from '../ports.ts';
import { type RenderRequest, renderCertificatePdf } from '../rendering/render-certificate.ts';
import { sealDetailsOf, sealPdf } from '../sealing/pades.ts';

/**
 * The PDF to store: the same bytes for one reserved certificate, so a resumed issuance stores the same file. The
 * rendering is deterministic; what is not (the seal's CMS with its timestamp) is settled (docs/legal.md §3).
 */
export const sealedCertificatePdf = async (
  request: Omit<RenderRequest, 'certificate' | 'draft'> & {
    certificate: Certificate;
    seal?: SealKey;
    timestamps?: TimestampAuthority;
    settle: Settle;
  },
): Promise<Uint8Array> => {
  const { seal, timestamps, settle, ...render } = request;
  const rendered = await renderCertificatePdf(render);
  // PAdES seal, dated issuedAt: a re-run after a crash seals the same rendering with the same details
  return seal
    ? sealPdf(rendered, seal, sealDetailsOf(request.certificate), {
        settle,
        ...(timestamps ? { timestamps } : {}),
      })
    : rendered;
};
