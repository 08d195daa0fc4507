// Renders a certificate PDF from its template: the template page is placed on every sheet, captions print
// in the issuer's languages, text is fitted into the template's field rectangles with one embedded, subsetted
// Unicode font (regular and bold), goods lines and long boxes continue on further sheets ("page n of m",
// serial and QR on each; totals and certification on the last). The file is PDF/A-3b and tagged, with the
// certificate's data embedded (pdf-archive.ts, tagged-pdf.ts, docs/legal.md §7). Deterministic: same
// inputs, same bytes, with a document ID derived from them.
import { PDFDict, PDFDocument, type PDFFont, PDFHexString, PDFName, type PDFPage, PDFString } from 'pdf-lib';
import { canonicalJson, sha256Hex } from '../canonical-json.ts';
import type { Certificate } from '../certificates/certificate.ts';
import type { CertificateTemplate } from '../ports.ts';
import { SEAL_INFO_KEY } from '../sealing/seal-in-pdf.ts';
import { certificateFontkit } from './certificate-fontkit.ts';
import { printedCertificate } from './certificate-text.ts';
import { type FlowedText, fitText, flowText } from './fit-text.ts';
import { type GoodsLayout, goodsOnSheet, layOutGoods } from './goods-table.ts';
import {
  addOutputIntent,
  attachAssociatedFile,
  describeArchivalDocument,
  tagFontSubsets,
} from './pdf-archive.ts';
import { fieldRect, type PreparedTemplate, prepareTemplate, type Rect } from './prepared-template.ts';
import { issuerNames } from './printed-text.ts';
import { qrRuns } from './qr-vector.ts';
import {
  CAPTION,
  frameRect,
  INK,
  imageInBox,
  placeForm,
  qrInBox,
  type SheetFont,
  textInBox,
} from './sheet-content.ts';
import { artifact, paginationArtifact, StructureTree, type StructureType } from './tagged-pdf.ts';
import { AREA_FIELDS, type TemplateFieldStyle, type TemplateManifest } from './template-manifest.ts';
import { createWording } from './wording.ts';

export interface RenderRequest {
  template: CertificateTemplate;
  fonts: { regular: Uint8Array; bold: Uint8Array };
  certificate: Pick<Certificate, 'code' | 'jws' | 'content'>;
  /** `{PUBLIC_BASE_URL}/v/{code}`; the QR carries it with the JWS as fragment. */
  verifyUrl: string;
  /**
   * A staff preview: no QR, verification code or address and no seal entry, but a placeholder saying so,
   * so that nothing on it looks as if it verifies (`code`, `jws` and `verifyUrl` are then not printed).
   */
  draft?: boolean;
}

/** Name of the document-information entry that carries the QR content (core/sealing/seal-in-pdf.ts). */
export { SEAL_INFO_KEY };

export const qrContent = (verifyUrl: string, jws: string): string => `${verifyUrl}#${jws}`;

const PAGE_INFO = 'pageInfo';
const AREAS = new Set<string>([...AREA_FIELDS, PAGE_INFO]);

type Fonts = { regular: SheetFont; bold: SheetFont };
type EmbeddedFonts = { regular: PDFFont; bold: PDFFont };

interface FieldText {
  name: string;
  style: TemplateFieldStyle;
  text: FlowedText;
  /** What the field prints on sheets before the last when it belongs to the last sheet only. */
  earlier: FlowedText | undefined;
}

