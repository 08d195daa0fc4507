// The movement certificate EUR.1 (boxes 1–12 of the EU model) as a template definition. Box 11 is the
// endorsement the issuing body completes (its stamp area holds the electronic endorsement); box 12 is the
// exporter's declaration, on the last sheet. The QR seal sits in a band under the boxes, covering none.
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
/** Boxes 11 and 12. */
const FOOT_HEIGHT = 150;
/** The stamp area of box 11. */
const STAMP_WIDTH = 112;
/** The band under the form holding the QR: the QR and a margin round it. */
const VERIFICATION_HEIGHT = QR_SIDE + 2 * PAD;
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
  sheet.serialLine(title, { top: 4, labelWidth: 44, labelHeight: 16 });
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
  const verificationTop = A4.height - MARGIN - 14 - VERIFICATION_HEIGHT;
  const endorsementTop = verificationTop - 4 - FOOT_HEIGHT;
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
  sheet.rule([goods.x, subheaderTop], [box9X, subheaderTop]);
  sheet.rule([goods.x, goods.top + headerHeight], [goods.x + goods.width, goods.top + headerHeight]);
  sheet.rule([box9X, goods.top], [box9X, bottom], 0.8);
  sheet.rule([box10X, goods.top], [box10X, bottom], 0.8);
  // box 8's columns; box 9 has the one measure column under its own caption
  sheet.columnHeaders(
    GOODS_COLUMNS.slice(0, 3),
    { x: goods.x, top: subheaderTop, captionHeight: headerHeight - 19 - 3, bottom },
    () => ({ fontSize: 5.5, minFontSize: 4, multiline: true, stacked: true }),
  );
  const rowsTop = goods.top + headerHeight + 1;
  sheet.field(
    'goods',
    { x: goods.x, top: rowsTop, width: BOX_8_WIDTH + BOX_9_WIDTH, height: bottom - rowsTop - 1 },
    text(8, 8),
  );
  // box 10 after the goods table, so that its caption is read just before the invoices it names
  sheet.caption(
    { x: box10X + PAD, top: goods.top + 3, width: BOX_10_WIDTH - 2 * PAD, height: headerHeight - 5 },
    caption('invoices', { ...smallCaption, number: '10.' }),
  );
  sheet.field(
    'invoices',
    { x: box10X + PAD, top: rowsTop + 2, width: BOX_10_WIDTH - 2 * PAD, height: bottom - rowsTop - 2 - PAD },
    text(8, 6, { overflow: 'continue' }),
  );

  // Box 11: the endorsement, completed by the issuing body (docs/eur1-box-11.md): the customs lines on the
  // left, the stamp area on the right holding the electronic endorsement and the chamber's logo.
  const endorsement = sheet.frame({ x: MARGIN, top: endorsementTop, width: LEFT_WIDTH, height: FOOT_HEIGHT });
  const left = endorsement.x + PAD;
  sheet.caption(
    { x: left, top: endorsement.top + 3, width: endorsement.width - 2 * PAD, height: 15 },
    caption('endorsement', { ...smallCaption, number: '11.', bold: true }),
  );
  const stamp = sheet.frame({
    x: endorsement.x + endorsement.width - PAD - STAMP_WIDTH,
    top: endorsement.top + 19,
    width: STAMP_WIDTH,
    height: FOOT_HEIGHT - 19 - PAD,
  });
  const columnWidth = stamp.x - left - 8;
  sheet.caption(
    { x: left, top: endorsement.top + 19, width: columnWidth, height: 8 },
    caption('endorsement.certified', { fontSize: 5.5, minFontSize: 4 }),
  );
  // what customs would write: a caption, the value on the line under it, a rule
  const lines: [label: string, field: string, offset: number, height: number][] = [
    ['endorsement.document', 'endorsementDocument', 28, 9],
    ['endorsement.office', 'endorsementOffice', 48, 28],
    ['endorsement.country', 'endorsementCountry', 88, 9],
    ['endorsement.date', 'endorsementDate', 108, 9],
  ];
  for (const [label, field, offset, height] of lines) {
    sheet.caption(
      { x: left, top: endorsement.top + offset, width: columnWidth, height: 8 },
      caption(label, { fontSize: 5.5, minFontSize: 4 }),
    );
    sheet.field(
      field,
      { x: left, top: endorsement.top + offset + 8.5, width: columnWidth, height },
      text(7.5, 4, { bold: true }),
    );
    const ruleTop = endorsement.top + offset + 8.5 + height + 1;
    sheet.rule([left, ruleTop], [left + columnWidth, ruleTop], 0.3);
  }
  sheet.rule(
    [left, endorsement.top + FOOT_HEIGHT - 16],
    [left + columnWidth, endorsement.top + FOOT_HEIGHT - 16],
    0.3,
  );
  sheet.caption(
    { x: left, top: endorsement.top + FOOT_HEIGHT - 14, width: columnWidth, height: 8 },
    caption('endorsement.signature', { fontSize: 5.5, minFontSize: 4, align: 'center' }),
  );
  const inStamp = (top: number, height: number) => ({
    x: stamp.x + PAD,
    top: stamp.top + top,
    width: stamp.width - 2 * PAD,
    height,
  });
  sheet.caption(inStamp(2, 8), caption('endorsement.stamp', { fontSize: 5.5, minFontSize: 4 }));
  sheet.field('logo', { ...inStamp(12, 36), x: stamp.x + (stamp.width - 36) / 2, width: 36 }, area());
  sheet.field(
    'endorsementSeal',
    inStamp(52, stamp.height - 52 - PAD),
    text(7.5, 5, { bold: true, align: 'center' }),
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
    { x: dx, top: declaration.top + 20, width: dWidth, height: 58 },
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
    { x: dx, top: declaration.top + 82, width: dWidth, height: 8 },
    caption('placeDate', { sheets: 'last' }),
  );
  // down to the signature rule: below the place and date it prints "Declared electronically by …" in each
  // print language, the signature of an electronic declaration (docs/legal.md §8)
  sheet.field(
    'placeDate',
    { x: dx, top: declaration.top + 91, width: dWidth, height: FOOT_HEIGHT - 16 - 91 - 2 },
    text(9, 6, { bold: true, sheets: 'last' }),
  );
  sheet.rule(
    [dx + 40, declaration.top + FOOT_HEIGHT - 16],
    [dx + dWidth - 40, declaration.top + FOOT_HEIGHT - 16],
    0.3,
  );
  sheet.caption(
    { x: dx, top: declaration.top + FOOT_HEIGHT - 14, width: dWidth, height: 9 },
    caption('signature', { align: 'center', sheets: 'last' }),
  );

  // Below the boxes, outside the form: the QR seal and how to verify, covering nothing of boxes 1–12.
  const verification = sheet.frame({
    x: MARGIN,
    top: verificationTop,
    width: INNER,
    height: VERIFICATION_HEIGHT,
  });
  sheet.field(
    'qr',
    { x: verification.x + PAD, top: verification.top + PAD, width: QR_SIDE, height: QR_SIDE },
    area(),
  );
  const hintX = verification.x + PAD + QR_SIDE + 8;
  const hintWidth = verification.x + verification.width - PAD - hintX;
  sheet.caption(
    { x: hintX, top: verification.top + 8, width: hintWidth, height: 8 },
    caption('verificationCode', { fontSize: 6, minFontSize: 4.5 }),
  );
  sheet.field(
    'verificationCode',
    { x: hintX, top: verification.top + 17, width: hintWidth, height: 13 },
    text(10, 7, { multiline: false, bold: true }),
  );
  sheet.field(
    'verifyHint',
    { x: hintX, top: verification.top + 36, width: hintWidth, height: VERIFICATION_HEIGHT - 36 - PAD },
    text(7.5, 5),
  );

  return sheet.finish({
    type: 'eur1',
    title: 'Movement certificate EUR.1 — template',
    goodsColumns: GOODS_COLUMNS,
    labels: MOVEMENT_CERTIFICATE_LABELS,
  });
};
