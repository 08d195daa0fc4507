// PAdES baseline B-LT and B-LTA (ETSI EN 319 142-1 §5.4, §5.5; docs/legal.md §4, §5), added to a sealed PDF as
// incremental updates so that the seal's bytes stay as they were signed:
// - validation data: the document security store (/DSS in the catalog) with every certificate the signatures and
//   timestamps carry and the CRLs their CAs publish, so that a validator years later needs nothing online;
// - a document timestamp: a signature field whose /V is /Type /DocTimeStamp, /SubFilter /ETSI.RFC3161, its
//   /Contents an RFC 3161 TimeStampToken over the SHA-256 of the whole file but that token. It proves the file,
//   DSS included, existed then; a later one, added before this one's TSA certificate expires, renews the proof.
import { createHash } from 'node:crypto';
import { ContentInfo, SignedData } from '@peculiar/asn1-cms';
import { AsnConvert } from '@peculiar/asn1-schema';
import {
  Certificate,
  CertificateList,
  CRLDistributionPoints,
  id_ce_cRLDistributionPoints,
} from '@peculiar/asn1-x509';
import {
  PDFArray,
  PDFDict,
  type PDFDocument,
  PDFHexString,
  PDFName,
  PDFNumber,
  PDFRawStream,
  type PDFRef,
} from 'pdf-lib';
import { sha256Hex } from '../canonical-json.ts';
import { AppError } from '../errors.ts';
import type { RevocationSource, TimestampAuthority } from '../ports.ts';
import { loadForUpdate, updatePdf } from './pdf-incremental.ts';
import {
  BYTE_RANGE_PLACEHOLDER,
  fillByteRange,
  latin1,
  SIGNATURE_WIDGET_FLAGS,
} from './signature-placeholder.ts';

export const DOC_TIMESTAMP_SUBFILTER = 'ETSI.RFC3161';
/** RFC 3161 §2.4.2, CAdES: the unsigned attribute that carries a signature timestamp token. */
const ID_SIGNATURE_TIMESTAMP_TOKEN = '1.2.840.113549.1.9.16.2.14';
/**
 * Room for a document timestamp token with its TSA certificate: the local TSA's take about 1.3 KB, a qualified
 * TSA's with an RSA chain 6–7 KB. Reserved room is written as zeros, twice its size in hex, so it follows the
 * tokens this process has seen: the longest and a margin, at least DOC_TIMESTAMP_RESERVED_BYTES. A token that
 * does not fit is asked for again with room for it (the first issuance after a start, with a large one).
 */
export const DOC_TIMESTAMP_RESERVED_BYTES = 4 * 1024;
const TOKEN_MARGIN_BYTES = 512;
let longestToken = 0;
export const docTimestampRoom = (): number =>
  Math.max(DOC_TIMESTAMP_RESERVED_BYTES, longestToken + TOKEN_MARGIN_BYTES);

/** A signature or timestamp as the file holds it: its dictionary, the CMS in /Contents, the bytes it covers. */
export interface PdfSignature {
  subFilter: string;
  byteRange: [number, number, number, number];
  /** The DER CMS (ContentInfo), the padding after it cut off. */
  cms: Uint8Array;
}

const derLength = (bytes: Uint8Array): number => {
  // a ContentInfo is a SEQUENCE: 0x30, then a short or long DER length
  const first = bytes[1] ?? 0;
  if (first < 0x80) return 2 + first;
  const count = first & 0x7f;
  let length = 0;
  for (let index = 0; index < count; index += 1) length = length * 256 + (bytes[2 + index] ?? 0);
  return 2 + count + length;
};

