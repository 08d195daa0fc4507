// The exporter's side: dashboard, new applications, the form (save, submit, goods lines, CSV import),
// documents, certificate download and replacement. Each handler reads the form, calls core verbs, renders.
import { type Context, Hono } from 'hono';
import * as z from 'zod';
import { CERTIFICATE_TYPES, isEditable } from '../../core/applications/application.ts';
import { ATTACHMENT_KINDS } from '../../core/applications/attachment.ts';
import { AppError } from '../../core/errors.ts';
import { attachmentDisposition } from '../../http/content-disposition.ts';
import { statusOf } from '../../http/problem.ts';
import { PORTAL, type PortalEnv } from '../context.ts';
import { setFlash, takeFlash } from '../flash.ts';
import { field, postedForm, versionOf } from '../form-body.ts';
import { actorOf } from '../portal-session.ts';
import { allowRoles } from '../roles.ts';
import { AttachmentItem } from '../views/components.tsx';
import { ApplicationViewPage, DashboardPage } from '../views/exporter-pages.tsx';
import { viewOf } from '../views/view-context.ts';
import { answerForm, exporterName, renderForm, unsaved } from './application-form-actions.tsx';

const Id = z.string().uuid();
const idOf = (c: Context<PortalEnv>, name = 'id'): string => {
  const parsed = Id.safeParse(c.req.param(name));
  if (!parsed.success) throw new AppError('NOT_FOUND', 'Not found.');
  return parsed.data;
};

