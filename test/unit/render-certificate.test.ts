// Rendering the certificate PDF from the real template and fonts: deterministic, flat, paginated.
import { readFile } from 'node:fs/promises';
import { CompactSign, generateKeyPair } from 'jose';
import { PDFDocument } from 'pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { verifyUrl } from '../../functions/core/certificates/certificate.ts';
import type { CertificateTemplate, TemplateManifest } from '../../functions/core/ports.ts';
import {
  type RenderRequest,
  renderCertificatePdf,
} from '../../functions/core/rendering/render-certificate.ts';
import { buildSealClaims } from '../../functions/core/sealing/qr-seal.ts';
import { readCertificateFonts } from '../../templates/fonts.ts';
import { SAMPLE_CODE, sampleCertificateContent } from './sample-certificate.ts';

const TEMPLATES = new URL('../../templates/', import.meta.url);

let template: CertificateTemplate;
let fonts: RenderRequest['fonts'];
let privateKey: CryptoKey;

beforeAll(async () => {
  const [pdf, manifest] = await Promise.all([
    readFile(new URL('co.pdf', TEMPLATES)),
    readFile(new URL('co.manifest.json', TEMPLATES), 'utf8'),
  ]);
  template = { type: 'co', pdf, manifest: JSON.parse(manifest) as TemplateManifest };
  fonts = await readCertificateFonts();
  ({ privateKey } = await generateKeyPair('ES256'));
});

const renderRequest = async (goodsLines = 2): Promise<RenderRequest> => {
  const content = sampleCertificateContent({ goodsLines });
  const jws = await new CompactSign(new TextEncoder().encode(JSON.stringify(buildSealClaims(content))))
    .setProtectedHeader({ alg: 'ES256', kid: 'test-key' })
    .sign(privateKey);
  return {
    template,
    fonts,
    certificate: { code: SAMPLE_CODE, jws, content },
    verifyUrl: verifyUrl('https://verify.chamber.example.mk', SAMPLE_CODE),
  };
};

describe('rendering a certificate of origin', () => {
  it('gives byte-identical PDFs for the same inputs', async () => {
    const request = await renderRequest();

    const first = await renderCertificatePdf(request);
    const second = await renderCertificatePdf(request);

    expect(Buffer.from(second).equals(Buffer.from(first))).toBe(true);
  });

  it('writes a PDF without fillable form fields', async () => {
    const bytes = await renderCertificatePdf(await renderRequest());

    expect(Buffer.from(bytes.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
    const doc = await PDFDocument.load(bytes);
    expect(doc.getForm().getFields()).toHaveLength(0);
    expect(doc.getPageCount()).toBe(1);
  });

  it('names the serial in the document metadata and dates it at issue', async () => {
    const doc = await PDFDocument.load(await renderCertificatePdf(await renderRequest()), {
      updateMetadata: false,
    });

    expect(doc.getTitle()).toContain('MK-CO-2026-000001');
    expect(doc.getKeywords()).toContain(SAMPLE_CODE);
    expect(doc.getCreationDate()?.toISOString()).toBe('2026-11-23T09:30:00.000Z');
  });

  it('continues 40 goods lines on further pages', async () => {
    const doc = await PDFDocument.load(await renderCertificatePdf(await renderRequest(40)));

    expect(doc.getPageCount()).toBeGreaterThan(1);
    expect(doc.getForm().getFields()).toHaveLength(0);
  });
});
