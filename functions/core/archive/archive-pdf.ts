// The renewed file of an archive renewal (docs/legal.md §5): its own module, loaded by import() when a renewal
// runs, because it carries pdf-lib and the ASN.1 schemas (docs/architecture.md §12).
import type { RevocationSource, TimestampAuthority } from '../ports.ts';
import {
  addDocumentTimestamp,
  addValidationData,
  collectValidationData,
  docTimestampRoom,
  lastDocumentTimestampToken,
  timestampExpiryOf,
} from '../sealing/pades-ltv.ts';
import { loadForUpdate } from '../sealing/pdf-incremental.ts';

/** The PDF of `certificate` with a new DSS and a new document timestamp, and that timestamp's expiry. */
export const renewedArchivePdf = async (
  deps: {
    timestamps: TimestampAuthority;
    revocation: RevocationSource;
    extraCertificates?: readonly Uint8Array[] | undefined;
  },
  pdf: Uint8Array,
): Promise<{ pdf: Uint8Array; expiresAt: Date | undefined }> => {
  const doc = await loadForUpdate(pdf);
  const data = await collectValidationData(doc, deps.revocation, deps.extraCertificates);
  const renewed = await addDocumentTimestamp(
    await addValidationData(pdf, data, doc),
    deps.timestamps.timestamp,
    docTimestampRoom(),
    doc,
  );
  const token = lastDocumentTimestampToken(renewed.subarray(pdf.length));
  return { pdf: renewed, expiresAt: token ? timestampExpiryOf(token) : undefined };
};
