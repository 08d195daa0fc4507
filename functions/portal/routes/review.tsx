// Chamber staff: the queue, the review screen with the draft preview, decisions, and certificates by serial.
import { type Context, Hono } from 'hono';
import * as z from 'zod';
import { APPLICATION_STATUSES, CERTIFICATE_TYPES } from '../../core/applications/application.ts';
import type { AuditEvent } from '../../core/applications/audit-event.ts';
import { REVOCATION_REASONS } from '../../core/certificates/certificate.ts';
import { AppError, isAppError } from '../../core/errors.ts';
import { formErrors } from '../application-form.ts';
import { PORTAL, type PortalEnv } from '../context.ts';
import { setFlash, takeFlash } from '../flash.ts';
import { field, postedForm, versionOf } from '../form-body.ts';
import { actorOf } from '../portal-session.ts';
import { allowRoles } from '../roles.ts';
import { FindCertificatePage, QueuePage, ReviewPage, StaffCertificatePage } from '../views/staff-pages.tsx';
import { viewOf } from '../views/view-context.ts';

const QueueQuery = z.object({
  status: z.enum(APPLICATION_STATUSES).catch('SUBMITTED'),
  type: z.enum(CERTIFICATE_TYPES).optional().catch(undefined),
  org: z.string().uuid().optional().catch(undefined),
  cursor: z.string().max(2000).optional().catch(undefined),
});
const Id = z.string().uuid();
const SERIAL = /^[A-Z0-9-]{5,40}$/;

const idOf = (c: Context<PortalEnv>): string => {
  const parsed = Id.safeParse(c.req.param('id'));
  if (!parsed.success) throw new AppError('NOT_FOUND', 'Not found.');
  return parsed.data;
};

const serialOf = (c: Context<PortalEnv>): string => {
  const serial = c.req.param('serial') ?? '';
  if (!SERIAL.test(serial)) throw new AppError('NOT_FOUND', 'Certificate not found.');
  return serial;
};

const renderReview = async (
  c: Context<PortalEnv>,
  applicationId: string,
  state: { errors?: Map<string, string>; comment?: string; status?: 200 | 400 } = {},
) => {
  const actor = actorOf(c);
  const { core } = c.var;
  const application = await core.getApplication({ actor, applicationId });
  const [attachments, events, organisation, certificate] = await Promise.all([
    core.listAttachments({ actor, applicationId }),
    core.applicationEvents({ actor, applicationId }),
    core.getOrganisation({ actor, orgId: application.orgId }),
    application.certificate && application.status !== 'ISSUING'
      ? core.getCertificate({ actor, serial: application.certificate.serial })
      : undefined,
  ]);
  return c.html(
    <ReviewPage
      v={viewOf(c, takeFlash(c))}
      application={application}
      exporter={organisation.name}
      attachments={attachments}
      events={events}
      certificate={certificate}
      publicBaseUrl={core.issuer.publicBaseUrl}
      errors={state.errors ?? new Map()}
      comment={state.comment ?? ''}
    />,
    state.status ?? 200,
  );
};

/** The typed part of the latest revocation's comment (its event says `reason: comment`). */
const revocationComment = (events: AuditEvent[]): string | undefined => {
  const revocation = events.findLast((event) => event.action === 'revoke');
  const comment = revocation?.comment ?? '';
  const reason = REVOCATION_REASONS.find((code) => comment.startsWith(`${code}: `));
  return reason ? comment.slice(reason.length + 2) : undefined;
};

/** A certificate for staff: its status, the revocation with the comment typed with it, revoke and replace. */
const renderCertificate = async (
  c: Context<PortalEnv>,
  serial: string,
  revokeForm?: { reason: string; comment: string; errors: Map<string, string> },
) => {
  const actor = actorOf(c);
  const { core } = c.var;
  const certificate = await core.getCertificate({ actor, serial });
  const [organisation, events] = await Promise.all([
    core.getOrganisation({ actor, orgId: certificate.orgId }),
    certificate.revocation
      ? core.applicationEvents({ actor, applicationId: certificate.applicationId })
      : Promise.resolve([]),
  ]);
  return c.html(
    <StaffCertificatePage
      v={viewOf(c, revokeForm ? undefined : takeFlash(c))}
      certificate={certificate}
      exporter={organisation.name}
      publicBaseUrl={core.issuer.publicBaseUrl}
      revocationComment={revocationComment(events)}
      revokeForm={revokeForm}
    />,
    revokeForm ? 400 : 200,
  );
};

