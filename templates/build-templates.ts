// Builds templates/co.pdf (A4, the boxes of a certificate of origin with bilingual labels and named
// AcroForm fields) and templates/co.manifest.json. Reproducible: same source, same bytes.
// Run with `npm run templates`; the renderer reads field rectangles from the PDF, styles from the manifest.
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, type PDFFont, type PDFPage, rgb } from 'pdf-lib';
import type { TemplateManifest } from '../functions/core/ports.ts';
import { readCertificateFonts } from './fonts.ts';

const A4 = { width: 595.28, height: 841.89 };
const MARGIN = 28;
const INNER = A4.width - 2 * MARGIN;
const LEFT_W = 300;
const RIGHT_X = MARGIN + LEFT_W;
const RIGHT_W = INNER - LEFT_W;
const FIXED_DATE = new Date('2026-01-01T00:00:00Z');
const LINE = rgb(0.15, 0.15, 0.15);
const LABEL = rgb(0.25, 0.25, 0.3);
const PAD = 4;
const LABEL_H = 11;

interface Box {
  x: number;
  top: number;
  width: number;
  height: number;
}

const manifest: TemplateManifest = {
  type: 'co',
  fields: {
    issuerName: { fontSize: 9, minFontSize: 6, multiline: true, bold: true },
    serial: { fontSize: 12, minFontSize: 8, multiline: false, bold: true },
    exporter: { fontSize: 9, minFontSize: 6, multiline: true },
    consignee: { fontSize: 9, minFontSize: 6, multiline: true },
    originCountry: { fontSize: 11, minFontSize: 7, multiline: false, bold: true },
    destinationCountry: { fontSize: 9, minFontSize: 6, multiline: false },
    transport: { fontSize: 8.5, minFontSize: 6, multiline: true },
    remarks: { fontSize: 8.5, minFontSize: 6, multiline: true },
    goods: { fontSize: 8, minFontSize: 8, multiline: true },
    invoices: { fontSize: 8, minFontSize: 6, multiline: true },
    certification: { fontSize: 8, minFontSize: 6, multiline: true },
    placeDate: { fontSize: 9, minFontSize: 6, multiline: false, bold: true },
    verificationCode: { fontSize: 10, minFontSize: 7, multiline: false, bold: true },
    verifyHint: { fontSize: 7, minFontSize: 5, multiline: true },
    pageInfo: { fontSize: 7.5, minFontSize: 6, multiline: false },
    qr: { fontSize: 0, minFontSize: 0, multiline: false },
    logo: { fontSize: 0, minFontSize: 0, multiline: false },
  },
  goodsColumns: [
    { key: 'item', width: 26, align: 'right' },
    { key: 'marks', width: 80 },
    { key: 'description', width: 222 },
    { key: 'hsCode', width: 56 },
    { key: 'quantity', width: 70, align: 'right' },
    { key: 'grossMass', width: 85.28, align: 'right' },
  ],
};

const goodsHeaders: Record<string, string> = {
  item: 'Бр.\nNo.',
  marks: 'Ознаки и броеви\nMarks and numbers',
  description: 'Број и вид на пакувања; опис на стоката\nNumber and kind of packages; description of goods',
  hsCode: 'Тарифен бр.\nHS code',
  quantity: '7. Количина\nQuantity',
  grossMass: 'Бруто маса (kg)\nGross mass (kg)',
};

