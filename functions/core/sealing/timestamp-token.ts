// RFC 3161 time-stamp requests and replies, checked the way a relying party would before a token goes into a seal
// (docs/legal.md §2): the reply says granted, its token parses, covers exactly the imprint that was sent and echoes
// the nonce, its signature verifies with the TSA certificate it carries, that certificate is for time-stamping only
// (critical extended key usage id-kp-timeStamping, RFC 3161 §2.3) and valid at genTime, and the signed
// signing-certificate(-v2) attribute names it (RFC 5816). Whatever fails says what, as TIMESTAMP_UNAVAILABLE.
// The token is kept as the TSA encoded it: its signature covers those bytes, not a re-encoding.
import { createHash, verify, X509Certificate } from 'node:crypto';
import {
  ContentInfo,
  id_contentType,
  id_messageDigest,
  id_signedData,
  SignedData,
  type SignerInfo,
} from '@peculiar/asn1-cms';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import {
  id_ct_tstInfo,
  MessageImprint,
  PKIStatus,
  TimeStampReq,
  TimeStampResp,
  TSTInfo,
} from '@peculiar/asn1-tsp';
import {
  AlgorithmIdentifier,
  type Certificate,
  ExtendedKeyUsage,
  id_ce_extKeyUsage,
  id_ce_subjectKeyIdentifier,
} from '@peculiar/asn1-x509';
import { AppError } from '../errors.ts';
import { arrayBuffer, ID_SHA256, ID_SIGNING_CERTIFICATE_V2 } from './cms-attributes.ts';

export const ID_KP_TIME_STAMPING = '1.3.6.1.5.5.7.3.8';
const ID_SIGNING_CERTIFICATE_V1 = '1.2.840.113549.1.9.16.2.12';
/** The digests a token's signer may use, by OID (RFC 5754). */
const DIGESTS: Record<string, string> = {
  [ID_SHA256]: 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};

const unavailable = (detail: string, cause?: unknown): AppError =>
  new AppError(
    'TIMESTAMP_UNAVAILABLE',
    `The time-stamping authority gave no usable timestamp: ${detail}`,
    cause === undefined ? undefined : { cause },
  );

/** A TimeStampReq for this SHA-256 digest: the nonce to expect back, the TSA certificate asked for. */
export const timestampRequest = (sha256: Uint8Array, nonce: Uint8Array, policyOid?: string): Uint8Array => {
  if (sha256.length !== 32) throw new AppError('INTERNAL', 'A timestamp imprint is a SHA-256 digest.');
  return new Uint8Array(
    AsnConvert.serialize(
      new TimeStampReq({
        messageImprint: new MessageImprint({
          hashAlgorithm: new AlgorithmIdentifier({ algorithm: ID_SHA256 }),
          hashedMessage: new OctetString(arrayBuffer(sha256)),
        }),
        nonce: arrayBuffer(nonce),
        certReq: true,
        ...(policyOid ? { reqPolicy: policyOid } : {}),
      }),
    ),
  );
};

/** The DER elements inside one constructed DER element (its tag and length skipped). */
const innerElements = (der: Uint8Array): Uint8Array[] => {
  const headerOf = (at: number): { header: number; length: number } => {
    const first = der[at + 1] ?? 0;
    if (first < 0x80) return { header: 2, length: first };
    const count = first & 0x7f;
    if (count === 0 || count > 4) throw new Error('unsupported DER length');
    let length = 0;
    for (let index = 0; index < count; index++) length = length * 256 + (der[at + 2 + index] ?? 0);
    return { header: 2 + count, length };
  };
  const outer = headerOf(0);
  if (outer.header + outer.length !== der.length) throw new Error('trailing or missing bytes');
  const elements: Uint8Array[] = [];
  for (let at = outer.header; at < der.length; ) {
    const { header, length } = headerOf(at);
    if (at + header + length > der.length) throw new Error('an element runs past the end');
    elements.push(der.subarray(at, at + header + length));
    at += header + length;
  }
  return elements;
};

const sameBytes = (a: ArrayBuffer | Uint8Array, b: ArrayBuffer | Uint8Array) =>
  Buffer.from(a instanceof Uint8Array ? a : new Uint8Array(a)).equals(
    Buffer.from(b instanceof Uint8Array ? b : new Uint8Array(b)),
  );

const attributeValue = (signerInfo: SignerInfo, type: string): ArrayBuffer | undefined =>
  signerInfo.signedAttrs?.find(({ attrType }) => attrType === type)?.attrValues[0];

const extensionOf = (certificate: Certificate, id: string) =>
  certificate.tbsCertificate.extensions?.find(({ extnID }) => extnID === id);

