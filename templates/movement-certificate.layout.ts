// The movement certificate EUR.1 (boxes 1–12 of the EU model) as a template definition. Box 11 stays free
// for the customs endorsement; it names the issuer as certifying body and carries the QR seal. Box 12 is
// the exporter's declaration, on the last sheet.
import {
  A4,
  area,
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
import { MOVEMENT_CERTIFICATE_LABELS } from './wording.ts';

// Box 8 (item, marks, packages and description), box 9 (measure); box 10 (invoices) is a column of its own.
const GOODS_COLUMNS = [
  { key: 'item', width: 22, align: 'right' as const },
  { key: 'marks', width: 78 },
  { key: 'description', width: 220 },
  { key: 'measure', width: 92, align: 'right' as const },
];
const BOX_8_WIDTH = 22 + 78 + 220;
const BOX_9_WIDTH = 92;
const FOOT_HEIGHT = 214;
const BOX_10_WIDTH = INNER - BOX_8_WIDTH - BOX_9_WIDTH;

export const movementCertificate = (): TemplateDefinition => {
  const sheet = new FormSheet();
  const long = text(9, 6, { overflow: 'continue' });
  const smallCaption = { fontSize: 6, minFontSize: 4.5, multiline: true };

  // Box 1 | serial and title, box 2
  sheet.captionedBox(
    { x: MARGIN, top: MARGIN, width: LEFT_WIDTH, height: 120 },
    { label: 'exporter', number: '1.' },
    'exporter',
    long,
  );
  const title = sheet.frame({ x: RIGHT_X, top: MARGIN, width: RIGHT_WIDTH, height: 50 });
  sheet.caption(
    { x: title.x + PAD, top: title.top + 4, width: 44, height: 16 },
    caption('number', { multiline: true, stacked: true, fontSize: 6 }),
  );
  sheet.field(
    'serial',
    { x: title.x + 50, top: title.top + 4, width: title.width - 54, height: 16 },
    text(12, 8, { multiline: false, bold: true }),
  );
  sheet.caption(
    { x: title.x + PAD, top: title.top + 23, width: title.width - 2 * PAD, height: 24 },
    caption('title', {
      fontSize: 10,
      minFontSize: 7,
      multiline: true,
      stacked: true,
      bold: true,
      align: 'center',
    }),
  );
  const trade = sheet.frame({ x: RIGHT_X, top: MARGIN + 50, width: RIGHT_WIDTH, height: 70 });
  sheet.caption(
    { x: trade.x + PAD, top: trade.top + 3, width: trade.width - 2 * PAD, height: 16 },
    caption('trade', { number: '2.', multiline: true, stacked: true }),
  );
  sheet.field(
    'tradeBetween',
    { x: trade.x + PAD, top: trade.top + 20, width: trade.width - 2 * PAD, height: 11 },
    text(9, 6, { multiline: false, bold: true }),
  );
  sheet.caption(
    { x: trade.x + PAD, top: trade.top + 32, width: trade.width - 2 * PAD, height: 8 },
    caption('trade.and', { fontSize: 6 }),
  );
  sheet.field(
    'tradeAnd',
    { x: trade.x + PAD, top: trade.top + 41, width: trade.width - 2 * PAD, height: 11 },
    text(9, 6, { multiline: false, bold: true }),
  );
  sheet.caption(
    { x: trade.x + PAD, top: trade.top + 54, width: trade.width - 2 * PAD, height: 13 },
    caption('trade.note', { fontSize: 5.5, minFontSize: 4, multiline: true }),
  );

  // Box 3 | boxes 4 and 5
  const row2 = MARGIN + 120;
  sheet.captionedBox(
    { x: MARGIN, top: row2, width: LEFT_WIDTH, height: 100 },
    { label: 'consignee', number: '3.' },
    'consignee',
    long,
  );
  const half = RIGHT_WIDTH / 2;
  for (const [index, [label, number, name]] of [
    ['origin', '4.', 'originCountry'],
    ['destination', '5.', 'destinationCountry'],
  ].entries()) {
    const box = sheet.frame({ x: RIGHT_X + index * half, top: row2, width: half, height: 100 });
    sheet.caption(
      { x: box.x + PAD, top: box.top + 3, width: box.width - 2 * PAD, height: 46 },
      caption(label ?? '', { ...smallCaption, stacked: true, number: number ?? '' }),
    );
    sheet.field(
      name ?? '',
      { x: box.x + PAD, top: box.top + 52, width: box.width - 2 * PAD, height: 44 },
      text(9, 6, { bold: true }),
    );
  }

  // Box 6 | box 7
  const row3 = row2 + 100;
  sheet.captionedBox(
    { x: MARGIN, top: row3, width: LEFT_WIDTH, height: 66 },
    { label: 'transport', number: '6.' },
    'transport',
    text(8.5, 6, { overflow: 'continue' }),
  );
  sheet.captionedBox(
    { x: RIGHT_X, top: row3, width: RIGHT_WIDTH, height: 66 },
    { label: 'remarks', number: '7.' },
    'remarks',
    text(8.5, 6, { overflow: 'continue' }),
  );

  // Boxes 8, 9 and 10
  const goodsTop = row3 + 66;
  const endorsementTop = A4.height - MARGIN - 14 - FOOT_HEIGHT;
  const goods = sheet.frame({ x: MARGIN, top: goodsTop, width: INNER, height: endorsementTop - goodsTop });
  const bottom = goods.top + goods.height;
  const box9X = goods.x + BOX_8_WIDTH;
  const box10X = box9X + BOX_9_WIDTH;
  const headerHeight = 38;
  const subheaderTop = goods.top + 19;
  sheet.caption(
    { x: goods.x + PAD, top: goods.top + 3, width: BOX_8_WIDTH - 2 * PAD, height: 15 },
    caption('goods', { ...smallCaption, stacked: true, number: '8.' }),
  );
  sheet.caption(
    { x: box9X + PAD, top: goods.top + 3, width: BOX_9_WIDTH - 2 * PAD, height: headerHeight - 5 },
    caption('measure', { ...smallCaption, number: '9.', fontSize: 5.5 }),
  );
  sheet.caption(
    { x: box10X + PAD, top: goods.top + 3, width: BOX_10_WIDTH - 2 * PAD, height: headerHeight - 5 },
    caption('invoices', { ...smallCaption, number: '10.' }),
  );
  sheet.rule([goods.x, subheaderTop], [box9X, subheaderTop]);
  sheet.rule([goods.x, goods.top + headerHeight], [goods.x + goods.width, goods.top + headerHeight]);
  sheet.rule([box9X, goods.top], [box9X, bottom], 0.8);
  sheet.rule([box10X, goods.top], [box10X, bottom], 0.8);
  let columnX = goods.x;
  for (const column of GOODS_COLUMNS.slice(0, 3)) {
    if (columnX > goods.x) sheet.rule([columnX, subheaderTop], [columnX, bottom]);
    sheet.caption(
      { x: columnX + 2, top: subheaderTop + 2, width: column.width - 4, height: headerHeight - 19 - 3 },
      caption(`goods.${column.key}`, { fontSize: 5.5, minFontSize: 4, multiline: true, stacked: true }),
    );
    columnX += column.width;
  }
  const rowsTop = goods.top + headerHeight + 1;
  sheet.field(
    'goods',
    { x: goods.x, top: rowsTop, width: BOX_8_WIDTH + BOX_9_WIDTH, height: bottom - rowsTop - 1 },
    text(8, 8),
  );
  sheet.field(
    'invoices',
    { x: box10X + PAD, top: rowsTop + 2, width: BOX_10_WIDTH - 2 * PAD, height: bottom - rowsTop - 2 - PAD },
    text(8, 6, { overflow: 'continue' }),
  );

  // Box 11: customs endorsement, the certifying body and the QR seal
  const endorsement = sheet.frame({ x: MARGIN, top: endorsementTop, width: LEFT_WIDTH, height: FOOT_HEIGHT });
  const left = endorsement.x + PAD;
  sheet.caption(
    { x: left, top: endorsement.top + 3, width: endorsement.width - 2 * PAD, height: 15 },
    caption('endorsement', { ...smallCaption, number: '11.', bold: true }),
  );
  const qrX = endorsement.x + endorsement.width - QR_SIDE - 6;
  const columnWidth = qrX - left - 8;
  // what customs fills in: a caption, room to write, a rule
  const lines: [string, number, boolean][] = [
    ['endorsement.certified', 22, false],
    ['endorsement.document', 32, true],
    ['endorsement.office', 55, true],
    ['endorsement.country', 78, true],
    ['endorsement.date', 101, true],
  ];
  for (const [label, offset, ruled] of lines) {
    sheet.caption(
      { x: left, top: endorsement.top + offset, width: columnWidth, height: 8 },
      caption(label, { fontSize: 5.5, minFontSize: 4 }),
    );
    if (ruled)
      sheet.rule(
        [left, endorsement.top + offset + 20],
        [left + columnWidth, endorsement.top + offset + 20],
        0.3,
      );
  }
  sheet.caption(
    { x: left, top: endorsement.top + 124, width: columnWidth / 2, height: 8 },
    caption('endorsement.stamp', { fontSize: 5.5, minFontSize: 4 }),
  );
  sheet.caption(
    { x: left + columnWidth / 2, top: endorsement.top + 124, width: columnWidth / 2, height: 8 },
    caption('endorsement.signature', { fontSize: 5.5, minFontSize: 4, align: 'right' }),
  );
  sheet.field('qr', { x: qrX, top: endorsement.top + 20, width: QR_SIDE, height: QR_SIDE }, area());
  sheet.caption(
    { x: qrX, top: endorsement.top + 122, width: QR_SIDE, height: 8 },
    caption('verificationCode', { fontSize: 5.5, minFontSize: 4 }),
  );
  sheet.field(
    'verificationCode',
    { x: qrX, top: endorsement.top + 131, width: QR_SIDE, height: 12 },
    text(9, 6, { multiline: false, bold: true }),
  );
  const bandTop = endorsement.top + 148;
  sheet.rule([endorsement.x, bandTop - 2], [endorsement.x + endorsement.width, bandTop - 2]);
  sheet.caption(
    { x: left + 34, top: bandTop, width: 150, height: 8 },
    caption('certifyingBody', { fontSize: 5.5, minFontSize: 4 }),
  );
  sheet.field('logo', { x: left, top: bandTop + 1, width: 30, height: 30 }, area());
  sheet.field(
    'issuerName',
    { x: left + 34, top: bandTop + 9, width: endorsement.width - 2 * PAD - 34, height: 22 },
    text(8, 4.5, { bold: true }),
  );
  sheet.field(
    'verifyHint',
    { x: left, top: bandTop + 33, width: endorsement.width - 2 * PAD, height: FOOT_HEIGHT - 148 - 33 - PAD },
    text(6, 4.5),
  );

  // Box 12: the exporter's declaration
  const declaration = sheet.frame({
    x: RIGHT_X,
    top: endorsementTop,
    width: RIGHT_WIDTH,
    height: FOOT_HEIGHT,
  });
  const dx = declaration.x + PAD;
  const dWidth = declaration.width - 2 * PAD;
  sheet.caption(
    { x: dx, top: declaration.top + 3, width: dWidth, height: 15 },
    caption('declaration', { ...smallCaption, number: '12.', bold: true }),
  );
  sheet.caption(
    { x: dx, top: declaration.top + 22, width: dWidth, height: 66 },
    caption('declaration.text', {
      fontSize: 7.5,
      minFontSize: 5.5,
      multiline: true,
      stacked: true,
      tone: 'ink',
      sheets: 'last',
      earlierSheets: 'continued',
    }),
  );
  sheet.caption(
    { x: dx, top: declaration.top + 96, width: dWidth, height: 8 },
    caption('placeDate', { sheets: 'last' }),
  );
  sheet.field(
    'placeDate',
    { x: dx, top: declaration.top + 106, width: dWidth, height: 30 },
    text(9, 6, { bold: true, sheets: 'last' }),
  );
  sheet.rule(
    [dx + 40, declaration.top + FOOT_HEIGHT - 18],
    [dx + dWidth - 40, declaration.top + FOOT_HEIGHT - 18],
    0.3,
  );
  sheet.caption(
    { x: dx, top: declaration.top + FOOT_HEIGHT - 15, width: dWidth, height: 9 },
    caption('signature', { align: 'center', sheets: 'last' }),
  );

  return sheet.finish({
    type: 'eur1',
    title: 'Movement certificate EUR.1 — template',
    goodsColumns: GOODS_COLUMNS,
    labels: MOVEMENT_CERTIFICATE_LABELS,
  });
};
