// Where an issued PDF carries its QR content (the verify URL with the seal JWS in its fragment): the document
// information entry TradecertSeal. Read by the CLI offline and by the verify app for another member's PDF.
import { PDFDict, PDFDocument, PDFName, PDFString } from 'pdf-lib';

export const SEAL_INFO_KEY = 'TradecertSeal';

/** The QR content stored in the PDF, or undefined when the file has none or is not a PDF. */
export const qrContentOfPdf = async (pdf: Uint8Array): Promise<string | undefined> => {
  try {
    const doc = await PDFDocument.load(pdf, { updateMetadata: false, ignoreEncryption: true });
    const info = doc.context.lookup(doc.context.trailerInfo.Info, PDFDict);
    const value = info.lookup(PDFName.of(SEAL_INFO_KEY));
    return value instanceof PDFString ? value.decodeText() : undefined;
  } catch {
    return undefined;
  }
};

/** The seal JWS in a QR URL's fragment (…/v/<code>#<jws>). */
export const jwsOfQrContent = (content: string): string | undefined => {
  const hash = content.indexOf('#');
  if (hash < 0) return undefined;
  const jws = decodeURIComponent(content.slice(hash + 1));
  return /^[\w-]+\.[\w-]+\.[\w-]+$/.test(jws) ? jws : undefined;
};
