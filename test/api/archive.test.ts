// B-LTA certificates and their archive renewal (docs/legal.md §4, §5), on DynamoDB Local and s3rver: an issued PDF
// carries the DSS and a document timestamp; renewing it before the TSA certificate expires stores a new version
// that starts with the old one's bytes, keeps serial, code, QR seal and credential, and leaves every version's hash
// verifiable, the older ones said to be earlier versions; a second run renews nothing; a revocation shows on
// every version's hash.
import { execFile } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PDFArray, PDFDict, PDFDocument, PDFName, type PDFRawStream } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpRevocationSource } from '../../functions/adapters/http/crl-source.ts';
import { revokeLocalCertificate } from '../../functions/adapters/local/local-crl.ts';
import { SEAL_FILES } from '../../functions/adapters/local/seal-key.ts';
import { ensureSealMaterial } from '../../functions/adapters/local/seal-material.ts';
import { renewArchives } from '../../functions/cli/archive-commands.ts';
import type { TimestampAuthority } from '../../functions/core/ports.ts';
import { certificatesOf, signaturesOf, timestampTokensOf } from '../../functions/core/sealing/pades-ltv.ts';
import { qrContentOfPdf } from '../../functions/core/sealing/seal-in-pdf.ts';
import { startLocalCrlServer } from '../../functions/local/crl-server.ts';
import { sampleCertificateOfOrigin } from '../fixtures/certificate-of-origin.ts';
import { type Json, readJson } from '../support/json.ts';
import { losingFirstCertificateAnswer } from '../support/lossy-object-store.ts';
import { verifyDocumentTimestamp } from '../support/openssl-ts.ts';
import { type OpensslTsa, startOpensslTsa } from '../support/openssl-tsa.ts';
import { createTestStack, submittedApplication, type TestStack } from '../support/test-stack.ts';

const run = promisify(execFile);
const DAY_MS = 86_400_000;
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

let dir: string;
let crl: Awaited<ReturnType<typeof startLocalCrlServer>>;
let stack: TestStack;
/** The TSA of the moment: one whose certificate expires in 30 days at issue, a new one for the renewal. */
let tsa: OpensslTsa;
/** Every digest the stack had timestamped, in order. */
const asked: string[] = [];
const currentTsa: TimestampAuthority = {
  timestamp: (digest) => {
    asked.push(Buffer.from(digest).toString('hex'));
    return tsa.timestamp(digest);
  },
};

const caOf = async () => ({
  certificatePem: await readFile(join(dir, SEAL_FILES.caCertificate), 'utf8'),
  keyPem: await readFile(join(dir, SEAL_FILES.caKey), 'utf8'),
});

const issue = async (): Promise<{ certificate: Json; pdf: Uint8Array }> => {
  const { id, version } = await submittedApplication(stack, sampleCertificateOfOrigin(1));
  const approved = await stack.request(`/api/applications/${id}/approve`, {
    token: await stack.login('staff'),
    json: { version },
  });
  expect(approved.status).toBe(201);
  const { certificate } = await readJson(approved);
  return { certificate, pdf: await download(certificate.serial) };
};

const download = async (serial: string) => {
  const response = await stack.request(`/api/certificates/${serial}/pdf`, {
    token: await stack.login('exporterA'),
  });
  expect(response.status).toBe(200);
  return new Uint8Array(await response.arrayBuffer());
};

const byHash = async (pdf: Uint8Array) => {
  const response = await stack.request('/api/verify/hash', { json: { sha256: sha256(pdf) } });
  return { status: response.status, body: await readJson(response) };
};

const stampsOf = async (pdf: Uint8Array) =>
  signaturesOf(await PDFDocument.load(pdf, { updateMetadata: false })).filter(
    ({ subFilter }) => subFilter === 'ETSI.RFC3161',
  );

const onDisk = async (name: string, bytes: Uint8Array | Buffer) => {
  const path = join(dir, name);
  await writeFile(path, bytes);
  return path;
};

