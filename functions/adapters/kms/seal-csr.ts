// A PKCS#10 certificate request for the KMS seal key: what a trust service provider needs to issue the
// chamber's seal certificate. The private key never leaves KMS, so the request is built here and only its
// to-be-signed part is sent to KMS to sign. The request is checked against the key before it is returned.
import 'reflect-metadata'; // @peculiar/x509 (its subject parser) needs it loaded first
import { createPublicKey, verify } from 'node:crypto';
import { GetPublicKeyCommand, SignCommand, type SigningAlgorithmSpec } from '@aws-sdk/client-kms';
import { CertificationRequest, CertificationRequestInfo } from '@peculiar/asn1-csr';
import { AsnConvert } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier, Name, SubjectPublicKeyInfo } from '@peculiar/asn1-x509';
import { Name as DistinguishedName } from '@peculiar/x509';
import { translateKmsError } from './kms-client.ts';
import type { KmsSigningApi } from './kms-key-ring.ts';

// RFC 4055 §5 (with NULL parameters) and RFC 5758 §3.2 (without)
const SHA256_WITH_RSA = '1.2.840.113549.1.1.11';
const ECDSA_WITH_SHA256 = '1.2.840.10045.4.3.2';
const DER_NULL = new Uint8Array([0x05, 0x00]).buffer;

const SIGNATURE_OF_KEY = {
  rsa: {
    kms: 'RSASSA_PKCS1_V1_5_SHA_256' as SigningAlgorithmSpec,
    algorithm: () => new AlgorithmIdentifier({ algorithm: SHA256_WITH_RSA, parameters: DER_NULL }),
  },
  ec: {
    kms: 'ECDSA_SHA_256' as SigningAlgorithmSpec,
    algorithm: () => new AlgorithmIdentifier({ algorithm: ECDSA_WITH_SHA256 }),
  },
};

const pem = (label: string, der: ArrayBuffer | Uint8Array) =>
  `-----BEGIN ${label}-----\n${(
    Buffer.from(der as ArrayBuffer)
      .toString('base64')
      .match(/.{1,64}/g) ?? []
  ).join('\n')}\n-----END ${label}-----\n`;

/**
 * `subject` as in RFC 4514 with the most significant part first, such as
 * `CN=Demo Economic Chamber, O=Demo Economic Chamber, 2.5.4.97=NTRMK-1234567, C=MK`.
 */
export const sealCertificateRequest = async (
  kms: KmsSigningApi,
  keyId: string,
  subject: string,
): Promise<string> => {
  const key = await kms.send(new GetPublicKeyCommand({ KeyId: keyId })).catch((error: unknown) => {
    throw translateKmsError(error, `reading the public key of the seal key ${keyId}`);
  });
  const publicKeyDer = key.PublicKey;
  if (publicKeyDer === undefined || key.KeyUsage !== 'SIGN_VERIFY') {
    throw new Error(`KMS key ${keyId} is not a signing key.`);
  }
  const publicKey = createPublicKey({ key: Buffer.from(publicKeyDer), format: 'der', type: 'spki' });
  const keyType = publicKey.asymmetricKeyType;
  if (keyType !== 'rsa' && keyType !== 'ec') {
    throw new Error(`KMS key ${keyId} holds a ${keyType} key: a seal needs an RSA or EC key.`);
  }
  const signature = SIGNATURE_OF_KEY[keyType];

  const info = new CertificationRequestInfo({
    subject: AsnConvert.parse(new DistinguishedName(subject).toArrayBuffer(), Name),
    subjectPKInfo: AsnConvert.parse(publicKeyDer, SubjectPublicKeyInfo),
  });
  const toBeSigned = new Uint8Array(AsnConvert.serialize(info));
  const response = await kms
    .send(
      new SignCommand({
        KeyId: keyId,
        Message: toBeSigned,
        MessageType: 'RAW',
        SigningAlgorithm: signature.kms,
      }),
    )
    .catch((error: unknown) => {
      throw translateKmsError(error, 'signing the seal certificate request');
    });
  const signed = response.Signature;
  if (signed === undefined || !verify('sha256', toBeSigned, { key: publicKey, dsaEncoding: 'der' }, signed)) {
    throw new Error(`The signature from KMS key ${keyId} does not verify against its public key.`);
  }
  const request = new CertificationRequest({
    certificationRequestInfo: info,
    signatureAlgorithm: signature.algorithm(),
    signature: new Uint8Array(signed).buffer,
  });
  return pem('CERTIFICATE REQUEST', AsnConvert.serialize(request));
};
