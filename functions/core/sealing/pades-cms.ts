// The CMS SignedData of a PAdES baseline B-B signature (ETSI EN 319 142-1 §6.3, CAdES detached): SHA-256,
// signed attributes content-type, message-digest and signing-certificate-v2 (RFC 5035), no signing-time
// (B-B puts the time in the signature dictionary's /M), the seal certificate and its CA certificates embedded.
// Built with the @peculiar ASN.1 schemas (CMS, X.509, attribute certificates), a fraction of pkijs's weight in
// the api bundle; the attributes it shares with time-stamp tokens are in cms-attributes.ts.
// The private key stays behind the SealKey port (a key file or KMS).
import { X509Certificate } from 'node:crypto';
import {
  Attribute,
  CertificateChoices,
  CertificateSet,
  CMSVersion,
  ContentInfo,
  DigestAlgorithmIdentifiers,
  EncapsulatedContentInfo,
  IssuerAndSerialNumber,
  id_contentType,
  id_data,
  id_messageDigest,
  id_signedData,
  SignedData,
  SignerIdentifier,
  SignerInfo,
  SignerInfos,
} from '@peculiar/asn1-cms';
import { AsnConvert, AsnObjectIdentifierConverter, OctetString } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier, type Certificate } from '@peculiar/asn1-x509';
import { AppError } from '../errors.ts';
import type { SealKey } from '../ports.ts';
import {
  arrayBuffer,
  attribute,
  inDerSetOrder,
  SHA256,
  signedAttributesDer,
  signingCertificateV2Attribute,
} from './cms-attributes.ts';
import { parseEmbeddableCertificate } from './pades-certificates.ts';

export { ID_SIGNING_CERTIFICATE_V2 } from './cms-attributes.ts';

// Algorithm identifiers by their OIDs: the RSA and EC schema packages would add weight to the bundle for two
// constants, and asn1-rsa 2.11's `sha256WithRSAEncryption` constant names sha512-256 by mistake.
const ID_SHA256_WITH_RSA = '1.2.840.113549.1.1.11'; // RFC 4055 §5
const ID_ECDSA_WITH_SHA256 = '1.2.840.10045.4.3.2'; // RFC 5758 §3.2
/** RFC 3161 Appendix A: id-aa-signatureTimeStampToken. */
export const ID_SIGNATURE_TIME_STAMP_TOKEN = '1.2.840.113549.1.9.16.2.14';
/** A DER ECDSA P-256 signature is at most SEQUENCE { INTEGER(33), INTEGER(33) }. */
const ECDSA_P256_MAX_SIGNATURE_BYTES = 72;

const SIGNATURE_ALGORITHMS: Record<SealKey['algorithm'], AlgorithmIdentifier> = {
  // parameters absent for ECDSA (RFC 5758), NULL for RSA (RFC 4055)
  ECDSA_P256_SHA256: new AlgorithmIdentifier({ algorithm: ID_ECDSA_WITH_SHA256 }),
  RSA_PKCS1_SHA256: new AlgorithmIdentifier({ algorithm: ID_SHA256_WITH_RSA, parameters: null }),
};

/** The longest signature the seal certificate's key can make, checked against the algorithm the key claims. */
const maxSignatureBytesOf = (sealKey: SealKey, sealDer: Uint8Array): number => {
  const { asymmetricKeyType, asymmetricKeyDetails } = new X509Certificate(sealDer).publicKey;
  if (sealKey.algorithm === 'ECDSA_P256_SHA256' && asymmetricKeyDetails?.namedCurve === 'prime256v1') {
    return ECDSA_P256_MAX_SIGNATURE_BYTES;
  }
  if (sealKey.algorithm === 'RSA_PKCS1_SHA256' && asymmetricKeyType === 'rsa') {
    return Math.ceil((asymmetricKeyDetails?.modulusLength ?? 0) / 8);
  }
  throw new AppError(
    'INTERNAL',
    `The seal certificate holds a ${asymmetricKeyType} key, which cannot make ${sealKey.algorithm} signatures.`,
  );
};

const sealCertificateDerOf = (sealKey: SealKey): Uint8Array => {
  const [der] = sealKey.certificateChainDer;
  if (!der) throw new AppError('INTERNAL', 'The seal key has no certificate.');
  return der;
};

/** Parsing a chain costs milliseconds; a seal key and its chain live as long as the process. */
const parsedChains = new WeakMap<SealKey, Certificate[]>();
/** By seal key, then by the room kept for a timestamp token. */
const reservedSizes = new WeakMap<SealKey, Map<number, number>>();

const embeddedChainOf = (sealKey: SealKey): Certificate[] => {
  let chain = parsedChains.get(sealKey);
  if (!chain) {
    chain = sealKey.certificateChainDer.map(parseEmbeddableCertificate);
    parsedChains.set(sealKey, chain);
  }
  return chain;
};