export const renderCertificatePdf = async (request: RenderRequest): Promise<Uint8Array> => {
  const { template, certificate, verifyUrl } = request;
  const { content } = certificate;
  const { manifest } = template;
  const prepared = await prepareTemplate(template);
  const wording = createWording(manifest.labels, template.languages);
  const draft = request.draft === true;
  const printed = printedCertificate(content, wording, draft ? undefined : verifyUrl);

  const out = await PDFDocument.create({ updateMetadata: false });
  out.registerFontkit(certificateFontkit);
  const embedded: EmbeddedFonts = {
    regular: await out.embedFont(request.fonts.regular, { subset: true, customName: 'DejaVuSans' }),
    bold: await out.embedFont(request.fonts.bold, { subset: true, customName: 'DejaVuSans-Bold' }),
  };
  const metrics = { regular: fontMetrics(request.fonts.regular), bold: fontMetrics(request.fonts.bold) };
  const fontOf = (style: { bold?: boolean | undefined }) => (style.bold ? embedded.bold : embedded.regular);

  const fields: FieldText[] = Object.entries(manifest.fields)
    .filter(([name]) => !AREAS.has(name))
    .map(([name, style]) => {
      const box = fieldRect(prepared, name);
      const text = style.label ? wording.caption(style) : (printed.fields[name] ?? '');
      const continued =
        style.sheets === 'last' && style.earlierSheets ? wording.lines(style.earlierSheets) : '';
      return {
        name,
        style,
        text: flow(text, style, box, fontOf(style)),
        earlier: continued ? flow(continued, { ...style, overflow: 'cut' }, box, fontOf(style)) : undefined,
      };
    });
  const goods = layOutGoods(
    printed.goods,
    manifest.goodsColumns,
    fieldRect(prepared, 'goods'),
    manifest.fields.goods?.fontSize ?? 8,
    embedded,
  );
  const sheetCount = Math.max(goods.sheets.length, ...fields.map((field) => field.text.parts.length));

  const templateRef = prepared.embedInto(out);
  const qrRect = prepared.rects.has('qr') ? fieldRect(prepared, 'qr') : undefined;
  const qr =
    qrRect && (draft ? placeholder(wording.lines('preview.noCode'), qrRect, embedded.bold) : undefined);
  const code = qrRect && !draft ? qrRuns(qrContent(verifyUrl, certificate.jws)) : undefined;
  const logo = template.logo && prepared.rects.has('logo') ? await out.embedPng(template.logo) : undefined;
  const headers = columnHeaders(manifest);
  const headerFields = new Set(headers.values());
  const fieldNamed = new Map(fields.map((field) => [field.name, field]));
  const tree = new StructureTree();
  const pages: PDFPage[] = [];
  for (let index = 0; index < sheetCount; index++) {
    const page = out.addPage([prepared.mediaBox.width, prepared.mediaBox.height]);
    pages.push(page);
    const { x, y, width, height } = prepared.mediaBox;
    page.setMediaBox(x, y, width, height);
    page.node.delete(PDFName.of('Annots'));
    const fonts = sheetFonts(page, embedded, metrics);
    const textOf = (field: FieldText) =>
      fieldOnSheet(field, fieldRect(prepared, field.name), index, sheetCount, fonts);
    const pageStyle = manifest.fields[PAGE_INFO];
    const pageInfo = pageStyle && {
      style: pageStyle,
      text: `${content.serial} — ${wording.inline('page', { page: index + 1, pages: sheetCount })}`,
      box: fieldRect(prepared, PAGE_INFO),
    };
    // one marked-content sequence per field, in reading order, each owned by its structure element
    const area = (name: string): string => {
      if (name === 'goods') {
        const captions = manifest.goodsColumns.map((column) => {
          const caption = headers.get(column.key);
          const field = caption === undefined ? undefined : fieldNamed.get(caption);
          return field ? textOf(field) : '';
        });
        return goodsTableOnSheet(tree, index, captions, goods, index === sheetCount - 1, fonts);
      }
      if (name === 'qr' && qrRect && code)
        return tree.markNew(tree.root, 'Figure', index, qrInBox(code, qrRect), {
          alt: `${wording.inline('verifyAt')} ${verifyUrl}`,
          attributes: layoutOf(qrRect),
        });
      if (name === 'qr' && qrRect && qr)
        return (
          artifact(frameRect(qrRect)) +
          tree.markNew(tree.root, 'P', index, placeholderInBox(qr, qrRect, fonts.bold))
        );
      if (name === 'logo' && logo) {
        const box = containedIn(fieldRect(prepared, 'logo'), logo.width, logo.height);
        const key = page.node.newXObject('Image', logo.ref).toString();
        return tree.markNew(tree.root, 'Figure', index, imageInBox(key, box), {
          alt: issuerNames(content, wording).replaceAll('\n', ' / '),
          attributes: layoutOf(box),
        });
      }
      if (name === PAGE_INFO && pageInfo) return paginationArtifact(pageInfoOnSheet(pageInfo, fonts.regular));
      return '';
    };
    const operators = [artifact(placeForm(page.node.newXObject('Template', templateRef).toString()))];
    for (const name of readingOrder(manifest)) {
      const field = fieldNamed.get(name);
      if (!field) operators.push(area(name));
      else if (!headerFields.has(name))
        operators.push(tree.markNew(tree.root, elementTypeOf(field.style), index, textOf(field)));
    }
    page.node.addContentStream(out.context.register(out.context.flateStream(operators.join(''))));
  }

  describeArchivalDocument(out, {
    title: printed.title,
    subject: `${printed.title} issued by ${content.issuer.name}`,
    author: content.issuer.name,
    keywords: [content.serial, content.type, certificate.code],
    date: new Date(content.issuedAt),
    languages: template.languages,
  });
  if (!draft) {
    // the QR's content in machine-readable form, for offline verifiers that read the file rather than scan it
    out.context
      .lookup(out.context.trailerInfo.Info, PDFDict)
      .set(PDFName.of(SEAL_INFO_KEY), PDFString.of(qrContent(request.verifyUrl, certificate.jws)));
    attachCertificateData(out, content);
  }
  addOutputIntent(out, template.colourProfile);
  tree.writeInto(out, pages, template.languages[0] ?? 'en');
  // fonts are embedded now, so that each subset can be named after its glyphs before the file is written
  await out.flush();
  tagFontSubsets(out, [embedded.regular, embedded.bold]);
  const id = PDFHexString.of(documentId(request, prepared));
  out.context.trailerInfo.ID = out.context.obj([id, id]);
  return out.save({ useObjectStreams: false });
};

