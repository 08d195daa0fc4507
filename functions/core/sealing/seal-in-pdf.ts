// Where an issued PDF carries its QR content (the verify URL with the seal JWS in its fragment): the document
// information entry TradecertSeal. Read without a PDF library, so that the verify function stays small: tradecert
// writes its PDFs without object streams (render-certificate.ts, pades.ts), so the entry is plain text in the file,
// a literal string of URL characters. What is found here is only a candidate: the seal is verified afterwards, so
// a wrong find can only miss, never pass. A re-saved file that hides it gives nothing (and is not the issued file).

export const SEAL_INFO_KEY = 'TradecertSeal';

const ENTRY = new RegExp(`/${SEAL_INFO_KEY}\\s*\\(([\\x21-\\x27\\x2a-\\x5b\\x5d-\\x7e]{1,8192})\\)`, 'g');

/** The QR content stored in the PDF (the last entry: a PAdES update comes after the original), or undefined. */
export const qrContentOfPdf = (pdf: Uint8Array): string | undefined => {
  const text = new TextDecoder('latin1').decode(pdf);
  let found: string | undefined;
  for (const match of text.matchAll(ENTRY)) found = match[1];
  return found;
};

/** The seal JWS in a QR URL's fragment (…/v/<code>#<jws>). */
export const jwsOfQrContent = (content: string): string | undefined => {
  const hash = content.indexOf('#');
  if (hash < 0) return undefined;
  const jws = decodeURIComponent(content.slice(hash + 1));
  return /^[\w-]+\.[\w-]+\.[\w-]+$/.test(jws) ? jws : undefined;
};
