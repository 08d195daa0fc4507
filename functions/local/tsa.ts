// The local time-stamping authority (docs/legal.md §2) that `npm start` and the tests run beside DynamoDB Local and
// s3rver: an HTTP server that answers an RFC 3161 TimeStampReq (POST, application/timestamp-query) with a
// TimeStampResp (application/timestamp-reply, §3.4). Built on the @peculiar ASN.1 schemas (asn1-tsp, asn1-cms)
// rather than `openssl ts -reply` behind a wrapper: it runs in this process, needs no OpenSSL configuration, serial
// file or child process, works wherever Node does, and the tests and `npm start` run the very same code.
// The token: policy TSA_LOCAL_POLICY_OID, accuracy one second, genTime from the injected clock, a random 128-bit
// serial, the request's nonce echoed, the TSA certificate embedded when certReq asks for it, and the signed
// attributes content-type, message-digest and signing-certificate-v2 (RFC 5816).
import { createPrivateKey, type KeyObject, randomBytes, sign, X509Certificate } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  CertificateChoices,
  CertificateSet,
  CMSVersion,
  DigestAlgorithmIdentifiers,
  EncapsulatedContent,
  EncapsulatedContentInfo,
  IssuerAndSerialNumber,
  id_contentType,
  id_messageDigest,
  id_signedData,
  SignedData,
  SignerIdentifier,
  SignerInfo,
  SignerInfos,
} from '@peculiar/asn1-cms';
import { AsnConvert, AsnObjectIdentifierConverter, OctetString } from '@peculiar/asn1-schema';
import {
  Accuracy,
  id_ct_tstInfo,
  PKIFailureInfo,
  PKIFailureInfoFlags,
  PKIFreeText,
  PKIStatus,
  PKIStatusInfo,
  TimeStampReq,
  TimeStampResp,
  TimeStampToken,
  TSTInfo,
} from '@peculiar/asn1-tsp';
import { AlgorithmIdentifier, type Certificate, GeneralName } from '@peculiar/asn1-x509';
import { ensureTsaMaterial } from '../adapters/local/tsa-material.ts';
import type { Issuer } from '../core/accounts.ts';
import type { Clock } from '../core/ports.ts';
import {
  arrayBuffer,
  attribute,
  ID_SHA256,
  inDerSetOrder,
  SHA256,
  sha256Of,
  signedAttributesDer,
  signingCertificateV2Attribute,
} from '../core/sealing/cms-attributes.ts';
import { certificateChainFromPem, parseEmbeddableCertificate } from '../core/sealing/pades-certificates.ts';

/** The local TSA's policy: an OID under the ITU-T "example" arc, saying that it is for development only. */
export const TSA_LOCAL_POLICY_OID = '2.999.3161.1';
const ID_ECDSA_WITH_SHA256 = '1.2.840.10045.4.3.2'; // RFC 5758 §3.2
const MAX_QUERY_BYTES = 16 * 1024;

export const TIMESTAMP_QUERY_TYPE = 'application/timestamp-query';
export const TIMESTAMP_REPLY_TYPE = 'application/timestamp-reply';

export interface TsaSigner {
  /** The TSA certificate first, then the CA certificates above it (DER). */
  chainDer: readonly Uint8Array[];
  key: KeyObject;
  policyOid: string;
  clock: Clock;
}

/** A positive DER INTEGER of `length` random bytes (the first byte 0x01–0x7f: no sign bit, no leading zero). */
const positiveRandomInteger = (length: number): ArrayBuffer => {
  const bytes = randomBytes(length);
  bytes[0] = ((bytes[0] ?? 0) & 0x7f) | 0x01;
  return arrayBuffer(bytes);
};

const rejection = (failure: PKIFailureInfoFlags, text: string): Uint8Array =>
  new Uint8Array(
    AsnConvert.serialize(
      new TimeStampResp({
        status: new PKIStatusInfo({
          status: PKIStatus.rejection,
          statusString: new PKIFreeText([text]),
          failInfo: new PKIFailureInfo(failure),
        }),
      }),
    ),
  );

