// Rendered certificates read back the way a reader and a scanner do (poppler's pdftotext and pdftoppm, jsQR):
// every value is found in its box, no word runs out of the box it was fitted into, long goods lists continue
// on numbered sheets that each carry the serial and a QR that decodes at 200 dpi, and every script of the
// region prints as given. Field rectangles come from the template's AcroForm, as a chamber's own would.
import { readFile } from 'node:fs/promises';
import { CompactSign, generateKeyPair } from 'jose';
import { PDFDocument } from 'pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CertificateType } from '../../functions/core/applications/application.ts';
import type { CertificateContent } from '../../functions/core/certificates/certificate.ts';
import type { CertificateTemplate, TemplateManifest } from '../../functions/core/ports.ts';
import { CAPTION_LANGUAGES } from '../../functions/core/rendering/caption-languages.ts';
import { qrContent, renderCertificatePdf } from '../../functions/core/rendering/render-certificate.ts';
import { buildSealClaims } from '../../functions/core/sealing/qr-seal.ts';
import { readColourProfile } from '../../templates/colour-profile.ts';
import { readCertificateFonts } from '../../templates/fonts.ts';
import {
  SAMPLE_VERIFICATION_CODE,
  SAMPLE_VERIFY_URL,
  type SampleVariant,
  sampleContent,
} from '../fixtures/sample-certificates.ts';
import { decodeQrCodes } from '../support/pdf-tools.ts';
import { type PdfWord, pdfPageTexts, pdfWords } from '../support/pdf-words.ts';

const TEMPLATES = new URL('../../templates/', import.meta.url);
/** pdftotext rounds glyph boxes; a word may touch its box edge by this much. */
const TOLERANCE = 0.6;

/** A box in points from the page's top-left corner, as pdftotext measures words. */
interface Box {
  name: string;
  left: number;
  top: number;
  right: number;
  bottom: number;
}

let fonts: Awaited<ReturnType<typeof readCertificateFonts>>;
let colourProfile: Uint8Array;
let privateKey: CryptoKey;
const templates = new Map<CertificateType, { pdf: Uint8Array; manifest: TemplateManifest; boxes: Box[] }>();

/** Every field of the template as a box, and the goods area split into its columns. */
const boxesOf = async (pdf: Uint8Array, manifest: TemplateManifest): Promise<Box[]> => {
  const doc = await PDFDocument.load(pdf);
  const height = doc.getPage(0).getHeight();
  const boxes: Box[] = [];
  for (const field of doc.getForm().getFields()) {
    const rect = field.acroField.getWidgets()[0]?.getRectangle();
    if (!rect) continue;
    const box = {
      left: rect.x,
      top: height - rect.y - rect.height,
      right: rect.x + rect.width,
      bottom: height - rect.y,
    };
    if (field.getName() !== 'goods') {
      boxes.push({ name: field.getName(), ...box });
      continue;
    }
    let left = box.left;
    for (const column of manifest.goodsColumns) {
      boxes.push({ ...box, name: `goods.${column.key}`, left, right: left + column.width });
      left += column.width;
    }
  }
  return boxes;
};

beforeAll(async () => {
  fonts = await readCertificateFonts();
  colourProfile = await readColourProfile();
  ({ privateKey } = await generateKeyPair('ES256'));
  for (const type of ['co', 'eur1'] as const) {
    const [pdf, manifest] = await Promise.all([
      readFile(new URL(`${type}.pdf`, TEMPLATES)),
      readFile(new URL(`${type}.manifest.json`, TEMPLATES), 'utf8'),
    ]);
    const parsed = JSON.parse(manifest) as TemplateManifest;
    templates.set(type, { pdf, manifest: parsed, boxes: await boxesOf(pdf, parsed) });
  }
});

const templateOf = (type: CertificateType) => {
  const template = templates.get(type);
  if (!template) throw new Error(`no ${type} template`);
  return template;
};

const render = async (
  type: CertificateType,
  options: { variant?: SampleVariant; goodsLines?: number; languages?: string[] } = {},
) => renderContent(sampleContent(type, options), options.languages);

const renderContent = async (content: CertificateContent, languages?: string[]) => {
  const { type } = content;
  const jws = await new CompactSign(new TextEncoder().encode(JSON.stringify(buildSealClaims(content))))
    .setProtectedHeader({ alg: 'ES256', kid: 'test-key' })
    .sign(privateKey);
  const { pdf, manifest } = templateOf(type);
  const template: CertificateTemplate = {
    type,
    pdf,
    manifest,
    languages: languages ?? ['mk', 'en'],
    colourProfile,
  };
  const bytes = await renderCertificatePdf({
    template,
    fonts,
    certificate: { code: SAMPLE_VERIFICATION_CODE, jws, content },
    verifyUrl: SAMPLE_VERIFY_URL,
  });
  return { pdf: bytes, content, jws };
};

