// A time-stamping authority for unit tests of the archive timestamps: `openssl ts -reply` with a TSA certificate
// issued by the test's local CA. Real tokens from an implementation that is not tradecert's, so that what the
// tests check (pdfsig, openssl ts -verify) is checked against a third party's idea of RFC 3161.
import 'reflect-metadata';
import { execFile } from 'node:child_process';
import { randomUUID, webcrypto } from 'node:crypto';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import * as x509 from '@peculiar/x509';
import type { TimestampAuthority } from '../../functions/core/ports.ts';

const run = promisify(execFile);
const provider = webcrypto as unknown as Crypto;
const CA_ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };

export interface OpensslTsa extends TimestampAuthority {
  certificatePem: string;
  dir: string;
}

/** A TSA whose certificate the CA in `ca` issues, valid from `notBefore` until `notAfter`. */
export const startOpensslTsa = async (
  ca: { certificatePem: string; keyPem: string },
  options: { notBefore: Date; notAfter: Date; crlUrl?: string },
): Promise<OpensslTsa> => {
  const dir = await mkdtemp(join(tmpdir(), 'tradecert-tsa-'));
  const caCertificate = new x509.X509Certificate(ca.certificatePem);
  const caKey = await provider.subtle.importKey(
    'pkcs8',
    x509.PemConverter.decodeFirst(ca.keyPem),
    CA_ALGORITHM,
    false,
    ['sign'],
  );
  const keys = (await provider.subtle.generateKey(CA_ALGORITHM, true, ['sign', 'verify'])) as CryptoKeyPair;
  const certificate = await x509.X509CertificateGenerator.create(
    {
      serialNumber: `01${randomUUID().replaceAll('-', '').slice(0, 14)}`,
      subject: 'CN=Test TSA',
      issuer: caCertificate.subject,
      notBefore: options.notBefore,
      notAfter: options.notAfter,
      publicKey: keys.publicKey,
      signingKey: caKey,
      signingAlgorithm: CA_ALGORITHM,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.timeStamping], true),
        await x509.AuthorityKeyIdentifierExtension.create(caCertificate, false, provider),
        ...(options.crlUrl ? [new x509.CRLDistributionPointsExtension([options.crlUrl])] : []),
      ],
    },
    provider,
  );
  const certificatePem = certificate.toString('pem');
  const keyPem = x509.PemConverter.encode(
    await provider.subtle.exportKey('pkcs8', keys.privateKey),
    'PRIVATE KEY',
  );
  await writeFile(join(dir, 'tsa.pem'), certificatePem);
  await writeFile(join(dir, 'tsa.key'), keyPem);
  await writeFile(join(dir, 'serial'), '01\n');
  await writeFile(
    join(dir, 'ts.cnf'),
    [
      '[ tsa ]',
      'default_tsa = tsa_config',
      '[ tsa_config ]',
      `serial = ${join(dir, 'serial')}`,
      `signer_cert = ${join(dir, 'tsa.pem')}`,
      `signer_key = ${join(dir, 'tsa.key')}`,
      'signer_digest = sha256',
      'default_policy = 1.2.3.4.1',
      'digests = sha256',
      'ess_cert_id_alg = sha256',
      'accuracy = secs:1',
      'ordering = no',
      'tsa_name = no',
      'ess_cert_id_chain = no',
      '',
    ].join('\n'),
  );
  return {
    certificatePem,
    dir,
    timestamp: async (sha256) => {
      const id = randomUUID();
      const query = join(dir, `${id}.tsq`);
      const token = join(dir, `${id}.tst`);
      const hex = Buffer.from(sha256).toString('hex');
      await run('openssl', ['ts', '-query', '-digest', hex, '-sha256', '-cert', '-out', query]);
      await run('openssl', [
        'ts',
        '-reply',
        '-config',
        join(dir, 'ts.cnf'),
        '-queryfile',
        query,
        '-token_out',
        '-out',
        token,
      ]);
      return new Uint8Array(await readFile(token));
    },
  };
};
