// The one way tradecert writes a signature into a PDF (the seal in pades.ts, the document timestamp in
// pades-ltv.ts): the file is written once with a placeholder ByteRange and zeroed /Contents, the ByteRange is then
// filled in place, and the signature goes into the reserved hex string. Read as plain text because the signature
// dictionary is written without object streams.
import { AppError } from '../errors.ts';

/** Stands in for the three unknown ByteRange numbers while the file is written; wide enough for any of them. */
export const BYTE_RANGE_PLACEHOLDER = '**********';
/** Annotation flags Print (4) and Locked (128) of an invisible signature widget. */
export const SIGNATURE_WIDGET_FLAGS = 132;

export const latin1 = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/**
 * Writes the ByteRange that leaves out exactly the /Contents hex string of the one placeholder signature at or
 * after `from` (an incremental update's first byte), and returns where that string lies.
 */
export const fillByteRange = (
  file: Uint8Array,
  reserved: number,
  from = 0,
): { start: number; end: number } => {
  const text = latin1(file);
  const marker = `/${BYTE_RANGE_PLACEHOLDER}`;
  const first = text.indexOf(marker, from);
  const rangeStart = text.lastIndexOf('[', first);
  const rangeEnd = text.indexOf(']', first) + 1;
  const start = text.indexOf('/Contents <', rangeEnd) + '/Contents '.length;
  const end = start + 2 * reserved + 2;
  // exactly one placeholder array, followed by the reserved hex string
  if (first === -1 || text.indexOf(marker, rangeEnd) !== -1 || start < rangeEnd || file[end - 1] !== 0x3e)
    throw new AppError('INTERNAL', 'The signature placeholder was not written as expected.');
  const range = `[0 ${start} ${end} ${file.length - end}]`;
  const width = rangeEnd - rangeStart;
  if (range.length > width) throw new AppError('INTERNAL', 'The ByteRange does not fit its placeholder.');
  text.write(range.padEnd(width, ' '), rangeStart, 'latin1');
  return { start, end };
};
