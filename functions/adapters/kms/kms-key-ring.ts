// The KeyRing port on AWS KMS: the private key never leaves KMS. The JWS signing input is signed with
// KMS Sign (ECDSA_SHA_256) and KMS's DER signature is turned into the raw r||s that ES256 requires.
import { createHash, verify } from 'node:crypto';
import { SignCommand, type SignCommandOutput } from '@aws-sdk/client-kms';
import { AppError } from '../../core/errors.ts';
import type { JwsSigner, KeyRing } from '../../core/ports.ts';
import { type JwsTyping, protectedHeader } from '../../core/sealing/token-types.ts';
import { derToJoseSignature } from './der-signature.ts';
import { translateKmsError } from './kms-client.ts';
import { createKmsPublicKeys, type KmsPublicKey, type KmsPublicKeyApi } from './kms-public-keys.ts';

/** The part of the KMS client this module uses; a recorded fake stands in for it in unit tests. */
export interface KmsSigningApi extends KmsPublicKeyApi {
  send(command: Parameters<KmsPublicKeyApi['send']>[0]): ReturnType<KmsPublicKeyApi['send']>;
  send(command: SignCommand): Promise<SignCommandOutput>;
}

/**
 * KMS signs RAW messages of up to 4096 bytes; a QR seal is a few hundred. A credential or a status list is more,
 * so those are hashed here and KMS signs the SHA-256 digest (MessageType DIGEST): the same ES256 signature.
 */
const MAX_RAW_MESSAGE_BYTES = 4096;

const base64url = (bytes: Uint8Array | string): string => Buffer.from(bytes).toString('base64url');

const signWith = async (
  kms: KmsSigningApi,
  key: KmsPublicKey,
  payload: Uint8Array,
  typing?: JwsTyping,
): Promise<string> => {
  const header = protectedHeader(key.kid, typing);
  const signingInput = `${base64url(JSON.stringify(header))}.${base64url(payload)}`;
  const message = Buffer.from(signingInput, 'ascii');
  const raw = message.length <= MAX_RAW_MESSAGE_BYTES;
  let response: SignCommandOutput;
  try {
    response = await kms.send(
      new SignCommand({
        KeyId: key.keyArn,
        Message: raw ? message : createHash('sha256').update(message).digest(),
        MessageType: raw ? 'RAW' : 'DIGEST',
        SigningAlgorithm: 'ECDSA_SHA_256',
      }),
    );
  } catch (error) {
    throw translateKmsError(error, 'signing a seal');
  }
  if (response.Signature === undefined) throw new AppError('INTERNAL', 'KMS returned no signature.');
  const signature = derToJoseSignature(response.Signature);
  // A seal that does not verify against the published key must never reach a certificate.
  if (!verify('sha256', message, { key: key.publicKey, dsaEncoding: 'ieee-p1363' }, signature)) {
    throw new AppError(
      'INTERNAL',
      `The signature from KMS key ${key.keyArn} does not verify against its public key.`,
    );
  }
  return `${signingInput}.${base64url(signature)}`;
};

/** `keyIds` lists the active key first (it signs), then retired keys (published in the JWKS only). */
export const createKmsKeyRing = (kms: KmsSigningApi, keyIds: readonly string[]): KeyRing => {
  const keys = createKmsPublicKeys(kms, keyIds);
  const [activeKeyId] = keyIds as [string, ...string[]];
  return {
    activeSigner: async (): Promise<JwsSigner> => {
      const active = await keys.publicKeyOf(activeKeyId);
      return { kid: active.kid, sign: (payload, typing) => signWith(kms, active, payload, typing) };
    },
    publicKeys: keys.publicKeys,
  };
};
