// The application form's posts: one named handler per button (save, submit, import, add or remove a goods
// line), chosen by the button's `action` value, and one place that turns a refused change into the form
// again with the typed values kept and each problem beside its field.
import type { Context } from 'hono';
import type { Application, CertificateType } from '../../core/applications/application.ts';
import { submissionCheck } from '../../core/applications/manage-applications.ts';
import { isAppError } from '../../core/errors.ts';
import {
  attachErrorsToFields,
  fieldNamesFor,
  formErrors,
  numberFieldErrors,
  readApplicationForm,
} from '../application-form.ts';
import { PORTAL, type PortalEnv } from '../context.ts';
import { setFlash, takeFlash } from '../flash.ts';
import { field, type postedForm } from '../form-body.ts';
import { type GoodsImport, importGoodsCsv, importGoodsRows } from '../goods-csv.ts';
import { GOODS_FILE_ISSUES, readGoodsFileContent } from '../goods-file.ts';
import { actorOf } from '../portal-session.ts';
import { ApplicationFormPage, type FormApplication } from '../views/application-form-page.tsx';
import { viewOf } from '../views/view-context.ts';

export const exporterName = async (c: Context<PortalEnv>, orgId: string): Promise<string> => {
  const organisation = await c.var.core.getOrganisation({ actor: actorOf(c), orgId });
  const address = organisation.address;
  return `${organisation.name}, ${address.street}, ${[address.postcode, address.city].filter(Boolean).join(' ')}, ${address.country}`;
};

export interface FormState {
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
export const unsaved = (type: CertificateType): FormApplication => ({ type, status: 'DRAFT', version: 0 });

/** The form page of an editable application (the exporter's), with posted values and errors when given. */
export const renderForm = async (c: Context<PortalEnv>, application: FormApplication, state: FormState) => {
  const actor = actorOf(c);
  const applicationId = application.id;
  const [attachments, events, exporter, signatories] = await Promise.all([
    applicationId ? c.var.core.listAttachments({ actor, applicationId }) : [],
    applicationId ? c.var.core.applicationEvents({ actor, applicationId }) : [],
    exporterName(c, application.orgId ?? actor.orgId ?? ''),
    c.var.core.listSignatories({ actor }),
  ]);
  const own = signatories.find((user) => user.id === actor.userId)?.signatory;
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
      signing={{
        own,
        signatories: signatories.flatMap((user) => (user.signatory ? [user.signatory] : [])),
      }}
    />,
    state.status ?? 200,
  );
};

type Posted = Awaited<ReturnType<typeof postedForm>>;

/** One post of the form: what was typed, as data, and the application it is for. */
interface FormPost {
  c: Context<PortalEnv>;
  form: Posted;
  shown: FormApplication;
  values: Record<string, unknown>;
  /** The form shows the problems that remain after each save (after a failed submit). */
  checked: boolean;
}

type FormAction = (post: FormPost) => Promise<Response>;

/** A number typed in the form that could not be read, explained the page's way. */
const numberErrors = (post: FormPost) => {
  const { c } = post;
  const f = c.var.m.fieldMessages;
  return numberFieldErrors(post.shown.type, post.values, c.var.format.locale, {
    ambiguous: f.numberAmbiguous,
    unreadable: f.numberUnreadable,
    notNumber: c.var.m.fieldIssues.not_a_number,
  });
};

/** The core's field errors, with a number that could not be read explained the page's way instead. */
const validationErrors = (post: FormPost, error: unknown): Map<string, string> | undefined => {
  if (!isAppError(error, 'VALIDATION_FAILED')) return undefined;
  return new Map([...formErrors(error.errors, post.c.var.m), ...numberErrors(post)]);
};

/**
 * Runs a change; when the core refuses it as VALIDATION_FAILED, answers 400 with the form again: the typed
 * values (or `refused.values`) kept and each problem beside its field. Any other error goes to the error page.
 */