/** The name of the certificate's data file inside its PDF. */
export const certificateDataFileName = (serial: string): string => `certificate-${serial}.json`;

/**
 * The certificate's content as the seal hashes it (canonical JSON, whose SHA-256 is the QR seal's `h` claim),
 * embedded as the PDF/A-3 associated file that is the document's data.
 */
const attachCertificateData = (out: PDFDocument, content: RenderRequest['certificate']['content']) => {
  attachAssociatedFile(out, {
    name: certificateDataFileName(content.serial),
    bytes: new TextEncoder().encode(canonicalJson(content)),
    mimeType: 'application/json',
    description: `Certificate ${content.serial}: its content as canonical JSON; its SHA-256 is the h claim of the QR seal`,
    modified: new Date(content.issuedAt),
    relationship: 'Data',
  });
};

/** The caption naming the document is read first; then the fields as the template lists them. */
const readingOrder = (manifest: TemplateManifest): string[] => {
  const names = Object.keys(manifest.fields);
  const title = names.filter((name) => manifest.fields[name]?.label === TITLE_LABEL);
  return [...title, ...names.filter((name) => !title.includes(name))];
};

const TITLE_LABEL = 'title';

/** A numbered caption names a box of the form, a heading; other text is a paragraph. */
const elementTypeOf = (style: TemplateFieldStyle): StructureType =>
  style.label === TITLE_LABEL ? 'H1' : style.label && style.number ? 'H2' : 'P';

/** The goods column a caption heads: its label is the column's key, or "goods." and the key. */
const columnOfCaption = (style: TemplateFieldStyle, manifest: TemplateManifest): string | undefined =>
  manifest.goodsColumns.find((column) => style.label === column.key || style.label === `goods.${column.key}`)
    ?.key;

/** Column key → the caption field printed as its header cell. */
const columnHeaders = (manifest: TemplateManifest): Map<string, string> => {
  const headers = new Map<string, string>();
  for (const [name, style] of Object.entries(manifest.fields)) {
    const column = columnOfCaption(style, manifest);
    if (column !== undefined && !headers.has(column)) headers.set(column, name);
  }
  return headers;
};

/** The goods table of a sheet as a Table: a header row of the column captions, then a row per goods line. */
const goodsTableOnSheet = (
  tree: StructureTree,
  sheet: number,
  captions: readonly string[],
  goods: GoodsLayout,
  last: boolean,
  fonts: Fonts,
): string => {
  const drawn = goodsOnSheet(goods, sheet, last, fonts);
  const table = tree.add(tree.root, 'Table', sheet);
  const header = tree.add(table, 'TR', sheet);
  const operators = captions.map((caption) =>
    tree.mark(tree.add(header, 'TH', sheet, { attributes: { O: 'Table', Scope: 'Column' } }), caption),
  );
  for (const row of drawn.rows) {
    const line = tree.add(table, 'TR', sheet);
    for (const cell of row.cells) operators.push(tree.mark(tree.add(line, 'TD', sheet), cell));
  }
  operators.push(artifact(drawn.strike));
  return operators.join('');
};

/** Where a figure lies on its page, for readers that show it (Layout attributes, ISO 32000-1 §14.8.5.4). */
const layoutOf = (box: Rect) => ({
  O: 'Layout',
  BBox: [box.x, box.y, box.x + box.width, box.y + box.height].map((value) => Math.round(value * 100) / 100),
});

const fieldOnSheet = (field: FieldText, box: Rect, sheet: number, sheets: number, fonts: Fonts): string => {
  const shown = field.style.sheets === 'last' && sheet < sheets - 1 ? field.earlier : field.text;
  const lines = shown && partFor(shown, sheet);
  if (!shown || !lines) return '';
  const block = { lines, size: shown.size, lineHeight: shown.lineHeight, align: field.style.align };
  return textInBox(block, box, field.style.bold ? fonts.bold : fonts.regular, colourOf(field.style));
};

