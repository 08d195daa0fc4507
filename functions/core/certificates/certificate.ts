// An issued certificate of record: its serial, public verification code and the content printed on it.
import type { PostalAddress } from '../accounts.ts';
import type { CertificateType } from '../applications/application.ts';
import type { CertificateOfOriginData } from '../applications/certificate-of-origin.ts';
import type { EurOneData } from '../applications/movement-certificate-eur1.ts';
import { AppError } from '../errors.ts';

export type CertificateStatus = 'ISSUING' | 'ISSUED' | 'REVOKED' | 'SUPERSEDED';

/** The exporter's data, typed by the certificate type it was validated for. */
export type CertificateData =
  | { type: 'co'; data: CertificateOfOriginData }
  | { type: 'eur1'; data: EurOneData };

/** Everything printed on the certificate; hashed into the QR seal, so it is frozen at reservation. */
export type CertificateContent = CertificateData & {
  serial: string;
  issuedAt: string;
  /** The date printed on the certificate, in the issuer's time zone (YYYY-MM-DD). */
  issueDate: string;
  issuer: { id: string; name: string; nameLocal: string; country: string; city: string };
  exporter: { name: string; address: PostalAddress; taxId?: string };
  /** The serial of the certificate this one replaces, printed in the remarks. */
  replaces?: string;
  /**
   * The exporter's declaration the application was submitted with, printed as "Declared electronically by …";
   * `printedAt` is its date and time at the issuer's seat (DD.MM.YYYY HH:MM). Absent on certificates issued
   * before declarations were signed, which print as they did (docs/legal.md §8).
   */
  declaration?: { name: string; function: string; place: string; at: string; printedAt: string };
};

export interface Certificate {
  code: string;
  serial: string;
  issuerId: string;
  orgId: string;
  applicationId: string;
  type: CertificateType;
  status: CertificateStatus;
  issuedAt: string;
  keyId: string;
  /** Compact JWS carried in the QR code; signed at reservation so a resumed issuance renders identical bytes. */
  jws: string;
  content: CertificateContent;
  /**
   * Its bit in the chamber's Bitstring Status List: random, drawn at reservation and claimed there so that no two
   * certificates share it. Absent on certificates issued before credentials.
   */
  statusListIndex?: number;
  /**
   * The certificate as a W3C Verifiable Credential (compact JWS, typ vc+jwt), signed when the certificate is
   * committed, because it carries the sealed PDF's SHA-256; stored once, in the commit (docs/architecture.md §3).
   */
  credential?: string;
  sha256?: string;
  objectKey?: string;
  objectVersionId?: string;
  revocation?: { at: string; reason: RevocationReason; by: string };
  /** The certificate issued to replace this one, whether this one is SUPERSEDED or stays REVOKED. */
  replacedBy?: { serial: string; code: string; at: string };
  /** Set, with `replacedBy`, only when an unrevoked certificate became SUPERSEDED; kept for older readers. */
  supersededBy?: { serial: string; code: string; at: string };
  /**
   * When the TSA certificate of the PDF's newest archive (document) timestamp expires: the renewal is due before
   * then (docs/legal.md §5). Absent on a PDF without one.
   */
  archiveTimestampExpiresAt?: string;
  /**
   * The earlier versions of the PDF, oldest first, each a byte prefix of the next: `sha256`, `objectKey` and
   * `objectVersionId` above are the newest. A file of any version verifies, as an earlier one (docs/legal.md §5).
   */
  archiveVersions?: ArchiveVersion[];
}

export interface ArchiveVersion {
  sha256: string;
  objectKey: string;
  objectVersionId?: string;
  /** When a renewal made a newer version of it. */
  renewedAt: string;
}

export const REVOCATION_REASONS = [
  'issued-in-error',
  'incorrect-data',
  'goods-not-originating',
  'fraud',
  'exporter-request',
  'other',
] as const;
export type RevocationReason = (typeof REVOCATION_REASONS)[number];

