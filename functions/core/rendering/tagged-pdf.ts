// The certificate as a tagged PDF (ISO 32000-1 §14.7–14.8, docs/legal.md §7): the sheets' text is written in
// marked-content sequences, each numbered (MCID) and owned by one element of a structure tree that a screen
// reader follows: Document, then per sheet the title (H1), the numbered boxes' captions (H2), paragraphs, the
// goods table (Table, TR, TH, TD) and the QR code as a Figure with alternative text. What only draws (the form's
// frames and rules, the strike-through) and the page footer are artifacts, read by none.
import { type PDFDocument, PDFHexString, PDFName, type PDFPage, type PDFRef, PDFString } from 'pdf-lib';

export type StructureType = 'H1' | 'H2' | 'P' | 'Figure' | 'Table' | 'TR' | 'TH' | 'TD';

export interface StructureElement {
  readonly type: StructureType | 'Document';
  /** The sheet (page index) whose content the element holds; elements of the Document span all. */
  readonly sheet: number | undefined;
  readonly kids: (StructureElement | number)[];
  /** Alternative text, for a Figure. */
  readonly alt?: string | undefined;
  /** Layout or table attributes (ISO 32000-1 §14.8.5). */
  readonly attributes?: Record<string, string | number[]> | undefined;
}

/** The structure tree while the sheets are written: elements in reading order, MCIDs per sheet. */
export class StructureTree {
  readonly root: StructureElement = { type: 'Document', sheet: undefined, kids: [] };
  /** Per sheet, the element owning each MCID, in MCID order. */
  private readonly owners: StructureElement[][] = [];

  /** A new element, last among its parent's children. */
  add(
    parent: StructureElement,
    type: StructureType,
    sheet: number,
    options: { alt?: string; attributes?: Record<string, string | number[]> } = {},
  ): StructureElement {
    const element: StructureElement = { type, sheet, kids: [], ...options };
    parent.kids.push(element);
    return element;
  }

  /** The operators as the next marked-content sequence of the element's sheet, owned by the element. */
  mark(element: StructureElement, operators: string): string {
    if (!operators) return '';
    const sheet = element.sheet ?? 0;
    this.owners[sheet] ??= [];
    const owners = this.owners[sheet];
    const mcid = owners.length;
    owners.push(element);
    element.kids.push(mcid);
    return `/${element.type} <</MCID ${mcid}>> BDC\n${operators}EMC\n`;
  }

  /**
   * A new element holding the operators, or none when they draw nothing: an empty field is not read out.
   */
  markNew(
    parent: StructureElement,
    type: StructureType,
    sheet: number,
    operators: string,
    options: { alt?: string; attributes?: Record<string, string | number[]> } = {},
  ): string {
    if (!operators) return '';
    return this.mark(this.add(parent, type, sheet, options), operators);
  }

  /** The tree written into the document: StructTreeRoot, ParentTree, MarkInfo, /Lang and each page's keys. */
  writeInto(doc: PDFDocument, pages: readonly PDFPage[], language: string): void {
    const { context } = doc;
    const rootRef = context.nextRef();
    const refs = new Map<StructureElement, PDFRef>();
    const refOf = (element: StructureElement): PDFRef => {
      let ref = refs.get(element);
      if (!ref) {
        ref = context.nextRef();
        refs.set(element, ref);
      }
      return ref;
    };
    const write = (element: StructureElement, parent: PDFRef) => {
      const page = element.sheet === undefined ? undefined : pages[element.sheet];
      const kids = element.kids.map((kid) => (typeof kid === 'number' ? kid : refOf(kid)));
      context.assign(
        refOf(element),
        context.obj({
          S: element.type,
          P: parent,
          ...(page ? { Pg: page.ref } : {}),
          ...(element.alt !== undefined ? { Alt: PDFHexString.fromText(element.alt) } : {}),
          ...(element.attributes ? { A: element.attributes } : {}),
          ...(kids.length === 1 ? { K: kids[0] } : kids.length > 1 ? { K: kids } : {}),
        }),
      );
      for (const kid of element.kids) if (typeof kid !== 'number') write(kid, refOf(element));
    };
    write(this.root, rootRef);
    const nums = context.obj([]);
    pages.forEach((page, sheet) => {
      page.node.set(PDFName.of('StructParents'), context.obj(sheet));
      // the order of annotations (the seal's signature field) follows the structure
      page.node.set(PDFName.of('Tabs'), PDFName.of('S'));
      nums.push(context.obj(sheet));
      nums.push(context.register(context.obj((this.owners[sheet] ?? []).map(refOf))));
    });
    context.assign(
      rootRef,
      context.obj({
        Type: 'StructTreeRoot',
        K: refOf(this.root),
        ParentTree: context.register(context.obj({ Nums: nums })),
        ParentTreeNextKey: pages.length,
      }),
    );
    doc.catalog.set(PDFName.of('StructTreeRoot'), rootRef);
    doc.catalog.set(PDFName.of('MarkInfo'), context.obj({ Marked: true }));
    doc.catalog.set(PDFName.of('Lang'), PDFString.of(language));
  }
}

/** Operators that only draw (frames, rules, the template page): an artifact, outside the structure. */
export const artifact = (operators: string): string => (operators ? `/Artifact BMC\n${operators}EMC\n` : '');

/** The page's "serial — page n of m" line: a pagination artifact, as a running footer is. */
export const paginationArtifact = (operators: string): string =>
  operators ? `/Artifact <</Type /Pagination /Subtype /Footer>> BDC\n${operators}EMC\n` : '';
