// The local CA of `npm start` and the tests (KEYS_DIR/seal-ca.pem and seal-ca.key): what the seal material, the
// local TSA's material and the CA's CRL share to issue and sign (docs/legal.md §2, §4).
import 'reflect-metadata'; // @peculiar/x509 resolves its parts through tsyringe, which needs the Reflect API
import { randomBytes, webcrypto } from 'node:crypto';
import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as x509 from '@peculiar/x509';
import { SEAL_FILES } from './seal-key.ts';

const subtle = webcrypto.subtle as SubtleCrypto;

/** The local CA's key: EC P-256, signing with SHA-256 (its certificates and its CRL). */
export const CA_ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };

export const yearsAfter = (date: Date, years: number) => {
  const later = new Date(date);
  later.setUTCFullYear(later.getUTCFullYear() + years);
  return later;
};

/**
 * 16 random bytes, positive as a DER INTEGER and with a non-zero first byte, so that the encoding keeps all 16
 * (a leading zero byte would be dropped, or make the INTEGER not minimal).
 */
export const serialNumber = () => {
  const bytes = randomBytes(16);
  bytes[0] = ((bytes[0] ?? 0) & 0x7f) | 0x01;
  return bytes.toString('hex');
};

export const pkcs8Pem = async (key: CryptoKey) =>
  x509.PemConverter.encode(await subtle.exportKey('pkcs8', key), 'PRIVATE KEY');

export const loadCa = async (certificatePem: string, keyPem: string) => ({
  certificate: new x509.X509Certificate(certificatePem),
  privateKey: await subtle.importKey('pkcs8', x509.PemConverter.decodeFirst(keyPem), CA_ALGORITHM, false, [
    'sign',
  ]),
});

/** The local CA under `dir`: its certificate and its private key, for signing. */
export const loadLocalCa = async (dir: string) =>
  loadCa(
    await readFile(join(dir, SEAL_FILES.caCertificate), 'utf8'),
    await readFile(join(dir, SEAL_FILES.caKey), 'utf8'),
  );

export const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );
