// B-LT and B-LTA on a sealed PDF (docs/legal.md §4, §5): the validation data and the document timestamp go in as
// incremental updates, the local CA's CRL is fetched over HTTP from the seal certificate's distribution point, and
// tools tradecert did not write judge the result: qpdf --check, pdfsig with the local CA trusted in an NSS
// database, openssl ts -verify over the ByteRange bytes, openssl crl and openssl verify -attime. Revoking the seal
// certificate afterwards leaves a file whose timestamp proves the seal was made while the certificate was good.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  type PDFRawStream,
  StandardFonts,
} from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpRevocationSource } from '../../functions/adapters/http/crl-source.ts';
import { revokeLocalSealCertificate } from '../../functions/adapters/local/local-crl.ts';
import { loadLocalSealKey, SEAL_FILES } from '../../functions/adapters/local/seal-key.ts';
import { ensureSealMaterial } from '../../functions/adapters/local/seal-material.ts';
import { sealPdf } from '../../functions/core/sealing/pades.ts';
import {
  addDocumentTimestamp,
  addValidationData,
  collectValidationData,
  signaturesOf,
} from '../../functions/core/sealing/pades-ltv.ts';
import { updatePdf } from '../../functions/core/sealing/pdf-incremental.ts';
import { startLocalCrlServer } from '../../functions/local/crl-server.ts';
import { verifyDocumentTimestamp } from '../support/openssl-ts.ts';
import { type OpensslTsa, startOpensslTsa } from '../support/openssl-tsa.ts';

const run = promisify(execFile);
const ISSUER = { id: 'demo-chamber', name: 'Demo Economic Chamber', country: 'MK' };
/** The CA, its CRL and the seal are made now: a CRL is valid for a week, and the timestamp is taken now. */
const SEALED_AT = new Date(Math.floor(Date.now() / 1000) * 1000);

let dir: string;
let crlServer: Awaited<ReturnType<typeof startLocalCrlServer>>;
let tsa: OpensslTsa;
let sealed: Uint8Array;
let withDss: Uint8Array;
let archived: Uint8Array;

const file = async (name: string, bytes: Uint8Array | string) => {
  const path = join(dir, name);
  await writeFile(path, bytes);
  return path;
};

const onePagePdf = async () => {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const page = doc.addPage([595, 842]);
  page.drawText('CERTIFICATE OF ORIGIN', {
    x: 60,
    y: 760,
    size: 18,
    font: await doc.embedFont(StandardFonts.Helvetica),
  });
  doc.setTitle('Certificate of origin MK-CO-2026-000042');
  const id = PDFHexString.of('5D1E'.repeat(8));
  doc.context.trailerInfo.ID = doc.context.obj([id, id]);
  return doc.save({ useObjectStreams: false });
};

/** An NSS database that trusts the local CA, for pdfsig. */
const nssTrustingLocalCa = async () => {
  const nss = await mkdtemp(join(tmpdir(), 'tradecert-nss-'));
  await run('certutil', ['-N', '-d', `sql:${nss}`, '--empty-password']);
  await run('certutil', [
    '-A',
    '-d',
    `sql:${nss}`,
    '-n',
    'local-ca',
    '-t',
    'CT,C,C',
    '-i',
    join(dir, SEAL_FILES.caCertificate),
  ]);
  return nss;
};

/** The local CA and the test TSA's certificate, for openssl. */
const trust = () => ({ caFile: join(dir, SEAL_FILES.caCertificate), tsaFile: join(tsa.dir, 'tsa.pem') });

const pdfsig = async (pdf: Uint8Array, nss: string) => {
  const { stdout } = await run('pdfsig', ['-nssdir', `sql:${nss}`, await file('check.pdf', pdf)]);
  return stdout;
};

const dssOf = async (pdf: Uint8Array) => {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  const dss = doc.catalog.lookup(PDFName.of('DSS'), PDFDict);
  const streams = (key: string) =>
    dss
      .lookup(PDFName.of(key), PDFArray)
      .asArray()
      .map((ref) => (doc.context.lookup(ref) as PDFRawStream).getContents());
  return { certs: streams('Certs'), crls: streams('CRLs') };
};

const pem = (der: Uint8Array, label: string) =>
  `-----BEGIN ${label}-----\n${Buffer.from(der).toString('base64').replace(/.{64}/g, '$&\n')}\n-----END ${label}-----\n`;

