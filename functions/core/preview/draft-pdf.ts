// The staff preview's PDF (preview-certificate.ts): the certificate rendered as a draft, watermarked on every
// sheet. Its own module so that pdf-lib and fontkit load by import() with the first preview, not with the
// function (docs/architecture.md §12).
import { degrees, PDFDocument, rgb } from 'pdf-lib';
import type { CertificateContent } from '../certificates/certificate.ts';
import { certificateFontkit } from '../rendering/certificate-fontkit.ts';
import { type RenderRequest, renderCertificatePdf } from '../rendering/render-certificate.ts';
import { DRAFT_WATERMARK } from './preview-certificate.ts';

export const draftCertificatePdf = async (
  request: Pick<RenderRequest, 'template' | 'fonts'> & { content: CertificateContent },
): Promise<Uint8Array> => {
  const { template, fonts, content } = request;
  const rendered = await renderCertificatePdf({
    template,
    fonts,
    certificate: { code: '', jws: '', content },
    verifyUrl: '',
    draft: true,
  });
  return watermark(rendered, fonts.bold);
};

/** Every sheet: the watermark across the page, drawn whole as one run of text. */
const watermark = async (pdf: Uint8Array, boldFont: Uint8Array): Promise<Uint8Array> => {
  const document = await PDFDocument.load(pdf, { updateMetadata: false });
  document.registerFontkit(certificateFontkit);
  const font = await document.embedFont(boldFont, { subset: true });
  const red = rgb(0.75, 0.1, 0.1);
  for (const page of document.getPages()) {
    const { width, height } = page.getSize();
    const diagonal = Math.hypot(width, height);
    const size = Math.min(72, (diagonal * 0.8) / (font.widthOfTextAtSize(DRAFT_WATERMARK, 1) || 1));
    const textWidth = font.widthOfTextAtSize(DRAFT_WATERMARK, size);
    const angle = Math.atan2(height, width);
    page.drawText(DRAFT_WATERMARK, {
      x: width / 2 - (Math.cos(angle) * textWidth) / 2 + (Math.sin(angle) * size) / 3,
      y: height / 2 - (Math.sin(angle) * textWidth) / 2 - (Math.cos(angle) * size) / 3,
      size,
      font,
      color: red,
      opacity: 0.3,
      rotate: degrees((angle * 180) / Math.PI),
    });
  }
  document.setTitle(`${DRAFT_WATERMARK} — ${document.getTitle() ?? ''}`);
  document.setKeywords([DRAFT_WATERMARK]);
  return document.save({ useObjectStreams: false });
};