const isSigner = (certificate: Certificate, signerInfo: SignerInfo): boolean => {
  const { issuerAndSerialNumber, subjectKeyIdentifier } = signerInfo.sid;
  const { tbsCertificate } = certificate;
  if (issuerAndSerialNumber) {
    return (
      sameBytes(
        AsnConvert.serialize(issuerAndSerialNumber.issuer),
        AsnConvert.serialize(tbsCertificate.issuer),
      ) && sameBytes(issuerAndSerialNumber.serialNumber, tbsCertificate.serialNumber)
    );
  }
  const ski = extensionOf(certificate, id_ce_subjectKeyIdentifier);
  return (
    !!subjectKeyIdentifier &&
    !!ski &&
    sameBytes(AsnConvert.serialize(subjectKeyIdentifier), ski.extnValue.buffer)
  );
};

/** RFC 3161 §2.3: exactly one extended key usage, id-kp-timeStamping, and it is critical. */
const checkTimeStampingUsage = (certificate: Certificate, subject: string) => {
  const extension = extensionOf(certificate, id_ce_extKeyUsage);
  if (!extension) throw unavailable(`the TSA certificate "${subject}" has no extended key usage.`);
  const usages = AsnConvert.parse(extension.extnValue.buffer, ExtendedKeyUsage);
  if (usages.length !== 1 || usages[0] !== ID_KP_TIME_STAMPING)
    throw unavailable(
      `the TSA certificate "${subject}" is not for time-stamping only (${usages.join(', ')}).`,
    );
  if (!extension.critical)
    throw unavailable(`the TSA certificate "${subject}" does not mark its time-stamping usage critical.`);
};

/**
 * The signed signing-certificate-v2 (or v1) attribute must name the certificate that signed: its first ESSCertID's
 * hash (v2: SHA-256 unless it says otherwise; v1: SHA-1) is that certificate's. Read by hand, because the schema
 * parser does not take the defaulted hash algorithm when it is left out, as DER requires.
 */
const checkSigningCertificate = (signerInfo: SignerInfo, der: Uint8Array, subject: string) => {
  const v2 = attributeValue(signerInfo, ID_SIGNING_CERTIFICATE_V2);
  const value = v2 ?? attributeValue(signerInfo, ID_SIGNING_CERTIFICATE_V1);
  const named = (() => {
    if (!value) return false;
    // SigningCertificate(V2) ::= SEQUENCE { certs SEQUENCE OF ESSCertID(v2), … }
    const [certs] = innerElements(new Uint8Array(value));
    const [firstId] = certs ? innerElements(certs) : [];
    const fields = firstId ? innerElements(firstId) : [];
    const withAlgorithm = v2 !== undefined && fields[0]?.[0] === 0x30;
    const digest = withAlgorithm
      ? DIGESTS[AsnConvert.parse(fields[0] as Uint8Array, AlgorithmIdentifier).algorithm]
      : v2
        ? 'sha256'
        : 'sha1';
    const hash = fields[withAlgorithm ? 1 : 0];
    return (
      !!digest &&
      !!hash &&
      sameBytes(AsnConvert.parse(hash, OctetString).buffer, createHash(digest).update(der).digest())
    );
  })();
  if (!named) throw unavailable(`the token's signing-certificate attribute does not name "${subject}".`);
};

/**
 * The signed attributes of the token's signer as the TSA encoded them, tagged as the SET OF that the signature
 * covers (RFC 5652 §5.4), found by walking ContentInfo → SignedData → the last field, signerInfos → its first.
 */
const signedAttributesOf = (token: Uint8Array): Uint8Array | undefined => {
  const [, explicitContent] = innerElements(token);
  const [signedData] = explicitContent ? innerElements(explicitContent) : [];
  const signerInfos = signedData ? innerElements(signedData).at(-1) : undefined;
  const [signerInfo] = signerInfos ? innerElements(signerInfos) : [];
  const tagged = signerInfo ? innerElements(signerInfo).find((element) => element[0] === 0xa0) : undefined;
  if (!tagged) return undefined;
  const set = new Uint8Array(tagged);
  set[0] = 0x31;
  return set;
};

export interface TimestampInfo {
  genTime: Date;
  policy: string;
  /** Hex, as `openssl ts -reply -text` prints it. */
  serialNumber: string;
  /** The TSA certificate the token carries (DER). */
  tsaCertificate: Uint8Array;
}

/**
 * Checks a TimeStampToken (DER ContentInfo) over `sha256`: that it is signed by the TSA certificate inside it, for
 * time-stamping, and covers this digest (and this nonce, when one was sent). Answers what it says.
 */
