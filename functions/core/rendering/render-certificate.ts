// Renders a certificate PDF from its template: field rectangles come from the template's AcroForm widgets,
// text is fitted into them with an embedded, subsetted Unicode font, goods lines continue on further sheets,
// and the QR seal is drawn as vectors on every page. Deterministic: same inputs, same bytes.
import fontkit from '@pdf-lib/fontkit';
import { PDFDict, PDFDocument, type PDFFont, PDFName, type PDFPage, PDFString, rgb } from 'pdf-lib';
import type { Certificate } from '../certificates/certificate.ts';
import { AppError } from '../errors.ts';
import type { CertificateTemplate } from '../ports.ts';
import { boxTexts, continuedText, goodsCells, pageInfo, totalCells } from './certificate-text.ts';
import { fitText, wrapText } from './fit-text.ts';
import { qrPath } from './qr-vector.ts';

export interface RenderRequest {
  template: CertificateTemplate;
  fonts: { regular: Uint8Array; bold: Uint8Array };
  certificate: Pick<Certificate, 'code' | 'jws' | 'content'>;
  /** `{PUBLIC_BASE_URL}/v/{code}`; the QR carries it with the JWS as fragment. */
  verifyUrl: string;
}

interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

interface GoodsRow {
  cells: string[][];
  height: number;
  bold: boolean;
}

const INK = rgb(0, 0, 0);
const CELL_PAD = 2;

/** Name of the document-information entry that carries the QR content. */
export const SEAL_INFO_KEY = 'TradecertSeal';

export const qrContent = (verifyUrl: string, jws: string): string => `${verifyUrl}#${jws}`;

export const renderCertificatePdf = async (request: RenderRequest): Promise<Uint8Array> => {
  const { template, certificate, verifyUrl } = request;
  const { content } = certificate;
  const doc = await PDFDocument.load(template.pdf, { updateMetadata: false });
  doc.registerFontkit(fontkit);
  const rects = takeFieldRects(doc, Object.keys(template.manifest.fields));
  const fonts = {
    regular: await doc.embedFont(request.fonts.regular, { subset: true, customName: 'DejaVuSans' }),
    bold: await doc.embedFont(request.fonts.bold, { subset: true, customName: 'DejaVuSans-Bold' }),
  };

  const goodsStyle = template.manifest.fields.goods ?? { fontSize: 8, minFontSize: 8, multiline: true };
  const columns = template.manifest.goodsColumns;
  const goodsRect = rect(rects, 'goods');
  const rows = [
    ...content.data.goods.map((line, index) => goodsCells(line, index)),
    totalCells(content.data.goods),
  ].map((cells, index, all): GoodsRow => {
    const bold = index === all.length - 1;
    const wrapped = columns.map((column) =>
      wrapText(
        cells[column.key] ?? '',
        bold ? fonts.bold : fonts.regular,
        goodsStyle.fontSize,
        column.width - 2 * CELL_PAD,
      ),
    );
    const lines = Math.max(...wrapped.map((cell) => cell.length));
    return { cells: wrapped, height: lines * goodsStyle.fontSize * 1.2 + 2 * CELL_PAD, bold };
  });
  const pagesOfRows = paginate(rows, goodsRect.height);

  const extraPages = await doc.copyPages(
    doc,
    pagesOfRows.slice(1).map(() => 0),
  );
  for (const page of extraPages) doc.addPage(page);
  const qr = qrPath(qrContent(verifyUrl, certificate.jws));
  const texts = boxTexts(content, verifyUrl);
  const fixedFields = Object.entries(texts).filter(([name]) => name in template.manifest.fields);

  doc.getPages().forEach((page, index) => {
    const last = index === pagesOfRows.length - 1;
    for (const [name, text] of fixedFields) {
      const value =
        !last && (name === 'certification' || name === 'placeDate')
          ? name === 'certification'
            ? continuedText
            : ''
          : text;
      drawFitted(page, value, rect(rects, name), template.manifest.fields[name], fonts);
    }
    drawFitted(
      page,
      pageInfo(content.serial, index + 1, pagesOfRows.length),
      rect(rects, 'pageInfo'),
      template.manifest.fields.pageInfo,
      fonts,
    );
    drawGoods(page, pagesOfRows[index] ?? [], goodsRect, columns, goodsStyle.fontSize, fonts);
    drawQr(page, qr, rect(rects, 'qr'));
  });

  // A fresh document holds only what the pages reference: no form, no orphaned objects, a clean xref table.
  const out = await PDFDocument.create({ updateMetadata: false });
  for (const page of await out.copyPages(doc, doc.getPageIndices())) out.addPage(page);
  out.setTitle(`Certificate of origin ${content.serial}`);
  out.setSubject(`Certificate of origin ${content.serial} issued by ${content.issuer.name}`);
  out.setAuthor(content.issuer.name);
  out.setKeywords([content.serial, content.type, certificate.code]);
  out.setCreator('tradecert');
  out.setProducer('tradecert');
  out.setCreationDate(new Date(content.issuedAt));
  out.setModificationDate(new Date(content.issuedAt));
  // the QR's content in machine-readable form, for offline verifiers that read the file rather than scan it
  out.context
    .lookup(out.context.trailerInfo.Info, PDFDict)
    .set(PDFName.of(SEAL_INFO_KEY), PDFString.of(qrContent(verifyUrl, certificate.jws)));
  return out.save({ useObjectStreams: false });
};

