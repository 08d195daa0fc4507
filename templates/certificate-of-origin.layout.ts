// The certificate of origin (ICC model, boxes 1–8) as a template definition: one A4 sheet; later sheets
// repeat it with the goods continued, and only the last carries the certification statement and date.

import {
  A4,
  area,
  CAPTION_HEIGHT,
  caption,
  FormSheet,
  INNER,
  LEFT_WIDTH,
  MARGIN,
  PAD,
  QR_SIDE,
  RIGHT_WIDTH,
  RIGHT_X,
  type TemplateDefinition,
  text,
} from './layout.ts';
import { CERTIFICATE_OF_ORIGIN_LABELS } from './wording.ts';

const GOODS_COLUMNS = [
  { key: 'item', width: 22, align: 'right' as const },
  { key: 'marks', width: 78 },
  { key: 'description', width: 206 },
  { key: 'hsCode', width: 62 },
  { key: 'quantity', width: 90, align: 'right' as const },
  { key: 'grossMass', width: INNER - 22 - 78 - 206 - 62 - 90, align: 'right' as const },
];

export const certificateOfOrigin = (): TemplateDefinition => {
  const sheet = new FormSheet();
  const long = text(9, 6, { overflow: 'continue' });

  // Row 1: exporter | title, serial and issuer
  sheet.captionedBox(
    { x: MARGIN, top: MARGIN, width: LEFT_WIDTH, height: 100 },
    { label: 'exporter', number: '1.' },
    'exporter',
    long,
  );
  const title = sheet.frame({ x: RIGHT_X, top: MARGIN, width: RIGHT_WIDTH, height: 100 });
  sheet.caption(
    { x: title.x + PAD, top: title.top + 6, width: title.width - 2 * PAD, height: 30 },
    caption('title', {
      fontSize: 12,
      minFontSize: 9,
      multiline: true,
      stacked: true,
      bold: true,
      align: 'center',
    }),
  );
  sheet.serialLine(title, { top: 43, labelWidth: 40, labelHeight: 15 });
  sheet.field('logo', { x: title.x + PAD, top: title.top + 64, width: 32, height: 32 }, area());
  sheet.field(
    'issuerName',
    { x: title.x + 42, top: title.top + 62, width: title.width - 46, height: 34 },
    text(9, 5, { bold: true }),
  );

  // Row 2: consignee | country of origin, country of destination
  sheet.captionedBox(
    { x: MARGIN, top: 128, width: LEFT_WIDTH, height: 90 },
    { label: 'consignee', number: '2.' },
    'consignee',
    long,
  );
  sheet.captionedBox(
    { x: RIGHT_X, top: 128, width: RIGHT_WIDTH, height: 45 },
    { label: 'origin', number: '3.' },
    'originCountry',
    text(11, 7, { multiline: false, bold: true }),
  );
  sheet.captionedBox(
    { x: RIGHT_X, top: 173, width: RIGHT_WIDTH, height: 45 },
    { label: 'destination' },
    'destinationCountry',
    text(9, 6, { multiline: false }),
  );

  // Row 3: transport | remarks
  sheet.captionedBox(
    { x: MARGIN, top: 218, width: LEFT_WIDTH, height: 62 },
    { label: 'transport', number: '4.' },
    'transport',
    text(8.5, 6, { overflow: 'continue' }),
  );
  sheet.captionedBox(
    { x: RIGHT_X, top: 218, width: RIGHT_WIDTH, height: 62 },
    { label: 'remarks', number: '5.' },
    'remarks',
    text(8.5, 6, { overflow: 'continue' }),
  );

  // Row 4: the goods table (boxes 6 and 7)
  const goods = sheet.frame({ x: MARGIN, top: 280, width: INNER, height: 324 });
  sheet.caption(
    { x: goods.x + PAD, top: goods.top + 3, width: goods.width - 2 * PAD, height: CAPTION_HEIGHT },
    caption('goods', { number: '6.' }),
  );
  const headerTop = goods.top + CAPTION_HEIGHT + 5;
  const headerHeight = 22;
  const bottom = goods.top + goods.height;
  sheet.rule([goods.x, headerTop], [goods.x + goods.width, headerTop]);
  sheet.rule([goods.x, headerTop + headerHeight], [goods.x + goods.width, headerTop + headerHeight]);
  sheet.columnHeaders(
    GOODS_COLUMNS,
    { x: goods.x, top: headerTop, captionHeight: headerHeight - 4, bottom },
    (column) => ({
      fontSize: 6,
      minFontSize: 4,
      multiline: true,
      stacked: true,
      ...(column.key === 'quantity' ? { number: '7.' } : {}),
    }),
  );
  sheet.field(
    'goods',
    {
      x: goods.x,
      top: headerTop + headerHeight + 1,
      width: goods.width,
      height: bottom - headerTop - headerHeight - 2,
    },
    text(8, 8),
  );

  // Row 5: invoices
  sheet.captionedBox(
    { x: MARGIN, top: 604, width: INNER, height: 40 },
    { label: 'invoices' },
    'invoices',
    text(8, 5.5, { overflow: 'continue' }),
  );

  // Row 6: certification by the chamber, with the QR seal (box 8)
  const certification = sheet.frame({
    x: MARGIN,
    top: 644,
    width: INNER,
    height: A4.height - MARGIN - 14 - 644,
  });
  sheet.caption(
    { x: certification.x + PAD, top: certification.top + 3, width: 200, height: CAPTION_HEIGHT },
    caption('certification', { number: '8.' }),
  );
  sheet.field(
    'qr',
    {
      x: certification.x + certification.width - QR_SIDE - 10,
      top: certification.top + 12,
      width: QR_SIDE,
      height: QR_SIDE,
    },
    area(),
  );
  const textWidth = certification.width - QR_SIDE - 30;
  const left = certification.x + PAD;
  sheet.caption(
    { x: left, top: certification.top + 16, width: textWidth, height: 40 },
    caption('certification.text', {
      fontSize: 8,
      minFontSize: 6,
      multiline: true,
      stacked: true,
      tone: 'ink',
      sheets: 'last',
      earlierSheets: 'continued',
    }),
  );
  sheet.caption(
    { x: left, top: certification.top + 60, width: textWidth / 2 - 4, height: CAPTION_HEIGHT },
    caption('placeDate', { sheets: 'last' }),
  );
  sheet.field(
    'placeDate',
    { x: left, top: certification.top + 70, width: textWidth / 2 - 4, height: 20 },
    text(9, 6, { bold: true, sheets: 'last' }),
  );
  sheet.caption(
    { x: left + textWidth / 2, top: certification.top + 60, width: textWidth / 2, height: CAPTION_HEIGHT },
    caption('verificationCode'),
  );
  sheet.field(
    'verificationCode',
    { x: left + textWidth / 2, top: certification.top + 70, width: textWidth / 2, height: 14 },
    text(10, 7, { multiline: false, bold: true }),
  );
  sheet.field(
    'verifyHint',
    { x: left, top: certification.top + 94, width: textWidth, height: certification.height - 98 },
    text(7, 5),
  );

  return sheet.finish({
    type: 'co',
    title: 'Certificate of origin — template',
    goodsColumns: GOODS_COLUMNS,
    labels: CERTIFICATE_OF_ORIGIN_LABELS,
  });
};
