// The SealKey port on AWS KMS: the PAdES seal's private key never leaves KMS; its certificate chain (a qualified
// seal certificate from a trust service provider, then the CA certificates) comes from configuration. KMS signs
// the CMS signed attributes (a few hundred bytes) as a RAW message with SHA-256. Before the first signature the
// KMS public key is compared with the certificate's, and every signature is verified before it reaches a PDF.
// Prefer an RSA key (RSA_3072, RSASSA_PKCS1_V1_5_SHA_256): its signatures are deterministic, so an issuance
// that runs twice stores the same bytes. ECC_NIST_P256 works too, but KMS's ECDSA signatures are randomised.
import { createPublicKey, verify, X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import {
  GetPublicKeyCommand,
  type GetPublicKeyCommandOutput,
  SignCommand,
  type SigningAlgorithmSpec,
} from '@aws-sdk/client-kms';
import { AppError } from '../../core/errors.ts';
import type { SealKey } from '../../core/ports.ts';
import { certificateChainFromPem } from '../../core/sealing/pades-certificates.ts';
import { translateKmsError } from './kms-client.ts';
import type { KmsSigningApi } from './kms-key-ring.ts';

const SIGNING_ALGORITHMS: Record<SealKey['algorithm'], SigningAlgorithmSpec> = {
  RSA_PKCS1_SHA256: 'RSASSA_PKCS1_V1_5_SHA_256',
  ECDSA_P256_SHA256: 'ECDSA_SHA_256',
};

/** KMS signs RAW messages of up to 4096 bytes; three signed attributes take about 250. */
const MAX_RAW_MESSAGE_BYTES = 4096;

const algorithmOf = (certificate: X509Certificate): SealKey['algorithm'] => {
  const { asymmetricKeyType, asymmetricKeyDetails } = certificate.publicKey;
  if (asymmetricKeyType === 'rsa') return 'RSA_PKCS1_SHA256';
  if (asymmetricKeyDetails?.namedCurve === 'prime256v1') return 'ECDSA_P256_SHA256';
  throw new AppError(
    'INTERNAL',
    `The seal certificate holds a ${asymmetricKeyType} key: the seal needs an RSA or EC P-256 key.`,
  );
};

/**
 * The certificate chain as configured: PEM certificates in the variable itself, or the path of a PEM file
 * (a chain of qualified certificates is larger than Lambda lets all environment variables be together).
 */
export const readSealCertificateChain = async (value: string): Promise<Uint8Array[]> =>
  certificateChainFromPem(value.includes('-----BEGIN') ? value : await readFile(value, 'utf8'));

/** `keyId` is a key id, key ARN or alias; `chainDer` starts with the certificate of that key. */
export const createKmsSealKey = (
  kms: KmsSigningApi,
  keyId: string,
  chainDer: readonly Uint8Array[],
): SealKey => {
  const [sealDer] = chainDer;
  if (!sealDer) throw new AppError('INTERNAL', 'The seal certificate chain is empty.');
  const certificate = new X509Certificate(sealDer);
  const algorithm = algorithmOf(certificate);
  let keyArn: Promise<string> | undefined;

  /** The key's ARN, once its public key was found to be the certificate's. */
  const checkedKeyArn = async (): Promise<string> => {
    let response: GetPublicKeyCommandOutput;
    try {
      response = await kms.send(new GetPublicKeyCommand({ KeyId: keyId }));
    } catch (error) {
      throw translateKmsError(error, `reading the public key of the seal key ${keyId}`);
    }
    const { KeyId: arn, PublicKey: publicKey, KeyUsage: usage } = response;
    if (arn === undefined || publicKey === undefined || usage !== 'SIGN_VERIFY') {
      throw new AppError('INTERNAL', `KMS key ${keyId} is not a signing key.`);
    }
    // re-encoded by the same library on both sides, so that equal keys compare equal byte for byte
    const kmsKey = createPublicKey({ key: Buffer.from(publicKey), format: 'der', type: 'spki' });
    const spki = { format: 'der', type: 'spki' } as const;
    if (!kmsKey.export(spki).equals(certificate.publicKey.export(spki))) {
      throw new AppError(
        'INTERNAL',
        `KMS key ${keyId} is not the key of the seal certificate "${certificate.subject}".`,
      );
    }
    return arn;
  };

  /** Asks KMS once per process; a failure is not remembered, so the next seal asks again. */
  const checkedOnce = (): Promise<string> => {
    if (keyArn) return keyArn;
    const pending = checkedKeyArn();
    keyArn = pending;
    pending.catch(() => {
      if (keyArn === pending) keyArn = undefined;
    });
    return pending;
  };

  const signWithKms = async (arn: string, data: Uint8Array): Promise<Uint8Array> => {
    if (data.length > MAX_RAW_MESSAGE_BYTES) {
      throw new AppError(
        'INTERNAL',
        `Signed attributes of ${data.length} bytes are more than KMS signs RAW.`,
      );
    }
    try {
      const response = await kms.send(
        new SignCommand({
          KeyId: arn,
          Message: data,
          MessageType: 'RAW',
          SigningAlgorithm: SIGNING_ALGORITHMS[algorithm],
        }),
      );
      if (response.Signature === undefined) throw new AppError('INTERNAL', 'KMS returned no signature.');
      return response.Signature;
    } catch (error) {
      throw translateKmsError(error, 'sealing a PDF');
    }
  };

  return {
    certificateChainDer: chainDer,
    algorithm,
    sign: async (data) => {
      const signature = await signWithKms(await checkedOnce(), data);
      // KMS returns ECDSA signatures DER-encoded, which is what CMS carries
      if (!verify('sha256', data, { key: certificate.publicKey, dsaEncoding: 'der' }, signature)) {
        throw new AppError(
          'INTERNAL',
          `The seal signature from KMS key ${keyId} does not verify against the seal certificate.`,
        );
      }
      return new Uint8Array(signature);
    },
  };
};