export const reviewRoutes = new Hono<PortalEnv>()
  .use('/queue', allowRoles('staff'))
  .use('/queue/*', allowRoles('staff'))
  .get('/queue', async (c) => {
    const actor = actorOf(c);
    const query = QueueQuery.parse(c.req.query());
    const [page, organisations] = await Promise.all([
      c.var.core.listApplications({
        actor,
        status: query.status,
        ...(query.type ? { type: query.type } : {}),
        ...(query.org ? { orgId: query.org } : {}),
        ...(query.cursor ? { cursor: query.cursor } : {}),
        limit: 50,
      }),
      c.var.core.listOrganisations({ actor }),
    ]);
    return c.html(
      <QueuePage
        v={viewOf(c, takeFlash(c))}
        filters={{ status: query.status, type: query.type, org: query.org }}
        applications={page.items}
        organisations={organisations}
        nextCursor={page.cursor}
      />,
    );
  })
  .get('/queue/:id', (c) => renderReview(c, idOf(c)))
  .get('/queue/:id/preview.pdf', async (c) => {
    const pdf = await c.var.core.previewCertificate({ actor: actorOf(c), applicationId: idOf(c) });
    return c.body(new Uint8Array(pdf), 200, {
      'Content-Type': 'application/pdf',
      'Content-Disposition': 'inline; filename="draft-not-valid.pdf"',
      'Cache-Control': 'private, no-store',
    });
  })
  .post('/queue/:id/review', async (c) => {
    const applicationId = idOf(c);
    const form = await postedForm(c);
    const decision = z.enum(['request-changes', 'reject']).safeParse(field(form, 'decision'));
    if (!decision.success) throw new AppError('MALFORMED_REQUEST', 'Choose a decision.');
    const comment = field(form, 'comment');
    try {
      await c.var.core.reviewApplication({
        actor: actorOf(c),
        applicationId,
        version: versionOf(form),
        decision: decision.data,
        comment,
      });
    } catch (error) {
      if (!isAppError(error, 'VALIDATION_FAILED')) throw error;
      return renderReview(c, applicationId, {
        errors: formErrors(error.errors, c.var.m),
        comment,
        status: 400,
      });
    }
    setFlash(c, decision.data === 'reject' ? 'rejected' : 'changesRequested');
    return c.redirect(`${PORTAL}/queue`, 303);
  })
  .post('/queue/:id/approve', async (c) => {
    const applicationId = idOf(c);
    const form = await postedForm(c);
    if (field(form, 'confirm') !== 'yes') return c.redirect(`${PORTAL}/queue/${applicationId}`, 303);
    await c.var.core.approveApplication({ actor: actorOf(c), applicationId, version: versionOf(form) });
    setFlash(c, 'approved');
    return c.redirect(`${PORTAL}/queue/${applicationId}`, 303);
  })
  .use('/certificates', allowRoles('staff'))
  .get('/certificates', async (c) => {
    const serial = (c.req.query('serial') ?? '').trim().toUpperCase().slice(0, 40);
    if (!serial) return c.html(<FindCertificatePage v={viewOf(c)} serial="" notFound={false} />);
    try {
      if (!SERIAL.test(serial)) throw new AppError('NOT_FOUND', 'Certificate not found.');
      await c.var.core.getCertificate({ actor: actorOf(c), serial });
    } catch (error) {
      if (!isAppError(error, 'NOT_FOUND')) throw error;
      return c.html(<FindCertificatePage v={viewOf(c)} serial={serial} notFound={true} />, 404);
    }
    return c.redirect(`${PORTAL}/certificates/${serial}`, 303);
  })
  .get('/certificates/:serial', async (c) => {
    const actor = actorOf(c);
    const certificate = await c.var.core.getCertificate({ actor, serial: serialOf(c) });
    if (actor.role === 'exporter')
      return c.redirect(`${PORTAL}/applications/${certificate.applicationId}`, 303);
    return renderCertificate(c, serialOf(c));
  })
  .post('/certificates/:serial/revoke', allowRoles('staff'), async (c) => {
    const serial = serialOf(c);
    const form = await postedForm(c);
    if (field(form, 'confirm') !== 'yes') return c.redirect(`${PORTAL}/certificates/${serial}`, 303);
    const reason = z.enum(REVOCATION_REASONS).safeParse(field(form, 'reason'));
    const comment = field(form, 'comment');
    if (!reason.success) {
      // the reason is chosen on purpose (none is preselected): without it, the form comes back saying so
      return renderCertificate(c, serial, {
        reason: field(form, 'reason'),
        comment,
        errors: new Map([['reason', c.var.m.fieldIssues.not_an_option]]),
      });
    }
    await c.var.core.revokeCertificate({
      actor: actorOf(c),
      serial,
      reason: reason.data,
      ...(comment ? { comment } : {}),
    });
    setFlash(c, 'revoked');
    return c.redirect(`${PORTAL}/certificates/${serial}`, 303);
  });
