// The seal's certificate chain as configuration gives it (PEM, the seal certificate first) and as CMS embeds it
// (DER), checked once at start-up: each certificate issued by the next, so that a misordered or foreign
// chain stops the service instead of producing PDFs that no validator accepts.
import { X509Certificate } from 'node:crypto';
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate } from '@peculiar/asn1-x509';
import { AppError } from '../errors.ts';

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** DER certificates of a PEM bundle, in the order given; the seal certificate must come first. */
export const certificateChainFromPem = (pem: string): Uint8Array[] => {
  const blocks = pem.match(PEM_CERTIFICATE) ?? [];
  if (blocks.length === 0)
    throw new AppError('INTERNAL', 'The seal certificate chain holds no PEM certificate.');
  const chain = blocks.map((block) => new X509Certificate(block));
  chain.forEach((certificate, index) => {
    const issuer = chain[index + 1];
    if (issuer && !certificate.checkIssued(issuer)) {
      throw new AppError(
        'INTERNAL',
        `Seal certificate chain: "${certificate.subject}" was not issued by the next one, "${issuer.subject}".`,
      );
    }
  });
  return chain.map((certificate) => {
    const der = new Uint8Array(certificate.raw);
    parseEmbeddableCertificate(der);
    return der;
  });
};

/**
 * A certificate as the CMS embeds it. The ASN.1 schemas re-encode what they parse, so a certificate whose
 * encoding would not survive that unchanged (not strict DER) is refused rather than embedded altered.
 */
export const parseEmbeddableCertificate = (der: Uint8Array): Certificate => {
  const certificate = AsnConvert.parse(der, Certificate);
  if (!Buffer.from(AsnConvert.serialize(certificate)).equals(der)) {
    throw new AppError(
      'INTERNAL',
      `The seal certificate "${new X509Certificate(der).subject}" is not strict DER and cannot be embedded unchanged.`,
    );
  }
  return certificate;
};
