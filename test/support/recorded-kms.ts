// A recorded KMS for adapter tests: one real key made in the test, GetPublicKey answering with its SPKI and Sign
// with a real SHA-256 signature of the RAW message (PKCS#1 v1.5 for RSA, DER for ECDSA), as KMS does.
import { createPublicKey, type KeyObject, sign } from 'node:crypto';
import {
  GetPublicKeyCommand,
  type GetPublicKeyCommandOutput,
  SignCommand,
  type SignCommandOutput,
} from '@aws-sdk/client-kms';
import type { KmsSigningApi } from '../../functions/adapters/kms/kms-key-ring.ts';

export const KEY_ARN = 'arn:aws:kms:eu-central-1:111122223333:key/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0';
export const ALIAS = 'alias/tradecert-seal';

/** A KMS holding one key, reachable by ARN and alias; it records every command and fails on request. */
/** `signWith` stands in for a KMS that signs with another key than the one it publishes. */
export const recordedKms = (
  privateKey: KeyObject,
  options: { keyUsage?: string; signWith?: KeyObject } = {},
) => {
  const commands: (GetPublicKeyCommand | SignCommand)[] = [];
  const failures: Error[] = [];
  const send = async (command: GetPublicKeyCommand | SignCommand) => {
    commands.push(command);
    const failure = failures.shift();
    if (failure) throw failure;
    if (![KEY_ARN, ALIAS].includes(command.input.KeyId ?? '')) {
      throw Object.assign(new Error(`Invalid keyId ${command.input.KeyId}`), { name: 'NotFoundException' });
    }
    if (command instanceof GetPublicKeyCommand) {
      return {
        $metadata: {},
        KeyId: KEY_ARN,
        PublicKey: new Uint8Array(createPublicKey(privateKey).export({ format: 'der', type: 'spki' })),
        KeyUsage: options.keyUsage ?? 'SIGN_VERIFY',
      } as GetPublicKeyCommandOutput;
    }
    return {
      $metadata: {},
      KeyId: KEY_ARN,
      // PKCS#1 v1.5 for RSASSA_PKCS1_V1_5_SHA_256, DER (r, s) for ECDSA_SHA_256
      Signature: new Uint8Array(
        sign('sha256', command.input.Message ?? new Uint8Array(), {
          key: options.signWith ?? privateKey,
          dsaEncoding: 'der',
        }),
      ),
      SigningAlgorithm: command.input.SigningAlgorithm,
    } as SignCommandOutput;
  };
  return {
    // The fake answers both commands from one function; the port declares one overload per command.
    kms: { send } as unknown as KmsSigningApi,
    failNext: (error: Error) => failures.push(error),
    publicKeyCalls: () => commands.filter((command) => command instanceof GetPublicKeyCommand),
    signCalls: () => commands.filter((command): command is SignCommand => command instanceof SignCommand),
  };
};