/**
 * The signature timestamp (B-T) over a signature value: a TimeStampToken whose imprint is the SHA-256 of the
 * SignerInfo's signature (ETSI EN 319 122-1 §5.3, RFC 3161 Appendix A).
 */
export type SignatureStamp = (signature: Uint8Array) => Promise<Uint8Array>;

const buildSignedData = async (
  contentDigest: Uint8Array,
  sealKey: SealKey,
  sign: (data: Uint8Array) => Promise<Uint8Array>,
  stamp?: SignatureStamp,
): Promise<Uint8Array> => {
  const sealDer = sealCertificateDerOf(sealKey);
  const chain = embeddedChainOf(sealKey);
  const { issuer, serialNumber } = (chain[0] as Certificate).tbsCertificate;
  const signedAttrs = inDerSetOrder([
    attribute(id_contentType, AsnObjectIdentifierConverter.toASN(id_data)),
    attribute(id_messageDigest, new OctetString(arrayBuffer(contentDigest))),
    signingCertificateV2Attribute(sealDer, chain[0] as Certificate),
  ]);
  const signature = await sign(signedAttributesDer(signedAttrs));
  const signerInfo = new SignerInfo({
    version: CMSVersion.v1,
    sid: new SignerIdentifier({ issuerAndSerialNumber: new IssuerAndSerialNumber({ issuer, serialNumber }) }),
    digestAlgorithm: new AlgorithmIdentifier(SHA256),
    signedAttrs,
    signatureAlgorithm: new AlgorithmIdentifier(SIGNATURE_ALGORITHMS[sealKey.algorithm]),
    signature: new OctetString(arrayBuffer(signature)),
    ...(stamp
      ? {
          unsignedAttrs: [
            // the token exactly as the TSA encoded it: its signature covers those bytes
            new Attribute({
              attrType: ID_SIGNATURE_TIME_STAMP_TOKEN,
              attrValues: [arrayBuffer(await stamp(signature))],
            }),
          ],
        }
      : {}),
  });

  const signedData = new SignedData({
    version: CMSVersion.v1,
    digestAlgorithms: new DigestAlgorithmIdentifiers([new AlgorithmIdentifier(SHA256)]),
    encapContentInfo: new EncapsulatedContentInfo({ eContentType: id_data }),
    certificates: new CertificateSet(chain.map((certificate) => new CertificateChoices({ certificate }))),
    signerInfos: new SignerInfos([signerInfo]),
  });
  const contentInfo = new ContentInfo({
    contentType: id_signedData,
    content: AsnConvert.serialize(signedData),
  });
  return new Uint8Array(AsnConvert.serialize(contentInfo));
};

/**
 * A detached CAdES signature over content whose SHA-256 is `contentDigest`; with `stamp`, its signature timestamp
 * as the unsigned attribute id-aa-signatureTimeStampToken (B-T).
 */
export const buildCadesSignature = (
  contentDigest: Uint8Array,
  sealKey: SealKey,
  stamp?: SignatureStamp,
): Promise<Uint8Array> => buildSignedData(contentDigest, sealKey, (data) => sealKey.sign(data), stamp);

/** A stand-in token of exactly `total` bytes (256 B – 64 KB): a SEQUENCE with a two-byte length, of zeros. */
const tokenOfSize = (total: number): Uint8Array => {
  const length = total - 4;
  if (length < 0x100 || length > 0xffff)
    throw new AppError('INTERNAL', `A ${total}-byte token room is out of range.`);
  const token = new Uint8Array(total);
  token.set([0x30, 0x82, length >> 8, length & 0xff]);
  return token;
};

/**
 * The most bytes a signature of this key can take: the same CMS with the longest signature the key can
 * make (only the signature's length varies between signatures of one key), and, for B-T, a timestamp token of
 * `tokenBytes`, the most a token may take.
 */
export const maxCadesSignatureBytes = async (
  sealKey: SealKey,
  options: { tokenBytes?: number } = {},
): Promise<number> => {
  const { tokenBytes = 0 } = options;
  const known = reservedSizes.get(sealKey)?.get(tokenBytes);
  if (known !== undefined) return known;
  const longest = maxSignatureBytesOf(sealKey, sealCertificateDerOf(sealKey));
  const cms = await buildSignedData(
    new Uint8Array(32),
    sealKey,
    async () => new Uint8Array(longest).fill(0xff),
    tokenBytes > 0 ? async () => tokenOfSize(tokenBytes) : undefined,
  );
  const sizes = reservedSizes.get(sealKey) ?? new Map<number, number>();
  sizes.set(tokenBytes, cms.length);
  reservedSizes.set(sealKey, sizes);
  return cms.length;
};
