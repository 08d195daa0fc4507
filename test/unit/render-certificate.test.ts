// Rendering certificate PDFs from the real templates and fonts: deterministic to the byte (with a document
// ID derived from the inputs), flat, paginated, and refusing templates that lack a field or wording.
import { readFile } from 'node:fs/promises';
import { CompactSign, generateKeyPair } from 'jose';
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFRawStream, PDFString } from 'pdf-lib';
import { PNG } from 'pngjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CertificateType } from '../../functions/core/applications/application.ts';
import type { CertificateContent } from '../../functions/core/certificates/certificate.ts';
import { isAppError } from '../../functions/core/errors.ts';
import type { CertificateTemplate, TemplateManifest } from '../../functions/core/ports.ts';
import {
  qrContent,
  type RenderRequest,
  renderCertificatePdf,
  SEAL_INFO_KEY,
} from '../../functions/core/rendering/render-certificate.ts';
import { buildSealClaims } from '../../functions/core/sealing/qr-seal.ts';
import { readColourProfile } from '../../templates/colour-profile.ts';
import { readCertificateFonts } from '../../templates/fonts.ts';
import {
  SAMPLE_VERIFICATION_CODE,
  SAMPLE_VERIFY_URL,
  sampleContent,
} from '../fixtures/sample-certificates.ts';

const TEMPLATES = new URL('../../templates/', import.meta.url);

const templates = new Map<CertificateType, CertificateTemplate>();
let fonts: RenderRequest['fonts'];
let privateKey: CryptoKey;

beforeAll(async () => {
  const colourProfile = await readColourProfile();
  for (const type of ['co', 'eur1'] as const) {
    const [pdf, manifest] = await Promise.all([
      readFile(new URL(`${type}.pdf`, TEMPLATES)),
      readFile(new URL(`${type}.manifest.json`, TEMPLATES), 'utf8'),
    ]);
    templates.set(type, {
      type,
      pdf,
      manifest: JSON.parse(manifest) as TemplateManifest,
      languages: ['mk', 'en'],
      colourProfile,
    });
  }
  fonts = await readCertificateFonts();
  ({ privateKey } = await generateKeyPair('ES256'));
});

const templateOf = (type: CertificateType): CertificateTemplate => {
  const template = templates.get(type);
  if (!template) throw new Error(`no ${type} template`);
  return template;
};

const sealed = async (content: CertificateContent) =>
  new CompactSign(new TextEncoder().encode(JSON.stringify(buildSealClaims(content))))
    .setProtectedHeader({ alg: 'ES256', kid: 'test-key' })
    .sign(privateKey);

const renderRequest = async (
  type: CertificateType,
  options: {
    goodsLines?: number;
    content?: CertificateContent;
    template?: Partial<CertificateTemplate>;
  } = {},
): Promise<RenderRequest> => {
  const content = options.content ?? sampleContent(type, { goodsLines: options.goodsLines ?? 2 });
  return {
    template: { ...templateOf(type), ...options.template },
    fonts,
    certificate: { code: SAMPLE_VERIFICATION_CODE, jws: await sealed(content), content },
    verifyUrl: SAMPLE_VERIFY_URL,
  };
};

const documentIdOf = async (bytes: Uint8Array): Promise<string[]> => {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  const id = doc.context.trailerInfo.ID;
  if (!(id instanceof PDFArray)) return [];
  return id.asArray().map((part) => (part instanceof PDFHexString ? part.asString() : String(part)));
};