const buildCertificateOfOrigin = async (): Promise<Uint8Array> => {
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.registerFontkit(fontkit);
  const fonts = await readCertificateFonts();
  const regular = await doc.embedFont(fonts.regular, { subset: true, customName: 'DejaVuSans' });
  const bold = await doc.embedFont(fonts.bold, { subset: true, customName: 'DejaVuSans-Bold' });
  doc.setTitle('Certificate of origin — template');
  doc.setProducer('tradecert templates');
  doc.setCreator('tradecert templates');
  doc.setCreationDate(FIXED_DATE);
  doc.setModificationDate(FIXED_DATE);
  const page = doc.addPage([A4.width, A4.height]);
  const form = doc.getForm();

  const rect = (box: Box) => ({
    x: box.x,
    y: A4.height - box.top - box.height,
    width: box.width,
    height: box.height,
  });
  const frame = (box: Box) => page.drawRectangle({ ...rect(box), borderColor: LINE, borderWidth: 0.8 });
  const label = (box: Box, text: string, font: PDFFont = regular, size = 6.5) => {
    page.drawText(text, { x: box.x + PAD, y: A4.height - box.top - PAD - size, size, font, color: LABEL });
  };
  const field = (name: string, box: Box) => {
    const textField = form.createTextField(name);
    textField.addToPage(page, { ...rect(box), borderWidth: 0 });
  };
  const labelledBox = (box: Box, text: string, fieldName: string) => {
    frame(box);
    label(box, text);
    field(fieldName, {
      x: box.x + PAD,
      top: box.top + LABEL_H + 2,
      width: box.width - 2 * PAD,
      height: box.height - LABEL_H - 2 - PAD,
    });
  };

  // Row 1: exporter | title, serial, issuer
  const row1: Box = { x: MARGIN, top: MARGIN, width: LEFT_W, height: 100 };
  labelledBox(row1, '1. Извозник (име, адреса, земја) / Exporter (name, address, country)', 'exporter');
  const title: Box = { x: RIGHT_X, top: MARGIN, width: RIGHT_W, height: 100 };
  frame(title);
  drawCentered(page, 'УВЕРЕНИЕ ЗА ПОТЕКЛО', bold, 12, title.x, title.width, A4.height - title.top - 18);
  drawCentered(page, 'CERTIFICATE OF ORIGIN', bold, 12, title.x, title.width, A4.height - title.top - 32);
  page.drawText('Бр. / No.', {
    x: title.x + PAD,
    y: A4.height - title.top - 52,
    size: 7,
    font: regular,
    color: LABEL,
  });
  field('serial', { x: title.x + 40, top: title.top + 40, width: title.width - 44, height: 16 });
  field('logo', { x: title.x + PAD, top: title.top + 62, width: 34, height: 34 });
  field('issuerName', { x: title.x + 42, top: title.top + 62, width: title.width - 46, height: 34 });

  // Row 2: consignee | origin and destination
  const row2: Box = { x: MARGIN, top: row1.top + row1.height, width: LEFT_W, height: 90 };
  labelledBox(row2, '2. Примач (име, адреса, земја) / Consignee (name, address, country)', 'consignee');
  const origin: Box = { x: RIGHT_X, top: row2.top, width: RIGHT_W, height: 45 };
  labelledBox(origin, '3. Земја на потекло / Country of origin', 'originCountry');
  const destination: Box = { x: RIGHT_X, top: row2.top + 45, width: RIGHT_W, height: 45 };
  labelledBox(destination, 'Земја на одредиште / Country of destination', 'destinationCountry');

  // Row 3: transport | remarks
  const row3: Box = { x: MARGIN, top: row2.top + row2.height, width: LEFT_W, height: 62 };
  labelledBox(row3, '4. Податоци за превозот / Transport details', 'transport');
  labelledBox({ x: RIGHT_X, top: row3.top, width: RIGHT_W, height: 62 }, '5. Забелешки / Remarks', 'remarks');

  // Row 4: goods table (boxes 6 and 7)
  const goods: Box = { x: MARGIN, top: row3.top + row3.height, width: INNER, height: 330 };
  frame(goods);
  label(
    goods,
    '6. Реден број; ознаки, броеви, број и вид на пакувања; опис на стоката / Item number; marks, numbers, number and kind of packages; description of goods',
  );
  const headerTop = goods.top + LABEL_H + 2;
  const headerH = 24;
  let columnX = goods.x;
  for (const column of manifest.goodsColumns) {
    const lines = (goodsHeaders[column.key] ?? '').split('\n');
    lines.forEach((line, index) => {
      page.drawText(line, {
        x: columnX + 2,
        y: A4.height - headerTop - 8 - index * 8,
        size: 6,
        font: regular,
        color: LABEL,
        maxWidth: column.width - 4,
      });
    });
    if (columnX > goods.x) {
      page.drawLine({
        start: { x: columnX, y: A4.height - headerTop },
        end: { x: columnX, y: A4.height - goods.top - goods.height },
        thickness: 0.4,
        color: LINE,
      });
    }
    columnX += column.width;
  }
  page.drawLine({
    start: { x: goods.x, y: A4.height - headerTop - headerH },
    end: { x: goods.x + goods.width, y: A4.height - headerTop - headerH },
    thickness: 0.4,
    color: LINE,
  });
  page.drawLine({
    start: { x: goods.x, y: A4.height - headerTop },
    end: { x: goods.x + goods.width, y: A4.height - headerTop },
    thickness: 0.4,
    color: LINE,
  });
  field('goods', {
    x: goods.x,
    top: headerTop + headerH + 2,
    width: goods.width,
    height: goods.height - LABEL_H - 2 - headerH - 4,
  });

  // Row 5: invoices
  const invoices: Box = { x: MARGIN, top: goods.top + goods.height, width: INNER, height: 34 };
  labelledBox(invoices, 'Фактури / Invoices', 'invoices');

  // Row 6: certification with QR (box 8)
  const certification: Box = {
    x: MARGIN,
    top: invoices.top + invoices.height,
    width: INNER,
    height: A4.height - MARGIN - 14 - invoices.top - invoices.height,
  };
  frame(certification);
  label(certification, '8. Заверка / Certification');
  const qrSize = 99.2; // 35 mm
  const qrBox: Box = {
    x: certification.x + certification.width - qrSize - 10,
    top: certification.top + 12,
    width: qrSize,
    height: qrSize,
  };
  field('qr', qrBox);
  const textWidth = certification.width - qrSize - 30;
  field('certification', {
    x: certification.x + PAD,
    top: certification.top + LABEL_H + 2,
    width: textWidth,
    height: 44,
  });
  page.drawText('Место и датум / Place and date', {
    x: certification.x + PAD,
    y: A4.height - certification.top - 66,
    size: 6.5,
    font: regular,
    color: LABEL,
  });
  field('placeDate', {
    x: certification.x + PAD,
    top: certification.top + 68,
    width: textWidth / 2,
    height: 13,
  });
  page.drawText('Код за проверка / Verification code', {
    x: certification.x + PAD + textWidth / 2,
    y: A4.height - certification.top - 66,
    size: 6.5,
    font: regular,
    color: LABEL,
  });
  field('verificationCode', {
    x: certification.x + PAD + textWidth / 2,
    top: certification.top + 68,
    width: textWidth / 2,
    height: 14,
  });
  field('verifyHint', {
    x: certification.x + PAD,
    top: certification.top + 86,
    width: textWidth,
    height: certification.height - 90,
  });

  field('pageInfo', { x: MARGIN, top: A4.height - MARGIN - 12, width: INNER, height: 11 });
  return doc.save({ useObjectStreams: false });
};

const drawCentered = (
  page: PDFPage,
  text: string,
  font: PDFFont,
  size: number,
  x: number,
  width: number,
  y: number,
) => {
  page.drawText(text, { x: x + (width - font.widthOfTextAtSize(text, size)) / 2, y, size, font });
};

const here = (name: string) => fileURLToPath(new URL(name, import.meta.url));

await writeFile(here('./co.pdf'), await buildCertificateOfOrigin());
await writeFile(here('./co.manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
console.log('templates/co.pdf and templates/co.manifest.json written');
