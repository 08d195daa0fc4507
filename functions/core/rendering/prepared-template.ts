// A template PDF read once per process: the rectangle of each named field, and the page's drawing (its
// content and resources) ready to be placed on every sheet as one form XObject. Widgets are not carried
// over: the issued PDF has no fillable fields.
import {
  decodePDFRawStream,
  PDFArray,
  type PDFDict,
  PDFDocument,
  type PDFObject,
  PDFObjectCopier,
  PDFRawStream,
  type PDFRef,
} from 'pdf-lib';
import { sha256Hex } from '../canonical-json.ts';
import { AppError } from '../errors.ts';
import type { CertificateTemplate } from '../ports.ts';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface PreparedTemplate {
  mediaBox: Rect;
  rects: ReadonlyMap<string, Rect>;
  /** SHA-256 (hex) of the template PDF, part of the document ID. */
  sha256: string;
  /** Registers the template page in `out` as a form XObject and returns its reference. */
  embedInto(out: PDFDocument): PDFRef;
}

const prepared = new WeakMap<Uint8Array, Promise<PreparedTemplate>>();

/** Reads (once per template PDF) what rendering needs; INTERNAL when a field of the manifest is missing. */
export const prepareTemplate = (template: CertificateTemplate): Promise<PreparedTemplate> => {
  let found = prepared.get(template.pdf);
  if (!found) {
    found = readTemplate(template);
    prepared.set(template.pdf, found);
    found.catch(() => prepared.delete(template.pdf));
  }
  return found;
};

const readTemplate = async (template: CertificateTemplate): Promise<PreparedTemplate> => {
  const source = await PDFDocument.load(template.pdf, { updateMetadata: false });
  const form = source.getForm();
  const rects = new Map<string, Rect>();
  for (const name of Object.keys(template.manifest.fields)) {
    const widget = form.getFieldMaybe(name)?.acroField.getWidgets()[0];
    if (!widget) throw new AppError('INTERNAL', `The ${template.type} template has no field "${name}".`);
    rects.set(name, widget.getRectangle());
  }
  const page = source.getPage(0);
  // compressed once: every certificate reuses the same bytes
  const contents = source.context.flateStream(pageContents(source, page.node.Contents())).getContents();
  const resources = page.node.Resources();
  const mediaBox = page.getMediaBox();
  return {
    mediaBox,
    rects,
    sha256: sha256Hex(template.pdf),
    embedInto: (out) => {
      const copied = resources
        ? (PDFObjectCopier.for(source.context, out.context).copy(resources) as PDFDict)
        : out.context.obj({});
      const xObject = out.context.stream(contents, {
        Filter: 'FlateDecode',
        Type: 'XObject',
        Subtype: 'Form',
        FormType: 1,
        BBox: [mediaBox.x, mediaBox.y, mediaBox.x + mediaBox.width, mediaBox.y + mediaBox.height],
        Resources: copied,
      });
      return out.context.register(xObject);
    },
  };
};

const pageContents = (source: PDFDocument, contents: PDFObject | undefined): Uint8Array => {
  const items = contents instanceof PDFArray ? contents.asArray() : contents ? [contents] : [];
  const parts = items.map((item) => {
    const stream = source.context.lookup(item);
    if (!(stream instanceof PDFRawStream))
      throw new AppError('INTERNAL', 'The certificate template page has unreadable contents.');
    return decodePDFRawStream(stream).decode();
  });
  const total = parts.reduce((sum, part) => sum + part.length + 1, 0);
  const joined = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    joined.set(part, offset);
    joined[offset + part.length] = 0x0a;
    offset += part.length + 1;
  }
  return joined;
};

export const fieldRect = (template: PreparedTemplate, name: string): Rect => {
  const rect = template.rects.get(name);
  if (!rect) throw new AppError('INTERNAL', `The certificate template has no field "${name}".`);
  return rect;
};
