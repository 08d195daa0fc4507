// The exporter's side: dashboard, new applications, the form (save, submit, goods lines, CSV import),
// documents, certificate download and replacement. Each handler reads the form, calls core verbs, renders.
import { type Context, Hono } from 'hono';
import * as z from 'zod';
import type { Application, CertificateType } from '../../core/applications/application.ts';
import { CERTIFICATE_TYPES, isEditable } from '../../core/applications/application.ts';
import { ATTACHMENT_KINDS } from '../../core/applications/attachment.ts';
import { submissionCheck } from '../../core/applications/manage-applications.ts';
import { AppError, isAppError } from '../../core/errors.ts';
import { attachmentDisposition } from '../../http/content-disposition.ts';
import { statusOf } from '../../http/problem.ts';
import {
  attachErrorsToFields,
  fieldNamesFor,
  formErrors,
  numberFieldErrors,
  readApplicationForm,
} from '../application-form.ts';
import { PORTAL, type PortalEnv } from '../context.ts';
import { setFlash, takeFlash } from '../flash.ts';
import { field, postedForm, versionOf } from '../form-body.ts';
import { type GoodsImport, importGoodsCsv, importGoodsRows } from '../goods-csv.ts';
import { GOODS_FILE_ISSUES, readGoodsFileContent } from '../goods-file.ts';
import { actorOf } from '../portal-session.ts';
import { allowRoles } from '../roles.ts';
import { ApplicationFormPage, type FormApplication } from '../views/application-form-page.tsx';
import { AttachmentItem } from '../views/components.tsx';
import { ApplicationViewPage, DashboardPage } from '../views/exporter-pages.tsx';
import { viewOf } from '../views/view-context.ts';

const Id = z.string().uuid();
const idOf = (c: Context<PortalEnv>, name = 'id'): string => {
  const parsed = Id.safeParse(c.req.param(name));
  if (!parsed.success) throw new AppError('NOT_FOUND', 'Not found.');
  return parsed.data;
};

const exporterName = async (c: Context<PortalEnv>, orgId: string): Promise<string> => {
  const organisation = await c.var.core.getOrganisation({ actor: actorOf(c), orgId });
  const address = organisation.address;
  return `${organisation.name}, ${address.street}, ${[address.postcode, address.city].filter(Boolean).join(' ')}, ${address.country}`;
};

interface FormState {
  values: Record<string, unknown>;
  errors?: Map<string, string>;
  extraLines?: number;
  csv?: GoodsImport & { imported: number };
  status?: 200 | 400 | 409;
  /** After a failed submit: each save shows the problems that remain (the form posts `check=1`). */
  checked?: boolean;
  flash?: string;
}

/** A form not stored yet: "+ New certificate" shows it, and its first save creates the application. */
const unsaved = (type: CertificateType): FormApplication => ({ type, status: 'DRAFT', version: 0 });

/** The form page of an editable application (the exporter's), with posted values and errors when given. */
const renderForm = async (c: Context<PortalEnv>, application: FormApplication, state: FormState) => {
  const actor = actorOf(c);
  const applicationId = application.id;
  const [attachments, events, exporter] = await Promise.all([
    applicationId ? c.var.core.listAttachments({ actor, applicationId }) : [],
    applicationId ? c.var.core.applicationEvents({ actor, applicationId }) : [],
    exporterName(c, application.orgId ?? actor.orgId ?? ''),
  ]);
  const goods = Array.isArray(state.values.goods) ? state.values.goods.length : 0;
  const extraLines = goods === 0 ? Math.max(1, state.extraLines ?? 1) : (state.extraLines ?? 0);
  const invoices = Array.isArray(state.values.invoices) ? state.values.invoices.length : 0;
  const errors = attachErrorsToFields(
    state.errors ?? new Map(),
    fieldNamesFor(application.type, goods + extraLines, invoices + 1),
  );
  return c.html(
    <ApplicationFormPage
      v={viewOf(c, state.flash ?? takeFlash(c))}
      application={application}
      values={state.values}
      errors={errors}
      checked={state.checked ?? false}
      extraLines={extraLines}
      exporter={exporter}
      attachments={attachments}
      events={events}
      csv={state.csv ? { imported: state.csv.imported, errors: state.csv.errors } : undefined}
    />,
    state.status ?? 200,
  );
};

/** The core's field errors, with a number that could not be read explained the page's way instead. */
const validationErrors = (
  c: Context<PortalEnv>,
  type: Application['type'],
  values: Record<string, unknown>,
  error: unknown,
): Map<string, string> | undefined => {
  if (!isAppError(error, 'VALIDATION_FAILED')) return undefined;
  const f = c.var.m.fieldMessages;
  const numbers = numberFieldErrors(type, values, c.var.format.locale, {
    ambiguous: f.numberAmbiguous,
    unreadable: f.numberUnreadable,
    notNumber: c.var.m.fieldIssues.not_a_number,
  });
  return new Map([...formErrors(error.errors, c.var.m), ...numbers]);
};

/** What still keeps the saved data from being submitted (shown after a failed submit, save by save). */
const remainingErrors = async (c: Context<PortalEnv>, application: Application) => {
  const attachments = await c.var.core.listAttachments({ actor: actorOf(c), applicationId: application.id });
  return formErrors(submissionCheck(application.type, application.data, attachments).errors, c.var.m);
};