/** Reads each named field's rectangle, then drops the widgets from the pages: the output has no fillable fields. */
const takeFieldRects = (doc: PDFDocument, names: string[]): Map<string, Rect> => {
  const form = doc.getForm();
  const rects = new Map<string, Rect>();
  for (const name of names) {
    const field = form.getFieldMaybe(name);
    const widget = field?.acroField.getWidgets()[0];
    if (!field || !widget) throw new AppError('INTERNAL', `The certificate template has no field "${name}".`);
    rects.set(name, widget.getRectangle());
  }
  for (const page of doc.getPages()) page.node.delete(PDFName.of('Annots'));
  return rects;
};

const rect = (rects: Map<string, Rect>, name: string): Rect => {
  const found = rects.get(name);
  if (!found) throw new AppError('INTERNAL', `The certificate template has no field "${name}".`);
  return found;
};

const paginate = (rows: GoodsRow[], height: number): GoodsRow[][] => {
  const pages: GoodsRow[][] = [[]];
  let used = 0;
  for (const row of rows) {
    const current = pages[pages.length - 1] ?? [];
    if (used + row.height > height && current.length > 0) {
      pages.push([row]);
      used = row.height;
    } else {
      current.push(row);
      used += row.height;
    }
  }
  return pages;
};

type FieldStyle = CertificateTemplate['manifest']['fields'][string] | undefined;

const drawFitted = (
  page: PDFPage,
  text: string,
  box: Rect,
  style: FieldStyle,
  fonts: { regular: PDFFont; bold: PDFFont },
) => {
  if (!text || !style) return;
  const font = style.bold ? fonts.bold : fonts.regular;
  const fitted = fitText(text, {
    font,
    width: box.width,
    height: box.height,
    fontSize: style.fontSize,
    minFontSize: style.minFontSize,
    multiline: style.multiline,
  });
  fitted.lines.forEach((line, index) => {
    const y =
      box.y +
      box.height -
      (index + 1) * fitted.lineHeight +
      (fitted.lineHeight - fitted.size) / 2 +
      fitted.size * 0.22;
    page.drawText(line, { x: box.x, y, size: fitted.size, font, color: INK });
  });
};

const drawGoods = (
  page: PDFPage,
  rows: GoodsRow[],
  box: Rect,
  columns: CertificateTemplate['manifest']['goodsColumns'],
  size: number,
  fonts: { regular: PDFFont; bold: PDFFont },
) => {
  let top = box.y + box.height;
  for (const row of rows) {
    const font = row.bold ? fonts.bold : fonts.regular;
    let x = box.x;
    columns.forEach((column, index) => {
      (row.cells[index] ?? []).forEach((line, lineIndex) => {
        const width = font.widthOfTextAtSize(line, size);
        const lineX = column.align === 'right' ? x + column.width - CELL_PAD - width : x + CELL_PAD;
        page.drawText(line, {
          x: lineX,
          y: top - CELL_PAD - (lineIndex + 1) * size * 1.2 + size * 0.25,
          size,
          font,
          color: INK,
        });
      });
      x += column.width;
    });
    top -= row.height;
  }
};

const drawQr = (page: PDFPage, qr: { size: number; path: string }, box: Rect) => {
  const side = Math.min(box.width, box.height);
  page.drawSvgPath(qr.path, { x: box.x, y: box.y + side, scale: side / qr.size, color: INK, borderWidth: 0 });
};
