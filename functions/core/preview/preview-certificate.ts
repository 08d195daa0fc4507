// What staff see before approving: the certificate as it would be issued, rendered by the same renderer
// from the application's data, but watermarked "DRAFT — NOT VALID" on every sheet, with no serial, no
// signed seal, no QR, verification code or address (a placeholder says "Preview — no verification code")
// and no PAdES signature. It is never stored.
import { degrees, PDFDocument, rgb } from 'pdf-lib';
import type { Actor, Issuer } from '../accounts.ts';
import { loadApplication, SCHEMAS } from '../applications/manage-applications.ts';
import { requireRole } from '../authorization.ts';
import { AppError } from '../errors.ts';
import { frozenContent } from '../issuance/issue-certificate.ts';
import type { AccountRepository, ApplicationRepository, Clock, TemplateSource } from '../ports.ts';
import { certificateFontkit } from '../rendering/certificate-fontkit.ts';
import { renderCertificatePdf } from '../rendering/render-certificate.ts';

export interface PreviewDeps {
  issuerId: string;
  issuer: Issuer;
  accounts: Pick<AccountRepository, 'getOrganisation'>;
  applications: ApplicationRepository;
  templates: TemplateSource;
  clock: Clock;
}

export const DRAFT_WATERMARK = 'DRAFT — NOT VALID';
/** Stands in for the serial: never a real one. */
const DRAFT_MARK = 'DRAFT';

export const previewCertificate =
  (deps: PreviewDeps) =>
  async (input: { actor: Actor; applicationId: string }): Promise<Uint8Array> => {
    requireRole(input.actor, 'staff');
    const application = await loadApplication(deps, input.actor, input.applicationId);
    const parsed = SCHEMAS[application.type].complete.safeParse(application.data);
    if (!parsed.success) {
      throw new AppError('INVALID_TRANSITION', 'Only a complete application can be previewed.');
    }
    const organisation = await deps.accounts.getOrganisation(deps.issuerId, application.orgId);
    if (!organisation) throw new AppError('NOT_FOUND', 'Organisation not found.');
    const { issuer } = deps;
    const content = frozenContent({
      application,
      data: parsed.data,
      organisation,
      issuer,
      now: deps.clock.now(),
      serial: DRAFT_MARK,
    });
    const [template, fonts] = await Promise.all([
      deps.templates.load(application.type),
      deps.templates.fonts(),
    ]);
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
