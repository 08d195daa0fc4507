// Every issued PDF carries the chamber's PAdES seal (issue #5): approve through the API, download, and look at
// the file as a relying party would, with poppler's pdfsig, qpdf and pkijs. A resumed issuance seals the same
// rendering to the same bytes; a deployment without a seal stores the PDF as rendered.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import * as asn1js from 'asn1js';
import { PDFDict, PDFDocument, PDFHexString, PDFName, PDFString } from 'pdf-lib';
import { type Certificate, ContentInfo, SignedData } from 'pkijs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadLocalSealKey, SEAL_FILES } from '../../functions/adapters/local/seal-key.ts';
import { sealDetailsOf, sealPdf } from '../../functions/core/sealing/pades.ts';
import { certificateChainFromPem } from '../../functions/core/sealing/pades-certificates.ts';
import { ID_SIGNING_CERTIFICATE_V2 } from '../../functions/core/sealing/pades-cms.ts';
import { sampleCertificateOfOrigin } from '../fixtures/certificate-of-origin.ts';
import { type Json, readJson } from '../support/json.ts';
import { losingFirstCertificateAnswer } from '../support/lossy-object-store.ts';
import { createTestStack, submittedApplication, type TestStack } from '../support/test-stack.ts';

const run = promisify(execFile);
/** What the seal may add to a PDF: the signature field, its dictionary and the reserved CMS (two certificates). */
const MAX_SEAL_BYTES = 8 * 1024;
/** The budget for a whole one-page certificate of origin, B-LTA with its embedded data (issue 16). */
const MAX_ONE_PAGE_BYTES = 80 * 1024;

const sha256 = (bytes: Uint8Array | ArrayBuffer) =>
  createHash('sha256').update(new Uint8Array(bytes)).digest('hex');

const onDisk = async (pdf: Uint8Array) => {
  const path = join(await mkdtemp(join(tmpdir(), 'tradecert-pades-api-')), 'certificate.pdf');
  await writeFile(path, pdf);
  return path;
};

// pdfsig exits 0 for an invalid signature too, and 2 for a file without any: what counts is what it prints
const pdfsig = async (pdf: Uint8Array): Promise<string> =>
  run('pdfsig', [await onDisk(pdf)]).then(
    ({ stdout }) => stdout,
    (error: { stdout?: string; stderr?: string }) => `${error.stdout ?? ''}${error.stderr ?? ''}`,
  );

/** Changes one hex digit of the document title: still a well-formed PDF, no longer the signed one. */
const withTitleDigitChanged = (pdf: Uint8Array): Uint8Array => {
  const changed = new Uint8Array(pdf);
  const title = Buffer.from(changed).indexOf('/Title <');
  expect(title).toBeGreaterThan(0);
  const at = title + '/Title <FEFF00'.length;
  changed[at] = changed[at] === 0x34 ? 0x35 : 0x34;
  return changed;
};

const signatureDictionaryOf = async (pdf: Uint8Array): Promise<PDFDict> => {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  const [dictionary] = doc.context
    .enumerateIndirectObjects()
    .map(([, object]) => object)
    .filter(
      (object): object is PDFDict =>
        object instanceof PDFDict && object.get(PDFName.of('Type')) === PDFName.of('Sig'),
    );
  if (!dictionary) throw new Error('no signature dictionary');
  return dictionary;
};

const signedDataOf = async (pdf: Uint8Array): Promise<SignedData> => {
  const contents = (await signatureDictionaryOf(pdf)).lookup(PDFName.of('Contents'), PDFHexString).asBytes();
  return new SignedData({ schema: ContentInfo.fromBER(new Uint8Array(contents).buffer).content });
};

let stack: TestStack;

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
  expect(download.status).toBe(200);
  return { certificate, pdf: new Uint8Array(await download.arrayBuffer()) };
};

let issued: { certificate: Json; pdf: Uint8Array };

beforeAll(async () => {
  stack = await createTestStack();
  issued = await issue(stack);
});