const genTimeOf = async (token: Uint8Array) => {
  const { stdout } = await run('openssl', [
    'ts',
    '-reply',
    '-in',
    await file('token.tst', token),
    '-token_in',
    '-text',
  ]);
  const match = /Time stamp: (.+)/.exec(stdout);
  return new Date(String(match?.[1]));
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tradecert-ltv-'));
  crlServer = await startLocalCrlServer(dir);
  await ensureSealMaterial(dir, ISSUER, SEALED_AT, crlServer.url);
  const ca = {
    certificatePem: await readFile(join(dir, SEAL_FILES.caCertificate), 'utf8'),
    keyPem: await readFile(join(dir, SEAL_FILES.caKey), 'utf8'),
  };
  tsa = await startOpensslTsa(ca, {
    notBefore: new Date(Date.now() - 3600_000),
    notAfter: new Date(Date.now() + 365 * 24 * 3600_000),
    crlUrl: crlServer.url,
  });
  sealed = await sealPdf(await onePagePdf(), await loadLocalSealKey(dir), {
    signingTime: SEALED_AT,
    reason: 'Certificate of origin MK-CO-2026-000042 issued by Demo Economic Chamber',
    location: 'Skopje, MK',
    name: 'Demo Economic Chamber',
  });
  const data = await collectValidationData(
    await PDFDocument.load(sealed, { updateMetadata: false }),
    createHttpRevocationSource(),
    [new Uint8Array(Buffer.from(tsa.certificatePem.replace(/-----[^-]+-----|\s/g, ''), 'base64'))],
  );
  withDss = await addValidationData(sealed, data);
  archived = await addDocumentTimestamp(withDss, tsa.timestamp);
});

afterAll(async () => {
  await crlServer?.stop();
});

