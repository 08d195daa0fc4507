// The goods table: rows wrapped into the columns of the manifest, laid out on as many sheets as they need
// (a row moves to the next sheet whole, or is split when it is taller than a sheet), drawn row by row.
import type { PDFFont } from 'pdf-lib';
import { BREAKABLE_SPACE, LINE_FACTOR, measureText, wrapText } from './fit-text.ts';
import type { Rect } from './prepared-template.ts';
import { INK, type SheetFont, strikeThrough, textInBox } from './sheet-content.ts';
import type { GoodsColumn } from './template-manifest.ts';

const CELL_PAD = 2;

/** A cell's lines and their size: a word wider than its column (a long number) shrinks the cell's text. */
interface GoodsCell {
  lines: string[];
  size: number;
}

export interface GoodsRow {
  cells: GoodsCell[];
  /** Lines of the tallest cell: the row's height in lines of the table's size. */
  lines: number;
  bold: boolean;
}

export interface GoodsLayout {
  box: Rect;
  size: number;
  columns: readonly GoodsColumn[];
  sheets: GoodsRow[][];
}

/** Lays the rows out, the totals as a last bold row. */
export const layOutGoods = (
  goods: { rows: Record<string, string>[]; total: Record<string, string> },
  columns: readonly GoodsColumn[],
  box: Rect,
  size: number,
  fonts: { regular: PDFFont; bold: PDFFont },
): GoodsLayout => ({
  box,
  size,
  columns,
  sheets: paginate(goodsRows(goods, columns, size, fonts), box.height, size * LINE_FACTOR),
});

/** What a sheet's goods table draws: per row, each cell's operators ('' when empty), and the strike-through. */
export interface GoodsOnSheet {
  rows: { cells: string[] }[];
  /** On the last sheet, the unused part of the goods box struck through; otherwise ''. */
  strike: string;
}

/** The sheet's goods rows; on the last sheet, the unused part of the goods box struck through. */
export const goodsOnSheet = (
  goods: GoodsLayout,
  sheet: number,
  last: boolean,
  fonts: { regular: SheetFont; bold: SheetFont },
): GoodsOnSheet => {
  const rows = goods.sheets[sheet] ?? [];
  const table = goodsTable(rows, goods.box, goods.columns, goods.size, fonts);
  if (!last) return { rows: table, strike: '' };
  const lineHeight = goods.size * LINE_FACTOR;
  const used = rows.reduce((sum, row) => sum + rowHeight(row.lines, lineHeight), 0);
  const free = { ...goods.box, height: goods.box.height - used - CELL_PAD };
  return { rows: table, strike: free.height > 3 * lineHeight ? strikeThrough(free) : '' };
};

const goodsRows = (
  goods: { rows: Record<string, string>[]; total: Record<string, string> },
  columns: readonly GoodsColumn[],
  size: number,
  fonts: { regular: PDFFont; bold: PDFFont },
): GoodsRow[] =>
  [...goods.rows, goods.total].map((cells, index, all) => {
    const bold = index === all.length - 1;
    const font = bold ? fonts.bold : fonts.regular;
    const wrapped = columns.map((column) => {
      const text = cells[column.key] ?? '';
      const width = column.width - 2 * CELL_PAD;
      const cellSize = sizeForLongestWord(text, font, size, width);
      return { lines: text === '' ? [] : wrapText(text, font, cellSize, width), size: cellSize };
    });
    return { cells: wrapped, lines: Math.max(1, ...wrapped.map((cell) => cell.lines.length)), bold };
  });

const MIN_CELL_SIZE = 5.5;

/** The table's size, or a smaller one (down to 5.5 pt) at which the longest word fits the column unbroken. */
const sizeForLongestWord = (text: string, font: PDFFont, size: number, width: number): number => {
  const longest = Math.max(0, ...text.split(BREAKABLE_SPACE).map((word) => measureText(font, word, size)));
  if (longest <= width) return size;
  return Math.max(MIN_CELL_SIZE, Math.floor(((size * width) / longest) * 10) / 10);
};

const rowHeight = (lines: number, lineHeight: number) => lines * lineHeight + 2 * CELL_PAD;

/** Rows in sheet order; a row that does not fit the space left moves on, one taller than a sheet is split. */
const paginate = (rows: GoodsRow[], height: number, lineHeight: number): GoodsRow[][] => {
  const sheets: GoodsRow[][] = [[]];
  let used = 0;
  const newSheet = () => {
    sheets.push([]);
    used = 0;
  };
  for (const whole of rows) {
    let row = whole;
    for (;;) {
      const current = sheets[sheets.length - 1] as GoodsRow[];
      const needed = rowHeight(row.lines, lineHeight);
      if (used + needed <= height + 0.01) {
        current.push(row);
        used += needed;
        break;
      }
      if (current.length > 0 && needed <= height) {
        newSheet();
        continue;
      }
      const fitting = Math.floor((height - used - 2 * CELL_PAD + 0.01) / lineHeight);
      if (fitting < 1) {
        newSheet();
        continue;
      }
      const part = (from: number, to?: number) =>
        row.cells.map((cell) => ({ ...cell, lines: cell.lines.slice(from, to) }));
      current.push({ ...row, cells: part(0, fitting), lines: fitting });
      row = { ...row, cells: part(fitting), lines: row.lines - fitting };
      newSheet();
    }
  }
  return sheets;
};

const goodsTable = (
  rows: GoodsRow[],
  box: Rect,
  columns: readonly GoodsColumn[],
  size: number,
  fonts: { regular: SheetFont; bold: SheetFont },
): { cells: string[] }[] => {
  const lineHeight = size * LINE_FACTOR;
  let top = box.y + box.height;
  return rows.map((row) => {
    const height = rowHeight(row.lines, lineHeight);
    let x = box.x;
    const cells = columns.map((column, index) => {
      const cell = row.cells[index] ?? { lines: [], size };
      const area = {
        x: x + CELL_PAD,
        y: top - height + CELL_PAD,
        width: column.width - 2 * CELL_PAD,
        height: height - 2 * CELL_PAD,
      };
      const block = {
        lines: cell.lines,
        size: cell.size,
        lineHeight: cell.size * LINE_FACTOR,
        align: column.align,
      };
      x += column.width;
      return textInBox(block, area, row.bold ? fonts.bold : fonts.regular, INK);
    });
    top -= height;
    return { cells };
  });
};
