// What makes a rendered certificate a PDF/A-3b file (ISO 19005-3, docs/legal.md §7): XMP metadata that says so
// and repeats the document information, an sRGB output intent for the device colours, font subsets named with
// their subset tags, and the certificate's data as an associated file. Everything is derived from the inputs,
// so the output stays byte-for-byte deterministic.
import {
  PDFArray,
  PDFDict,
  type PDFDocument,
  type PDFFont,
  PDFHexString,
  PDFName,
  PDFRawStream,
  type PDFRef,
  PDFString,
} from 'pdf-lib';
import { sha256Hex } from '../canonical-json.ts';
import { AppError } from '../errors.ts';

export interface DocumentDescription {
  title: string;
  subject: string;
  author: string;
  keywords: readonly string[];
  /** Creation and modification date alike: a certificate is dated at issue. */
  date: Date;
  /** The print languages (BCP 47), local first. */
  languages: readonly string[];
}

/** Creator and Producer of every certificate, in the document information and in the XMP alike. */
const PRODUCER = 'tradecert';

/**
 * The document information dictionary and the XMP metadata stream, saying the same (PDF/A requires each
 * information entry to equal its XMP property), with pdfaid part 3, conformance B.
 */
export const describeArchivalDocument = (doc: PDFDocument, description: DocumentDescription): void => {
  doc.setTitle(description.title, { showInWindowTitleBar: true });
  doc.setSubject(description.subject);
  doc.setAuthor(description.author);
  doc.setKeywords([...description.keywords]);
  doc.setCreator(PRODUCER);
  doc.setProducer(PRODUCER);
  doc.setCreationDate(description.date);
  doc.setModificationDate(description.date);
  // uncompressed, as PDF/A wants, so that tools that do not read PDF can still find it
  const metadata = doc.context.stream(new TextEncoder().encode(xmpPacket(description)), {
    Type: 'Metadata',
    Subtype: 'XML',
  });
  doc.catalog.set(PDFName.of('Metadata'), doc.context.register(metadata));
};

const xml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** 2026-11-23T09:30:00Z: the instant the information dictionary's D:20261123093000Z names. */
const xmpDate = (date: Date): string => date.toISOString().replace(/\.\d{3}Z$/, 'Z');

const xmpPacket = (description: DocumentDescription): string => {
  const date = xmpDate(description.date);
  const languages = description.languages.map((language) => `<rdf:li>${xml(language)}</rdf:li>`).join('');
  return [
    '<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>',
    '<x:xmpmeta xmlns:x="adobe:ns:meta/">',
    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">',
    '<rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">',
    '<pdfaid:part>3</pdfaid:part><pdfaid:conformance>B</pdfaid:conformance>',
    '</rdf:Description>',
    '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">',
    '<dc:format>application/pdf</dc:format>',
    `<dc:title><rdf:Alt><rdf:li xml:lang="x-default">${xml(description.title)}</rdf:li></rdf:Alt></dc:title>`,
    `<dc:description><rdf:Alt><rdf:li xml:lang="x-default">${xml(description.subject)}</rdf:li></rdf:Alt></dc:description>`,
    `<dc:creator><rdf:Seq><rdf:li>${xml(description.author)}</rdf:li></rdf:Seq></dc:creator>`,
    `<dc:language><rdf:Bag>${languages}</rdf:Bag></dc:language>`,
    '</rdf:Description>',
    '<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/">',
    `<xmp:CreateDate>${date}</xmp:CreateDate><xmp:ModifyDate>${date}</xmp:ModifyDate>`,
    `<xmp:MetadataDate>${date}</xmp:MetadataDate><xmp:CreatorTool>${PRODUCER}</xmp:CreatorTool>`,
    '</rdf:Description>',
    '<rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">',
    `<pdf:Producer>${PRODUCER}</pdf:Producer><pdf:Keywords>${xml(description.keywords.join(' '))}</pdf:Keywords>`,
    '</rdf:Description>',
    '</rdf:RDF>',
    '</x:xmpmeta>',
    '<?xpacket end="r"?>',
  ].join('\n');
};

export const OUTPUT_CONDITION = 'sRGB IEC61966-2.1';

// compressed once per process: every certificate carries the same profile
const compressedProfiles = new WeakMap<Uint8Array, Uint8Array>();

/** The PDF/A output intent: the colours of the file are sRGB, as the given ICC profile describes it. */
export const addOutputIntent = (doc: PDFDocument, iccProfile: Uint8Array): void => {
  const { context } = doc;
  let compressed = compressedProfiles.get(iccProfile);
  if (!compressed) {
    compressed = context.flateStream(iccProfile).getContents();
    compressedProfiles.set(iccProfile, compressed);
  }
  const profile = context.register(context.stream(compressed, { Filter: 'FlateDecode', N: 3 }));
  const intent = context.obj({
    Type: 'OutputIntent',
    S: 'GTS_PDFA1',
    OutputConditionIdentifier: PDFString.of(OUTPUT_CONDITION),
    Info: PDFString.of(OUTPUT_CONDITION),
    RegistryName: PDFString.of('http://www.color.org'),
    DestOutputProfile: profile,
  });
  doc.catalog.set(PDFName.of('OutputIntents'), context.obj([intent]));
};

