// The words a certificate prints, before any PDF: numbers bound to their units, one total per unit, and
// EUR.1 box 11 completed from the issuer's configuration as an electronically issued certificate.
import { readFile } from 'node:fs/promises';
import { PDFDocument, type PDFFont } from 'pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CertificateContent } from '../../functions/core/certificates/certificate.ts';
import type { TemplateManifest } from '../../functions/core/ports.ts';
import { certificateFontkit } from '../../functions/core/rendering/certificate-fontkit.ts';
import { printedCertificate } from '../../functions/core/rendering/certificate-text.ts';
import { fitText, wrapParagraph } from '../../functions/core/rendering/fit-text.ts';
import { formatQuantity } from '../../functions/core/rendering/printed-text.ts';
import { createWording } from '../../functions/core/rendering/wording.ts';
import { readCertificateFonts } from '../../templates/fonts.ts';
import { SAMPLE_VERIFY_URL, sampleContent } from '../fixtures/sample-certificates.ts';

const NBSP = '\u00A0';
let font: PDFFont;
const manifests: Record<'co' | 'eur1', TemplateManifest> = {} as Record<'co' | 'eur1', TemplateManifest>;

beforeAll(async () => {
  const doc = await PDFDocument.create();
  doc.registerFontkit(certificateFontkit);
  font = await doc.embedFont((await readCertificateFonts()).regular, { subset: true });
  for (const type of ['co', 'eur1'] as const) {
    const url = new URL(`../../templates/${type}.manifest.json`, import.meta.url);
    manifests[type] = JSON.parse(await readFile(url, 'utf8')) as TemplateManifest;
  }
});

const printed = (content: CertificateContent, languages = ['mk', 'en'], verifyUrl = SAMPLE_VERIFY_URL) =>
  printedCertificate(content, createWording(manifests[content.type].labels, languages), verifyUrl);

const coWith = (goods: { value: number; unit: string; grossMassKg?: number }[]) => {
  const content = sampleContent('co', { goodsLines: goods.length });
  if (content.type !== 'co') throw new Error('not a certificate of origin');
  content.data.goods = content.data.goods.map((line, index) => {
    const { grossMassKg, ...rest } = line;
    const given = goods[index] ?? { value: 1, unit: 'pcs' };
    return {
      ...rest,
      quantity: { value: given.value, unit: given.unit },
      ...(given.grossMassKg === undefined ? {} : { grossMassKg: given.grossMassKg }),
    };
  });
  return content;
};

describe('a number and its unit', () => {
  it('are joined by a no-break space, and the line breaker never parts them', () => {
    const content = coWith([{ value: 720, unit: 'г' }]);
    const quantity = printed(content).goods.rows[0]?.quantity ?? '';
    expect(quantity).toBe(`720${NBSP}г`);
    const text = `Сушени вргањи во тегла 720${NBSP}г`;
    // wide enough for everything up to "720", not for " г" after it
    const width = font.widthOfTextAtSize('Сушени вргањи во тегла 720', 8) + 1;
    const lines = wrapParagraph(text, font, 8, width);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.some((line) => line.startsWith('г'))).toBe(false);
    expect(lines.some((line) => line.endsWith('720'))).toBe(false);
    expect(lines.at(-1)).toBe(`720${NBSP}г`);
    const fitted = fitText(text, { font, width, height: 40, fontSize: 8, minFontSize: 8, multiline: true });
    expect(fitted.lines.at(-1)).toBe(`720${NBSP}г`);
  });

  it('prints one writing of numbers whatever the label languages: "," groups thousands, "." marks decimals', () => {
    expect(formatQuantity(3850.5)).toBe('3,850.5');
    expect(formatQuantity(1_234_567.891)).toBe('1,234,567.891');
  });
});

describe('the goods totals', () => {
  it('of a certificate of origin give one quantity total per unit, each printed', () => {
    const content = coWith([
      { value: 1200, unit: 'pcs', grossMassKg: 3000 },
      { value: 200, unit: 'l', grossMassKg: 850.5 },
      { value: 50, unit: 'pcs' },
    ]);
    const { total } = printed(content).goods;
    expect(total.quantity?.split('\n')).toEqual([`1,250${NBSP}pcs`, `200${NBSP}l`]);
    expect(total.grossMass).toBe('3,850.5');
  });

  it('of an EUR.1 give the gross mass and every other measure, per unit, never one in place of all', () => {
    const content = sampleContent('eur1', { goodsLines: 3 });
    if (content.type !== 'eur1') throw new Error('not an EUR.1');
    content.data.goods = [
      { marks: 'A', packages: { count: 1, kind: 'pallets' }, description: 'Steel', grossMassKg: 3000 },
      { marks: 'B', packages: { count: 2, kind: 'pallets' }, description: 'Wire', grossMassKg: 850.5 },
      {
        marks: 'C',
        packages: { count: 4, kind: 'drums' },
        description: 'Sunflower oil',
        otherMeasure: { value: 200, unit: 'l' },
      },
    ];
    const measure = printed(content).goods.total.measure ?? '';
    expect(measure.split('\n')).toEqual([`3,850.5${NBSP}kg`, `200${NBSP}l`]);
  });
});

describe('box 11 of an EUR.1 issued electronically', () => {
  const eurOne = () => sampleContent('eur1', { goodsLines: 1 });

  it('names the issuing body and its place, the issuing country and the issue date', () => {
    const content = eurOne();
    const { fields } = printed(content);
    expect(fields.endorsementOffice?.split('\n')).toEqual([
      content.issuer.nameLocal,
      content.issuer.name,
      content.issuer.city,
    ]);
    expect(fields.endorsementCountry).toBe('Северна Македонија / North Macedonia (MK)');
    expect(fields.endorsementDate).toBe('23.11.2026');
    expect(fields.endorsementDocument).toBe('—');
  });

  it('says in the stamp area, in the issuer’s languages, that it was issued electronically and sealed', () => {
    const content = eurOne();
    expect(printed(content).fields.endorsementSeal?.split('\n')).toEqual([
      'Издадено електронски и запечатено',
      'Issued electronically and sealed',
      content.serial,
    ]);
    expect(printed(content, ['sq', 'en']).fields.endorsementSeal?.split('\n')).toEqual([
      'Lëshuar elektronikisht dhe vulosur',
      'Issued electronically and sealed',
      content.serial,
    ]);
  });
});

describe('a number and its unit wider together than a whole line', () => {
  it('part at the no-break space, never inside the unit or the number', () => {
    const text = `2,999,999,999.997${NBSP}pairs`;
    const width = font.widthOfTextAtSize('2,999,999,999.997', 6) + 1;
    const lines = wrapParagraph(text, font, 6, width);

    expect(lines.map((line) => line.replace(/\s/g, ' '))).toEqual(['2,999,999,999.997', 'pairs']);
  });
});
