// What staff see before approving: the certificate as it would be issued, rendered by the same renderer
// from the application's data, but watermarked "DRAFT — NOT VALID" on every sheet, with no serial, no
// signed seal, no QR, verification code or address (a placeholder says "Preview — no verification code")
// and no PAdES signature. It is never stored. The drawing is in draft-pdf.ts.
import type { Actor, Issuer } from '../accounts.ts';
import { loadApplication, SCHEMAS } from '../applications/manage-applications.ts';
import { requireRole } from '../authorization.ts';
import { AppError } from '../errors.ts';
import { frozenContent } from '../issuance/issue-certificate.ts';
import type { AccountRepository, ApplicationRepository, Clock, TemplateSource } from '../ports.ts';

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
    const [template, fonts, { draftCertificatePdf }] = await Promise.all([
      deps.templates.load(application.type),
      deps.templates.fonts(),
      // the PDF libraries load with the first preview, not at start-up (docs/architecture.md §12)
      import('./draft-pdf.ts'),
    ]);
    return draftCertificatePdf({ template, fonts, content });
  };