/** Every signature and document timestamp of `doc`, in the order of their fields. */
export const signaturesOf = (doc: PDFDocument): PdfSignature[] => {
  const form = doc.catalog.lookupMaybe(PDFName.of('AcroForm'), PDFDict);
  const fields = form?.lookupMaybe(PDFName.of('Fields'), PDFArray)?.asArray() ?? [];
  return fields.flatMap((field) => {
    const value = doc.context.lookupMaybe(field, PDFDict)?.lookupMaybe(PDFName.of('V'), PDFDict);
    const contents = value?.lookupMaybe(PDFName.of('Contents'), PDFHexString);
    const range = value?.lookupMaybe(PDFName.of('ByteRange'), PDFArray);
    if (!value || !contents || !range) return [];
    const bytes = contents.asBytes();
    return [
      {
        subFilter: value.lookup(PDFName.of('SubFilter'), PDFName).decodeText(),
        byteRange: range.asArray().map((item) => (item as PDFNumber).asNumber()) as PdfSignature['byteRange'],
        cms: bytes.subarray(0, derLength(bytes)),
      },
    ];
  });
};

const signedDataOf = (cms: Uint8Array): SignedData =>
  AsnConvert.parse(AsnConvert.parse(cms, ContentInfo).content, SignedData);

const tokensIn = (signedData: SignedData): Uint8Array[] =>
  signedData.signerInfos.flatMap((signer) =>
    (signer.unsignedAttrs ?? [])
      .filter(({ attrType }) => attrType === ID_SIGNATURE_TIMESTAMP_TOKEN)
      .flatMap(({ attrValues }) => attrValues.map((value) => new Uint8Array(value))),
  );

const certificatesIn = (signedData: SignedData): Uint8Array[] =>
  (signedData.certificates ?? []).flatMap((choice) =>
    choice.certificate ? [new Uint8Array(AsnConvert.serialize(choice.certificate))] : [],
  );

/** The timestamp tokens of a CMS: the signature timestamps in its signers' unsigned attributes. */
export const timestampTokensOf = (cms: Uint8Array): Uint8Array[] => tokensIn(signedDataOf(cms));

/** The DER certificates a CMS carries. */
export const certificatesOf = (cms: Uint8Array): Uint8Array[] => certificatesIn(signedDataOf(cms));

/** The URLs of a certificate's cRLDistributionPoints (RFC 5280 §4.2.1.13). */
export const crlUrlsOf = (der: Uint8Array): string[] => {
  const extension = AsnConvert.parse(der, Certificate).tbsCertificate.extensions?.find(
    ({ extnID }) => extnID === id_ce_cRLDistributionPoints,
  );
  if (!extension) return [];
  return AsnConvert.parse(extension.extnValue, CRLDistributionPoints).flatMap(
    (point) =>
      point.distributionPoint?.fullName?.flatMap(({ uniformResourceIdentifier: url }) =>
        url?.startsWith('http') ? [url] : [],
      ) ?? [],
  );
};

export interface ValidationData {
  certificates: Uint8Array[];
  crls: Uint8Array[];
}

const unique = (items: Uint8Array[]) => [
  ...new Map(items.map((item) => [sha256Hex(item), item] as const)).values(),
];

/** What the validation data needs of a certificate; the same few certificates come again on every issuance. */
interface CertificateFacts {
  selfIssued: boolean;
  crlUrls: string[];
}
const factsByHash = new Map<string, CertificateFacts>();
const factsOf = (der: Uint8Array): CertificateFacts => {
  const hash = sha256Hex(der);
  let facts = factsByHash.get(hash);
  if (!facts) {
    const { issuer, subject } = AsnConvert.parse(der, Certificate).tbsCertificate;
    const selfIssued = Buffer.from(AsnConvert.serialize(issuer)).equals(
      Buffer.from(AsnConvert.serialize(subject)),
    );
    facts = { selfIssued, crlUrls: selfIssued ? [] : crlUrlsOf(der) };
    factsByHash.set(hash, facts);
  }
  return facts;
};
/** CRLs checked to be CRLs, by hash: a CRL fetched again unchanged is not parsed again. */
const checkedCrls = new Set<string>();

/**
 * What a validator needs for every signature and timestamp in `pdf`: their certificates (and `extra`, e.g. a
 * TSA's CA certificates its tokens leave out), and for each certificate that is not self-issued the CRLs its
 * cRLDistributionPoints name, fetched now.
 */
