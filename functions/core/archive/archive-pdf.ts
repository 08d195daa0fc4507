// The renewed file of an archive renewal (docs/legal.md §5): its own module, loaded by import() when a renewal
// runs, because it carries pdf-lib and the ASN.1 schemas (docs/architecture.md §12).
import { PDFDocument } from 'pdf-lib';
import type { RevocationSource, TimestampAuthority } from '../ports.ts';
import {
  addDocumentTimestamp,
  addValidationData,
  archiveTimestampExpiry,
  collectValidationData,
} from '../sealing/pades-ltv.ts';

/** The PDF of `certificate` with a new DSS and a new document timestamp, and that timestamp's expiry. */
export const renewedArchivePdf = async (
  deps: {
    timestamps: TimestampAuthority;
    revocation: RevocationSource;
    extraCertificates?: readonly Uint8Array[] | undefined;
  },
  pdf: Uint8Array,
): Promise<{ pdf: Uint8Array; expiresAt: Date | undefined }> => {
  const data = await collectValidationData(
    await PDFDocument.load(pdf, { updateMetadata: false }),
    deps.revocation,
    deps.extraCertificates,
  );
  const renewed = await addDocumentTimestamp(await addValidationData(pdf, data), deps.timestamps.timestamp);
  return {
    pdf: renewed,
    expiresAt: archiveTimestampExpiry(await PDFDocument.load(renewed, { updateMetadata: false })),
  };
};