const errorOf = async (act: () => Promise<unknown>): Promise<unknown> => {
  try {
    await act();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
};

/** A small opaque PNG, as a chamber's logo.png might be. */
const logoPng = (): Uint8Array => {
  const png = new PNG({ width: 40, height: 20 });
  png.data.fill(0x80);
  return PNG.sync.write(png);
};

/** Image XObjects used on each page, by name. */
const imagesPerPage = async (bytes: Uint8Array): Promise<number[]> => {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  return doc.getPages().map((page) => {
    const xObjects = page.node.Resources()?.lookupMaybe(PDFName.of('XObject'), PDFDict);
    if (!xObjects) return 0;
    return xObjects
      .values()
      .map((ref) => doc.context.lookup(ref))
      .filter(
        (object) =>
          object instanceof PDFRawStream && object.dict.get(PDFName.of('Subtype')) === PDFName.of('Image'),
      ).length;
  });
};

describe.each(['co', 'eur1'] as const)('rendering a %s certificate', (type) => {
  it('prints the chamber’s logo on every sheet when it brings one, and nothing in its place otherwise', async () => {
    const logo = logoPng();
    const without = await renderCertificatePdf(await renderRequest(type, { goodsLines: 120 }));
    const withLogo = await renderCertificatePdf(
      await renderRequest(type, { goodsLines: 120, template: { logo } }),
    );

    expect((await imagesPerPage(without)).every((count) => count === 0)).toBe(true);
    const counts = await imagesPerPage(withLogo);
    expect(counts.length).toBeGreaterThan(1);
    expect(counts.every((count) => count === 1)).toBe(true);
    expect(await documentIdOf(withLogo)).not.toEqual(await documentIdOf(without));
  });

  it('gives byte-identical PDFs for the same inputs, one page or many', async () => {
    for (const goodsLines of [2, 120]) {
      const request = await renderRequest(type, { goodsLines });

      const first = await renderCertificatePdf(request);
      const second = await renderCertificatePdf(request);

      expect(Buffer.from(second).equals(Buffer.from(first))).toBe(true);
    }
  });

  it('gives the same bytes when many certificates render at once as when each renders alone', async () => {
    const requests = await Promise.all(
      [1, 5, 40, 2, 120, 3].map((goodsLines) => renderRequest(type, { goodsLines })),
    );
    const alone: Uint8Array[] = [];
    for (const request of requests) alone.push(await renderCertificatePdf(request));

    const together = await Promise.all(requests.map((request) => renderCertificatePdf(request)));

    together.forEach((bytes, index) => {
      expect(Buffer.from(bytes).equals(Buffer.from(alone[index] ?? new Uint8Array()))).toBe(true);
    });
  });

  it('writes a document ID derived from its inputs: the same for the same inputs, another for others', async () => {
    const request = await renderRequest(type);
    const other = await renderRequest(type, {
      content: { ...request.certificate.content, serial: 'MK-X-2026-000002' },
    });

    const [first, again, changed] = await Promise.all([
      renderCertificatePdf(request).then(documentIdOf),
      renderCertificatePdf(request).then(documentIdOf),
      renderCertificatePdf(other).then(documentIdOf),
    ]);

    expect(first).toHaveLength(2);
    expect(first[0]).toMatch(/^[0-9a-f]{32}$/);
    expect(first[1]).toBe(first[0]);
    expect(again).toEqual(first);
    expect(changed[0]).not.toBe(first[0]);
  });

  it('writes one flat page, without fillable fields or widgets', async () => {
    const doc = await PDFDocument.load(await renderCertificatePdf(await renderRequest(type)));

    expect(doc.getPageCount()).toBe(1);
    expect(doc.getForm().getFields()).toHaveLength(0);
    expect(doc.getPage(0).node.Annots()?.size() ?? 0).toBe(0);
  });

  it('names the serial in the metadata, dates it at issue and carries the QR content for offline readers', async () => {
    const request = await renderRequest(type);
    const doc = await PDFDocument.load(await renderCertificatePdf(request), { updateMetadata: false });
    const info = doc.context.lookup(doc.context.trailerInfo.Info, PDFDict);

    expect(doc.getTitle()).toContain(request.certificate.content.serial);
    expect(doc.getKeywords()).toContain(SAMPLE_VERIFICATION_CODE);
    expect(doc.getCreationDate()?.toISOString()).toBe('2026-11-23T09:30:00.000Z');
    expect(doc.getModificationDate()?.toISOString()).toBe('2026-11-23T09:30:00.000Z');
    expect(info.lookup(PDFName.of(SEAL_INFO_KEY), PDFString).decodeText()).toBe(
      qrContent(SAMPLE_VERIFY_URL, request.certificate.jws),
    );
  });

  it('embeds one subset-tagged subset of one font, in regular and bold, shared by every sheet', async () => {
    const doc = await PDFDocument.load(
      await renderCertificatePdf(await renderRequest(type, { goodsLines: 120 })),
    );
    const fontNames = new Set<string>();
    doc.context.enumerateIndirectObjects().forEach(([, object]) => {
      if (object instanceof PDFDict && object.get(PDFName.of('Type')) === PDFName.of('Font')) {
        const subtype = object.get(PDFName.of('Subtype'));
        if (subtype === PDFName.of('Type0')) fontNames.add(String(object.get(PDFName.of('BaseFont'))));
      }
    });

    expect(doc.getPageCount()).toBeGreaterThan(2);
    const untagged = [...fontNames].map((name) => name.replace(/^\/[A-Z]{6}\+/, '/'));
    expect(untagged.sort()).toEqual(['/DejaVuSans', '/DejaVuSans-Bold']);
    expect([...fontNames].every((name) => /^\/[A-Z]{6}\+/.test(name))).toBe(true);
  });

  it('continues 40 goods lines on further sheets', async () => {
    const doc = await PDFDocument.load(
      await renderCertificatePdf(await renderRequest(type, { goodsLines: 40 })),
    );

    expect(doc.getPageCount()).toBeGreaterThan(1);
    expect(doc.getForm().getFields()).toHaveLength(0);
  });

  it('refuses, with INTERNAL, a language pair the template has no wording for', async () => {
    const request = await renderRequest(type, { template: { languages: ['fr', 'en'] } });

    const error = await errorOf(() => renderCertificatePdf(request));

    expect(isAppError(error, 'INTERNAL')).toBe(true);
  });

  it('refuses, with INTERNAL, a template that lacks a field its manifest names', async () => {
    const manifest = templateOf(type).manifest;
    const request = await renderRequest(type, {
      template: {
        manifest: {
          ...manifest,
          fields: { ...manifest.fields, stamp: { fontSize: 8, minFontSize: 6, multiline: false } },
        },
        // a copy, so that the template read once per PDF is not the one already prepared
        pdf: Uint8Array.from(templateOf(type).pdf),
      },
    });

    const error = await errorOf(() => renderCertificatePdf(request));

    expect(isAppError(error, 'INTERNAL')).toBe(true);
  });
});

describe('rendering sizes', () => {
  it('keeps a one-page certificate of origin under 60 KB before the PAdES seal', async () => {
    const bytes = await renderCertificatePdf(await renderRequest('co', { goodsLines: 1 }));

    expect(bytes.length).toBeLessThanOrEqual(60 * 1024);
  });

  it('keeps a one-page certificate with every field at its maximum length under 60 KB per sheet', async () => {
    const content = sampleContent('eur1', { variant: 'maximum', goodsLines: 3 });
    const bytes = await renderCertificatePdf(await renderRequest('eur1', { content }));
    const pages = (await PDFDocument.load(bytes)).getPageCount();

    expect(bytes.length / pages).toBeLessThanOrEqual(60 * 1024);
  });
});
