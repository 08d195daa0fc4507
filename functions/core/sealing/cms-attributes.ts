// The CMS pieces that the seal (pades-cms.ts) and the time-stamp tokens (RFC 3161, RFC 5816) share: the
// signing-certificate-v2 attribute (RFC 5035), the signed attributes as the signature covers them, and the SHA-256
// algorithm identifier. ESS SigningCertificateV2 has no published schema, so it is declared here with the
// library's own schema decorators, applied as plain functions (the project compiles without experimentalDecorators).
import { createHash } from 'node:crypto';
import { Attribute } from '@peculiar/asn1-cms';
import { AsnArray, AsnConvert, AsnProp, AsnType, AsnTypeTypes, OctetString } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier, type Certificate, GeneralName, GeneralNames } from '@peculiar/asn1-x509';
import { IssuerSerial } from '@peculiar/asn1-x509-attr';

export const ID_SIGNING_CERTIFICATE_V2 = '1.2.840.113549.1.9.16.2.47';
export const ID_SHA256 = '2.16.840.1.101.3.4.2.1'; // RFC 5754 §2.2
/** RFC 5754 §2: SHA-2 algorithm identifiers are generated without parameters. */
export const SHA256 = new AlgorithmIdentifier({ algorithm: ID_SHA256 });

/** RFC 5035: ESSCertIDv2 ::= SEQUENCE { hashAlgorithm DEFAULT id-sha256, certHash, issuerSerial OPTIONAL } */
export class EssCertIdV2 {
  hashAlgorithm = new AlgorithmIdentifier(SHA256);
  certHash = new OctetString();
  issuerSerial?: IssuerSerial;
  constructor(params: Partial<EssCertIdV2> = {}) {
    Object.assign(this, params);
  }
}
AsnType({ type: AsnTypeTypes.Sequence })(EssCertIdV2);
AsnProp({ type: AlgorithmIdentifier, defaultValue: SHA256 })(EssCertIdV2.prototype, 'hashAlgorithm');
AsnProp({ type: OctetString })(EssCertIdV2.prototype, 'certHash');
AsnProp({ type: IssuerSerial, optional: true })(EssCertIdV2.prototype, 'issuerSerial');

/** RFC 5035: SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2, policies OPTIONAL } */
export class SigningCertificateV2 {
  certs: EssCertIdV2[] = [];
  constructor(params: Partial<SigningCertificateV2> = {}) {
    Object.assign(this, params);
  }
}
AsnType({ type: AsnTypeTypes.Sequence })(SigningCertificateV2);
AsnProp({ type: EssCertIdV2, repeated: 'sequence' })(SigningCertificateV2.prototype, 'certs');

/** SignedAttributes ::= SET SIZE (1..MAX) OF Attribute, encoded on its own: the bytes the signature covers. */
export class SignedAttributes extends AsnArray<Attribute> {
  constructor(items?: Attribute[]) {
    super(items);
    Object.setPrototypeOf(this, SignedAttributes.prototype);
  }
}
AsnType({ type: AsnTypeTypes.Set, itemType: Attribute })(SignedAttributes);

export const sha256Of = (bytes: Uint8Array): Buffer => createHash('sha256').update(bytes).digest();
export const arrayBuffer = (bytes: Uint8Array): ArrayBuffer => new Uint8Array(bytes).buffer;

export const attribute = (attrType: string, value: unknown): Attribute =>
  new Attribute({ attrType, attrValues: [AsnConvert.serialize(value)] });

/** X.690 §11.6: the elements of a DER SET OF in ascending order of their encodings. */
export const inDerSetOrder = (attributes: Attribute[]): Attribute[] =>
  attributes
    .map((item) => ({ item, der: Buffer.from(AsnConvert.serialize(item)) }))
    .sort((a, b) => Buffer.compare(a.der, b.der))
    .map(({ item }) => item);

/** RFC 5652 §5.4: a signature covers the attributes as a SET OF, not with the [0] tag they are sent with. */
export const signedAttributesDer = (attributes: Attribute[]): Uint8Array =>
  new Uint8Array(AsnConvert.serialize(new SignedAttributes(attributes)));

/** The signing-certificate-v2 attribute naming `certificate` (whose DER is `der`) by hash, issuer and serial. */
export const signingCertificateV2Attribute = (der: Uint8Array, certificate: Certificate): Attribute => {
  const { issuer, serialNumber } = certificate.tbsCertificate;
  const issuerSerial = new IssuerSerial({
    issuer: new GeneralNames([new GeneralName({ directoryName: issuer })]),
    serial: serialNumber,
  });
  // issuerUID is OPTIONAL and absent; the class starts it as an empty BIT STRING, which would be encoded
  Reflect.deleteProperty(issuerSerial, 'issuerUID');
  return attribute(
    ID_SIGNING_CERTIFICATE_V2,
    new SigningCertificateV2({
      certs: [new EssCertIdV2({ certHash: new OctetString(arrayBuffer(sha256Of(der))), issuerSerial })],
    }),
  );
};
