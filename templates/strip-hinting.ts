// Removes TrueType hinting from a font: the instructions of every glyph and the fpgm, prep and cvt tables.
// In DejaVu Sans they are more than half of each glyph's bytes; PDF viewers and printers scale outlines
// without them, so an embedded subset without hints is about half the size and quicker to write.
// Outlines, metrics and every other table stay as they are.

const DROPPED_TABLES = new Set(['fpgm', 'prep', 'cvt ', 'hdmx', 'LTSH', 'VDMX']);

// composite glyph flags
const ARG_1_AND_2_ARE_WORDS = 0x0001;
const WE_HAVE_A_SCALE = 0x0008;
const MORE_COMPONENTS = 0x0020;
const WE_HAVE_AN_X_AND_Y_SCALE = 0x0040;
const WE_HAVE_A_TWO_BY_TWO = 0x0080;
const WE_HAVE_INSTRUCTIONS = 0x0100;

interface TableRecord {
  tag: string;
  data: Uint8Array;
}

const readTables = (font: DataView): TableRecord[] => {
  const count = font.getUint16(4);
  return Array.from({ length: count }, (_, index) => {
    const record = 12 + index * 16;
    const tag = String.fromCharCode(...Array.from({ length: 4 }, (__, at) => font.getUint8(record + at)));
    const offset = font.getUint32(record + 8);
    const length = font.getUint32(record + 12);
    return { tag, data: new Uint8Array(font.buffer, font.byteOffset + offset, length) };
  });
};

const viewOf = (bytes: Uint8Array) => new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/** One glyph's bytes without its instructions. */
const stripGlyph = (glyph: Uint8Array): Uint8Array => {
  if (glyph.length === 0) return glyph;
  const view = viewOf(glyph);
  const contours = view.getInt16(0);
  if (contours >= 0) {
    const lengthAt = 10 + contours * 2;
    const instructions = view.getUint16(lengthAt);
    const out = new Uint8Array(glyph.length - instructions);
    out.set(glyph.subarray(0, lengthAt));
    // the instruction length becomes 0; flags and coordinates follow unchanged
    out.set(glyph.subarray(lengthAt + 2 + instructions), lengthAt + 2);
    return out;
  }
  let at = 10;
  let flags = 0;
  let last = 0;
  do {
    last = at;
    flags = view.getUint16(at);
    at += 4 + (flags & ARG_1_AND_2_ARE_WORDS ? 4 : 2);
    if (flags & WE_HAVE_A_SCALE) at += 2;
    else if (flags & WE_HAVE_AN_X_AND_Y_SCALE) at += 4;
    else if (flags & WE_HAVE_A_TWO_BY_TWO) at += 8;
  } while (flags & MORE_COMPONENTS);
  if (!(flags & WE_HAVE_INSTRUCTIONS)) return glyph;
  const out = glyph.slice(0, at);
  viewOf(out).setUint16(last, flags & ~WE_HAVE_INSTRUCTIONS);
  return out;
};

const checksum = (data: Uint8Array): number => {
  const padded = new Uint8Array(Math.ceil(data.length / 4) * 4);
  padded.set(data);
  const view = viewOf(padded);
  let sum = 0;
  for (let at = 0; at < padded.length; at += 4) sum = (sum + view.getUint32(at)) >>> 0;
  return sum;
};

export const stripHinting = (ttf: Uint8Array): Uint8Array => {
  const font = viewOf(ttf);
  const tables = readTables(font).filter((table) => !DROPPED_TABLES.has(table.tag));
  const table = (tag: string) => {
    const found = tables.find((item) => item.tag === tag);
    if (!found) throw new Error(`font has no ${tag} table`);
    return found;
  };
  const head = table('head').data.slice();
  const maxp = table('maxp').data.slice();
  const glyphCount = viewOf(maxp).getUint16(4);
  const shortLoca = viewOf(head).getInt16(50) === 0;
  const loca = viewOf(table('loca').data);
  const glyf = table('glyf').data;
  const offsetOf = (index: number) => (shortLoca ? loca.getUint16(index * 2) * 2 : loca.getUint32(index * 4));

  const glyphs: Uint8Array[] = [];
  let glyfLength = 0;
  for (let index = 0; index < glyphCount; index++) {
    const glyph = stripGlyph(glyf.subarray(offsetOf(index), offsetOf(index + 1)));
    glyphs.push(glyph);
    glyfLength += Math.ceil(glyph.length / 4) * 4;
  }
  const newGlyf = new Uint8Array(glyfLength);
  const newLoca = new Uint8Array((glyphCount + 1) * 4);
  let at = 0;
  glyphs.forEach((glyph, index) => {
    viewOf(newLoca).setUint32(index * 4, at);
    newGlyf.set(glyph, at);
    at += Math.ceil(glyph.length / 4) * 4;
  });
  viewOf(newLoca).setUint32(glyphCount * 4, at);
  viewOf(head).setInt16(50, 1); // long loca offsets
  viewOf(head).setUint32(8, 0); // checkSumAdjustment, set below
  if (maxp.length >= 32) viewOf(maxp).setUint16(26, 0); // maxSizeOfInstructions

  const replaced: Record<string, Uint8Array> = { head, maxp, loca: newLoca, glyf: newGlyf };
  const out = tables.map((item) => ({ tag: item.tag, data: replaced[item.tag] ?? item.data }));
  const headerLength = 12 + out.length * 16;
  const total = out.reduce((sum, item) => sum + Math.ceil(item.data.length / 4) * 4, headerLength);
  const bytes = new Uint8Array(total);
  const view = viewOf(bytes);
  view.setUint32(0, font.getUint32(0));
  view.setUint16(4, out.length);
  const power = 2 ** Math.floor(Math.log2(out.length));
  view.setUint16(6, power * 16);
  view.setUint16(8, Math.log2(power));
  view.setUint16(10, out.length * 16 - power * 16);
  let offset = headerLength;
  out.forEach((item, index) => {
    const record = 12 + index * 16;
    for (let char = 0; char < 4; char++) view.setUint8(record + char, item.tag.charCodeAt(char));
    view.setUint32(record + 4, checksum(item.data));
    view.setUint32(record + 8, offset);
    view.setUint32(record + 12, item.data.length);
    bytes.set(item.data, offset);
    offset += Math.ceil(item.data.length / 4) * 4;
  });
  const headOffset = view.getUint32(12 + out.findIndex((item) => item.tag === 'head') * 16 + 8);
  view.setUint32(headOffset + 8, (0xb1b0afba - checksum(bytes)) >>> 0);
  return bytes;
};