type Posted = Awaited<ReturnType<typeof postedForm>>;

const readGoodsFile = async (form: Posted, type: CertificateType): Promise<GoodsImport> => {
  const file = form.goodsCsv;
  if (!(file instanceof File) || file.size === 0) {
    return { lines: [], errors: [{ row: 1, column: '', code: 'required' }] };
  }
  if (file.size > 1024 * 1024) {
    return {
      lines: [],
      errors: [{ row: 1, column: '', code: 'file_too_large', params: { maximum: '1 MB' } }],
    };
  }
  const content = await readGoodsFileContent(new Uint8Array(await file.arrayBuffer()));
  if ('problem' in content) {
    return {
      lines: [],
      errors: [{ row: 1, column: '', code: GOODS_FILE_ISSUES[content.problem] ?? 'invalid' }],
    };
  }
  return 'rows' in content ? importGoodsRows(type, content.rows) : importGoodsCsv(type, content.text);
};

/** Stores the form's data: the first save of an unsaved form creates the application. */
const store = (c: Context<PortalEnv>, application: FormApplication, data: Record<string, unknown>) =>
  application.id === undefined
    ? c.var.core.createApplication({ actor: actorOf(c), type: application.type, data })
    : c.var.core.editApplication({
        actor: actorOf(c),
        applicationId: application.id,
        version: application.version,
        data,
      });

/**
 * "Submit" on a stored application: the form's data and the submission in one core call, so the history shows
 * one "Submitted"; a refused submit stores nothing and shows the problems with the typed values kept.
 */
const submitForm = async (
  c: Context<PortalEnv>,
  shown: FormApplication & { id: string },
  values: Record<string, unknown>,
) => {
  try {
    await c.var.core.submitApplication({
      actor: actorOf(c),
      applicationId: shown.id,
      version: shown.version,
      data: values,
    });
  } catch (error) {
    const errors = validationErrors(c, shown.type, values, error);
    if (!errors) throw error;
    return renderForm(c, shown, { values, errors, extraLines: 0, status: 400, checked: true });
  }
  setFlash(c, 'submitted');
  return c.redirect(`${PORTAL}/applications/${shown.id}`, 303);
};

/** One posted form (save, submit, add or remove a line, import): stores only when the action saves. */
const answerForm = async (c: Context<PortalEnv>, form: Posted, shown: FormApplication) => {
  const action = field(form, 'action') || 'save';
  const removeLine = /^remove-line:(\d+)$/.exec(action)?.[1];
  const checked = field(form, 'check') === '1';
  const values = readApplicationForm(shown.type, form, {
    locale: c.var.format.locale,
    ...(removeLine ? { removeLine: Number(removeLine) } : {}),
  });
  const errorsOf = (error: unknown) => validationErrors(c, shown.type, values, error);
  if (removeLine !== undefined) return renderForm(c, shown, { values, extraLines: 0 });
  if (action === 'add-line') return renderForm(c, shown, { values, extraLines: 1 });
  if (action === 'import') {
    const csv = await readGoodsFile(form, shown.type);
    const goods = [...(Array.isArray(values.goods) ? values.goods : []), ...csv.lines];
    const merged = { ...values, ...(goods.length > 0 ? { goods } : {}) };
    const result = { ...csv, imported: csv.lines.length };
    if (csv.lines.length === 0)
      return renderForm(c, shown, { values: merged, csv: result, extraLines: 0, status: 400 });
    try {
      const saved = await store(c, shown, merged);
      return renderForm(c, saved, { values: saved.data, csv: result, extraLines: 0 });
    } catch (error) {
      const errors = errorsOf(error);
      if (!errors) throw error;
      return renderForm(c, shown, { values: merged, errors, csv: result, extraLines: 0, status: 400 });
    }
  }
  if (action === 'submit' && shown.id !== undefined) return submitForm(c, { ...shown, id: shown.id }, values);
  let saved: Application;
  try {
    saved = await store(c, shown, values);
  } catch (error) {
    const errors = errorsOf(error);
    if (!errors) throw error;
    return renderForm(c, shown, { values, errors, extraLines: 0, status: 400, checked });
  }
  if (action !== 'submit') {
    const remaining = checked ? await remainingErrors(c, saved) : new Map<string, string>();
    if (remaining.size > 0) {
      const flash = c.var.m.form.saved;
      return renderForm(c, saved, { values: saved.data, errors: remaining, extraLines: 0, checked, flash });
    }
    setFlash(c, 'saved');
    return c.redirect(`${PORTAL}/applications/${saved.id}`, 303);
  }
  try {
    await c.var.core.submitApplication({
      actor: actorOf(c),
      applicationId: saved.id,
      version: saved.version,
    });
  } catch (error) {
    const errors = errorsOf(error);
    if (!errors) throw error;
    return renderForm(c, saved, { values, errors, extraLines: 0, status: 400, checked: true });
  }
  setFlash(c, 'submitted');
  return c.redirect(`${PORTAL}/applications/${saved.id}`, 303);
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