export const collectValidationData = async (
  doc: PDFDocument,
  revocation: RevocationSource,
  extra: readonly Uint8Array[] = [],
): Promise<ValidationData> => {
  const certificates = unique([
    ...signaturesOf(doc).flatMap(({ cms }) => {
      const signedData = signedDataOf(cms);
      return [...certificatesIn(signedData), ...tokensIn(signedData).flatMap(certificatesOf)];
    }),
    ...extra,
  ]);
  const urls = new Set(certificates.flatMap((der) => factsOf(der).crlUrls));
  const crls = await Promise.all([...urls].map((url) => revocation.crl(url)));
  for (const crl of crls) {
    const hash = sha256Hex(crl);
    if (checkedCrls.has(hash)) continue;
    AsnConvert.parse(crl, CertificateList); // a CDP that answers something else is an error
    checkedCrls.add(hash);
  }
  return { certificates, crls: unique(crls) };
};

const streamsOf = (doc: PDFDocument, dss: PDFDict | undefined, key: string): Map<string, PDFRef> => {
  const known = new Map<string, PDFRef>();
  for (const ref of dss?.lookupMaybe(PDFName.of(key), PDFArray)?.asArray() ?? []) {
    const stream = doc.context.lookup(ref);
    if (stream instanceof PDFRawStream) known.set(sha256Hex(stream.getContents()), ref as PDFRef);
  }
  return known;
};

/**
 * `pdf` with an incremental update whose /DSS holds what it held before and `data` besides. Deterministic: the
 * same file and data give the same bytes. `doc` is `pdf` loaded, when the caller has it (it is edited).
 */
export const addValidationData = (
  pdf: Uint8Array,
  data: ValidationData,
  doc?: PDFDocument,
): Promise<Uint8Array> =>
  updatePdf(
    pdf,
    (doc) => {
      const { context } = doc;
      const previous = doc.catalog.lookupMaybe(PDFName.of('DSS'), PDFDict);
      const entries = (key: string, items: Uint8Array[]) => {
        const refs = streamsOf(doc, previous, key);
        for (const item of items) {
          const hash = sha256Hex(item);
          if (!refs.has(hash)) refs.set(hash, context.register(context.stream(item)));
        }
        return context.obj([...refs.values()]);
      };
      const dss = context.obj({
        Type: 'DSS',
        Certs: entries('Certs', data.certificates),
        CRLs: entries('CRLs', data.crls),
      });
      doc.catalog.set(PDFName.of('DSS'), context.register(dss));
      return [context.trailerInfo.Root as PDFRef];
    },
    doc,
  );

/**
 * `pdf` with an incremental update adding a document timestamp over all of it (ISO 32000-2 §12.8.5). `timestamp`
 * gets the SHA-256 of the bytes the ByteRange covers and answers with the token (the TSA, or a token settled
 * before for this very digest).
 */
export const addDocumentTimestamp = async (
  pdf: Uint8Array,
  timestamp: TimestampAuthority['timestamp'],
  reserved = docTimestampRoom(),
  loaded?: PDFDocument,
): Promise<Uint8Array> => {
  let count = 0;
  const file = await updatePdf(
    pdf,
    (doc) => {
      const { context } = doc;
      const [page] = doc.getPages();
      if (!page) throw new AppError('INTERNAL', 'A PDF without pages cannot be timestamped.');
      const form = doc.catalog.lookupMaybe(PDFName.of('AcroForm'), PDFDict);
      if (!form) throw new AppError('INTERNAL', 'Only a sealed PDF gets a document timestamp.');
      const fields = form.lookup(PDFName.of('Fields'), PDFArray);
      count = fields.size();
      const placeholder = PDFName.of(BYTE_RANGE_PLACEHOLDER);
      const value = context.obj({
        Type: 'DocTimeStamp',
        Filter: 'Adobe.PPKLite',
        SubFilter: DOC_TIMESTAMP_SUBFILTER,
        ByteRange: context.obj([PDFNumber.of(0), placeholder, placeholder, placeholder]),
        Contents: PDFHexString.of('00'.repeat(reserved)),
      });
      const widget = context.register(
        context.obj({
          Type: 'Annot',
          Subtype: 'Widget',
          FT: 'Sig',
          T: PDFHexString.fromText(`Archive timestamp ${count}`),
          Rect: [0, 0, 0, 0],
          F: SIGNATURE_WIDGET_FLAGS,
          P: page.ref,
          V: context.register(value),
        }),
      );
      fields.push(widget);
      const annotations = page.node.lookup(PDFName.of('Annots'), PDFArray);
      annotations.push(widget);
      // the arrays may be direct in their dictionaries or objects of their own: rewrite whichever holds them
      const holders = [
        form.get(PDFName.of('Fields')),
        page.node.get(PDFName.of('Annots')),
        doc.catalog.get(PDFName.of('AcroForm')),
        page.ref,
      ];
      return holders.filter((item): item is PDFRef => item !== undefined && 'objectNumber' in item);
    },
    loaded,
  );
  const { start, end } = fillByteRange(file, reserved, pdf.length);
  const digest = createHash('sha256').update(file.subarray(0, start)).update(file.subarray(end)).digest();
  const token = await timestamp(new Uint8Array(digest));
  longestToken = Math.max(longestToken, token.length);
  // asked again on a fresh load: `loaded` holds this attempt's field now
  if (token.length > reserved) return addDocumentTimestamp(pdf, timestamp, docTimestampRoom());
  latin1(file).write(Buffer.from(token).toString('hex').toUpperCase(), start + 1, 'latin1');
  return file;
};