/**
 * Revocations that say the goods or the exporter's claim were never true: such a certificate is not corrected by
 * a replacement, the exporter must apply afresh and be reviewed as such (docs/architecture.md §2).
 */
export const REASONS_FORBIDDING_REPLACEMENT: readonly RevocationReason[] = ['fraud', 'goods-not-originating'];

/** Why this certificate cannot be replaced (now or by a replacement approved now), or undefined when it can. */
export const replacementRefusal = (
  certificate: Pick<Certificate, 'serial' | 'status' | 'revocation' | 'replacedBy' | 'supersededBy'>,
): AppError | undefined => {
  if (certificate.status === 'SUPERSEDED' || certificate.replacedBy || certificate.supersededBy) {
    const by = certificate.replacedBy ?? certificate.supersededBy;
    return new AppError(
      'ALREADY_REPLACED',
      `Certificate ${certificate.serial} has already been replaced${by ? ` by ${by.serial}` : ''}.`,
    );
  }
  if (certificate.status === 'ISSUING') {
    return new AppError('INVALID_TRANSITION', `Certificate ${certificate.serial} is still being issued.`);
  }
  const reason = certificate.revocation?.reason;
  if (certificate.status === 'REVOKED' && reason && REASONS_FORBIDDING_REPLACEMENT.includes(reason)) {
    return new AppError(
      'REPLACEMENT_FORBIDDEN',
      `Certificate ${certificate.serial} was revoked for ${reason}; it cannot be replaced. Apply for a new certificate instead.`,
    );
  }
  return undefined;
};

/**
 * Why a reservation of a replacement was refused when the certificate it replaces changed since it was read: the
 * rule its state now breaks, or else a plain conflict to reload and retry. Every store answers the same.
 */
export const replacedCertificateChanged = (
  now: Certificate | undefined,
  replaced: Pick<Certificate, 'serial'>,
  cause: unknown,
): AppError =>
  (now && replacementRefusal(now)) ??
  new AppError(
    'VERSION_CONFLICT',
    `Certificate ${replaced.serial} changed meanwhile; reload and try again.`,
    {
      cause,
    },
  );

/**
 * The replaced certificate once its replacement is issued: a valid one becomes SUPERSEDED, a revoked one stays
 * REVOKED with its reason; both link forward (docs/architecture.md §2). A revocation is never laundered.
 */
export const asReplaced = (
  old: Certificate,
  replacement: Pick<Certificate, 'serial' | 'code'>,
  at: string,
): Certificate => {
  const link = { serial: replacement.serial, code: replacement.code, at };
  return old.status === 'REVOKED'
    ? { ...old, replacedBy: link }
    : { ...old, status: 'SUPERSEDED', replacedBy: link, supersededBy: link };
};

/** A series is gap-free per issuer, certificate type and year. */
export interface SerialSeries {
  issuerId: string;
  type: CertificateType;
  year: number;
}

export const formatSerial = (prefix: string, series: SerialSeries, number: number): string =>
  `${prefix}-${series.type.toUpperCase()}-${series.year}-${String(number).padStart(6, '0')}`;

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** Crockford base32 of random bytes; 10 bytes give 80 bits in 16 characters. */
export const encodeVerificationCode = (bytes: Uint8Array): string => {
  let bits = 0;
  let buffer = 0;
  let out = '';
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += CROCKFORD[(buffer >> bits) & 31];
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits > 0) out += CROCKFORD[(buffer << (5 - bits)) & 31];
  return out;
};

export const VERIFICATION_CODE_BYTES = 10;
export const VERIFICATION_CODE_PATTERN = /^[0-9A-HJKMNP-TV-Z]{16}$/;

export const certificateObjectKey = (issuerId: string, serial: string): string =>
  `certificates/${issuerId}/${serial}.pdf`;

export const verifyUrl = (publicBaseUrl: string, code: string): string =>
  `${publicBaseUrl.replace(/\/$/, '')}/v/${code}`;
