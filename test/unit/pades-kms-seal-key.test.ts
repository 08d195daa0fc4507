// The PAdES seal key on a recorded KMS: real keys made here, GetPublicKey answering with their SPKI and Sign
// with a real SHA-256 signature of the RAW message, DER for ECDSA, as KMS does. The PDFs it seals must
// satisfy pdfsig; a key that is not the certificate's, or a signature that does not verify, must never seal.
import { execFile } from 'node:child_process';
import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { SignCommand, SignCommandOutput } from '@aws-sdk/client-kms';
import { PDFDocument } from 'pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { createKmsSealKey, readSealCertificateChain } from '../../functions/adapters/kms/kms-seal-key.ts';
import { createSealMaterial, type SealMaterial } from '../../functions/adapters/local/seal-material.ts';
import { isAppError } from '../../functions/core/errors.ts';
import { sealPdf } from '../../functions/core/sealing/pades.ts';
import { certificateChainFromPem } from '../../functions/core/sealing/pades-certificates.ts';
import { ALIAS, KEY_ARN, recordedKms } from '../support/recorded-kms.ts';

const run = promisify(execFile);
const ISSUER = { id: 'demo-chamber', name: 'Demo Economic Chamber', country: 'MK' };
const DETAILS = {
  signingTime: new Date('2026-11-23T10:15:00Z'),
  reason: 'Certificate of origin MK-CO-2026-000042 issued by Demo Economic Chamber',
  location: 'Skopje, MK',
  name: 'Demo Economic Chamber',
};
const chainOf = (material: SealMaterial) =>
  certificateChainFromPem(`${material.certificatePem}${material.caCertificatePem}`);

const pdfsig = async (pdf: Uint8Array): Promise<string> => {
  const dir = await mkdtemp(join(tmpdir(), 'tradecert-kms-seal-'));
  await writeFile(join(dir, 'sealed.pdf'), pdf);
  return (await run('pdfsig', [join(dir, 'sealed.pdf')])).stdout;
};

const errorOf = (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );

const data = new TextEncoder().encode('signed attributes');
let rsaMaterial: SealMaterial;
let ecMaterial: SealMaterial;
let pdf: Uint8Array;

beforeAll(async () => {
  const at = new Date('2026-01-01T00:00:00Z');
  rsaMaterial = await createSealMaterial(ISSUER, at, { algorithm: 'RSA_PKCS1_SHA256' });
  ecMaterial = await createSealMaterial(ISSUER, at, { algorithm: 'ECDSA_P256_SHA256' });
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.addPage();
  doc.setTitle('Certificate of origin MK-CO-2026-000042');
  pdf = await doc.save({ useObjectStreams: false });
});