describe('an issued certificate PDF', () => {
  it('is what the commit recorded, byte for byte', () => {
    expect(sha256(issued.pdf)).toBe(issued.certificate.sha256);
  });

  // with the stack's TSA the file is B-LTA (docs/legal.md §5): the seal covers the file as sealed, and the
  // document timestamp after the DSS covers the whole file; poppler 22.12 lists that one but cannot validate it
  it('carries one valid ETSI.CAdES.detached signature of the chamber, then a document timestamp over the whole file', async () => {
    const report = await pdfsig(issued.pdf);
    const [seal, stamp] = report.split(/Signature #\d+:/).slice(1);

    expect(report.match(/Signature #/g)).toHaveLength(2);
    expect(seal).toContain('Signature Type: ETSI.CAdES.detached');
    expect(seal).toContain('Signature Validation: Signature is Valid.');
    expect(seal).toMatch(/Signer full Distinguished Name: .*CN=Demo Economic Chamber Seal/);
    expect(seal).toMatch(/Signer full Distinguished Name: .*O=Demo Economic Chamber/);
    expect(stamp).toContain('Signer Certificate Common Name: Demo Economic Chamber Local TSA');
    expect(stamp).toContain('Total document signed');
  });

  it('fails pdfsig with a digest mismatch after one signed byte changes', async () => {
    const report = await pdfsig(withTitleDigitChanged(issued.pdf));

    expect(report).toContain('Signature Validation: Digest Mismatch.');
    expect(report).not.toContain('Signature is Valid');
  });

  it('passes qpdf --check', async () => {
    const { stdout } = await run('qpdf', ['--check', await onDisk(issued.pdf)]);

    expect(stdout).toContain('No syntax or stream encoding errors found');
  });

  it(`weighs at most ${MAX_ONE_PAGE_BYTES / 1024} KB for one page`, async () => {
    const doc = await PDFDocument.load(issued.pdf, { updateMetadata: false });
    console.info(`one-page sealed certificate: ${issued.pdf.length} bytes`);

    expect(doc.getPageCount()).toBe(1);
    expect(issued.pdf.length).toBeLessThanOrEqual(MAX_ONE_PAGE_BYTES);
  });

  it('says who sealed it, when and why, and keeps title, serial and issuer in the document information', async () => {
    const { certificate } = issued;
    const dictionary = await signatureDictionaryOf(issued.pdf);
    const doc = await PDFDocument.load(issued.pdf, { updateMetadata: false });

    const text = (name: string) => dictionary.lookup(PDFName.of(name), PDFHexString).decodeText();

    // a PDF date has whole seconds
    expect(dictionary.lookup(PDFName.of('M'), PDFString).decodeDate().toISOString()).toBe(
      certificate.issuedAt.replace(/\.\d{3}Z$/, '.000Z'),
    );
    expect(text('Reason')).toBe(
      `Certificate of origin ${certificate.serial} issued by Demo Economic Chamber`,
    );
    expect(text('Name')).toBe('Demo Economic Chamber');
    expect(text('Location')).toBe(`${stack.config.issuer.city}, MK`);
    expect(doc.getTitle()).toContain(certificate.serial);
    expect(doc.getAuthor()).toBe('Demo Economic Chamber');
  });

  it('names the embedded seal certificate, the one under the keys directory, in signing-certificate-v2', async () => {
    const signedData = await signedDataOf(issued.pdf);
    const [sealCertificate, caCertificate] = (signedData.certificates ?? []) as Certificate[];
    const onFile = certificateChainFromPem(
      await readFile(join(stack.config.keysDir, SEAL_FILES.certificate), 'utf8'),
    )[0] as Uint8Array;
    const attribute = signedData.signerInfos[0]?.signedAttrs?.attributes.find(
      ({ type }) => type === ID_SIGNING_CERTIFICATE_V2,
    );

    // SigningCertificateV2 { certs: [ESSCertIDv2 { certHash, issuerSerial }] }, hashAlgorithm SHA-256 by default
    const certs = ((attribute?.values[0] ?? new asn1js.Sequence()) as asn1js.Sequence).valueBlock
      .value[0] as asn1js.Sequence;
    const [certHash] = (certs.valueBlock.value[0] as asn1js.Sequence).valueBlock.value;
    expect(sha256(sealCertificate?.toSchema().toBER() ?? new ArrayBuffer(0))).toBe(sha256(onFile));
    expect(Buffer.from((certHash as asn1js.OctetString).valueBlock.valueHexView).toString('hex')).toBe(
      sha256(onFile),
    );
    expect(caCertificate?.subject.typesAndValues.map(({ value }) => value.valueBlock.value)).toContain(
      'Demo Economic Chamber Root CA',
    );
  });
});

describe('sealing an issued certificate', () => {
  it('produces the same bytes again when an interrupted issuance is resumed', async () => {
    const lossy = losingFirstCertificateAnswer();
    const { stored } = lossy;
    const resumable = await createTestStack(
      {},
      {
        objects: lossy.objects,
      },
    );
    lossy.connect(resumable.config);
    const { id, version } = await submittedApplication(resumable, sampleCertificateOfOrigin(1));
    const staff = await resumable.login('staff');

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
    expect(sha256(stored[1] as Uint8Array)).toBe(sha256(stored[0] as Uint8Array));
    expect((await readJson(resumed)).certificate.sha256).toBe(sha256(stored[0] as Uint8Array));
    expect(await pdfsig(stored[1] as Uint8Array)).toContain('Signature is Valid');
  });

  it('is left out where the deployment does not seal, and adds a few KB where it does (its time is measured by npm run bench)', async () => {
    const unsealedStack = await createTestStack({ SEAL_SOURCE: 'none' });
    const { certificate, pdf: rendered } = await issue(unsealedStack);
    expect(await pdfsig(rendered)).toMatch(/does not contain any signatures/);
    const key = await loadLocalSealKey(stack.config.keysDir);
    const details = sealDetailsOf({
      type: 'co',
      serial: certificate.serial,
      issuedAt: certificate.issuedAt,
      content: { issuer: stack.config.issuer },
    });

    const sealed = await sealPdf(rendered, key, details);

    expect(await pdfsig(sealed)).toContain('Signature is Valid');
    expect(sealed.length - rendered.length).toBeLessThanOrEqual(MAX_SEAL_BYTES);
  });
});
