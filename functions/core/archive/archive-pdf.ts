// The renewed file of an archive renewal (docs/legal.md §5): its own module, loaded by import() when a renewal
// runs, because it carries pdf-lib and the ASN.1 schemas (docs/architecture.md §12).
import type { RevocationSource, TimestampAuthority } from '../ports.ts';
import { archiveTimestampExpiryOf, withArchiveTimestamp } from '../sealing/pades-ltv.ts';

/** The PDF of `certificate` with a new DSS and a new document timestamp, and that timestamp's expiry. */
export const renewedArchivePdf = async (
  deps: {
    timestamps: TimestampAuthority;
    revocation: RevocationSource;
    extraCertificates?: readonly Uint8Array[] | undefined;
  },
  pdf: Uint8Array,
): Promise<{ pdf: Uint8Array; expiresAt: Date | undefined }> => {
  const renewed = await withArchiveTimestamp(pdf, deps.timestamps, deps.revocation, deps.extraCertificates);
  return { pdf: renewed, expiresAt: archiveTimestampExpiryOf(renewed.subarray(pdf.length)) };
};
