// The local time-stamping authority's key and certificate (docs/legal.md §2), made under KEYS_DIR on the first start
// like the seal material, and issued by the same local CA (seal-ca.pem), so that one trusted CA makes both the
// seal and its timestamps verifiable. RFC 3161 §2.3: the certificate's only extended key usage is id-kp-timeStamping,
// marked critical. The key is EC P-256, which keeps every token small; tokens are settled once per issuance
// (docs/legal.md §3), so ECDSA's random signatures do not matter.
import 'reflect-metadata'; // @peculiar/x509 resolves its parts through tsyringe, which needs the Reflect API
import { randomBytes, webcrypto } from 'node:crypto';
import { access, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as x509 from '@peculiar/x509';
import type { Issuer } from '../../core/accounts.ts';
import { ID_KP_TIME_STAMPING } from '../../core/sealing/timestamp-token.ts';
import { SEAL_FILES } from './seal-key.ts';
import { crlUrlsOf, ensureSealMaterial } from './seal-material.ts';

const subtle = webcrypto.subtle as SubtleCrypto;
const provider = webcrypto as unknown as Crypto;

const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
const TSA_YEARS = 5;

/** The files of the local TSA under KEYS_DIR, beside the seal's. */
export const TSA_FILES = { certificate: 'tsa.pem', key: 'tsa.key' } as const;

export interface TsaMaterial {
  /** PEM: the TSA certificate, then the CA certificate that issued it. */
  chainPem: string;
  keyPem: string;
}

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

/** 16 random bytes, positive as a DER INTEGER. */
const serialNumber = () => {
  const bytes = randomBytes(16);
  bytes[0] = ((bytes[0] ?? 0) & 0x7f) | 0x01;
  return bytes.toString('hex');
};

const issueTsaCertificate = async (
  issuer: Pick<Issuer, 'name' | 'country'>,
  ca: { certificatePem: string; keyPem: string },
  now: Date,
  crlUrl: string | undefined,
) => {
  const caCertificate = new x509.X509Certificate(ca.certificatePem);
  const caKey = await subtle.importKey('pkcs8', x509.PemConverter.decodeFirst(ca.keyPem), ALGORITHM, false, [
    'sign',
  ]);
  const keys = (await subtle.generateKey(ALGORITHM, true, ['sign', 'verify'])) as CryptoKeyPair;
  const notAfter = new Date(now);
  notAfter.setUTCFullYear(notAfter.getUTCFullYear() + TSA_YEARS);
  const certificate = await x509.X509CertificateGenerator.create(
    {
      serialNumber: serialNumber(),
      subject: [{ C: [issuer.country] }, { O: [issuer.name] }, { CN: [`${issuer.name} Local TSA`] }],
      issuer: caCertificate.subject,
      notBefore: now,
      notAfter,
      publicKey: keys.publicKey,
      signingKey: caKey,
      signingAlgorithm: ALGORITHM,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
        new x509.ExtendedKeyUsageExtension([ID_KP_TIME_STAMPING], true),
        await x509.AuthorityKeyIdentifierExtension.create(caCertificate, false, provider),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, provider),
        // where a validator learns whether the CA revoked it (docs/legal.md §4)
        ...(crlUrl ? [new x509.CRLDistributionPointsExtension([crlUrl])] : []),
      ],
    },
    provider,
  );
  const key = await subtle.exportKey('pkcs8', keys.privateKey);
  return {
    chainPem: `${certificate.toString('pem')}\n${caCertificate.toString('pem')}\n`,
    keyPem: `${x509.PemConverter.encode(key, 'PRIVATE KEY')}\n`,
  };
};

/** Whether the TSA certificate on file names `crlUrl` as its CRL (always, without one). */
const namesCrl = async (path: string, crlUrl: string | undefined) =>
  !crlUrl || crlUrlsOf(new x509.X509Certificate(await readFile(path, 'utf8'))).includes(crlUrl);

/**
 * The local TSA's key and certificate under `dir`, made on the first start (with the CA, when the seal material
 * is not there yet), and again when the certificate does not name `crlUrl` as its CRL (one made before the CA
 * published a CRL: timestamps made with it keep their embedded certificate). Safe to run on every start; the
 * files are readable by their owner only.
 */
export const ensureTsaMaterial = async (
  dir: string,
  issuer: Pick<Issuer, 'id' | 'name' | 'country'>,
  now: Date,
  crlUrl?: string,
): Promise<TsaMaterial> => {
  const path = (name: string) => join(dir, name);
  if (
    !(await exists(path(TSA_FILES.certificate))) ||
    !(await exists(path(TSA_FILES.key))) ||
    !(await namesCrl(path(TSA_FILES.certificate), crlUrl))
  ) {
    await ensureSealMaterial(dir, issuer, now, crlUrl);
    const material = await issueTsaCertificate(
      issuer,
      {
        certificatePem: await readFile(path(SEAL_FILES.caCertificate), 'utf8'),
        keyPem: await readFile(path(SEAL_FILES.caKey), 'utf8'),
      },
      now,
      crlUrl,
    );
    await writeFile(path(TSA_FILES.key), material.keyPem, { mode: 0o600 });
    await writeFile(path(TSA_FILES.certificate), material.chainPem, { mode: 0o600 });
    return material;
  }
  return {
    chainPem: await readFile(path(TSA_FILES.certificate), 'utf8'),
    keyPem: await readFile(path(TSA_FILES.key), 'utf8'),
  };
};
