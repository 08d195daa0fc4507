// B-T (docs/legal.md §1, §2): every seal of an issued certificate carries an RFC 3161 signature timestamp from the
// configured TSA (here the stack's local TSA), over the SHA-256 of the seal's signature value. Checked with tools
// we did not write: OpenSSL verifies the token under the local CA and prints its policy and time, pdfsig still
// finds the seal valid, qpdf finds the file sound.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PDFDict, PDFDocument, PDFHexString, PDFName } from 'pdf-lib';
import { ContentInfo, SignedData } from 'pkijs';
import { beforeAll, describe, expect, it } from 'vitest';
import { SEAL_FILES } from '../../functions/adapters/local/seal-key.ts';
import { ID_SIGNATURE_TIME_STAMP_TOKEN } from '../../functions/core/sealing/pades-cms.ts';
import { TSA_LOCAL_POLICY_OID } from '../../functions/local/tsa.ts';
import { sampleCertificateOfOrigin } from '../fixtures/certificate-of-origin.ts';
import { type Json, readJson } from '../support/json.ts';
import { createTestStack, submittedApplication, type TestStack } from '../support/test-stack.ts';

const run = promisify(execFile);

const issue = async (target: TestStack): Promise<{ certificate: Json; pdf: Uint8Array }> => {
  const { id, version } = await submittedApplication(target, sampleCertificateOfOrigin(1));
  const approved = await target.request(`/api/applications/${id}/approve`, {
    token: await target.login('staff'),
    json: { version },
  });
  expect(approved.status).toBe(201);
  const { certificate } = await readJson(approved);
  const download = await target.request(`/api/certificates/${certificate.serial}/pdf`, {
    token: await target.login('exporterA'),
  });
  return { certificate, pdf: new Uint8Array(await download.arrayBuffer()) };
};

/** The seal's signature value and the unsigned signature timestamp token beside it. */
const signatureTimestampOf = async (pdf: Uint8Array) => {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  const [dictionary] = doc.context
    .enumerateIndirectObjects()
    .map(([, object]) => object)
    .filter(
      (object): object is PDFDict =>
        object instanceof PDFDict && object.get(PDFName.of('Type')) === PDFName.of('Sig'),
    );
  const contents = dictionary?.lookup(PDFName.of('Contents'), PDFHexString).asBytes() ?? new Uint8Array();
  const signedData = new SignedData({ schema: ContentInfo.fromBER(new Uint8Array(contents).buffer).content });
  const [signer] = signedData.signerInfos;
  const token = signer?.unsignedAttrs?.attributes.find(({ type }) => type === ID_SIGNATURE_TIME_STAMP_TOKEN)
    ?.values[0];
  return {
    signature: new Uint8Array(signer?.signature.valueBlock.valueHexView ?? []),
    token: token ? new Uint8Array(token.toBER()) : undefined,
    attributes: signer?.unsignedAttrs?.attributes.length ?? 0,
  };
};

const onDisk = async (name: string, bytes: Uint8Array | string) => {
  const path = join(await mkdtemp(join(tmpdir(), 'tradecert-bt-')), name);
  await writeFile(path, bytes);
  return path;
};

let stack: TestStack;
let issued: { certificate: Json; pdf: Uint8Array };

beforeAll(async () => {
  stack = await createTestStack();
  issued = await issue(stack);
});

describe('the seal of an issued certificate (B-T)', () => {
  it('carries one signature timestamp token over the SHA-256 of its signature value, which OpenSSL verifies under the local CA', async () => {
    const { signature, token, attributes } = await signatureTimestampOf(issued.pdf);
    expect(token).toBeDefined();
    expect(attributes).toBe(1);
    const digest = createHash('sha256').update(signature).digest('hex');
    const tokenFile = await onDisk('token.der', token as Uint8Array);

    const { stdout } = await run('openssl', [
      'ts',
      '-verify',
      '-digest',
      digest,
      '-in',
      tokenFile,
      '-token_in',
      '-CAfile',
      join(stack.config.keysDir, SEAL_FILES.caCertificate),
      '-untrusted',
      await onDisk('tsa.pem', stack.tsa?.chainPem ?? ''),
    ]);
    expect(stdout).toContain('Verification: OK');

    const other = createHash('sha256').update('another signature').digest('hex');
    const refused = await run('openssl', [
      'ts',
      '-verify',
      '-digest',
      other,
      '-in',
      tokenFile,
      '-token_in',
      '-CAfile',
      join(stack.config.keysDir, SEAL_FILES.caCertificate),
      '-untrusted',
      await onDisk('tsa.pem', stack.tsa?.chainPem ?? ''),
    ]).then(
      ({ stdout: said }) => said,
      (error: { stdout?: string; stderr?: string }) => `${error.stdout}${error.stderr}`,
    );
    expect(refused).toContain('Verification: FAILED');
  });

  it('shows the local policy and a time at the approval in `openssl ts -reply -text`', async () => {
    const { token } = await signatureTimestampOf(issued.pdf);
    const { stdout } = await run('openssl', [
      'ts',
      '-reply',
      '-in',
      await onDisk('token.der', token as Uint8Array),
      '-token_in',
      '-text',
    ]);
    const stamped = Date.parse(
      `${stdout.match(/Time stamp: (.+)/)?.[1]}`.replace(/(\d\d:\d\d:\d\d)(\.\d+)?/, '$1'),
    );

    expect(stdout).toContain(`Policy OID: ${TSA_LOCAL_POLICY_OID}`);
    expect(stdout).toContain('TSA: DirName:/C=MK/O=Demo Economic Chamber/CN=Demo Economic Chamber Local TSA');
    expect(Math.abs(stamped - Date.parse(issued.certificate.issuedAt))).toBeLessThan(60_000);
  });

  it('is still a valid signature for pdfsig, and the file passes qpdf --check', async () => {
    const file = await onDisk('certificate.pdf', issued.pdf);
    const report = await run('pdfsig', [file]).then(({ stdout }) => stdout);
    const { stdout: check } = await run('qpdf', ['--check', file]);
    console.info(`one-page B-T certificate: ${issued.pdf.length} bytes`);

    expect(report).toContain('Signature Validation: Signature is Valid.');
    expect(report).toContain('Total document signed');
    expect(check).toContain('No syntax or stream encoding errors found');
  });

  it('stays B-B where the deployment has no TSA (TSA_URL=none)', async () => {
    const plain = await createTestStack({ TSA_URL: 'none' });
    const { pdf } = await issue(plain);

    console.info(`one-page B-B certificate: ${pdf.length} bytes`);
    expect(plain.tsa).toBeUndefined();
    expect((await signatureTimestampOf(pdf)).token).toBeUndefined();
    expect(pdf.length).toBeLessThan(issued.pdf.length - 8 * 1024);
  });
});