export const checkTimestampToken = (
  token: Uint8Array,
  expected: { sha256: Uint8Array; nonce?: Uint8Array },
): TimestampInfo => {
  let signedData: SignedData;
  let tstInfo: TSTInfo;
  let content: Uint8Array;
  try {
    const contentInfo = AsnConvert.parse(token, ContentInfo);
    if (contentInfo.contentType !== id_signedData) throw new Error('not SignedData');
    signedData = AsnConvert.parse(contentInfo.content, SignedData);
    const { eContentType, eContent } = signedData.encapContentInfo;
    if (eContentType !== id_ct_tstInfo) throw new Error(`content type ${eContentType}`);
    const bytes = eContent?.single?.buffer ?? eContent?.any;
    if (!bytes) throw new Error('no TSTInfo');
    content = new Uint8Array(bytes);
    tstInfo = AsnConvert.parse(content, TSTInfo);
  } catch (error) {
    throw unavailable(`the token does not parse (${(error as Error).message}).`, error);
  }
  const { hashAlgorithm, hashedMessage } = tstInfo.messageImprint;
  if (hashAlgorithm.algorithm !== ID_SHA256 || !sameBytes(hashedMessage.buffer, expected.sha256))
    throw unavailable('the token covers another message imprint than the one sent.');
  if (expected.nonce && (!tstInfo.nonce || !sameBytes(tstInfo.nonce, expected.nonce)))
    throw unavailable('the token does not echo the nonce sent.');
  const [signerInfo, ...others] = signedData.signerInfos;
  if (!signerInfo || others.length > 0) throw unavailable('the token has no single signer.');
  const certificates = (signedData.certificates ?? [])
    .map((choice) => choice.certificate)
    .filter((certificate): certificate is Certificate => certificate !== undefined);
  const signer = certificates.find((certificate) => isSigner(certificate, signerInfo));
  if (!signer) throw unavailable('the token does not carry the TSA certificate that signed it.');
  const signerDer = new Uint8Array(AsnConvert.serialize(signer));
  const x509 = new X509Certificate(signerDer);
  checkTimeStampingUsage(signer, x509.subject);
  const digest = DIGESTS[signerInfo.digestAlgorithm.algorithm];
  const contentType = attributeValue(signerInfo, id_contentType);
  const messageDigest = attributeValue(signerInfo, id_messageDigest);
  const signedAttributes = signedAttributesOf(token);
  if (!digest || !signedAttributes || !contentType || !messageDigest)
    throw unavailable('the token lacks the signed attributes RFC 5652 requires.');
  if (
    !sameBytes(
      AsnConvert.parse(messageDigest, OctetString).buffer,
      createHash(digest).update(content).digest(),
    )
  )
    throw unavailable('the token signs another TSTInfo than the one it carries.');
  checkSigningCertificate(signerInfo, signerDer, x509.subject);
  const verified = (() => {
    try {
      return verify(digest, signedAttributes, x509.publicKey, Buffer.from(signerInfo.signature.buffer));
    } catch {
      return false;
    }
  })();
  if (!verified) throw unavailable(`the token's signature does not verify with "${x509.subject}".`);
  const { genTime } = tstInfo;
  if (genTime < new Date(x509.validFrom) || genTime > new Date(x509.validTo))
    throw unavailable(`the TSA certificate "${x509.subject}" is not valid at ${genTime.toISOString()}.`);
  return {
    genTime,
    policy: tstInfo.policy,
    serialNumber: Buffer.from(tstInfo.serialNumber).toString('hex'),
    tsaCertificate: signerDer,
  };
};

/**
 * The token of a DER TimeStampResp to a request for `sha256` with `nonce`, checked by checkTimestampToken; the
 * TSA's refusal or a reply that is no TimeStampResp is TIMESTAMP_UNAVAILABLE, saying what the TSA said.
 */
export const tokenOfTimestampReply = (
  reply: Uint8Array,
  expected: { sha256: Uint8Array; nonce: Uint8Array },
): { token: Uint8Array; info: TimestampInfo } => {
  let response: TimeStampResp;
  let token: Uint8Array | undefined;
  try {
    response = AsnConvert.parse(reply, TimeStampResp);
    token = innerElements(reply)[1];
  } catch (error) {
    throw unavailable(`the reply is not an RFC 3161 TimeStampResp (${reply.length} bytes).`, error);
  }
  const { status, statusString, failInfo } = response.status;
  if (status !== PKIStatus.granted && status !== PKIStatus.grantedWithMods) {
    const said = [...(statusString ?? []), ...(failInfo ? [failInfo.toString()] : [])].join(' ');
    throw unavailable(
      `the request was refused (status ${PKIStatus[status] ?? status}${said ? `: ${said}` : ''}).`,
    );
  }
  if (!token) throw unavailable('the reply grants a timestamp but carries no token.');
  return { token: new Uint8Array(token), info: checkTimestampToken(token, expected) };
};
