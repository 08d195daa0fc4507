// The PAdES seal on a PDF, with an in-memory seal key: poppler's pdfsig (NSS) and pkijs, two implementations
// independent of the one that builds the signature, must both find it valid; one changed byte must break it.
import { execFile } from 'node:child_process';
import { createHash, createPrivateKey } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import * as asn1js from 'asn1js';
import {
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFNumber,
  PDFString,
  StandardFonts,
} from 'pdf-lib';
import { Certificate, ContentInfo, IssuerSerial, SignedData } from 'pkijs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createKeyObjectSealKey } from '../../functions/adapters/local/seal-key.ts';
import { createSealMaterial, type SealMaterial } from '../../functions/adapters/local/seal-material.ts';
import { isAppError } from '../../functions/core/errors.ts';
import type { SealKey } from '../../functions/core/ports.ts';
import { type SealDetails, sealDetailsOf, sealPdf } from '../../functions/core/sealing/pades.ts';
import { certificateChainFromPem } from '../../functions/core/sealing/pades-certificates.ts';
import { ID_SIGNING_CERTIFICATE_V2 } from '../../functions/core/sealing/pades-cms.ts';

const run = promisify(execFile);
const ISSUER = { id: 'demo-chamber', name: 'Demo Economic Chamber', country: 'MK' };
const DETAILS: SealDetails = {
  signingTime: new Date('2026-11-23T10:15:00Z'),
  reason: 'Certificate of origin MK-CO-2026-000042 issued by Demo Economic Chamber',
  location: 'Скопје / Skopje, MK',
  name: 'Demo Economic Chamber',
};
const OID = {
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  sha256WithRsa: '1.2.840.113549.1.1.11',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
};

const pdfsig = async (pdf: Uint8Array): Promise<string> => {
  const dir = await mkdtemp(join(tmpdir(), 'tradecert-pades-'));
  await writeFile(join(dir, 'sealed.pdf'), pdf);
  // pdfsig exits 0 for an invalid signature too; what counts is what it prints
  const { stdout } = await run('pdfsig', [join(dir, 'sealed.pdf')]);
  return stdout;
};

const qpdfCheck = async (pdf: Uint8Array) => {
  const dir = await mkdtemp(join(tmpdir(), 'tradecert-qpdf-'));
  await writeFile(join(dir, 'sealed.pdf'), pdf);
  return run('qpdf', ['--check', join(dir, 'sealed.pdf')]);
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
  doc.setAuthor('Demo Economic Chamber');
  doc.setCreationDate(new Date('2026-11-23T10:15:00Z'));
  doc.setModificationDate(new Date('2026-11-23T10:15:00Z'));
  return doc.save({ useObjectStreams: false });
};

interface Signature {
  byteRange: number[];
  signedBytes: Uint8Array;
  signedData: SignedData;
  dictionary: PDFDict;
}

/** The signature as a verifier reads it: the ByteRange, the bytes it covers and the CMS in /Contents. */
const readSignature = async (pdf: Uint8Array): Promise<Signature> => {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  const form = doc.catalog.lookup(PDFName.of('AcroForm'), PDFDict);
  expect(form.lookup(PDFName.of('Fields'), PDFArray).size()).toBe(1);
  expect(form.lookup(PDFName.of('SigFlags'), PDFNumber).asNumber()).toBe(3);
  const signatures = doc.context
    .enumerateIndirectObjects()
    .map(([, object]) => object)
    .filter(
      (object): object is PDFDict =>
        object instanceof PDFDict && object.get(PDFName.of('Type')) === PDFName.of('Sig'),
    );
  expect(signatures).toHaveLength(1);
  const dictionary = signatures[0] as PDFDict;
  const byteRange = dictionary
    .lookup(PDFName.of('ByteRange'), PDFArray)
    .asArray()
    .map((item) => (item as PDFNumber).asNumber());
  const [start = 0, firstLength = 0, secondStart = 0, secondLength = 0] = byteRange;
  const signedBytes = Buffer.concat([
    pdf.subarray(start, start + firstLength),
    pdf.subarray(secondStart, secondStart + secondLength),
  ]);
  const contents = dictionary.lookup(PDFName.of('Contents'), PDFHexString).asBytes();
  const contentInfo = ContentInfo.fromBER(new Uint8Array(contents).buffer);
  return { byteRange, signedBytes, signedData: new SignedData({ schema: contentInfo.content }), dictionary };
};

const sha256 = (bytes: Uint8Array | ArrayBuffer) =>
  createHash('sha256').update(new Uint8Array(bytes)).digest('hex');

/** Changes one hex digit of the document title: still a well-formed PDF, no longer the signed one. */
const withTitleDigitChanged = (pdf: Uint8Array): Uint8Array => {
  const changed = new Uint8Array(pdf);
  const at = Buffer.from(changed).indexOf('/Title <') + '/Title <FEFF00'.length;
  changed[at] = changed[at] === 0x34 ? 0x35 : 0x34;
  return changed;
};