const compact = (text: string) => text.normalize('NFC').replace(/\s+/g, '');

const centre = (word: PdfWord) => ({ x: (word.xMin + word.xMax) / 2, y: (word.yMin + word.yMax) / 2 });

const holds = (box: Box, point: { x: number; y: number }) =>
  point.x >= box.left && point.x <= box.right && point.y >= box.top && point.y <= box.bottom;

/** The words in a box on every sheet, in reading order, without spaces. */
const textIn = (words: PdfWord[], box: Box): string =>
  compact(
    words
      .filter((word) => holds(box, centre(word)))
      .sort((a, b) => a.page - b.page || Math.round(a.yMin * 10) - Math.round(b.yMin * 10) || a.xMin - b.xMin)
      .map((word) => word.text)
      .join(''),
  );

/** What each box must show, from the content itself rather than from the renderer's text functions. */
const expectedValues = (content: CertificateContent): Record<string, string[]> => {
  const { exporter, issuer, data } = content;
  const common = {
    serial: [content.serial],
    exporter: [
      exporter.name,
      exporter.address.street,
      exporter.address.city,
      exporter.address.postcode ?? '',
      exporter.taxId ?? '',
    ],
    consignee: data.consignee ? [data.consignee.name, data.consignee.address] : [],
    transport: [data.transport?.details ?? ''],
    remarks: [data.remarks ?? '', content.replaces ?? ''],
    invoices: (data.invoices ?? []).map((invoice) => invoice.number),
    verificationCode: ['7K3M-9Q2X-W4HR-T8VB'],
    verifyHint: [SAMPLE_VERIFY_URL],
    'goods.marks': data.goods.map((line) => line.marks),
    'goods.description': data.goods.flatMap((line) => [line.packages.kind, line.description]),
  };
  if (content.type === 'co') {
    return {
      ...common,
      issuerName: [issuer.nameLocal, issuer.name],
      placeDate: [issuer.city],
      'goods.hsCode': content.data.goods.map((line) => line.hsCode),
      'goods.quantity': content.data.goods.map((line) => line.quantity.unit),
    };
  }
  return {
    ...common,
    endorsementOffice: [issuer.nameLocal, issuer.name, issuer.city],
    endorsementDate: [content.issueDate.split('-').reverse().join('.')],
    endorsementSeal: ['Issued electronically and sealed', content.serial],
    placeDate: [content.data.declaration.place],
    tradeBetween: [content.data.preferentialTrade.between],
    tradeAnd: [content.data.preferentialTrade.and],
  };
};

/** Words whose centre is in no box, or that reach outside the box holding their centre. */
const overflowingWords = (words: PdfWord[], boxes: Box[]) =>
  words
    .filter((word) => {
      const inside = boxes.filter((box) => holds(box, centre(word)));
      return !inside.some(
        (box) =>
          word.xMin >= box.left - TOLERANCE &&
          word.xMax <= box.right + TOLERANCE &&
          word.yMin >= box.top - TOLERANCE &&
          word.yMax <= box.bottom + TOLERANCE,
      );
    })
    .map((word) => `sheet ${word.page}: "${word.text}" at ${word.xMin.toFixed(1)},${word.yMin.toFixed(1)}`);

