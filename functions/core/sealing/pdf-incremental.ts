// Incremental updates of a signed PDF (ISO 32000-1 §7.5.6): the changed and the new objects are appended after the
// last %%EOF with their own cross-reference section and a trailer whose /Prev points at the previous one. Nothing
// before is rewritten, so every earlier signature's ByteRange still covers the same bytes and stays valid; the
// file before the update stays a byte prefix of the file after it (docs/legal.md §5). pdf-lib parses the file and
// serializes the objects; the cross-reference section is written here, because pdf-lib can only save whole files.
// Deterministic: the same file and the same edit give the same bytes.
import { PDFDocument, type PDFObject, type PDFRef } from 'pdf-lib';
import { AppError } from '../errors.ts';

const ascii = (text: string) => Buffer.from(text, 'latin1');

/** The byte offset the last `startxref` names: the previous cross-reference section, for /Prev. */
export const lastStartXref = (pdf: Uint8Array): number => {
  const tail = Buffer.from(pdf.subarray(Math.max(0, pdf.length - 1024))).toString('latin1');
  const match = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(tail);
  if (!match) throw new AppError('INTERNAL', 'The PDF does not end with startxref and %%EOF.');
  return Number(match[1]);
};

/** Loads `pdf` for an edit that is then written by `appendUpdate`. */
export const loadForUpdate = (pdf: Uint8Array): Promise<PDFDocument> =>
  PDFDocument.load(pdf, { updateMetadata: false });

const serialized = (ref: PDFRef, object: PDFObject): Buffer => {
  const body = new Uint8Array(object.sizeInBytes());
  object.copyBytesInto(body, 0);
  return Buffer.concat([
    ascii(`${ref.objectNumber} ${ref.generationNumber} obj\n`),
    body,
    ascii('\nendobj\n'),
  ]);
};

/** One subsection per run of consecutive object numbers (ISO 32000-1 §7.5.4). */
const xrefSection = (entries: { ref: PDFRef; offset: number }[]): string => {
  const sorted = [...entries].sort((a, b) => a.ref.objectNumber - b.ref.objectNumber);
  const lines: string[] = ['xref'];
  let run: typeof sorted = [];
  const flush = () => {
    const [first] = run;
    if (!first) return;
    lines.push(`${first.ref.objectNumber} ${run.length}`);
    // each entry is exactly 20 bytes: 10-digit offset, 5-digit generation, n, and a two-byte end of line
    for (const { ref, offset } of run)
      lines.push(`${String(offset).padStart(10, '0')} ${String(ref.generationNumber).padStart(5, '0')} n\r`);
    run = [];
  };
  for (const entry of sorted) {
    const last = run.at(-1);
    if (last && entry.ref.objectNumber !== last.ref.objectNumber + 1) flush();
    run.push(entry);
  }
  flush();
  return `${lines.join('\n')}\n`;
};

/**
 * `pdf` with an incremental update holding `changed` (objects of `doc` that the edit altered) and every object
 * the edit registered in `doc` after `loadForUpdate`. `doc` must have been loaded from `pdf`.
 */
export const appendUpdate = (
  pdf: Uint8Array,
  doc: PDFDocument,
  changed: readonly PDFRef[],
  knownBefore: number,
): Uint8Array => {
  const { context } = doc;
  const refs = new Map<string, PDFRef>();
  for (const ref of changed) refs.set(ref.tag, ref);
  for (const [ref] of context.enumerateIndirectObjects())
    if (ref.objectNumber > knownBefore) refs.set(ref.tag, ref);
  const prev = lastStartXref(pdf);
  const parts: Buffer[] = [Buffer.from(pdf)];
  // the update starts on a line of its own
  let offset = pdf.length;
  if (pdf[pdf.length - 1] !== 0x0a && pdf[pdf.length - 1] !== 0x0d) {
    parts.push(ascii('\n'));
    offset += 1;
  }
  const entries: { ref: PDFRef; offset: number }[] = [];
  for (const ref of [...refs.values()].sort((a, b) => a.objectNumber - b.objectNumber)) {
    const object = context.lookup(ref);
    if (!object) throw new AppError('INTERNAL', `The update names object ${ref.tag}, which is not there.`);
    const bytes = serialized(ref, object);
    entries.push({ ref, offset });
    parts.push(bytes);
    offset += bytes.length;
  }
  const { Root, Info, ID, Encrypt } = context.trailerInfo;
  if (!Root) throw new AppError('INTERNAL', 'The PDF has no catalog.');
  if (Encrypt) throw new AppError('INTERNAL', 'An encrypted PDF cannot be updated here.');
  const trailer = context.obj({
    Size: context.largestObjectNumber + 1,
    Root,
    ...(Info ? { Info } : {}),
    // the same /ID: the first element identifies the document across its updates (ISO 32000-1 §14.4)
    ...(ID ? { ID } : {}),
    Prev: prev,
  });
  parts.push(ascii(`${xrefSection(entries)}trailer\n${trailer.toString()}\nstartxref\n${offset}\n%%EOF\n`));
  return new Uint8Array(Buffer.concat(parts));
};

/**
 * Lets `edit` change `pdf` and appends what it changed; `edit` returns the existing objects it altered. `doc` is
 * `pdf` loaded, when the caller has it already (a previous update's document, continued), else it is loaded.
 */
export const updatePdf = async (
  pdf: Uint8Array,
  edit: (doc: PDFDocument) => readonly PDFRef[] | Promise<readonly PDFRef[]>,
  loaded?: PDFDocument,
): Promise<Uint8Array> => {
  const doc = loaded ?? (await loadForUpdate(pdf));
  const knownBefore = doc.context.largestObjectNumber;
  const changed = await edit(doc);
  return appendUpdate(pdf, doc, changed, knownBefore);
};