/** The certificate that signed a timestamp token: the one its signer names by issuer and serial number. */
const signerCertificateOf = (token: Uint8Array): Certificate => {
  const signedData = signedDataOf(token);
  const sid = signedData.signerInfos[0]?.sid.issuerAndSerialNumber;
  const found = (signedData.certificates ?? [])
    .flatMap((choice) => (choice.certificate ? [choice.certificate] : []))
    .find(
      (certificate) =>
        sid !== undefined &&
        Buffer.from(certificate.tbsCertificate.serialNumber).equals(Buffer.from(sid.serialNumber)),
    );
  if (!found) throw new AppError('INTERNAL', 'The timestamp token does not carry its TSA certificate.');
  return found;
};

/**
 * The token of the last document timestamp written in `bytes` (a file, or the updates appended to one), read
 * from the text tradecert writes (no object streams), without parsing the whole file.
 */
export const lastDocumentTimestampToken = (bytes: Uint8Array): Uint8Array | undefined => {
  const text = latin1(bytes);
  const at = text.lastIndexOf(`/SubFilter /${DOC_TIMESTAMP_SUBFILTER}`);
  if (at === -1) return undefined;
  const start = text.indexOf('/Contents <', at) + '/Contents <'.length;
  const end = text.indexOf('>', start);
  if (start < '/Contents <'.length || end === -1) return undefined;
  const token = Buffer.from(text.toString('latin1', start, end), 'hex');
  return new Uint8Array(token.subarray(0, derLength(token)));
};

/** When a timestamp token stops proving anything by itself: its TSA certificate's notAfter. */
export const timestampExpiryOf = (token: Uint8Array): Date =>
  signerCertificateOf(token).tbsCertificate.validity.notAfter.getTime();

/**
 * `pdf` with the two B-LTA updates appended (docs/legal.md §4, §5): a DSS with the validation data of every
 * signature and timestamp it holds, then a document timestamp over all of it. The issuance's first archive
 * timestamp and every renewal are made alike. One parse of the file serves both updates.
 */
export const withArchiveTimestamp = async (
  pdf: Uint8Array,
  timestamps: TimestampAuthority,
  revocation: RevocationSource,
  extraCertificates?: readonly Uint8Array[],
): Promise<Uint8Array> => {
  const doc = await loadForUpdate(pdf);
  const data = await collectValidationData(doc, revocation, extraCertificates);
  const withDss = await addValidationData(pdf, data, doc);
  return addDocumentTimestamp(withDss, timestamps.timestamp, docTimestampRoom(), doc);
};

/** When the newest document timestamp in `appended` (the bytes a B-LTA update added) stops being verifiable. */
export const archiveTimestampExpiryOf = (appended: Uint8Array): Date | undefined => {
  const token = lastDocumentTimestampToken(appended);
  return token ? timestampExpiryOf(token) : undefined;
};
