// The local default's seal: a self-signed chamber CA and the seal certificate it issues, created under KEYS_DIR
// on the first start (in production a trust service provider issues the seal certificate, and its key is in KMS).
// The CA key is EC P-256: it signs a few certificates, once. The seal key is RSA-2048, the kind most qualified
// seal certificates carry. A resumed or racing issuance stores the same bytes whatever the scheme, because the
// seal's CMS is settled once per issuance (docs/legal.md §3), not because a signature scheme is deterministic.
import 'reflect-metadata'; // @peculiar/x509 resolves its parts through tsyringe, which needs the Reflect API
import { webcrypto } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as x509 from '@peculiar/x509';
import type { Issuer } from '../../core/accounts.ts';
import type { SealKey } from '../../core/ports.ts';
import { CA_ALGORITHM, exists, loadCa, pkcs8Pem, serialNumber, yearsAfter } from './local-ca.ts';
import { ensureLocalCrl } from './local-crl.ts';
import { SEAL_FILES } from './seal-key.ts';

const subtle = webcrypto.subtle as SubtleCrypto;
const provider = webcrypto as unknown as Crypto;

const SEAL_ALGORITHMS: Record<SealKey['algorithm'], RsaHashedKeyGenParams | EcKeyGenParams> = {
  RSA_PKCS1_SHA256: {
    name: 'RSASSA-PKCS1-v1_5',
    modulusLength: 2048,
    publicExponent: new Uint8Array([1, 0, 1]),
    hash: 'SHA-256',
  } as RsaHashedKeyGenParams,
  ECDSA_P256_SHA256: { name: 'ECDSA', namedCurve: 'P-256' },
};
const CA_YEARS = 10;
const SEAL_YEARS = 5;
/** ETSI EN 319 412-1 §5.1.4 organizationIdentifier; the value says where the chamber is registered. */
const ORGANIZATION_IDENTIFIER = '2.5.4.97';

export interface SealMaterial {
  caCertificatePem: string;
  caKeyPem: string;
  certificatePem: string;
  keyPem: string;
}

type SealIssuer = Pick<Issuer, 'id' | 'name' | 'country'>;

const issueCa = async (issuer: SealIssuer, now: Date) => {
  const keys = (await subtle.generateKey(CA_ALGORITHM, true, ['sign', 'verify'])) as CryptoKeyPair;
  const certificate = await x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: serialNumber(),
      name: [{ C: [issuer.country] }, { O: [issuer.name] }, { CN: [`${issuer.name} Root CA`] }],
      notBefore: now,
      notAfter: yearsAfter(now, CA_YEARS),
      keys,
      signingAlgorithm: CA_ALGORITHM,
      extensions: [
        new x509.BasicConstraintsExtension(true, 0, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, provider),
      ],
    },
    provider,
  );
  return { certificate, privateKey: keys.privateKey };
};

/**
 * Seal material for `issuer`, in memory: a new CA unless `ca` is given, and a seal certificate from it
 * (digitalSignature and nonRepudiation, five years).
 */
export const createSealMaterial = async (
  issuer: SealIssuer,
  now: Date,
  options: {
    algorithm?: SealKey['algorithm'];
    ca?: { certificatePem: string; keyPem: string };
    /** The CA's CRL, named in the certificate's cRLDistributionPoints for validators (docs/legal.md §4). */
    crlUrl?: string;
  } = {},
): Promise<SealMaterial> => {
  const ca = options.ca
    ? await loadCa(options.ca.certificatePem, options.ca.keyPem)
    : await issueCa(issuer, now);
  const keys = (await subtle.generateKey(SEAL_ALGORITHMS[options.algorithm ?? 'RSA_PKCS1_SHA256'], true, [
    'sign',
    'verify',
  ])) as CryptoKeyPair;
  const certificate = await x509.X509CertificateGenerator.create(
    {
      serialNumber: serialNumber(),
      subject: [
        { C: [issuer.country] },
        { O: [issuer.name] },
        { [ORGANIZATION_IDENTIFIER]: [`NTR${issuer.country}-${issuer.id}`] },
        { CN: [`${issuer.name} Seal`] },
      ],
      issuer: ca.certificate.subject,
      notBefore: now,
      notAfter: yearsAfter(now, SEAL_YEARS),
      publicKey: keys.publicKey,
      signingKey: ca.privateKey,
      signingAlgorithm: CA_ALGORITHM,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(
          x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation,
          true,
        ),
        await x509.AuthorityKeyIdentifierExtension.create(ca.certificate, false, provider),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, provider),
        ...(options.crlUrl ? [new x509.CRLDistributionPointsExtension([options.crlUrl])] : []),
      ],
    },
    provider,
  );
  return {
    caCertificatePem: ca.certificate.toString('pem'),
    caKeyPem: options.ca?.keyPem ?? (await pkcs8Pem(ca.privateKey)),
    certificatePem: certificate.toString('pem'),
    keyPem: await pkcs8Pem(keys.privateKey),
  };
};

/** The URLs of a certificate's cRLDistributionPoints. */
export const crlUrlsOf = (certificate: x509.X509Certificate): string[] =>
  (certificate.getExtension(x509.CRLDistributionPointsExtension)?.distributionPoints ?? []).flatMap(
    (point) =>
      point.distributionPoint?.fullName?.flatMap(({ uniformResourceIdentifier: url }) => url ?? []) ?? [],
  );

/**
 * Creates the seal under `dir` unless it is there: keeps an existing CA and issues only a new seal certificate
 * when the seal files are missing, or when the seal certificate does not name `crlUrl` as its CRL (one made
 * before the CA published a CRL, or for another port): PDFs sealed before keep the old certificate embedded and
 * stay valid. Then makes sure the CA's CRL is current. Safe to run on every start. Files are readable by their
 * owner only.
 */
export const ensureSealMaterial = async (
  dir: string,
  issuer: SealIssuer,
  now: Date,
  crlUrl?: string,
): Promise<void> => {
  const path = (name: string) => join(dir, name);
  const present = async (...names: string[]) =>
    (await Promise.all(names.map((name) => exists(path(name))))).every(Boolean);
  const current = async () =>
    (await present(SEAL_FILES.certificate, SEAL_FILES.key, SEAL_FILES.caCertificate)) &&
    (!crlUrl ||
      crlUrlsOf(new x509.X509Certificate(await readFile(path(SEAL_FILES.certificate), 'utf8'))).includes(
        crlUrl,
      ));
  if (await current()) {
    if (await present(SEAL_FILES.caKey)) await ensureLocalCrl(dir, now);
    return;
  }
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const ca = (await present(SEAL_FILES.caCertificate, SEAL_FILES.caKey))
    ? {
        certificatePem: await readFile(path(SEAL_FILES.caCertificate), 'utf8'),
        keyPem: await readFile(path(SEAL_FILES.caKey), 'utf8'),
      }
    : undefined;
  const material = await createSealMaterial(issuer, now, {
    ...(ca ? { ca } : {}),
    ...(crlUrl ? { crlUrl } : {}),
  });
  const write = (name: string, pem: string) => writeFile(path(name), `${pem.trim()}\n`, { mode: 0o600 });
  if (!ca) {
    await write(SEAL_FILES.caKey, material.caKeyPem);
    await write(SEAL_FILES.caCertificate, material.caCertificatePem);
  }
  await write(SEAL_FILES.key, material.keyPem);
  await write(SEAL_FILES.certificate, material.certificatePem);
  await ensureLocalCrl(dir, now);
};
