// The certificate request for the KMS seal key, on a recorded KMS holding a real key: OpenSSL must find the
// request well-formed and its signature valid, with the subject asked for and the key that KMS holds.
import { execFile } from 'node:child_process';
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sealCertificateRequest } from '../../functions/adapters/kms/seal-csr.ts';
import { isAppError } from '../../functions/core/errors.ts';
import { ALIAS, recordedKms } from '../support/recorded-kms.ts';

const run = promisify(execFile);
const SUBJECT = 'CN=Демо Стопанска комора, O=Demo Economic Chamber, 2.5.4.97=NTRMK-1234567, C=MK';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tradecert-csr-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** `openssl req -verify` on the request; its output with the subject and the public key. */
const openssl = async (pem: string, name: string) => {
  const file = join(dir, `${name}.csr`);
  await writeFile(file, pem);
  const { stdout, stderr } = await run('openssl', [
    'req',
    '-in',
    file,
    '-verify',
    '-noout',
    '-subject',
    '-nameopt',
    'utf8,sep_comma_plus_space',
    '-pubkey',
  ]);
  return `${stdout}${stderr}`;
};

describe.each([
  ['RSA 3072', () => generateKeyPairSync('rsa', { modulusLength: 3072 }).privateKey],
  ['EC P-256', () => generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey],
])('a certificate request for a %s KMS seal key', (name, makeKey) => {
  it('is signed by that key, names the subject and carries its public key', async () => {
    const privateKey = makeKey();
    const recorded = recordedKms(privateKey);

    const pem = await sealCertificateRequest(recorded.kms, ALIAS, SUBJECT);
    const checked = await openssl(pem, name.replace(/\W/g, ''));

    expect(pem).toMatch(/^-----BEGIN CERTIFICATE REQUEST-----\n/);
    expect(checked).toMatch(/verify OK|Certificate request self-signature verify OK/);
    expect(checked).toContain('CN=Демо Стопанска комора, O=Demo Economic Chamber');
    expect(checked).toContain('C=MK');
    expect(checked).toContain(createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString());
    expect(recorded.signCalls()).toHaveLength(1);
  });
});

describe('a certificate request', () => {
  it('is refused when KMS answers with a signature of another key', async () => {
    const kmsKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    const other = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    const recorded = recordedKms(kmsKey, { signWith: other });

    await expect(sealCertificateRequest(recorded.kms, ALIAS, SUBJECT)).rejects.toThrow(/does not verify/);
  });

  it('names KMS as the cause when the key cannot be read', async () => {
    const recorded = recordedKms(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey);

    const error = await sealCertificateRequest(recorded.kms, 'alias/missing', SUBJECT).catch(
      (e: unknown) => e,
    );

    expect(isAppError(error)).toBe(true);
  });
});