describe('the KMS seal key', () => {
  it.each([
    ['an RSA key', () => rsaMaterial],
    ['an EC P-256 key', () => ecMaterial],
  ])('seals a PDF with %s that pdfsig finds valid', async (_case, material) => {
    const { kms } = recordedKms(createPrivateKey(material().keyPem));
    const key = createKmsSealKey(kms, ALIAS, chainOf(material()));

    const report = await pdfsig(await sealPdf(pdf, key, DETAILS));

    expect(report).toContain('Signature Validation: Signature is Valid.');
    expect(report).toContain('Signature Type: ETSI.CAdES.detached');
    expect(report).toContain('Total document signed');
  });

  it('asks KMS to sign the signed attributes RAW with RSASSA_PKCS1_V1_5_SHA_256, by the ARN of its alias', async () => {
    const recorded = recordedKms(createPrivateKey(rsaMaterial.keyPem));
    const key = createKmsSealKey(recorded.kms, ALIAS, chainOf(rsaMaterial));

    await key.sign(data);

    expect(key.algorithm).toBe('RSA_PKCS1_SHA256');
    expect(recorded.signCalls().map((command) => command.input)).toEqual([
      {
        KeyId: KEY_ARN,
        Message: data,
        MessageType: 'RAW',
        SigningAlgorithm: 'RSASSA_PKCS1_V1_5_SHA_256',
      },
    ]);
  });

  it('signs with ECDSA_SHA_256 when the seal certificate holds an EC P-256 key', async () => {
    const recorded = recordedKms(createPrivateKey(ecMaterial.keyPem));
    const key = createKmsSealKey(recorded.kms, KEY_ARN, chainOf(ecMaterial));

    await key.sign(data);

    expect(key.algorithm).toBe('ECDSA_P256_SHA256');
    expect(recorded.signCalls()[0]?.input.SigningAlgorithm).toBe('ECDSA_SHA_256');
  });

  it('reads the public key once per process', async () => {
    const recorded = recordedKms(createPrivateKey(rsaMaterial.keyPem));
    const key = createKmsSealKey(recorded.kms, ALIAS, chainOf(rsaMaterial));

    await Promise.all([key.sign(data), key.sign(data)]);
    await key.sign(data);

    expect(recorded.publicKeyCalls()).toHaveLength(1);
  });

  it('refuses to seal with a KMS key that is not the key of the seal certificate', async () => {
    const { privateKey: other } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const recorded = recordedKms(other);
    const key = createKmsSealKey(recorded.kms, ALIAS, chainOf(rsaMaterial));

    const error = await errorOf(key.sign(data));

    expect(isAppError(error, 'INTERNAL')).toBe(true);
    expect(recorded.signCalls()).toEqual([]);
  });

  it('refuses a key that KMS does not keep for signing', async () => {
    const { kms } = recordedKms(createPrivateKey(rsaMaterial.keyPem), { keyUsage: 'ENCRYPT_DECRYPT' });

    expect(
      isAppError(await errorOf(createKmsSealKey(kms, ALIAS, chainOf(rsaMaterial)).sign(data)), 'INTERNAL'),
    ).toBe(true);
  });

  it('asks again after a failed GetPublicKey instead of remembering the failure', async () => {
    const recorded = recordedKms(createPrivateKey(rsaMaterial.keyPem));
    const key = createKmsSealKey(recorded.kms, ALIAS, chainOf(rsaMaterial));
    recorded.failNext(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));

    const error = await errorOf(key.sign(data));

    expect(isAppError(error, 'STORAGE_UNAVAILABLE')).toBe(true);
    expect((error as Error).cause).toMatchObject({ name: 'ThrottlingException' });
    await expect(key.sign(data)).resolves.toBeInstanceOf(Uint8Array);
  });

  it('reports a throttled Sign as a retryable STORAGE_UNAVAILABLE and a disabled key as INTERNAL', async () => {
    const recorded = recordedKms(createPrivateKey(rsaMaterial.keyPem));
    const key = createKmsSealKey(recorded.kms, ALIAS, chainOf(rsaMaterial));
    await key.sign(data);

    recorded.failNext(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));
    expect(isAppError(await errorOf(key.sign(data)), 'STORAGE_UNAVAILABLE')).toBe(true);
    recorded.failNext(Object.assign(new Error('key is disabled'), { name: 'DisabledException' }));
    expect(isAppError(await errorOf(key.sign(data)), 'INTERNAL')).toBe(true);
  });

  it('never returns a signature that does not verify against the seal certificate', async () => {
    const recorded = recordedKms(createPrivateKey(rsaMaterial.keyPem));
    const key = createKmsSealKey(recorded.kms, ALIAS, chainOf(rsaMaterial));
    await key.sign(data);
    const { send } = recorded.kms as unknown as {
      send: (command: SignCommand) => Promise<SignCommandOutput>;
    };
    (recorded.kms as unknown as { send: typeof send }).send = async (command) => {
      const answer = await send(command);
      const corrupted = new Uint8Array(answer.Signature ?? []);
      corrupted[10] = (corrupted[10] ?? 0) ^ 1;
      return { ...answer, Signature: corrupted };
    };

    expect(isAppError(await errorOf(key.sign(data)), 'INTERNAL')).toBe(true);
  });
});

describe('the configured seal certificate chain', () => {
  it('is read from PEM in the variable itself or from a PEM file, seal certificate first', async () => {
    const pem = `${rsaMaterial.certificatePem}\n${rsaMaterial.caCertificatePem}`;
    const file = join(await mkdtemp(join(tmpdir(), 'tradecert-chain-')), 'seal-chain.pem');
    await writeFile(file, pem);

    const inline = await readSealCertificateChain(pem);
    const fromFile = await readSealCertificateChain(file);

    expect(inline).toHaveLength(2);
    expect(fromFile).toEqual(inline);
  });

  it('is refused when it holds no certificate', async () => {
    expect(isAppError(await errorOf(readSealCertificateChain('-----BEGIN NOTHING-----')), 'INTERNAL')).toBe(
      true,
    );
  });
});