describe('an incremental update', () => {
  it('keeps the earlier file as a byte prefix, so the seal still covers the same bytes', () => {
    expect(Buffer.from(withDss.subarray(0, sealed.length)).equals(Buffer.from(sealed))).toBe(true);
    expect(Buffer.from(archived.subarray(0, withDss.length)).equals(Buffer.from(withDss))).toBe(true);
  });

  it('passes qpdf --check after each update', async () => {
    for (const pdf of [withDss, archived]) {
      const { stdout } = await run('qpdf', ['--check', await file('qpdf.pdf', pdf)]);
      expect(stdout).toContain('No syntax or stream encoding errors found');
    }
  });

  it('is deterministic: the same edit of the same file gives the same bytes', async () => {
    const edit = (doc: PDFDocument) => {
      doc.catalog.set(PDFName.of('Lang'), doc.context.obj('en'));
      return [doc.context.trailerInfo.Root as never];
    };
    expect(
      Buffer.from(await updatePdf(sealed, edit)).equals(Buffer.from(await updatePdf(sealed, edit))),
    ).toBe(true);
  });

  it('keeps the first /ID element and points /Prev at the previous cross-reference section', () => {
    const text = Buffer.from(archived).toString('latin1');
    const ids = [...text.matchAll(/\/ID \[ ?<([0-9A-Fa-f]+)>/g)].map((match) => match[1]);
    expect(ids.length).toBeGreaterThanOrEqual(3);
    expect(new Set(ids).size).toBe(1);
    const starts = [...text.matchAll(/startxref\s+(\d+)/g)].map((match) => Number(match[1]));
    const prevs = [...text.matchAll(/\/Prev (\d+)/g)].map((match) => Number(match[1]));
    expect(prevs.slice(-2)).toEqual(starts.slice(-3, -1));
  });
});

describe('the validation data (B-LT)', () => {
  it('holds the seal certificate, the CA and the TSA, and the CA’s CRL, signed by the CA', async () => {
    const { certs, crls } = await dssOf(archived);
    const subjects = await Promise.all(
      certs.map(async (der, index) => {
        const { stdout } = await run('openssl', [
          'x509',
          '-inform',
          'DER',
          '-noout',
          '-subject',
          '-in',
          await file(`c${index}.der`, der),
        ]);
        return stdout;
      }),
    );
    expect(subjects.join('')).toMatch(/CN ?= ?Demo Economic Chamber Seal/);
    expect(subjects.join('')).toMatch(/CN ?= ?Demo Economic Chamber Root CA/);
    expect(subjects.join('')).toMatch(/CN ?= ?Test TSA/);
    expect(crls).toHaveLength(1);
    const { stderr, stdout } = await run('openssl', [
      'crl',
      '-inform',
      'DER',
      '-in',
      await file('dss.crl', crls[0] as Uint8Array),
      '-CAfile',
      join(dir, SEAL_FILES.caCertificate),
      '-noout',
      '-text',
    ]);
    expect(`${stderr}${stdout}`).toContain('verify OK');
    expect(stdout).toContain('Next Update');
  });
});

describe('the document timestamp (B-LTA)', () => {
  // poppler 22.12 (Debian 12) lists an ETSI.RFC3161 field but cannot validate one ("Signature Type: unknown",
  // "not yet been verified"): openssl ts -verify below checks the token, pdfsig that the seal survived the updates
  it('is listed by pdfsig as a TSA-signed field over the whole file, and the seal stays valid and trusted', async () => {
    const report = await pdfsig(archived, await nssTrustingLocalCa());
    const [seal, stamp] = report.split(/Signature #\d:/).slice(1);
    expect(report.match(/Signature #/g)).toHaveLength(2);
    expect(seal).toContain('Signature Type: ETSI.CAdES.detached');
    expect(seal).toContain('Signature Validation: Signature is Valid.');
    expect(seal).toContain('Certificate Validation: Certificate is Trusted.');
    expect(stamp).toContain('Signer Certificate Common Name: Test TSA');
    expect(stamp).toContain('Total document signed');
  });

  it('verifies with openssl ts -verify over the ByteRange bytes, the local CA trusted', async () => {
    const doc = await PDFDocument.load(archived, { updateMetadata: false });
    const stamp = signaturesOf(doc).find(({ subFilter }) => subFilter === 'ETSI.RFC3161');
    if (!stamp) throw new Error('no document timestamp');
    const [, , b, c] = stamp.byteRange;
    expect(b + c).toBe(archived.length);
    const stdout = await verifyDocumentTimestamp(archived, stamp, trust());
    expect(stdout.trim()).toBe('Verification: OK');
  });
});

describe('a document timestamp token larger than the room reserved', () => {
  it('is asked for again with room for it, and verifies', async () => {
    const stamped = await addDocumentTimestamp(withDss, tsa.timestamp, 100);
    const doc = await PDFDocument.load(stamped, { updateMetadata: false });
    const stamp = signaturesOf(doc).find(({ subFilter }) => subFilter === 'ETSI.RFC3161');
    if (!stamp) throw new Error('no document timestamp');
    const stdout = await verifyDocumentTimestamp(stamped, stamp, trust());
    expect(stdout.trim()).toBe('Verification: OK');
  });
});

describe('revoking the seal certificate after the timestamp', () => {
  it('lists it in the new CRL with a date after the timestamp’s genTime, and the chain verified at genTime is good', async () => {
    const doc = await PDFDocument.load(archived, { updateMetadata: false });
    const stamp = signaturesOf(doc).find(({ subFilter }) => subFilter === 'ETSI.RFC3161');
    const genTime = await genTimeOf(stamp?.cms as Uint8Array);
    await new Promise((resolve) => setTimeout(resolve, 1100)); // CRL dates have whole seconds
    const { revocation } = await revokeLocalSealCertificate(dir, new Date());
    const crl = new Uint8Array(await (await fetch(crlServer.url)).arrayBuffer());
    const { stdout } = await run('openssl', [
      'crl',
      '-inform',
      'DER',
      '-in',
      await file('new.crl', crl),
      '-noout',
      '-text',
    ]);
    const listed = new RegExp(
      `Serial Number: ${revocation.serialNumber}[\\s\\S]*?Revocation Date: (.+)`,
      'i',
    ).exec(stdout);
    expect(listed).not.toBeNull();
    expect(new Date(String(listed?.[1])).getTime()).toBeGreaterThan(genTime.getTime());

    const [seal] = (await dssOf(archived)).certs.filter((_, index) => index === 0);
    const sealPem = await file('seal.pem', pem(seal as Uint8Array, 'CERTIFICATE'));
    await file('new-crl.pem', pem(crl, 'X509 CRL'));
    const ca = join(dir, SEAL_FILES.caCertificate);
    const attime = String(Math.floor(genTime.getTime() / 1000));
    // now, with the new CRL: revoked; at genTime, with the CRL the file carries: good
    await expect(
      run('openssl', ['verify', '-crl_check', '-CAfile', ca, '-CRLfile', join(dir, 'new-crl.pem'), sealPem]),
    ).rejects.toMatchObject({ stderr: expect.stringContaining('certificate revoked') });
    const dssCrl = (await dssOf(archived)).crls[0] as Uint8Array;
    await file('dss-crl.pem', pem(dssCrl, 'X509 CRL'));
    const { stdout: atGenTime } = await run('openssl', [
      'verify',
      '-attime',
      attime,
      '-crl_check',
      '-CAfile',
      ca,
      '-CRLfile',
      join(dir, 'dss-crl.pem'),
      sealPem,
    ]);
    expect(atGenTime).toContain(': OK');
  });
});