describe.each(['co', 'eur1'] as const)('a rendered %s certificate', (type) => {
  it('with every field at its maximum length shows every value, whole, in its own box', async () => {
    const { pdf, content } = await render(type, { variant: 'maximum', goodsLines: 3 });
    const { words } = await pdfWords(pdf);
    const boxes = templateOf(type).boxes;

    const missing = Object.entries(expectedValues(content)).flatMap(([name, values]) => {
      const box = boxes.find((item) => item.name === name);
      if (!box) return [`no box ${name}`];
      const text = textIn(words, box);
      return values
        .filter((value) => !text.includes(compact(value)))
        .map((value) => `${name}: ${value.slice(0, 40)}…`);
    });

    expect(missing).toEqual([]);
  });

  it.each([
    ['every field at its maximum length', { variant: 'maximum' as const, goodsLines: 3 }],
    ['120 goods lines', { variant: 'typical' as const, goodsLines: 120 }],
    ['the scripts of the region', { variant: 'scripts' as const, goodsLines: 5 }],
  ])('keeps every word inside the box it was fitted into, with %s', async (_, options) => {
    const { pdf } = await render(type, options);
    const { words } = await pdfWords(pdf);

    expect(words.length).toBeGreaterThan(100);
    expect(overflowingWords(words, templateOf(type).boxes)).toEqual([]);
  });

  // decoding a QR at 200 dpi on each of a dozen sheets takes a while on a busy machine
  it('continues 120 goods lines on numbered sheets, each with the serial and a QR that decodes at 200 dpi', {
    timeout: 240_000,
  }, async () => {
    const { pdf, content, jws } = await render(type, { goodsLines: 120 });
    const pages = await pdfPageTexts(pdf);
    const sheets = pages.length;

    expect(sheets).toBeGreaterThan(2);
    pages.forEach((text, index) => {
      expect(text).toContain(content.serial);
      expect(text).toContain(`Page ${index + 1} of ${sheets}`);
    });
    expect(await decodeQrCodes(pdf, 200)).toEqual(
      Array.from({ length: sheets }, () => qrContent(SAMPLE_VERIFY_URL, jws)),
    );
  });

  it('prints every goods line once, and the totals and the closing box on the last sheet only', async () => {
    const { pdf, content } = await render(type, { goodsLines: 120 });
    const pages = await pdfPageTexts(pdf);
    const closing = type === 'co' ? 'It is hereby certified' : 'I, the undersigned, declare';
    const { words } = await pdfWords(pdf);
    const marks = textIn(words, templateOf(type).boxes.find((box) => box.name === 'goods.marks') as Box);

    expect(marks).toBe(compact(content.data.goods.map((line) => line.marks).join('')));
    pages.forEach((text, index) => {
      const last = index === pages.length - 1;
      expect(text.includes('Total:'), `totals on sheet ${index + 1}`).toBe(last);
      expect(text.includes(closing), `closing box on sheet ${index + 1}`).toBe(last);
      expect(text.includes('Continued on the next page.'), `continuation note on sheet ${index + 1}`).toBe(
        !last,
      );
    });
  });

  it('prints Cyrillic and Latin with diacritics (ë ç š ž ć č đ) as given', async () => {
    const { pdf, content } = await render(type, { variant: 'scripts', goodsLines: 5 });
    const { words } = await pdfWords(pdf);
    const box = (name: string) =>
      textIn(words, templateOf(type).boxes.find((item) => item.name === name) as Box);

    expect(box('exporter')).toContain(compact(content.exporter.name));
    expect(box('exporter')).toContain(compact(content.exporter.address.street));
    expect(box('consignee')).toContain(compact(content.data.consignee?.name ?? ''));
    expect(box('remarks')).toBe(compact(content.data.remarks ?? ''));
    expect(box('remarks')).toContain(compact('čćšžđ ČĆŠŽĐ ëç ËÇ'));
    for (const line of content.data.goods)
      expect(box('goods.description')).toContain(compact(line.description));
  });

  it('prints the captions in the issuer’s language pair', async () => {
    const { pdf } = await render(type, { variant: 'scripts', languages: ['sq', 'en'] });
    const text = (await pdfPageTexts(pdf)).join('');

    expect(text).toContain('Eksportuesi');
    expect(text).toContain('Exporter');
    expect(text).not.toContain('Извозник');
  });
});

// Every caption language with English (docs/captions.md): DejaVu Sans prints every letter (Greek, Cyrillic,
// Turkish İ ş ğ, Romanian ș ț), pdftotext reads each caption back, and long captions still fit their boxes.
describe.each(CAPTION_LANGUAGES.filter((language) => language !== 'en'))('captions in %s/en', (language) => {
  it.each(['co', 'eur1'] as const)(
    'print, extractable and inside their boxes, on a %s certificate',
    async (type) => {
      const { pdf } = await render(type, { variant: 'maximum', goodsLines: 3, languages: [language, 'en'] });
      const text = compact((await pdfPageTexts(pdf)).join(''));
      const { words } = await pdfWords(pdf);
      const labels = templateOf(type).manifest.labels[language] ?? {};

      for (const key of [
        'title',
        'exporter',
        'remarks',
        type === 'co' ? 'certification.text' : 'declaration.text',
      ])
        expect(text, `${language}:${key}`).toContain(compact(labels[key] ?? `no ${key}`));
      expect(overflowingWords(words, templateOf(type).boxes)).toEqual([]);
    },
  );
});