/**
 * Names each embedded font subset with its subset tag (ISO 32000-1 §9.6.4): six capital letters derived from
 * the subset's font program, then "+", so the same glyphs give the same name. Call after the fonts are
 * embedded (PDFDocument.flush) and before the document is saved.
 */
export const tagFontSubsets = (doc: PDFDocument, fonts: readonly PDFFont[]): void => {
  const { context } = doc;
  for (const font of fonts) {
    const type0 = context.lookup(font.ref, PDFDict);
    const cidFont = type0.lookup(PDFName.of('DescendantFonts'), PDFArray).lookup(0, PDFDict);
    const descriptor = cidFont.lookup(PDFName.of('FontDescriptor'), PDFDict);
    const program = descriptor.lookup(PDFName.of('FontFile2'));
    if (!(program instanceof PDFRawStream))
      throw new AppError('INTERNAL', `The font ${font.name} was not embedded before it was tagged.`);
    const name = PDFName.of(`${subsetTag(program.getContents())}+${font.name}`);
    type0.set(PDFName.of('BaseFont'), name);
    cidFont.set(PDFName.of('BaseFont'), name);
    descriptor.set(PDFName.of('FontName'), name);
  }
};

const subsetTag = (program: Uint8Array): string =>
  Array.from(Buffer.from(sha256Hex(program).slice(0, 12), 'hex'), (byte) =>
    String.fromCharCode(65 + (byte % 26)),
  ).join('');

/** A text string as short as it can be written: literal when ASCII prints it, UTF-16 otherwise. */
const textString = (text: string): PDFString | PDFHexString =>
  /^[\x20-\x7e]*$/.test(text) ? PDFString.of(text.replace(/[\\()]/g, '\\$&')) : PDFHexString.fromText(text);

export interface AssociatedFile {
  /** The file's name, ASCII: it is both /F and /UF. */
  name: string;
  bytes: Uint8Array;
  mimeType: string;
  description: string;
  modified: Date;
  /** How the file relates to the document (PDF 2.0 §14.13): the certificate's own data is Data. */
  relationship: 'Data' | 'Source' | 'Alternative' | 'Supplement';
}

/**
 * Embeds a file the way PDF/A-3 wants an associated file: in the EmbeddedFiles name tree and in the catalog's
 * /AF array, with its relationship, MIME type, size and date. The certificate's JSON is one; a verifiable
 * credential for it is added the same way.
 */
export const attachAssociatedFile = (doc: PDFDocument, file: AssociatedFile): PDFRef => {
  const { context, catalog } = doc;
  const stream = context.flateStream(file.bytes, {
    Type: 'EmbeddedFile',
    Subtype: file.mimeType,
    Params: { Size: file.bytes.length, ModDate: PDFString.fromDate(file.modified) },
  });
  const spec = context.register(
    context.obj({
      Type: 'Filespec',
      F: PDFString.of(file.name),
      UF: textString(file.name),
      Desc: textString(file.description),
      AFRelationship: file.relationship,
      EF: { F: context.register(stream) },
    }),
  );
  const names = catalog.lookupMaybe(PDFName.of('Names'), PDFDict) ?? context.obj({});
  catalog.set(PDFName.of('Names'), names);
  const tree = names.lookupMaybe(PDFName.of('EmbeddedFiles'), PDFDict) ?? context.obj({});
  names.set(PDFName.of('EmbeddedFiles'), tree);
  const entries = tree.lookupMaybe(PDFName.of('Names'), PDFArray) ?? context.obj([]);
  tree.set(PDFName.of('Names'), withEntry(entries, file.name, spec, context.obj([])));
  const associated = catalog.lookupMaybe(PDFName.of('AF'), PDFArray) ?? context.obj([]);
  associated.push(spec);
  catalog.set(PDFName.of('AF'), associated);
  return spec;
};

/** A name tree's flat Names array with one more entry, keys kept in order as name trees require. */
const withEntry = (entries: PDFArray, name: string, value: PDFRef, into: PDFArray): PDFArray => {
  const pairs: [string, ReturnType<PDFArray['get']>][] = [];
  for (let index = 0; index + 1 < entries.size(); index += 2) {
    pairs.push([entries.lookup(index, PDFString, PDFHexString).decodeText(), entries.get(index + 1)]);
  }
  pairs.push([name, value]);
  pairs.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const [key, item] of pairs) {
    into.push(PDFHexString.fromText(key));
    into.push(item);
  }
  return into;
};