const signedToken = (signer: TsaSigner, certificate: Certificate, request: TimeStampReq): Uint8Array => {
  const [tsaDer] = signer.chainDer as [Uint8Array];
  const { issuer, serialNumber, subject } = certificate.tbsCertificate;
  const tstInfo = new TSTInfo({
    policy: signer.policyOid,
    messageImprint: request.messageImprint,
    serialNumber: positiveRandomInteger(16),
    genTime: signer.clock.now(),
    accuracy: new Accuracy({ seconds: 1 }),
    tsa: new GeneralName({ directoryName: subject }),
    ...(request.nonce ? { nonce: request.nonce } : {}),
  });
  const content = new Uint8Array(AsnConvert.serialize(tstInfo));
  const signedAttrs = inDerSetOrder([
    attribute(id_contentType, AsnObjectIdentifierConverter.toASN(id_ct_tstInfo)),
    attribute(id_messageDigest, new OctetString(arrayBuffer(sha256Of(content)))),
    signingCertificateV2Attribute(tsaDer, certificate),
  ]);
  const signature = sign('sha256', signedAttributesDer(signedAttrs), { key: signer.key, dsaEncoding: 'der' });
  const signedData = new SignedData({
    // RFC 5652 §5.1: version 3 because the encapsulated content is not id-data
    version: CMSVersion.v3,
    digestAlgorithms: new DigestAlgorithmIdentifiers([new AlgorithmIdentifier(SHA256)]),
    encapContentInfo: new EncapsulatedContentInfo({
      eContentType: id_ct_tstInfo,
      eContent: new EncapsulatedContent({ single: new OctetString(arrayBuffer(content)) }),
    }),
    ...(request.certReq
      ? { certificates: new CertificateSet([new CertificateChoices({ certificate })]) }
      : {}),
    signerInfos: new SignerInfos([
      new SignerInfo({
        version: CMSVersion.v1,
        sid: new SignerIdentifier({
          issuerAndSerialNumber: new IssuerAndSerialNumber({ issuer, serialNumber }),
        }),
        digestAlgorithm: new AlgorithmIdentifier(SHA256),
        signedAttrs,
        signatureAlgorithm: new AlgorithmIdentifier({ algorithm: ID_ECDSA_WITH_SHA256 }),
        signature: new OctetString(arrayBuffer(signature)),
      }),
    ]),
  });
  return new Uint8Array(
    AsnConvert.serialize(
      new TimeStampResp({
        status: new PKIStatusInfo({ status: PKIStatus.granted }),
        timeStampToken: new TimeStampToken({
          contentType: id_signedData,
          content: AsnConvert.serialize(signedData),
        }),
      }),
    ),
  );
};

/** Answers one DER TimeStampReq with a DER TimeStampResp: a token, or a rejection saying why. */
export const createTimestampResponder = (signer: TsaSigner) => {
  const [tsaDer] = signer.chainDer;
  if (!tsaDer) throw new Error('The TSA has no certificate.');
  if (!new X509Certificate(tsaDer).checkPrivateKey(signer.key))
    throw new Error('The TSA key does not belong to its certificate.');
  const certificate = parseEmbeddableCertificate(tsaDer);
  return (query: Uint8Array): Uint8Array => {
    let request: TimeStampReq;
    try {
      request = AsnConvert.parse(query, TimeStampReq);
    } catch {
      return rejection(PKIFailureInfoFlags.badDataFormat, 'The request is not a DER TimeStampReq.');
    }
    const { hashAlgorithm, hashedMessage } = request.messageImprint;
    if (hashAlgorithm.algorithm !== ID_SHA256 || hashedMessage.byteLength !== 32)
      return rejection(PKIFailureInfoFlags.badAlg, 'Only SHA-256 message imprints are accepted.');
    if (request.reqPolicy && request.reqPolicy !== signer.policyOid)
      return rejection(PKIFailureInfoFlags.unacceptedPolicy, `Only policy ${signer.policyOid} is offered.`);
    if (request.extensions?.length)
      return rejection(PKIFailureInfoFlags.unacceptedExtension, 'No request extension is supported.');
    return signedToken(signer, certificate, request);
  };
};

export interface LocalTsa {
  url: string;
  /** The TSA certificate and its CA (PEM), for checking its tokens. */
  chainPem: string;
  stop(): Promise<void>;
}

const readBody = async (request: IncomingMessage): Promise<Uint8Array | undefined> => {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of request) {
    length += (chunk as Buffer).length;
    if (length > MAX_QUERY_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return new Uint8Array(Buffer.concat(chunks));
};

/**
 * Starts the local TSA on loopback (an ephemeral port unless one is given), with its key and certificate under
 * `keysDir`, made on the first start and issued by the local CA there.
 */
export const startLocalTsa = async (options: {
  keysDir: string;
  issuer: Pick<Issuer, 'id' | 'name' | 'country'>;
  clock: Clock;
  port?: number;
  policyOid?: string;
  /** The local CA's CRL, named in the TSA certificate (docs/legal.md §4). */
  crlUrl?: string;
}): Promise<LocalTsa> => {
  const material = await ensureTsaMaterial(
    options.keysDir,
    options.issuer,
    options.clock.now(),
    options.crlUrl,
  );
  const respond = createTimestampResponder({
    chainDer: certificateChainFromPem(material.chainPem),
    key: createPrivateKey(material.keyPem),
    policyOid: options.policyOid ?? TSA_LOCAL_POLICY_OID,
    clock: options.clock,
  });
  const server = createServer(async (request, response) => {
    const type = (request.headers['content-type'] ?? '').split(';')[0]?.trim();
    if (request.method !== 'POST' || type !== TIMESTAMP_QUERY_TYPE) {
      response.writeHead(request.method === 'POST' ? 415 : 405, { 'Content-Type': 'text/plain' });
      response.end(`POST an RFC 3161 TimeStampReq as ${TIMESTAMP_QUERY_TYPE}.\n`);
      return;
    }
    const query = await readBody(request);
    if (!query) {
      response.writeHead(413, { 'Content-Type': 'text/plain' }).end('The request is too large.\n');
      return;
    }
    const reply = respond(query);
    response.writeHead(200, { 'Content-Type': TIMESTAMP_REPLY_TYPE, 'Content-Length': reply.length });
    response.end(reply);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  // the TSA serves the stack that started it; alone it keeps no process alive (a test worker may end)
  server.unref();
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/tsa`,
    chainPem: material.chainPem,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};
