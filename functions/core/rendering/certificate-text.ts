// The words of a certificate, by its type.
import type { CertificateContent } from '../certificates/certificate.ts';
import { certificateOfOriginText } from './certificate-of-origin-text.ts';
import { movementCertificateText } from './movement-certificate-text.ts';
import type { PrintedCertificate } from './printed-text.ts';
import type { Wording } from './wording.ts';

export const printedCertificate = (
  content: CertificateContent,
  wording: Wording,
  /** undefined for a staff preview: nothing printed may look as if it verifies. */
  verifyUrl: string | undefined,
): PrintedCertificate =>
  content.type === 'co'
    ? certificateOfOriginText(content, wording, verifyUrl)
    : movementCertificateText(content, wording, verifyUrl);