let first: { certificate: Json; pdf: Uint8Array };
let firstCredential: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tradecert-archive-'));
  crl = await startLocalCrlServer(dir);
  // the CA and its CRL first, so that the TSA's certificate can be issued by it before the stack starts
  await ensureSealMaterial(
    dir,
    { id: 'demo', name: 'Demo Economic Chamber', country: 'MK' },
    new Date(),
    crl.url,
  );
  tsa = await startOpensslTsa(await caOf(), {
    notBefore: new Date(Date.now() - DAY_MS),
    notAfter: new Date(Date.now() + 30 * DAY_MS),
    crlUrl: crl.url,
  });
  stack = await createTestStack(
    { KEYS_DIR: dir, SEAL_LOCAL_CRL_URL: crl.url },
    { timestamps: currentTsa, revocation: createHttpRevocationSource() },
  );
  first = await issue();
  firstCredential = await (await stack.request(`/v/${first.certificate.code}/vc`)).text();
});

afterAll(async () => {
  await crl?.stop();
});

describe('an issued certificate with a TSA configured', () => {
  it('is B-LTA: the seal, the DSS with the CA’s CRL, and a document timestamp over the whole file', async () => {
    const { pdf, certificate } = first;
    expect(sha256(pdf)).toBe(certificate.sha256);
    const stamps = await stampsOf(pdf);
    expect(stamps).toHaveLength(1);
    expect((stamps[0]?.byteRange[2] ?? 0) + (stamps[0]?.byteRange[3] ?? 0)).toBe(pdf.length);
    expect(Buffer.from(pdf).toString('latin1')).toMatch(/\/Type \/DSS/);
    const { stdout } = await run('qpdf', ['--check', await onDisk('issued.pdf', pdf)]);
    expect(stdout).toContain('No syntax or stream encoding errors found');
    console.info(`one-page B-LTA certificate: ${pdf.length} bytes`);
  });

  it('verifies by its hash as the latest (and only) version', async () => {
    const { status, body } = await byHash(first.pdf);
    expect(status).toBe(200);
    expect(body).toMatchObject({ status: 'VALID', file: { version: 1, versions: 1, latest: true } });
  });
});

describe('an interrupted B-LTA issuance', () => {
  it('stores the same bytes when resumed: the DSS and the document timestamp were settled, the TSA asked once each', async () => {
    const lossy = losingFirstCertificateAnswer();
    const { stored } = lossy;
    const resumable = await createTestStack(
      { KEYS_DIR: dir, SEAL_LOCAL_CRL_URL: crl.url },
      {
        timestamps: currentTsa,
        revocation: createHttpRevocationSource(),
        objects: lossy.objects,
      },
    );
    lossy.connect(resumable.config);
    const { id, version } = await submittedApplication(resumable, sampleCertificateOfOrigin(1));
    const staff = await resumable.login('staff');
    const before = asked.length;

    const interrupted = await resumable.request(`/api/applications/${id}/approve`, {
      token: staff,
      json: { version },
    });
    const resumed = await resumable.request(`/api/applications/${id}/approve`, {
      token: staff,
      json: { version: version + 1 },
    });

    expect(interrupted.status).toBe(503);
    expect(resumed.status).toBe(201);
    expect(stored).toHaveLength(2);
    expect(Buffer.from(stored[1] as Uint8Array).equals(Buffer.from(stored[0] as Uint8Array))).toBe(true);
    expect((await readJson(resumed)).certificate.sha256).toBe(sha256(stored[0] as Uint8Array));
    // one signature timestamp and one document timestamp, both from the first run
    expect(asked.length - before).toBe(2);
    expect(await stampsOf(stored[1] as Uint8Array)).toHaveLength(1);
  });
});