export const applicationRoutes = new Hono<PortalEnv>()
  .use('/applications', allowRoles('exporter'))
  .get('/applications', async (c) => {
    const actor = actorOf(c);
    const cursor = c.req.query('cursor');
    const [page, certificates] = await Promise.all([
      c.var.core.listApplications({ actor, ...(cursor ? { cursor: cursor.slice(0, 2000) } : {}) }),
      c.var.core.listCertificates({ actor }),
    ]);
    return c.html(
      <DashboardPage
        v={viewOf(c, takeFlash(c))}
        applications={page.items}
        nextCursor={page.cursor}
        certificates={certificates.items}
      />,
    );
  })
  .get('/applications/new', (c) => {
    const type = z.enum(CERTIFICATE_TYPES).safeParse(c.req.query('type'));
    if (!type.success) throw new AppError('MALFORMED_REQUEST', 'Unknown certificate type.');
    return renderForm(c, unsaved(type.data), { values: {} });
  })
  .post('/applications', async (c) => {
    const form = await postedForm(c);
    const type = z.enum(CERTIFICATE_TYPES).safeParse(field(form, 'type'));
    if (!type.success) throw new AppError('MALFORMED_REQUEST', 'Unknown certificate type.');
    return answerForm(c, form, unsaved(type.data));
  })
  .get('/applications/:id', async (c) => {
    const actor = actorOf(c);
    const application = await c.var.core.getApplication({ actor, applicationId: idOf(c) });
    if (actor.role !== 'exporter') return c.redirect(`${PORTAL}/queue/${application.id}`, 303);
    if (isEditable(application)) return renderForm(c, application, { values: application.data });
    const [attachments, events, exporter, certificate] = await Promise.all([
      c.var.core.listAttachments({ actor, applicationId: application.id }),
      c.var.core.applicationEvents({ actor, applicationId: application.id }),
      exporterName(c, application.orgId),
      application.certificate && application.status !== 'ISSUING'
        ? c.var.core.getCertificate({ actor, serial: application.certificate.serial })
        : undefined,
    ]);
    return c.html(
      <ApplicationViewPage
        v={viewOf(c, takeFlash(c))}
        application={application}
        exporter={exporter}
        attachments={attachments}
        events={events}
        certificate={certificate}
        publicBaseUrl={c.var.core.issuer.publicBaseUrl}
      />,
    );
  })
  .post('/applications/:id', allowRoles('exporter'), async (c) => {
    const form = await postedForm(c);
    const current = await c.var.core.getApplication({ actor: actorOf(c), applicationId: idOf(c) });
    // the form may be older than the record: the core refuses a stale version with VERSION_CONFLICT
    return answerForm(c, form, { ...current, version: versionOf(form) });
  })
  .post('/applications/:id/cancel', allowRoles('exporter'), async (c) => {
    const form = await postedForm(c);
    if (field(form, 'confirm') !== 'yes') return c.redirect(`${PORTAL}/applications/${idOf(c)}`, 303);
    await c.var.core.cancelApplication({
      actor: actorOf(c),
      applicationId: idOf(c),
      version: versionOf(form),
    });
    setFlash(c, 'done');
    return c.redirect(`${PORTAL}/applications`, 303);
  })
  .post('/applications/:id/attachments', allowRoles('exporter'), async (c) => {
    const applicationId = idOf(c);
    const script = c.req.header('X-Portal-Fetch') === '1';
    try {
      const form = await postedForm(c);
      const file = form.file;
      if (!(file instanceof File) || file.size === 0) {
        throw new AppError('VALIDATION_FAILED', 'Choose a file.', {
          errors: [{ path: 'file', message: 'is required', code: 'required' }],
        });
      }
      const kind = z.enum(ATTACHMENT_KINDS).catch('other').parse(field(form, 'kind'));
      const attachment = await c.var.core.addAttachment({
        actor: actorOf(c),
        applicationId,
        kind,
        fileName: file.name,
        bytes: new Uint8Array(await file.arrayBuffer()),
      });
      if (script) {
        return c.html(
          <AttachmentItem v={viewOf(c)} attachment={attachment} removable={{ version: 0 }} />,
          201,
        );
      }
      setFlash(c, 'saved');
      return c.redirect(`${PORTAL}/applications/${applicationId}#documents-title`, 303);
    } catch (error) {
      if (!script || !(error instanceof AppError)) throw error;
      const message = c.var.m.errors.codes[error.code];
      return c.text(message, statusOf(error.code), { 'X-Portal-Message': encodeURIComponent(message) });
    }
  })
  .post('/applications/:id/attachments/:attachmentId/delete', allowRoles('exporter'), async (c) => {
    const applicationId = idOf(c);
    await c.var.core.removeAttachment({
      actor: actorOf(c),
      applicationId,
      attachmentId: idOf(c, 'attachmentId'),
    });
    setFlash(c, 'saved');
    return c.redirect(`${PORTAL}/applications/${applicationId}#documents-title`, 303);
  })
  .get('/applications/:id/attachments/:attachmentId', async (c) => {
    const { attachment, bytes } = await c.var.core.getAttachmentFile({
      actor: actorOf(c),
      applicationId: idOf(c),
      attachmentId: idOf(c, 'attachmentId'),
    });
    return c.body(new Uint8Array(bytes), 200, {
      'Content-Type': attachment.contentType,
      'Content-Disposition': attachmentDisposition(attachment.fileName).replace(/^attachment/, 'inline'),
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'private, no-store',
    });
  })
  .get('/certificates/:serial/pdf', async (c) => {
    const { certificate, pdf } = await c.var.core.getCertificatePdf({
      actor: actorOf(c),
      serial: c.req.param('serial').slice(0, 40),
    });
    return c.body(new Uint8Array(pdf), 200, {
      'Content-Type': 'application/pdf',
      'Content-Disposition': `attachment; filename="${certificate.serial}.pdf"`,
      'Cache-Control': 'private, no-store',
    });
  })
  .post('/certificates/:serial/replace', async (c) => {
    const actor = actorOf(c);
    const serial = c.req.param('serial').slice(0, 40);
    const application = await c.var.core.replaceCertificate({ actor, serial });
    setFlash(c, 'replaced');
    return c.redirect(
      actor.role === 'exporter'
        ? `${PORTAL}/applications/${application.id}`
        : `${PORTAL}/certificates/${serial}`,
      303,
    );
  });
