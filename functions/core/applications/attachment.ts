// Documents attached to an application as evidence (invoice, packing list, …), decided by content, not by name.
export const ATTACHMENT_KINDS = ['invoice', 'packing-list', 'transport-document', 'other'] as const;
export type AttachmentKind = (typeof ATTACHMENT_KINDS)[number];

export const ATTACHMENT_TYPES = ['application/pdf', 'image/png', 'image/jpeg'] as const;
export type AttachmentContentType = (typeof ATTACHMENT_TYPES)[number];

export interface Attachment {
  id: string;
  applicationId: string;
  kind: AttachmentKind;
  fileName: string;
  contentType: AttachmentContentType;
  size: number;
  sha256: string;
  objectKey: string;
  uploadedBy: string;
  uploadedAt: string;
}

const startsWith = (bytes: Uint8Array, signature: number[]) =>
  signature.every((byte, index) => bytes[index] === byte);

/** The type a file really is, from its first bytes; undefined for anything but PDF, PNG and JPEG. */
export const sniffContentType = (bytes: Uint8Array): AttachmentContentType | undefined => {
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'application/pdf'; // %PDF-
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  return undefined;
};

const ascii = (text: string) => Array.from(text, (char) => char.charCodeAt(0));

/** Whether `pattern` occurs within the last `window` bytes. */
const endsNear = (bytes: Uint8Array, pattern: number[], window: number) => {
  const from = Math.max(0, bytes.length - window);
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(Buffer.from(pattern), from);
};

const PNG_IHDR = ascii('IHDR');
const PNG_IEND = [0x00, 0x00, 0x00, 0x00, ...ascii('IEND'), 0xae, 0x42, 0x60, 0x82];

/**
 * Whether a file of a sniffed type is whole: a PDF ends with its cross-reference pointer and `%%EOF`
 * (in its last KiB, as readers allow), a PNG starts with its header chunk and ends with IEND, a JPEG holds
 * its end-of-image marker near the end. Catches cut-off uploads and files that only start like a document.
 */
export const isWholeDocument = (bytes: Uint8Array, type: AttachmentContentType): boolean => {
  switch (type) {
    case 'application/pdf':
      return endsNear(bytes, ascii('%%EOF'), 1024) && endsNear(bytes, ascii('startxref'), 1024 + 64);
    case 'image/png':
      return (
        PNG_IHDR.every((byte, index) => bytes[12 + index] === byte) &&
        PNG_IEND.every((byte, index) => bytes[bytes.length - PNG_IEND.length + index] === byte)
      );
    case 'image/jpeg':
      return bytes.length > 4 && endsNear(bytes, [0xff, 0xd9], 64);
  }
};

const EXTENSIONS: Record<AttachmentContentType, string> = {
  'application/pdf': '.pdf',
  'image/png': '.png',
  'image/jpeg': '.jpg',
};

/**
 * A file name safe to store and to send back in Content-Disposition: no directories, no control or
 * reserved characters, at most 120 characters, and the extension of what the file really is.
 */
export const sanitiseFileName = (name: string, contentType: AttachmentContentType): string => {
  const base = name.split(/[\\/]/).pop() ?? '';
  const cleaned = base
    .normalize('NFC')
    .replace(/[\p{Cc}\p{Cf}<>:"|?*]/gu, '')
    .replace(/\s+/g, ' ')
    .replace(/^[.\s]+/, '')
    .trim();
  const stem = cleaned.replace(/\.[^.]*$/, '').slice(0, 110) || 'document';
  return `${stem}${EXTENSIONS[contentType]}`;
};