describe('the seal after the local CA revokes its certificate', () => {
  it('was made while the certificate was good: the signature timestamp predates the revocation the new CRL lists', async () => {
    const doc = await PDFDocument.load(first.pdf, { updateMetadata: false });
    const [seal] = signaturesOf(doc);
    const [signatureToken] = timestampTokensOf(seal?.cms as Uint8Array);
    const { stdout: tokenText } = await run('openssl', [
      'ts',
      '-reply',
      '-in',
      await onDisk('signature.tst', signatureToken as Uint8Array),
      '-token_in',
      '-text',
    ]);
    const genTime = new Date(String(/Time stamp: (.+)/.exec(tokenText)?.[1]));
    const sealCertificate = certificatesOf(seal?.cms as Uint8Array)[0] as Uint8Array;
    // the CRL the file's DSS carries, fetched at issue
    const dss = doc.catalog.lookup(PDFName.of('DSS'), PDFDict);
    const [dssCrl] = dss
      .lookup(PDFName.of('CRLs'), PDFArray)
      .asArray()
      .map((ref) => (doc.context.lookup(ref) as PDFRawStream).getContents());
    expect(dssCrl).toBeDefined();

    await new Promise((resolve) => setTimeout(resolve, 1100)); // CRL dates have whole seconds
    const { revocation } = await revokeLocalCertificate(
      dir,
      new X509Certificate(sealCertificate).serialNumber,
      new Date(),
    );
    const after = new Uint8Array(await (await fetch(crl.url)).arrayBuffer());
    const { stdout: crlText } = await run('openssl', [
      'crl',
      '-inform',
      'DER',
      '-in',
      await onDisk('after.crl', after),
      '-noout',
      '-text',
      '-CAfile',
      join(dir, SEAL_FILES.caCertificate),
    ]);
    const listed = new RegExp(`Serial Number: ${revocation.serialNumber}\\s+Revocation Date: (.+)`, 'i').exec(
      crlText,
    );
    expect(listed).not.toBeNull();
    expect(new Date(String(listed?.[1])).getTime()).toBeGreaterThan(genTime.getTime());

    const sealPem = await onDisk('seal.pem', Buffer.from(new X509Certificate(sealCertificate).toString()));
    const ca = join(dir, SEAL_FILES.caCertificate);
    const pem = (der: ArrayBuffer | Uint8Array) =>
      `-----BEGIN X509 CRL-----\n${Buffer.from(new Uint8Array(der)).toString('base64')}\n-----END X509 CRL-----\n`;
    await expect(
      run('openssl', [
        'verify',
        '-crl_check',
        '-CAfile',
        ca,
        '-CRLfile',
        await onDisk('after.pem', Buffer.from(pem(after))),
        sealPem,
      ]),
    ).rejects.toMatchObject({ stderr: expect.stringContaining('certificate revoked') });
    const { stdout } = await run('openssl', [
      'verify',
      '-attime',
      String(Math.floor(genTime.getTime() / 1000)),
      '-crl_check',
      '-CAfile',
      ca,
      '-CRLfile',
      await onDisk('issue.pem', Buffer.from(pem(dssCrl as Uint8Array))),
      sealPem,
    ]);
    expect(stdout).toContain(': OK');
  });
});