const pageInfoOnSheet = (
  info: { style: TemplateFieldStyle; text: string; box: Rect },
  font: SheetFont,
): string => {
  const shown = flow(info.text, info.style, info.box, font.font);
  const block = {
    lines: shown.parts[0] ?? [],
    size: shown.size,
    lineHeight: shown.lineHeight,
    align: info.style.align,
  };
  return textInBox(block, info.box, font, INK);
};

/**
 * The PDF /ID (both halves, as for a new file): 16 bytes of SHA-256 over everything that decides the
 * bytes — certificate, seal, verification URL, template and language pair — so the same inputs give the
 * same ID and any change gives another.
 */
const documentId = (request: RenderRequest, prepared: PreparedTemplate): string =>
  sha256Hex(
    canonicalJson({
      code: request.certificate.code,
      jws: request.certificate.jws,
      content: request.certificate.content,
      verifyUrl: request.verifyUrl,
      template: prepared.sha256,
      manifest: manifestHash(request.template.manifest),
      languages: request.template.languages,
      logo: request.template.logo ? sha256Hex(request.template.logo) : null,
      colourProfile: sha256Hex(request.template.colourProfile),
      draft: request.draft === true,
    }),
  ).slice(0, 32);

const manifestHashes = new WeakMap<object, string>();
const manifestHash = (manifest: CertificateTemplate['manifest']): string => {
  let hash = manifestHashes.get(manifest);
  if (!hash) {
    hash = sha256Hex(canonicalJson(manifest));
    manifestHashes.set(manifest, hash);
  }
  return hash;
};

/** The words that stand in the QR's place on a preview, fitted into its square with a margin. */
const placeholder = (text: string, box: Rect, font: PDFFont): FlowedText =>
  flow(text, { fontSize: 9, minFontSize: 6, multiline: true, bold: true }, insetRect(box, 8), font);

const placeholderInBox = (text: FlowedText, box: Rect, font: SheetFont): string =>
  textInBox(
    { lines: text.parts[0] ?? [], size: text.size, lineHeight: text.lineHeight, align: 'center' },
    middleOf(insetRect(box, 8), (text.parts[0]?.length ?? 0) * text.lineHeight),
    font,
    INK,
  );

const insetRect = (box: Rect, by: number): Rect => ({
  x: box.x + by,
  y: box.y + by,
  width: box.width - 2 * by,
  height: box.height - 2 * by,
});

/** The band of `height` across the middle of `box`. */
const middleOf = (box: Rect, height: number): Rect => ({
  ...box,
  y: box.y + (box.height - height) / 2,
  height,
});

/** The largest rectangle of the image's proportions inside the box, centred in it. */
const containedIn = (box: Rect, width: number, height: number): Rect => {
  const scale = Math.min(box.width / width, box.height / height);
  const shown = { width: width * scale, height: height * scale };
  return { x: box.x + (box.width - shown.width) / 2, y: box.y + (box.height - shown.height) / 2, ...shown };
};

const flow = (text: string, style: TemplateFieldStyle, box: Rect, font: PDFFont): FlowedText => {
  const options = {
    font,
    width: box.width,
    height: box.height,
    fontSize: style.fontSize,
    minFontSize: style.minFontSize,
    multiline: style.multiline,
  };
  if (style.overflow === 'continue') return flowText(text, options);
  const fitted = fitText(text, options);
  return { size: fitted.size, lineHeight: fitted.lineHeight, parts: [fitted.lines] };
};

/** The lines a sheet prints: a text that fits prints on every sheet, a continuing one part by part. */
const partFor = (text: FlowedText, sheet: number): string[] | undefined =>
  text.parts.length === 1 ? text.parts[0] : text.parts[sheet];

const colourOf = (style: TemplateFieldStyle) =>
  style.label && !style.bold && style.tone !== 'ink' ? CAPTION : INK;

type FontMetrics = { ascent: number; height: number };

/** Ascender and full height per point of size, from the font's own metrics (hhea). */
const fontMetrics = (bytes: Uint8Array): FontMetrics => {
  const font = certificateFontkit.create(bytes);
  return {
    ascent: font.ascent / font.unitsPerEm,
    height: (font.ascent - font.descent) / font.unitsPerEm,
  };
};

const sheetFonts = (
  page: PDFPage,
  fonts: EmbeddedFonts,
  metrics: Record<keyof Fonts, FontMetrics>,
): Fonts => ({
  regular: sheetFont(page, fonts.regular, metrics.regular),
  bold: sheetFont(page, fonts.bold, metrics.bold),
});

const sheetFont = (page: PDFPage, font: PDFFont, metrics: FontMetrics): SheetFont => ({
  font,
  key: page.node.newFontDictionary(font.name, font.ref).toString(),
  ...metrics,
});