const keys: Record<SealKey['algorithm'], { material: SealMaterial; key: SealKey }> = {} as never;
let pdf: Uint8Array;

beforeAll(async () => {
  pdf = await onePagePdf();
  for (const algorithm of ['RSA_PKCS1_SHA256', 'ECDSA_P256_SHA256'] as const) {
    const material = await createSealMaterial(ISSUER, new Date('2026-01-01T00:00:00Z'), { algorithm });
    const key = createKeyObjectSealKey(
      createPrivateKey(material.keyPem),
      certificateChainFromPem(`${material.certificatePem}${material.caCertificatePem}`),
    );
    keys[algorithm] = { material, key };
  }
});

describe.each(['RSA_PKCS1_SHA256', 'ECDSA_P256_SHA256'] as const)('a PDF sealed with %s', (algorithm) => {
  it('has one ETSI.CAdES.detached signature that pdfsig finds valid and covering the whole document', async () => {
    const sealed = await sealPdf(pdf, keys[algorithm].key, DETAILS);

    const report = await pdfsig(sealed);

    expect(report).toContain('Signature Type: ETSI.CAdES.detached');
    expect(report).toContain('Signature Validation: Signature is Valid.');
    expect(report).toContain('Total document signed');
    expect(report).toContain('Signer Certificate Common Name: Demo Economic Chamber Seal');
    expect(report).toContain('Signing Hash Algorithm: SHA-256');
    expect(report.match(/Signature #/g)).toHaveLength(1);
  });

  it('stops being valid when one signed byte changes', async () => {
    const sealed = await sealPdf(pdf, keys[algorithm].key, DETAILS);

    const report = await pdfsig(withTitleDigitChanged(sealed));

    expect(report).toContain('Signature Validation: Digest Mismatch.');
    expect(report).not.toContain('Signature is Valid');
  });

  it('holds a CMS that pkijs verifies over the ByteRange, up to the chamber CA', async () => {
    const sealed = await sealPdf(pdf, keys[algorithm].key, DETAILS);
    const { signedBytes, signedData } = await readSignature(sealed);
    const [caDer] = certificateChainFromPem(keys[algorithm].material.caCertificatePem);
    const ca = Certificate.fromBER(new Uint8Array(caDer ?? []).buffer);

    const result = await signedData.verify({
      signer: 0,
      data: new Uint8Array(signedBytes).buffer,
      checkChain: true,
      trustedCerts: [ca],
      checkDate: DETAILS.signingTime,
      extendedMode: true,
    });

    expect(result.signatureVerified).toBe(true);
    expect(result.signerCertificateVerified).toBe(true);
    expect(signedData.encapContentInfo.eContent).toBeUndefined();
    expect(signedData.signerInfos[0]?.signatureAlgorithm.algorithmId).toBe(
      algorithm === 'RSA_PKCS1_SHA256' ? OID.sha256WithRsa : OID.ecdsaWithSha256,
    );
  });

  it('has passed qpdf --check', async () => {
    const sealed = await sealPdf(pdf, keys[algorithm].key, DETAILS);

    const { stdout } = await qpdfCheck(sealed);

    expect(stdout).toContain('No syntax or stream encoding errors found');
  });
});

describe('the CMS of the seal', () => {
  it('signs content-type, message-digest and signing-certificate-v2 only: no signing-time (PAdES B-B)', async () => {
    const sealed = await sealPdf(pdf, keys.RSA_PKCS1_SHA256.key, DETAILS);
    const { signedData, signedBytes } = await readSignature(sealed);

    const attributes = signedData.signerInfos[0]?.signedAttrs?.attributes ?? [];

    expect(attributes.map((attribute) => attribute.type).sort()).toEqual(
      [OID.contentType, OID.messageDigest, ID_SIGNING_CERTIFICATE_V2].sort(),
    );
    expect(attributes.some((attribute) => attribute.type === OID.signingTime)).toBe(false);
    const digest = attributes.find((attribute) => attribute.type === OID.messageDigest)?.values[0];
    expect(Buffer.from((digest as asn1js.OctetString).valueBlock.valueHexView).toString('hex')).toBe(
      sha256(signedBytes),
    );
  });

  it('names the embedded seal certificate in signing-certificate-v2 by its SHA-256, issuer and serial', async () => {
    const sealed = await sealPdf(pdf, keys.ECDSA_P256_SHA256.key, DETAILS);
    const { signedData } = await readSignature(sealed);
    const [sealCertificate] = (signedData.certificates ?? []) as Certificate[];
    const attribute = signedData.signerInfos[0]?.signedAttrs?.attributes.find(
      ({ type }) => type === ID_SIGNING_CERTIFICATE_V2,
    );

    // SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2 }
    const certs = ((attribute?.values[0] ?? new asn1js.Sequence()) as asn1js.Sequence).valueBlock
      .value[0] as asn1js.Sequence;
    expect(certs.valueBlock.value).toHaveLength(1);
    // ESSCertIDv2 ::= SEQUENCE { hashAlgorithm DEFAULT sha256 (so absent), certHash, issuerSerial }
    const [certHash, issuerSerial, ...rest] = (certs.valueBlock.value[0] as asn1js.Sequence).valueBlock.value;
    expect(rest).toEqual([]);
    expect(certHash).toBeInstanceOf(asn1js.OctetString);
    expect(Buffer.from((certHash as asn1js.OctetString).valueBlock.valueHexView).toString('hex')).toBe(
      sha256(sealCertificate?.toSchema().toBER() ?? new ArrayBuffer(0)),
    );
    const named = new IssuerSerial({ schema: issuerSerial });
    expect(named.serialNumber.isEqual(sealCertificate?.serialNumber as asn1js.Integer)).toBe(true);
    expect(named.issuer.names[0]?.value.isEqual(sealCertificate?.issuer)).toBe(true);
    expect(named.issuerUID).toBeUndefined();
  });

  it('embeds the seal certificate and then the CA certificate, byte for byte', async () => {
    const { key } = keys.RSA_PKCS1_SHA256;
    const sealed = await sealPdf(pdf, key, DETAILS);
    const { signedData } = await readSignature(sealed);

    const embedded = ((signedData.certificates ?? []) as Certificate[]).map((certificate) =>
      sha256(certificate.toSchema().toBER()),
    );

    expect(embedded).toEqual(key.certificateChainDer.map((der) => sha256(der)));
  });
});

describe('the signature dictionary', () => {
  it('carries /M from the signing time, /Name, /Reason and /Location, and keeps the document information', async () => {
    const sealed = await sealPdf(pdf, keys.RSA_PKCS1_SHA256.key, DETAILS);
    const { dictionary } = await readSignature(sealed);
    const doc = await PDFDocument.load(sealed, { updateMetadata: false });

    const text = (name: string) => dictionary.lookup(PDFName.of(name), PDFHexString).decodeText();

    expect(dictionary.get(PDFName.of('SubFilter'))).toBe(PDFName.of('ETSI.CAdES.detached'));
    expect(dictionary.lookup(PDFName.of('M'), PDFString).decodeDate()).toEqual(DETAILS.signingTime);
    expect(text('Name')).toBe(DETAILS.name);
    expect(text('Reason')).toBe(DETAILS.reason);
    expect(text('Location')).toBe('Скопје / Skopje, MK');
    expect(dictionary.has(PDFName.of('Cert'))).toBe(false);
    expect(doc.getTitle()).toBe('Certificate of origin MK-CO-2026-000042');
    expect(doc.getAuthor()).toBe('Demo Economic Chamber');
  });

  it('seals the same PDF to the same bytes with an RSA key, so a re-run issuance stores what it recorded', async () => {
    const first = await sealPdf(pdf, keys.RSA_PKCS1_SHA256.key, DETAILS);
    const second = await sealPdf(pdf, keys.RSA_PKCS1_SHA256.key, DETAILS);

    expect(sha256(second)).toBe(sha256(first));
  });

  it('differs only inside /Contents between two ECDSA seals of the same PDF', async () => {
    const first = await sealPdf(pdf, keys.ECDSA_P256_SHA256.key, DETAILS);
    const second = await sealPdf(pdf, keys.ECDSA_P256_SHA256.key, DETAILS);
    const { byteRange } = await readSignature(first);

    expect((await readSignature(second)).byteRange).toEqual(byteRange);
    expect(sha256((await readSignature(second)).signedBytes)).toBe(
      sha256((await readSignature(first)).signedBytes),
    );
  });
});

describe('what a certificate says in its seal', () => {
  it('dates the seal at issuance and names the certificate, its serial and the issuer', () => {
    const certificate = {
      type: 'co' as const,
      serial: 'MK-CO-2026-000042',
      issuedAt: '2026-11-23T10:15:00.000Z',
      content: { issuer: { name: 'Demo Economic Chamber', city: 'Скопје / Skopje', country: 'MK' } },
    };

    expect(sealDetailsOf(certificate)).toEqual(DETAILS);
  });
});

describe('a seal key that cannot seal', () => {
  it('is refused when its certificate holds another kind of key than it claims', async () => {
    const { key } = keys.RSA_PKCS1_SHA256;
    const confused: SealKey = { ...key, algorithm: 'ECDSA_P256_SHA256' };

    const error = await sealPdf(pdf, confused, DETAILS).catch((caught: unknown) => caught);

    expect(isAppError(error, 'INTERNAL')).toBe(true);
  });

  it('is refused when its chain is out of order', () => {
    const { material } = keys.RSA_PKCS1_SHA256;

    expect(() => certificateChainFromPem(`${material.caCertificatePem}${material.certificatePem}`)).toThrow(
      /was not issued by the next one/,
    );
  });
});