describe('archive renewal', () => {
  let renewedPdf: Uint8Array;

  it('lists a certificate as due when its archive timestamp’s TSA certificate expires within the window, and a dry run changes nothing', async () => {
    const outcome = await stack.core.renewArchiveTimestamps?.({ withinDays: 60, dryRun: true });
    expect(outcome?.due).toBeGreaterThanOrEqual(1);
    expect(outcome?.renewed).toEqual([]);
    expect(sha256(await download(first.certificate.serial))).toBe(first.certificate.sha256);
    expect((await stack.core.renewArchiveTimestamps?.({ withinDays: 10, dryRun: true }))?.due).toBe(0);
  });

  it('stores a new version that starts with the old bytes and adds a DSS and a document timestamp', async () => {
    tsa = await startOpensslTsa(await caOf(), {
      notBefore: new Date(Date.now() - DAY_MS),
      notAfter: new Date(Date.now() + 3 * 365 * DAY_MS),
      crlUrl: crl.url,
    });
    const lines: string[] = [];
    const outcome = await stack.core.renewArchiveTimestamps?.({
      withinDays: 60,
      progress: (line) => lines.push(line),
    });
    expect(outcome?.renewed.map(({ serial }) => serial)).toContain(first.certificate.serial);
    expect(lines.join('\n')).toContain(`${first.certificate.serial}: version 2 stored`);

    renewedPdf = await download(first.certificate.serial);
    expect(renewedPdf.length).toBeGreaterThan(first.pdf.length);
    expect(Buffer.from(renewedPdf.subarray(0, first.pdf.length)).equals(Buffer.from(first.pdf))).toBe(true);
    const stamps = await stampsOf(renewedPdf);
    expect(stamps).toHaveLength(2);
    const newest = stamps[1];
    if (!newest) throw new Error('no second document timestamp');
    const [, , b, c] = newest.byteRange;
    expect(b + c).toBe(renewedPdf.length);
    const stdout = await verifyDocumentTimestamp(renewedPdf, newest, {
      caFile: join(dir, SEAL_FILES.caCertificate),
      tsaFile: join(tsa.dir, 'tsa.pem'),
    });
    expect(stdout.trim()).toBe('Verification: OK');
    const { stdout: qpdf } = await run('qpdf', ['--check', await onDisk('renewed.pdf', renewedPdf)]);
    expect(qpdf).toContain('No syntax or stream encoding errors found');
  });

  it('keeps the certificate’s identity: serial, code, QR seal and credential', async () => {
    const response = await stack.request(`/api/certificates/${first.certificate.serial}`, {
      token: await stack.login('staff'),
    });
    const now = await readJson(response);
    expect(now).toMatchObject({ serial: first.certificate.serial, code: first.certificate.code });
    expect(now.sha256).toBe(sha256(renewedPdf));
    expect(qrContentOfPdf(renewedPdf)).toBe(qrContentOfPdf(first.pdf));
    const credential = await stack.request(`/v/${first.certificate.code}/vc`);
    expect(await credential.text()).toBe(firstCredential);
  });

  it('answers for the new version as the latest and for the old one as an earlier version, with the current status', async () => {
    const latest = await byHash(renewedPdf);
    expect(latest.body).toMatchObject({ status: 'VALID', file: { version: 2, versions: 2, latest: true } });
    const earlier = await byHash(first.pdf);
    expect(earlier.status).toBe(200);
    expect(earlier.body).toMatchObject({
      status: 'VALID',
      certificate: { serial: first.certificate.serial },
      file: { version: 1, versions: 2, latest: false },
    });
  });

  it('renews nothing when run again', async () => {
    const outcome = await stack.core.renewArchiveTimestamps?.({ withinDays: 60 });
    expect(outcome).toMatchObject({ due: 0, renewed: [], skipped: [] });
    expect(sha256(await download(first.certificate.serial))).toBe(sha256(renewedPdf));
  });

  it('shows a later revocation on every version’s hash', async () => {
    const revoked = await stack.request(`/api/certificates/${first.certificate.serial}/revoke`, {
      token: await stack.login('staff'),
      json: { reason: 'incorrect-data', comment: 'archive test' },
    });
    expect(revoked.status).toBe(200);
    for (const pdf of [first.pdf, renewedPdf]) {
      expect((await byHash(pdf)).body).toMatchObject({ status: 'REVOKED', reason: 'incorrect-data' });
    }
  });
});

describe('the operator command', () => {
  it('lists what is due with --dry-run, certificate by certificate, and changes nothing', async () => {
    const lines: string[] = [];
    const before = await download(first.certificate.serial);
    const complete = await renewArchives(
      stack.config,
      { withinDays: 4000, dryRun: true, chamberId: stack.config.issuer.id },
      (line) => lines.push(line),
    );
    expect(complete).toBe(true);
    expect(lines.join('\n')).toContain(`${first.certificate.serial}: due`);
    expect(lines.at(-1)).toMatch(/: 1 due, 0 renewed, 0 skipped\.$/);
    expect(sha256(await download(first.certificate.serial))).toBe(sha256(before));
  });
});