describe('the goods totals', () => {
  const NBSP = /\u00A0/g;
  const lastSheet = async (content: CertificateContent) => {
    const pages = await pdfPageTexts((await renderContent(content)).pdf);
    return (pages.at(-1) ?? '').replace(NBSP, ' ');
  };

  it('of an EUR.1 print the gross mass and the litres both, never the kilograms alone', async () => {
    const content = sampleContent('eur1', { goodsLines: 3 });
    if (content.type !== 'eur1') throw new Error('not an EUR.1');
    content.data.goods = [
      { marks: 'A', packages: { count: 1, kind: 'pallets' }, description: 'Steel', grossMassKg: 3000 },
      { marks: 'B', packages: { count: 2, kind: 'pallets' }, description: 'Wire', grossMassKg: 850.5 },
      {
        marks: 'C',
        packages: { count: 4, kind: 'drums' },
        description: 'Oil',
        otherMeasure: { value: 200, unit: 'l' },
      },
    ];
    const text = await lastSheet(content);

    // the totals cell: the gross mass and, under it, the litres; the oil's own line says "200 l" too
    expect(text).toMatch(/3,850\.5 kg\s*\n\s*200 l\s*$/m);
    expect(text.match(/^\s*200 l\s*$/gm)).toHaveLength(2);
  });

  it('of a certificate of origin print one quantity total per unit, and the gross mass', async () => {
    const content = sampleContent('co', { goodsLines: 3 });
    if (content.type !== 'co') throw new Error('not a certificate of origin');
    const units = [
      { value: 1200, unit: 'pcs' },
      { value: 200, unit: 'l' },
      { value: 50, unit: 'pcs' },
    ];
    content.data.goods = content.data.goods.map((line, index) => ({
      ...line,
      quantity: units[index] ?? line.quantity,
    }));
    const text = await lastSheet(content);

    expect(text).toContain('1,250 pcs');
    expect(text).toMatch(/^\s*200 l\s*$/m);
    expect(text).toContain('934.5');
  });
});

describe('box 11 of an EUR.1', () => {
  it('is completed by the issuing body, in both languages of each pair', async () => {
    for (const [languages, stamp] of [
      [['mk', 'en'], 'Издадено електронски'],
      [['sq', 'en'], 'Lëshuar elektronikisht'],
    ] as const) {
      const content = sampleContent('eur1', { goodsLines: 1 });
      const { pdf } = await renderContent(content, [...languages]);
      const { words } = await pdfWords(pdf);
      const box = (name: string) =>
        textIn(words, templateOf('eur1').boxes.find((item) => item.name === name) as Box);

      expect(box('endorsementOffice')).toBe(
        compact(`${content.issuer.nameLocal}${content.issuer.name}${content.issuer.city}`),
      );
      expect(box('endorsementCountry')).toContain('(MK)');
      expect(box('endorsementDate')).toBe('23.11.2026');
      expect(box('endorsementSeal')).toBe(
        compact(
          `${stamp}${languages[0] === 'mk' ? 'изапечатено' : 'dhevulosur'}Issuedelectronicallyandsealed${content.serial}`,
        ),
      );
    }
  });

  it('keeps the QR out of every box of the form: it sits in the band under boxes 11 and 12', async () => {
    for (const type of ['co', 'eur1'] as const) {
      const { boxes } = templateOf(type);
      const qr = boxes.find((box) => box.name === 'qr') as Box;
      const overlapping = boxes.filter(
        (box) =>
          box.name !== 'qr' &&
          box.left < qr.right &&
          qr.left < box.right &&
          box.top < qr.bottom &&
          qr.top < box.bottom,
      );
      expect(overlapping.map((box) => box.name)).toEqual([]);
    }
    const { boxes } = templateOf('eur1');
    const qr = boxes.find((box) => box.name === 'qr') as Box;
    const lowestOfTheForm = Math.max(
      ...boxes
        .filter((box) => /^(caption-)?(endorsement|declaration|signature)/.test(box.name))
        .map((box) => box.bottom),
    );
    expect(qr.top).toBeGreaterThan(lowestOfTheForm);
  });
});

describe('the overflow check itself', () => {
  it('finds words outside their boxes when the boxes are not the ones the text was fitted into', async () => {
    const { pdf } = await render('eur1', { variant: 'maximum', goodsLines: 3 });
    const { words } = await pdfWords(pdf);

    expect(overflowingWords(words, templateOf('co').boxes).length).toBeGreaterThan(50);
  });
});

describe('the size of a certificate', () => {
  it('is at most 60 KB for a one-page certificate of origin, before the PAdES seal', async () => {
    const { pdf } = await render('co', { goodsLines: 1 });

    expect((await PDFDocument.load(pdf)).getPageCount()).toBe(1);
    expect(pdf.length).toBeLessThanOrEqual(60 * 1024);
  });
});