const orRefusedForm = async (
  post: FormPost,
  change: () => Promise<Response>,
  refused: Omit<FormState, 'errors' | 'values'> & { values?: Record<string, unknown> } = {},
): Promise<Response> => {
  try {
    return await change();
  } catch (error) {
    const errors = validationErrors(post, error);
    if (!errors) throw error;
    return renderForm(post.c, post.shown, {
      values: post.values,
      extraLines: 0,
      status: 400,
      ...refused,
      errors,
    });
  }
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

/** What still keeps the saved data from being submitted (shown after a failed submit, save by save). */
const remainingErrors = async (c: Context<PortalEnv>, application: Application) => {
  const attachments = await c.var.core.listAttachments({ actor: actorOf(c), applicationId: application.id });
  return formErrors(submissionCheck(application.type, application.data, attachments).errors, c.var.m);
};

const submitted = (c: Context<PortalEnv>, applicationId: string) => {
  setFlash(c, 'submitted');
  return c.redirect(`${PORTAL}/applications/${applicationId}`, 303);
};

/** "Save draft": stores, then the application's page, or the remaining problems when the form checks them. */
const save: FormAction = (post) =>
  orRefusedForm(
    post,
    async () => {
      const { c } = post;
      const saved = await store(c, post.shown, post.values);
      const remaining = post.checked ? await remainingErrors(c, saved) : new Map<string, string>();
      if (remaining.size > 0) {
        const flash = c.var.m.form.saved;
        return renderForm(c, saved, {
          values: saved.data,
          errors: remaining,
          extraLines: 0,
          checked: true,
          flash,
        });
      }
      setFlash(c, 'saved');
      return c.redirect(`${PORTAL}/applications/${saved.id}`, 303);
    },
    { checked: post.checked },
  );

/**
 * "Submit": on a stored application the form's data and the submission are one core call, so the history
 * shows one "Submitted"; an unsaved form is created first. A refused submit shows the problems, values kept.
 */
const submit: FormAction = async (post) => {
  const { c, shown } = post;
  // the ticked box is the signature the page asks for (the core then checks the right to sign): without it the
  // submit is refused as an incomplete one is, with every other problem shown too, so one round of fixes is enough
  if (field(post.form, 'declare') !== 'yes') {
    const unsigned = async (application: FormApplication) => {
      const attachments = application.id
        ? await c.var.core.listAttachments({ actor: actorOf(c), applicationId: application.id })
        : [];
      const { errors } = submissionCheck(application.type, post.values, attachments);
      return renderForm(c, application, {
        values: post.values,
        extraLines: 0,
        status: 400,
        checked: true,
        errors: new Map([
          ...formErrors(errors, c.var.m),
          ...numberErrors(post),
          ['declare', c.var.m.declaration.required],
        ]),
      });
    };
    if (shown.id !== undefined) return unsigned(shown);
    // an unsaved form is stored first, as a refused submit of it always was
    return orRefusedForm(post, async () => unsigned(await store(c, shown, post.values)), {
      checked: post.checked,
    });
  }
  const submitStored = (application: FormApplication & { id: string }, data?: Record<string, unknown>) =>
    orRefusedForm(
      { ...post, shown: application },
      async () => {
        await c.var.core.submitApplication({
          actor: actorOf(c),
          applicationId: application.id,
          version: application.version,
          ...(data ? { data } : {}),
        });
        return submitted(c, application.id);
      },
      { checked: true },
    );
  if (shown.id !== undefined) return submitStored({ ...shown, id: shown.id }, post.values);
  return orRefusedForm(post, async () => submitStored(await store(c, shown, post.values)), {
    checked: post.checked,
  });
};

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

/** "Import lines": the file's good rows join the typed lines and are saved; the bad rows are listed. */
const importLines: FormAction = async (post) => {
  const { c, shown, values } = post;
  const csv = await readGoodsFile(post.form, shown.type);
  const goods = [...(Array.isArray(values.goods) ? values.goods : []), ...csv.lines];
  const merged = { ...values, ...(goods.length > 0 ? { goods } : {}) };
  const result = { ...csv, imported: csv.lines.length };
  if (csv.lines.length === 0) {
    return renderForm(c, shown, { values: merged, csv: result, extraLines: 0, status: 400 });
  }
  return orRefusedForm(
    post,
    async () => {
      const saved = await store(c, shown, merged);
      return renderForm(c, saved, { values: saved.data, csv: result, extraLines: 0 });
    },
    { values: merged, csv: result },
  );
};

/** "Add goods line" (no script): the form again with one more empty line; nothing is stored. */
const addLine: FormAction = (post) => renderForm(post.c, post.shown, { values: post.values, extraLines: 1 });

/** "Remove line" (no script): the form again without that line (read away with the values); nothing stored. */
const removeLine: FormAction = (post) =>
  renderForm(post.c, post.shown, { values: post.values, extraLines: 0 });

const FORM_ACTIONS = new Map<string, FormAction>([
  ['save', save],
  ['submit', submit],
  ['import', importLines],
  ['add-line', addLine],
]);

/** One posted form: the handler its button names (`remove-line:N` names the line); unknown ones save. */
export const answerForm = (c: Context<PortalEnv>, form: Posted, shown: FormApplication) => {
  const action = field(form, 'action') || 'save';
  const removed = /^remove-line:(\d+)$/.exec(action)?.[1];
  const values = readApplicationForm(shown.type, form, {
    locale: c.var.format.locale,
    ...(removed ? { removeLine: Number(removed) } : {}),
  });
  const handler = removed !== undefined ? removeLine : (FORM_ACTIONS.get(action) ?? save);
  return handler({ c, form, shown, values, checked: field(form, 'check') === '1' });
};
