// The PAdES seal on an issued PDF (docs/architecture.md §4; ETSI EN 319 142-1 baseline B-B, and B-T with a
// time-stamping authority, docs/legal.md §1): an invisible signature field whose signature dictionary (SubFilter
// ETSI.CAdES.detached, /M, /Name, /Reason, /Location) holds a detached CAdES signature over the whole file except
// the signature itself. The document is written once with room for the signature (and its timestamp token), its
// ByteRange is filled in, and the CMS over those bytes goes into the reserved /Contents.
// Deterministic apart from the CMS: same PDF, key and details give the same bytes around it. The CMS itself is
// not (a timestamp, an ECDSA or remote signature): given a Settle, it is settled once per digest of the bytes it
// signs (docs/legal.md §3), so every run that seals the same rendering stores the same file.
import { createHash } from 'node:crypto';
import {
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFNumber,
  type PDFRef,
  PDFString,
} from 'pdf-lib';
import type { Certificate } from '../certificates/certificate.ts';
import { AppError } from '../errors.ts';
import type { SealKey, Settle, TimestampAuthority } from '../ports.ts';
import { buildCadesSignature, maxCadesSignatureBytes } from './pades-cms.ts';
import {
  BYTE_RANGE_PLACEHOLDER,
  fillByteRange,
  latin1,
  SIGNATURE_WIDGET_FLAGS,
} from './signature-placeholder.ts';

export interface SealDetails {
  /** The claimed signing time, written to /M: the certificate's issuedAt, so that a re-run seals alike. */
  signingTime: Date;
  reason: string;
  location: string;
  /** Who sealed: the chamber's name. */
  name: string;
  contactInfo?: string;
}

export const PADES_SUBFILTER = 'ETSI.CAdES.detached';

/**
 * The room kept in /Contents for the signature timestamp token. Measured: the local TSA's token is about 1.3 KB
 * (an EC P-256 certificate); a qualified provider's with an RSA-4096 signature and a chain of three RSA
 * certificates is 6–7 KB. A larger token fails the seal clearly, and the issuance waits (docs/legal.md §2).
 */
export const TIMESTAMP_TOKEN_ROOM_BYTES = 8 * 1024;

export interface SealOptions {
  /** B-T: the signature timestamp comes from here; without it the seal is B-B. */
  timestamps?: TimestampAuthority;
  /** Fixes the CMS once per issuance (docs/legal.md §3); without it every call makes a new one. */
  settle?: Settle;
}

/** AcroForm SigFlags SignaturesExist (1) and AppendOnly (2). */
const SIG_FLAGS = 3;

const TYPE_LABELS: Record<Certificate['type'], string> = {
  co: 'Certificate of origin',
  eur1: 'Movement certificate EUR.1',
};

/** What the signature dictionary says about a certificate's seal. */
export const sealDetailsOf = (certificate: {
  type: Certificate['type'];
  serial: string;
  issuedAt: string;
  content: { issuer: Pick<Certificate['content']['issuer'], 'name' | 'city' | 'country'> };
}): SealDetails => {
  const { issuer } = certificate.content;
  return {
    signingTime: new Date(certificate.issuedAt),
    reason: `${TYPE_LABELS[certificate.type]} ${certificate.serial} issued by ${issuer.name}`,
    location: `${issuer.city}, ${issuer.country}`,
    name: issuer.name,
  };
};

/** Adds the signature field and a signature dictionary whose /Contents holds `reserved` zero bytes. */
const withPlaceholder = async (pdf: Uint8Array, details: SealDetails, reserved: number) => {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  const { context } = doc;
  const [page] = doc.getPages();
  if (!page) throw new AppError('INTERNAL', 'A PDF without pages cannot be sealed.');
  const placeholder = PDFName.of(BYTE_RANGE_PLACEHOLDER);
  const signature = context.obj({
    Type: 'Sig',
    Filter: 'Adobe.PPKLite',
    SubFilter: PADES_SUBFILTER,
    // ByteRange before Contents: the ByteRange is found first, then the Contents after it
    ByteRange: context.obj([PDFNumber.of(0), placeholder, placeholder, placeholder]),
    Contents: PDFHexString.of('00'.repeat(reserved)),
    M: PDFString.fromDate(details.signingTime),
    Name: PDFHexString.fromText(details.name),
    Reason: PDFHexString.fromText(details.reason),
    Location: PDFHexString.fromText(details.location),
    ...(details.contactInfo ? { ContactInfo: PDFHexString.fromText(details.contactInfo) } : {}),
    Prop_Build: { App: { Name: 'tradecert' } },
  });
  const widget: PDFRef = context.register(
    context.obj({
      Type: 'Annot',
      Subtype: 'Widget',
      FT: 'Sig',
      T: PDFHexString.fromText('Chamber seal'),
      Rect: [0, 0, 0, 0],
      F: SIGNATURE_WIDGET_FLAGS,
      P: page.ref,
      V: context.register(signature),
    }),
  );
  const annotations = page.node.lookupMaybe(PDFName.of('Annots'), PDFArray) ?? context.obj([]);
  annotations.push(widget);
  page.node.set(PDFName.of('Annots'), annotations);
  const existing = doc.catalog.lookupMaybe(PDFName.of('AcroForm'), PDFDict);
  const form = existing ?? context.obj({ Fields: [] });
  if (!existing) doc.catalog.set(PDFName.of('AcroForm'), context.register(form));
  const fields = form.lookupMaybe(PDFName.of('Fields'), PDFArray) ?? context.obj([]);
  fields.push(widget);
  form.set(PDFName.of('Fields'), fields);
  form.set(PDFName.of('SigFlags'), PDFNumber.of(SIG_FLAGS));
  // no object streams: the signature dictionary must be found, and filled in, as plain text
  return doc.save({ useObjectStreams: false, addDefaultPage: false, updateFieldAppearances: false });
};

const sha256 = (bytes: Uint8Array) => new Uint8Array(createHash('sha256').update(bytes).digest());

/** Seals `pdf` with a PAdES signature of `sealKey`: B-T when `options.timestamps` is given, else B-B. */
export const sealPdf = async (
  pdf: Uint8Array,
  sealKey: SealKey,
  details: SealDetails,
  options: SealOptions = {},
): Promise<Uint8Array> => {
  const { timestamps, settle } = options;
  const reserved = await maxCadesSignatureBytes(
    sealKey,
    timestamps ? { tokenBytes: TIMESTAMP_TOKEN_ROOM_BYTES } : {},
  );
  const file = await withPlaceholder(pdf, details, reserved);
  const { start, end } = fillByteRange(file, reserved);
  const digest = new Uint8Array(
    createHash('sha256').update(file.subarray(0, start)).update(file.subarray(end)).digest(),
  );
  const make = async () => {
    const cms = await buildCadesSignature(
      digest,
      sealKey,
      timestamps ? (signature) => timestamps.timestamp(sha256(signature)) : undefined,
    );
    // checked before it is settled: a CMS that cannot be embedded is never kept
    if (cms.length > reserved)
      throw new AppError(
        'INTERNAL',
        `A seal of ${cms.length} bytes does not fit the ${reserved} reserved` +
          (timestamps ? ` (${TIMESTAMP_TOKEN_ROOM_BYTES} of them for the timestamp token).` : '.'),
      );
    return cms;
  };
  // named by the digest it signs: a run that rendered other bytes (another room, another template) gets its own
  const cms = settle ? await settle(`seal-${Buffer.from(digest).toString('hex')}`, make) : await make();
  latin1(file).write(Buffer.from(cms).toString('hex').toUpperCase(), start + 1, 'latin1');
  return file;
};
