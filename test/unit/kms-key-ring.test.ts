// The KMS key ring against a recorded KMS: real P-256 keys made here, GetPublicKey answering with their
// SPKI DER and Sign with a real DER signature, as KMS does. The seals it makes must verify with jose.
import { generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import {
  GetPublicKeyCommand,
  type GetPublicKeyCommandOutput,
  SignCommand,
  type SignCommandOutput,
} from '@aws-sdk/client-kms';
import {
  calculateJwkThumbprint,
  compactVerify,
  createLocalJWKSet,
  decodeProtectedHeader,
  type JWK,
} from 'jose';
import { describe, expect, it } from 'vitest';
import { createKmsKeyRing, type KmsSigningApi } from '../../functions/adapters/kms/kms-key-ring.ts';
import { createKmsPublicKeys } from '../../functions/adapters/kms/kms-public-keys.ts';
import { isAppError } from '../../functions/core/errors.ts';

const ACCOUNT_ARN = 'arn:aws:kms:eu-central-1:111122223333';

interface RecordedKey {
  arn: string;
  alias: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  keySpec: string;
  keyUsage: string;
}

const recordedKey = (name: string, overrides: Partial<RecordedKey> = {}): RecordedKey => {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return {
    arn: `${ACCOUNT_ARN}:key/${name}`,
    alias: `alias/${name}`,
    privateKey,
    publicKey,
    keySpec: 'ECC_NIST_P256',
    keyUsage: 'SIGN_VERIFY',
    ...overrides,
  };
};

/** A KMS that knows `keys`, answers as the real one does, records every command and fails on request. */
const recordedKms = (keys: RecordedKey[], options: { signWith?: KeyObject } = {}) => {
  const commands: (GetPublicKeyCommand | SignCommand)[] = [];
  const failures: Error[] = [];
  const find = (keyId: string | undefined) => {
    const key = keys.find(({ arn, alias }) => keyId === arn || keyId === alias);
    if (!key) throw Object.assign(new Error(`Invalid keyId ${keyId}`), { name: 'NotFoundException' });
    return key;
  };
  const send = async (command: GetPublicKeyCommand | SignCommand) => {
    commands.push(command);
    const failure = failures.shift();
    if (failure) throw failure;
    if (command instanceof GetPublicKeyCommand) {
      const key = find(command.input.KeyId);
      return {
        $metadata: {},
        KeyId: key.arn,
        PublicKey: new Uint8Array(key.publicKey.export({ format: 'der', type: 'spki' })),
        KeySpec: key.keySpec,
        KeyUsage: key.keyUsage,
        SigningAlgorithms: ['ECDSA_SHA_256'],
      } as GetPublicKeyCommandOutput;
    }
    const key = find(command.input.KeyId);
    const message = command.input.Message ?? new Uint8Array();
    return {
      $metadata: {},
      KeyId: key.arn,
      Signature: new Uint8Array(
        sign('sha256', message, { key: options.signWith ?? key.privateKey, dsaEncoding: 'der' }),
      ),
      SigningAlgorithm: 'ECDSA_SHA_256',
    } as SignCommandOutput;
  };
  return {
    // The fake answers both commands from one function; the port declares one overload per command.
    kms: { send } as unknown as KmsSigningApi,
    commands,
    failNext: (error: Error) => failures.push(error),
    publicKeyCalls: () => commands.filter((command) => command instanceof GetPublicKeyCommand),
    signCalls: () => commands.filter((command): command is SignCommand => command instanceof SignCommand),
  };
};

const thumbprintOf = (key: RecordedKey) =>
  calculateJwkThumbprint(key.publicKey.export({ format: 'jwk' }) as JWK, 'sha256');

const payload = new TextEncoder().encode(JSON.stringify({ iss: 'demo-chamber', sn: 'MK-CO-2026-000001' }));

const errorOf = async (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );

describe('KMS key ring', () => {
  it('makes an ES256 seal that verifies against its published JWKS', async () => {
    const key = recordedKey('signing');
    const { kms } = recordedKms([key]);
    const ring = createKmsKeyRing(kms, [key.arn]);

    const signer = await ring.activeSigner();
    const jws = await signer.sign(payload);

    const verified = await compactVerify(jws, createLocalJWKSet(await ring.publicKeys()), {
      algorithms: ['ES256'],
    });
    expect(verified.payload).toEqual(payload);
    expect(verified.protectedHeader).toEqual({ alg: 'ES256', kid: await thumbprintOf(key) });
    expect(signer.kid).toBe(await thumbprintOf(key));
  });

  it('asks KMS to sign the JWS signing input as a RAW message with ECDSA_SHA_256', async () => {
    const key = recordedKey('signing');
    const recorded = recordedKms([key]);
    const jws = await (await createKmsKeyRing(recorded.kms, [key.arn]).activeSigner()).sign(payload);

    const [request] = recorded.signCalls().map((command) => command.input);
    const [header, body] = jws.split('.');
    expect(request).toMatchObject({ KeyId: key.arn, MessageType: 'RAW', SigningAlgorithm: 'ECDSA_SHA_256' });
    expect(Buffer.from(request?.Message ?? []).toString('ascii')).toBe(`${header}.${body}`);
  });

  it('signs with the key ARN that an alias resolved to, so a moved alias cannot mismatch the kid', async () => {
    const key = recordedKey('signing');
    const recorded = recordedKms([key]);
    const jws = await (await createKmsKeyRing(recorded.kms, [key.alias]).activeSigner()).sign(payload);

    expect(recorded.signCalls()[0]?.input.KeyId).toBe(key.arn);
    expect(decodeProtectedHeader(jws).kid).toBe(await thumbprintOf(key));
  });

  it('publishes the active key and the retired ones, each once, as public ES256 JWKs', async () => {
    const active = recordedKey('signing-2');
    const retired = recordedKey('signing-1');
    const { kms } = recordedKms([active, retired]);
    const ring = createKmsKeyRing(kms, [active.arn, retired.arn, retired.alias]);

    const jwks = await ring.publicKeys();

    expect(jwks.keys.map((jwk) => jwk.kid)).toEqual([
      await thumbprintOf(active),
      await thumbprintOf(retired),
    ]);
    for (const jwk of jwks.keys) {
      expect(Object.keys(jwk).sort()).toEqual(['alg', 'crv', 'kid', 'kty', 'use', 'x', 'y']);
      expect(jwk).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' });
    }
  });

  it('still verifies a seal of a retired key after the rotation', async () => {
    const retired = recordedKey('signing-1');
    const active = recordedKey('signing-2');
    const { kms } = recordedKms([active, retired]);
    const before = await (await createKmsKeyRing(kms, [retired.arn]).activeSigner()).sign(payload);

    const rotated = createKmsKeyRing(kms, [active.arn, retired.arn]);

    const keys = createLocalJWKSet(await rotated.publicKeys());
    await expect(compactVerify(before, keys)).resolves.toMatchObject({ payload });
    expect((await rotated.activeSigner()).kid).toBe(await thumbprintOf(active));
  });

  it('asks KMS for each public key once per process', async () => {
    const key = recordedKey('signing');
    const recorded = recordedKms([key]);
    const ring = createKmsKeyRing(recorded.kms, [key.arn]);

    await Promise.all([ring.publicKeys(), ring.activeSigner(), ring.publicKeys()]);
    await (await ring.activeSigner()).sign(payload);

    expect(recorded.publicKeyCalls()).toHaveLength(1);
  });

  it('asks again after a failed GetPublicKey instead of remembering the failure', async () => {
    const key = recordedKey('signing');
    const recorded = recordedKms([key]);
    const keys = createKmsPublicKeys(recorded.kms, [key.arn]);
    recorded.failNext(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));

    const error = await errorOf(keys.publicKeys());

    expect(isAppError(error, 'STORAGE_UNAVAILABLE')).toBe(true);
    expect((error as Error).cause).toMatchObject({ name: 'ThrottlingException' });
    await expect(keys.publicKeys()).resolves.toMatchObject({ keys: [{ kid: await thumbprintOf(key) }] });
  });

  it('reports a throttled Sign as a retryable STORAGE_UNAVAILABLE', async () => {
    const key = recordedKey('signing');
    const recorded = recordedKms([key]);
    const signer = await createKmsKeyRing(recorded.kms, [key.arn]).activeSigner();
    recorded.failNext(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));

    expect(isAppError(await errorOf(signer.sign(payload)), 'STORAGE_UNAVAILABLE')).toBe(true);
  });

  it('reports a disabled key as INTERNAL, keeping the cause', async () => {
    const key = recordedKey('signing');
    const recorded = recordedKms([key]);
    recorded.failNext(Object.assign(new Error('key is disabled'), { name: 'DisabledException' }));

    const error = await errorOf(createKmsKeyRing(recorded.kms, [key.arn]).activeSigner());

    expect(isAppError(error, 'INTERNAL')).toBe(true);
    expect((error as Error).cause).toMatchObject({ name: 'DisabledException' });
  });

  it.each([
    ['an RSA key', { keySpec: 'RSA_2048' }],
    ['a P-384 key', { keySpec: 'ECC_NIST_P384' }],
    ['an encryption key', { keyUsage: 'ENCRYPT_DECRYPT' }],
  ])('refuses %s, which cannot make ES256 seals', async (_case, overrides) => {
    const key = recordedKey('wrong', overrides);
    const { kms } = recordedKms([key]);

    expect(isAppError(await errorOf(createKmsKeyRing(kms, [key.arn]).activeSigner()), 'INTERNAL')).toBe(true);
  });

  it('never returns a seal whose signature does not verify against the published key', async () => {
    const key = recordedKey('signing');
    const { kms } = recordedKms([key], { signWith: recordedKey('other').privateKey });
    const signer = await createKmsKeyRing(kms, [key.arn]).activeSigner();

    expect(isAppError(await errorOf(signer.sign(payload)), 'INTERNAL')).toBe(true);
  });
});
