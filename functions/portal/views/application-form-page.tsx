// The exporter's form: it mirrors the certificate's boxes (application-form-boxes.tsx, goods-box.tsx), goods
// lines are added and removed in place (buttons that also work without the script), goods lines import from
// CSV, documents upload with progress (application-documents.tsx), and every validation error sits beside its
// field and in the summary at the top.
import type { Application } from '../../core/applications/application.ts';
import type { Attachment } from '../../core/applications/attachment.ts';
import type { AuditEvent } from '../../core/applications/audit-event.ts';
import { PORTAL } from '../context.ts';
import { fieldMessage } from '../field-messages.ts';
import type { CsvRowError } from '../goods-csv.ts';
import { CancelForm, DocumentsSection, FormButtons } from './application-documents.tsx';
import {
  type BoxProps,
  ConsigneeBox,
  CountriesBox,
  DeclarationBox,
  ExporterBox,
  InvoicesBox,
  RemarksBox,
  TradeBox,
  TransportBox,
} from './application-form-boxes.tsx';
import { ErrorSummary, StatusBadge, Timeline } from './components.tsx';
import { type Signing, SubmitDeclaration } from './declaration.tsx';
import { fieldLabels } from './form-labels.ts';
import { GoodsBox } from './goods-box.tsx';
import { Layout } from './layout.tsx';
import type { View } from './view-context.ts';

/** The application the form edits; without an id it is not stored yet and its first save creates it. */
export type FormApplication = Pick<Application, 'type' | 'status' | 'version'> &
  Partial<Pick<Application, 'id' | 'orgId' | 'staffComment'>>;

/** The result of a goods import, at the top of the page where it is seen without scrolling the form. */
const ImportResult = (props: { v: View; csv: ApplicationFormProps['csv'] }) => {
  const { v, csv } = props;
  const f = v.m.form;
  return (
    <div id="import-result" aria-live="polite">
      {csv ? (
        <>
          <p class="flash" role="status">
            {f.imported}: <span data-imported>{csv.imported}</span>
          </p>
          {csv.errors.length > 0 ? (
            <div class="summary">
              <h2>{f.importErrors}</h2>
              <table class="stack" id="csv-errors">
                <thead>
                  <tr>
                    <th>{f.row}</th>
                    <th>{f.column}</th>
                    <th>{v.m.errors.title}</th>
                  </tr>
                </thead>
                <tbody>
                  {csv.errors.map((error) => (
                    <tr data-row={String(error.row)}>
                      <td data-label={f.row}>{error.row}</td>
                      <td data-label={f.column}>{error.column ? <code>{error.column}</code> : '—'}</td>
                      <td data-label={v.m.errors.title}>{fieldMessage(error, v.m)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
        </>
      ) : null}
    </div>
  );
};

export interface ApplicationFormProps {
  v: View;
  application: FormApplication;
  values: Record<string, unknown>;
  errors: Map<string, string>;
  extraLines: number;
  /** After a failed submit: saving shows what still keeps the application from being submitted. */
  checked?: boolean;
  exporter: string;
  attachments: Attachment[];
  events: AuditEvent[];
  csv?: { imported: number; errors: CsvRowError[] } | undefined;
  signing: Signing;
}

/** The status and, when the chamber asked for changes, its comment, above the form. */
const FormHeading = (props: { v: View; application: FormApplication }) => {
  const { v, application } = props;
  return (
    <>
      {application.id !== undefined ? (
        <p>
          <StatusBadge v={v} status={application.status} />
        </p>
      ) : null}
      {application.staffComment && application.status === 'CHANGES_REQUESTED' ? (
        <div class="comment" role="note">
          <strong>{v.m.application.staffComment}</strong> ({v.format.dateTime(application.staffComment.at)})
          <p data-staff-comment>{application.staffComment.text}</p>
        </div>
      ) : null}
    </>
  );
};

/** The form's boxes in the certificate's order; EUR.1 adds boxes 2 and 12. */
const ApplicationForm = (
  props: ApplicationFormProps & {
    action: string;
    lines: Record<string, unknown>[];
    invoiceRows: Record<string, unknown>[];
  },
) => {
  const { v, application } = props;
  const box: BoxProps = { v, type: application.type, values: props.values, errors: props.errors };
  const eur1 = application.type === 'eur1';
  return (
    <form id="application-form" method="post" action={props.action} enctype="multipart/form-data" novalidate>
      {application.id !== undefined ? (
        <input type="hidden" name="version" value={String(application.version)} />
      ) : (
        <input type="hidden" name="type" value={application.type} />
      )}
      {props.checked ? <input type="hidden" name="check" value="1" /> : null}
      <ExporterBox v={v} type={application.type} exporter={props.exporter} />
      {eur1 ? <TradeBox {...box} /> : null}
      <ConsigneeBox {...box} />
      <CountriesBox {...box} />
      <TransportBox {...box} />
      <RemarksBox {...box} />
      <GoodsBox v={v} type={application.type} errors={props.errors} lines={props.lines} />
      <InvoicesBox {...box} rows={props.invoiceRows} />
      {eur1 ? <DeclarationBox {...box} /> : null}
    </form>
  );
};

export const ApplicationFormPage = (props: ApplicationFormProps) => {
  const { v, application, values, errors } = props;
  const goods = (Array.isArray(values.goods) ? values.goods : []) as Record<string, unknown>[];
  const lines = [...goods, ...Array.from({ length: props.extraLines }, () => ({}))];
  const invoices = (Array.isArray(values.invoices) ? values.invoices : []) as Record<string, unknown>[];
  const invoiceRows = [...invoices, {}];
  const action =
    application.id !== undefined ? `${PORTAL}/applications/${application.id}` : `${PORTAL}/applications`;
  const stored = application.id !== undefined ? { action, version: application.version } : undefined;
  const labels = fieldLabels(v, application.type, lines.length, invoiceRows.length).set(
    'declare',
    v.m.declaration.title,
  );
  return (
    <Layout v={v} title={`${v.m.types[application.type]}`}>
      <FormHeading v={v} application={application} />
      <ErrorSummary v={v} errors={errors} labels={labels} />
      <ImportResult v={v} csv={props.csv} />
      <ApplicationForm {...props} action={action} lines={lines} invoiceRows={invoiceRows} />
      <DocumentsSection v={v} stored={stored} attachments={props.attachments} errors={errors} />
      <SubmitDeclaration
        v={v}
        type={application.type}
        signing={props.signing}
        error={errors.get('declare')}
      />
      <FormButtons v={v} canSubmit={props.signing.own !== undefined} />
      {stored ? <CancelForm v={v} action={action} version={application.version} /> : null}
      <Timeline v={v} events={props.events} />
    </Layout>
  );
};
