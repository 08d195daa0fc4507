// The local seal material: made once under the keys directory, readable by its owner only, kept across starts,
// and shaped like a seal certificate (the chamber's name and country, digitalSignature + nonRepudiation, 5 years).
import 'reflect-metadata'; // @peculiar/x509 needs it before it loads
import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as x509 from '@peculiar/x509';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CRL_FILES } from '../../functions/adapters/local/local-crl.ts';
import { loadLocalSealKey, SEAL_FILES } from '../../functions/adapters/local/seal-key.ts';
import { crlUrlsOf, ensureSealMaterial } from '../../functions/adapters/local/seal-material.ts';

const ISSUER = { id: 'demo-chamber', name: 'Demo Economic Chamber', country: 'MK' };
const NOW = new Date('2026-11-23T08:00:00Z');

let dir: string;
beforeEach(async () => {
  dir = join(await mkdtemp(join(tmpdir(), 'tradecert-seal-')), 'keys');
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const certificate = async (name: string) => new X509Certificate(await readFile(join(dir, name)));

describe('local seal material', () => {
  it('is created on the first start as four files that only their owner can read', async () => {
    await ensureSealMaterial(dir, ISSUER, NOW);

    for (const name of Object.values(SEAL_FILES)) {
      expect(((await stat(join(dir, name))).mode & 0o777).toString(8)).toBe('600');
    }
  });

  it('is a seal certificate of the chamber, issued by the chamber CA, for five years', async () => {
    await ensureSealMaterial(dir, ISSUER, NOW);
    const seal = await certificate(SEAL_FILES.certificate);
    const ca = await certificate(SEAL_FILES.caCertificate);

    expect(seal.subject.split('\n')).toEqual([
      'C=MK',
      'O=Demo Economic Chamber',
      'organizationIdentifier=NTRMK-demo-chamber',
      'CN=Demo Economic Chamber Seal',
    ]);
    expect(ca.subject.split('\n')).toEqual([
      'C=MK',
      'O=Demo Economic Chamber',
      'CN=Demo Economic Chamber Root CA',
    ]);
    expect(seal.checkIssued(ca)).toBe(true);
    expect(seal.verify(ca.publicKey)).toBe(true);
    expect(ca.ca).toBe(true);
    expect(seal.ca).toBe(false);
    expect(new Date(seal.validFrom)).toEqual(NOW);
    expect(new Date(seal.validTo)).toEqual(new Date('2031-11-23T08:00:00Z'));
    expect(seal.publicKey.asymmetricKeyType).toBe('rsa');
    expect(ca.publicKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
  });

  it('allows the seal key digital signatures and non-repudiation, nothing else', async () => {
    await ensureSealMaterial(dir, ISSUER, NOW);
    const seal = new x509.X509Certificate(await readFile(join(dir, SEAL_FILES.certificate), 'utf8'));

    const keyUsage = seal.getExtension(x509.KeyUsagesExtension);

    expect(keyUsage?.critical).toBe(true);
    expect(keyUsage?.usages).toBe(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation);
  });

  it('is kept on later starts', async () => {
    await ensureSealMaterial(dir, ISSUER, NOW);
    const before = await readFile(join(dir, SEAL_FILES.certificate), 'utf8');

    await ensureSealMaterial(dir, ISSUER, new Date('2027-01-01T00:00:00Z'));

    expect(await readFile(join(dir, SEAL_FILES.certificate), 'utf8')).toBe(before);
  });

  it('gets a new seal certificate from the existing CA when the seal files are gone', async () => {
    await ensureSealMaterial(dir, ISSUER, NOW);
    const caBefore = await readFile(join(dir, SEAL_FILES.caCertificate), 'utf8');
    await rm(join(dir, SEAL_FILES.certificate));
    await rm(join(dir, SEAL_FILES.key));

    await ensureSealMaterial(dir, ISSUER, NOW);

    expect(await readFile(join(dir, SEAL_FILES.caCertificate), 'utf8')).toBe(caBefore);
    expect(
      (await certificate(SEAL_FILES.certificate)).checkIssued(await certificate(SEAL_FILES.caCertificate)),
    ).toBe(true);
  });

  it('loads as an RSA seal key with the seal certificate first and the CA second', async () => {
    await ensureSealMaterial(dir, ISSUER, NOW);

    const key = await loadLocalSealKey(dir);

    expect(key.algorithm).toBe('RSA_PKCS1_SHA256');
    expect(key.certificateChainDer.map((der) => new X509Certificate(der).subject)).toEqual([
      (await certificate(SEAL_FILES.certificate)).subject,
      (await certificate(SEAL_FILES.caCertificate)).subject,
    ]);
  });

  it('says to start the local stack when there is none', async () => {
    await expect(loadLocalSealKey(dir)).rejects.toThrow(/start the local stack once/);
  });

  it('re-issues a seal certificate that does not name the CA’s CRL, from the same CA, and keeps one that does', async () => {
    const url = 'http://localhost:3000/pki/seal-ca.crl';
    await ensureSealMaterial(dir, ISSUER, NOW);
    const before = await certificate(SEAL_FILES.certificate);
    const ca = await certificate(SEAL_FILES.caCertificate);
    expect(crlUrlsOf(new x509.X509Certificate(before.raw))).toEqual([]);

    await ensureSealMaterial(dir, ISSUER, NOW, url);
    const after = await certificate(SEAL_FILES.certificate);
    expect(after.serialNumber).not.toBe(before.serialNumber);
    expect(crlUrlsOf(new x509.X509Certificate(after.raw))).toEqual([url]);
    expect(after.checkIssued(ca)).toBe(true);
    expect((await certificate(SEAL_FILES.caCertificate)).fingerprint256).toBe(ca.fingerprint256);
    // the CA publishes its CRL beside it
    expect(new x509.X509Crl(await readFile(join(dir, CRL_FILES.crl))).issuer).toBe(
      ca.subject.replaceAll('\n', ', '),
    );

    await ensureSealMaterial(dir, ISSUER, NOW, url);
    expect((await certificate(SEAL_FILES.certificate)).serialNumber).toBe(after.serialNumber);
  });
});
