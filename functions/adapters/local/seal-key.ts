// The SealKey port with the private key in this process: the local default reads it from KEYS_DIR (made on first
// start by seal-material.ts); unit tests make one in memory. Production seals with KMS (kms-seal-key.ts).

import { createPrivateKey, type KeyObject, sign, X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SealKey } from '../../core/ports.ts';
import { certificateChainFromPem } from '../../core/sealing/pades-certificates.ts';

/** The files of the local seal under KEYS_DIR. */
export const SEAL_FILES = {
  caCertificate: 'seal-ca.pem',
  caKey: 'seal-ca.key',
  certificate: 'seal.pem',
  key: 'seal.key',
} as const;

const algorithmOf = (privateKey: KeyObject): SealKey['algorithm'] => {
  if (privateKey.asymmetricKeyType === 'rsa') return 'RSA_PKCS1_SHA256';
  if (privateKey.asymmetricKeyDetails?.namedCurve === 'prime256v1') return 'ECDSA_P256_SHA256';
  throw new Error(`A ${privateKey.asymmetricKeyType} seal key is not supported: use RSA or EC P-256.`);
};

/** `chainDer` starts with the certificate of `privateKey`'s public key. */
export const createKeyObjectSealKey = (privateKey: KeyObject, chainDer: readonly Uint8Array[]): SealKey => {
  const [sealCertificate] = chainDer;
  if (!sealCertificate || !new X509Certificate(sealCertificate).checkPrivateKey(privateKey)) {
    throw new Error('The seal key does not belong to the first certificate of its chain.');
  }
  return {
    certificateChainDer: chainDer,
    algorithm: algorithmOf(privateKey),
    // PKCS#1 v1.5 for RSA; DER (r, s) for ECDSA, as CMS wants it
    sign: async (data) => new Uint8Array(sign('sha256', data, { key: privateKey, dsaEncoding: 'der' })),
  };
};

/** The local seal: key, certificate and CA certificate from `dir`. */
export const loadLocalSealKey = async (dir: string): Promise<SealKey> => {
  const read = async (name: string) => {
    try {
      return await readFile(join(dir, name), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      throw new Error(`No seal material in ${dir} (${name} is missing): start the local stack once.`);
    }
  };
  const [key, certificate, caCertificate] = await Promise.all(
    [SEAL_FILES.key, SEAL_FILES.certificate, SEAL_FILES.caCertificate].map(read),
  );
  return createKeyObjectSealKey(
    createPrivateKey(String(key)),
    certificateChainFromPem(`${certificate}\n${caCertificate}`),
  );
};
