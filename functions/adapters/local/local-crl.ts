// The local CA's certificate revocation list (RFC 5280 §5; docs/legal.md §4): what a validator fetches from the
// cRLDistributionPoints of the local seal certificate (and the local TSA's) to learn whether the CA has revoked
// it. The CA keeps what it revoked in seal-ca-revoked.json under KEYS_DIR and signs a new CRL, seal-ca.crl (DER),
// whenever that changes or the last one nears its nextUpdate. The local stack serves the file over HTTP.
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as x509 from '@peculiar/x509';
import { CA_ALGORITHM, loadLocalCa } from './local-ca.ts';
import { SEAL_FILES } from './seal-key.ts';

const provider = webcrypto as unknown as Crypto;
/** A week: a validator that fetched the list may rely on it that long (RFC 5280 §5.1.2.5). */
const CRL_VALIDITY_MS = 7 * 24 * 3600_000;
/** A list is signed anew once less than a day of its validity remains. */
const RENEW_BEFORE_MS = 24 * 3600_000;
const ID_CRL_NUMBER = '2.5.29.20';

export const CRL_FILES = { crl: 'seal-ca.crl', revoked: 'seal-ca-revoked.json' } as const;

export interface LocalRevocation {
  /** The certificate's serial number, hexadecimal. */
  serialNumber: string;
  revocationDate: string;
  reason: keyof typeof x509.X509CrlReason;
}

interface RevocationState {
  crlNumber: number;
  revoked: LocalRevocation[];
}

const readState = async (dir: string): Promise<RevocationState> => {
  try {
    return JSON.parse(await readFile(join(dir, CRL_FILES.revoked), 'utf8')) as RevocationState;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    return { crlNumber: 0, revoked: [] };
  }
};

/** Written beside and renamed over: a crash leaves the old file or the new one, never half of one. */
const writeAtomically = async (path: string, data: string | Uint8Array) => {
  await writeFile(`${path}.tmp`, data, { mode: 0o600 });
  await rename(`${path}.tmp`, path);
};

/** DER INTEGER of a small non-negative number, the CRLNumber extension's value. */
const derInteger = (value: number): Uint8Array<ArrayBuffer> => {
  const bytes: number[] = [];
  let rest = value;
  do {
    bytes.unshift(rest & 0xff);
    rest = Math.floor(rest / 256);
  } while (rest > 0);
  if ((bytes[0] ?? 0) & 0x80) bytes.unshift(0);
  return new Uint8Array([0x02, bytes.length, ...bytes]);
};

/** Signs a new CRL of what `dir`'s CA has revoked, valid from `now` for a week, and writes it. */
export const issueLocalCrl = async (dir: string, now: Date): Promise<Uint8Array> => {
  const state = await readState(dir);
  const crlNumber = state.crlNumber + 1;
  const { certificate: caCertificate, privateKey: caKey } = await loadLocalCa(dir);
  const crl = await x509.X509CrlGenerator.create(
    {
      issuer: caCertificate.subject,
      thisUpdate: now,
      nextUpdate: new Date(now.getTime() + CRL_VALIDITY_MS),
      signingAlgorithm: CA_ALGORITHM,
      signingKey: caKey,
      extensions: [
        await x509.AuthorityKeyIdentifierExtension.create(caCertificate, false, provider),
        new x509.Extension(ID_CRL_NUMBER, false, derInteger(crlNumber).buffer as ArrayBuffer),
      ],
      entries: state.revoked.map((entry) => ({
        serialNumber: entry.serialNumber,
        revocationDate: new Date(entry.revocationDate),
        reason: x509.X509CrlReason[entry.reason],
      })),
    },
    provider,
  );
  const der = new Uint8Array(crl.rawData);
  await writeAtomically(join(dir, CRL_FILES.crl), der);
  await writeAtomically(join(dir, CRL_FILES.revoked), JSON.stringify({ ...state, crlNumber }, null, 2));
  return der;
};

/** The CA's current CRL, signed anew when there is none or it nears its nextUpdate. Safe on every start. */
export const ensureLocalCrl = async (dir: string, now: Date): Promise<Uint8Array> => {
  try {
    const der = new Uint8Array(await readFile(join(dir, CRL_FILES.crl)));
    const nextUpdate = new x509.X509Crl(der).nextUpdate;
    if (nextUpdate && nextUpdate.getTime() - now.getTime() > RENEW_BEFORE_MS) return der;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  return issueLocalCrl(dir, now);
};

/**
 * Revokes the certificate with `serialNumber` (hexadecimal) at `now` and publishes a CRL that lists it. Revoking
 * it again changes nothing: the first revocation date stands.
 */
export const revokeLocalCertificate = async (
  dir: string,
  serialNumber: string,
  now: Date,
  reason: LocalRevocation['reason'] = 'keyCompromise',
): Promise<{ revocation: LocalRevocation; crl: Uint8Array }> => {
  const state = await readState(dir);
  const serial = serialNumber.toLowerCase();
  let revocation = state.revoked.find((entry) => entry.serialNumber === serial);
  if (!revocation) {
    revocation = { serialNumber: serial, revocationDate: now.toISOString(), reason };
    await writeAtomically(
      join(dir, CRL_FILES.revoked),
      JSON.stringify({ ...state, revoked: [...state.revoked, revocation] }, null, 2),
    );
  }
  return { revocation, crl: await issueLocalCrl(dir, now) };
};

/** Revokes the local seal certificate (for drills and the revocation test). */
export const revokeLocalSealCertificate = async (
  dir: string,
  now: Date,
  reason?: LocalRevocation['reason'],
) => {
  const seal = new x509.X509Certificate(await readFile(join(dir, SEAL_FILES.certificate), 'utf8'));
  return revokeLocalCertificate(dir, seal.serialNumber, now, reason);
};
