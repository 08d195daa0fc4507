// The local time-stamping authority's key and certificate (docs/legal.md §2), made under KEYS_DIR on the first start
// like the seal material, and issued by the same local CA (seal-ca.pem), so that one trusted CA makes both the
// seal and its timestamps verifiable. RFC 3161 §2.3: the certificate's only extended key usage is id-kp-timeStamping,
// marked critical. The key is EC P-256, which keeps every token small; tokens are settled once per issuance
// (docs/legal.md §3), so ECDSA's random signatures do not matter.
import 'reflect-metadata'; // @peculiar/x509 resolves its parts through tsyringe, which needs the Reflect API
import { webcrypto } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as x509 from '@peculiar/x509';
import type { Issuer } from '../../core/accounts.ts';
import { ID_KP_TIME_STAMPING } from '../../core/sealing/timestamp-token.ts';
import { CA_ALGORITHM, exists, loadLocalCa, pkcs8Pem, serialNumber, yearsAfter } from './local-ca.ts';
import { crlUrlsOf, ensureSealMaterial } from './seal-material.ts';

const subtle = webcrypto.subtle as SubtleCrypto;
const provider = webcrypto as unknown as Crypto;

const TSA_YEARS = 5;

/** The files of the local TSA under KEYS_DIR, beside the seal's. */
export const TSA_FILES = { certificate: 'tsa.pem', key: 'tsa.key' } as const;

export interface TsaMaterial {
  /** PEM: the TSA certificate, then the CA certificate that issued it. */
  chainPem: string;
  keyPem: string;
}

const issueTsaCertificate = async (
  issuer: Pick<Issuer, 'name' | 'country'>,
  ca: Awaited<ReturnType<typeof loadLocalCa>>,
  now: Date,
  crlUrl: string | undefined,
) => {
  const { certificate: caCertificate, privateKey: caKey } = ca;
  const keys = (await subtle.generateKey(CA_ALGORITHM, true, ['sign', 'verify'])) as CryptoKeyPair;
  const certificate = await x509.X509CertificateGenerator.create(
    {
      serialNumber: serialNumber(),
      subject: [{ C: [issuer.country] }, { O: [issuer.name] }, { CN: [`${issuer.name} Local TSA`] }],
      issuer: caCertificate.subject,
      notBefore: now,
      notAfter: yearsAfter(now, TSA_YEARS),
      publicKey: keys.publicKey,
      signingKey: caKey,
      signingAlgorithm: CA_ALGORITHM,
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
  return {
    chainPem: `${certificate.toString('pem')}\n${caCertificate.toString('pem')}\n`,
    keyPem: `${await pkcs8Pem(keys.privateKey)}\n`,
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
    const material = await issueTsaCertificate(issuer, await loadLocalCa(dir), now, crlUrl);
    await writeFile(path(TSA_FILES.key), material.keyPem, { mode: 0o600 });
    await writeFile(path(TSA_FILES.certificate), material.chainPem, { mode: 0o600 });
    return material;
  }
  return {
    chainPem: await readFile(path(TSA_FILES.certificate), 'utf8'),
    keyPem: await readFile(path(TSA_FILES.key), 'utf8'),
  };
};
