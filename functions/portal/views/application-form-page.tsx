// The exporter's form: it mirrors the certificate's boxes, goods lines are added and removed in place
// (buttons that also work without the script), goods lines import from CSV, documents upload with progress,
// and every validation error sits beside its field and in the summary at the top.
import type { Application } from '../../core/applications/application.ts';
import type { Attachment } from '../../core/applications/attachment.ts';
import { ATTACHMENT_KINDS } from '../../core/applications/attachment.ts';
import type { AuditEvent } from '../../core/applications/audit-event.ts';
import { MeasureUnit } from '../../core/applications/movement-certificate-eur1.ts';
import { COUNTRY_CODES } from '../../core/countries.ts';
import { fieldId, getPath } from '../application-form.ts';
import { PORTAL } from '../context.ts';
import { fieldMessage } from '../field-messages.ts';
import { type CsvRowError, GOODS_CSV_COLUMNS } from '../goods-csv.ts';
import { AttachmentItem, ErrorSummary, Field, StatusBadge, Timeline } from './components.tsx';
import { Layout } from './layout.tsx';
import type { View } from './view-context.ts';

type Type = Application['type'];
const NEW_INDEX = 'NEWINDEX';

export const countryOptions = (v: View, extra: string[] = []) => [
  { value: '', label: v.m.form.chooseCountry },
  ...extra.map((code) => ({ value: code, label: code })),
  ...COUNTRY_CODES.map((code) => ({ value: code, label: `${v.format.country(code)} (${code})` })).sort(
    (a, b) => a.label.localeCompare(b.label, v.format.locale),
  ),
];

/** The label of every field the form can show, for the error summary. */
export const fieldLabels = (v: View, type: Type, goodsLines: number, invoiceRows: number) => {
  const f = v.m.form;
  const top: Record<string, string> = {
    'consignee.name': `${f.boxConsignee}: ${f.name}`,
    'consignee.address': `${f.boxConsignee}: ${f.address}`,
    'consignee.country': `${f.boxConsignee}: ${f.country}`,
    'preferentialTrade.between': `${f.boxTrade}: ${f.between}`,
    'preferentialTrade.and': `${f.boxTrade}: ${f.and}`,
    originCountry: type === 'co' ? f.originCountry : f.boxOriginEur1,
    destinationCountry: type === 'co' ? f.destinationCountry : f.boxDestinationEur1,
    'transport.mode': f.transportMode,
    'transport.details': f.transportDetails,
    remarks: type === 'co' ? f.remarks : f.boxRemarksEur1,
    'declaration.place': `${f.boxDeclaration}: ${f.place}`,
    'declaration.date': `${f.boxDeclaration}: ${f.date}`,
    goods: type === 'co' ? f.boxGoods : f.boxGoodsEur1,
    invoices: type === 'co' ? f.boxInvoices : f.boxInvoicesEur1,
    attachments: v.m.attachments.title,
  };
  const line = goodsLabels(v);
  const labels = new Map(Object.entries(top));
  for (let index = 0; index < goodsLines; index++) {
    for (const [key, label] of Object.entries(line))
      labels.set(`goods.${index}.${key}`, `${f.goodsLine} ${index + 1}: ${label}`);
  }
  for (let index = 0; index < invoiceRows; index++) {
    labels.set(`invoices.${index}.number`, `${f.invoiceNumber} ${index + 1}`);
    labels.set(`invoices.${index}.date`, `${f.invoiceDate} ${index + 1}`);
  }
  return labels;
};

const goodsLabels = (v: View): Record<string, string> => {
  const f = v.m.form;
  return {
    marks: f.marks,
    'packages.count': f.packagesCount,
    'packages.kind': f.packagesKind,
    description: f.description,
    hsCode: f.hsCode,
    'quantity.value': f.quantity,
    'quantity.unit': f.unit,
    grossMassKg: f.grossMass,
    'otherMeasure.value': f.otherMeasure,
    'otherMeasure.unit': f.unit,
  };
};

const GroupError = (props: { v: View; name: string; errors: Map<string, string> }) => {
  const message = props.errors.get(props.name);
  return message ? (
    <p class="error-text" id={fieldId(props.name)} tabindex={-1}>
      {message}
    </p>
  ) : null;
};

const GoodsLineFields = (props: {
  v: View;
  type: Type;
  index: number | typeof NEW_INDEX;
  number: number | string;
  line: Record<string, unknown>;
  errors: Map<string, string>;
}) => {
  const { v, type, index, line, errors } = props;
  const f = v.m.form;
  const name = (path: string) => `goods.${index}.${path}`;
  const field = (path: string, label: string, extra: Partial<Parameters<typeof Field>[0]> = {}) => (
    <Field v={v} name={name(path)} label={label} value={getPath(line, path)} errors={errors} {...extra} />
  );
  return (
    <fieldset class="line" data-line={String(index)}>
      <legend>
        {f.goodsLine} <span data-line-number>{props.number}</span>
      </legend>
      <div class="grid tight">
        {field('description', f.description, { class: 'span-all', required: true, maxlength: 1000 })}
        {field('marks', f.marks, { maxlength: 200 })}
        {field('packages.count', f.packagesCount, { kind: 'number', required: true })}
        {field('packages.kind', f.packagesKind, { required: true, maxlength: 50 })}
        {type === 'co' ? (
          <>
            {field('hsCode', f.hsCode, { required: true, hint: '6109.10' })}
            {field('quantity.value', f.quantity, { kind: 'number', required: true })}
            {field('quantity.unit', f.unit, { required: true, maxlength: 20 })}
            {field('grossMassKg', f.grossMass, { kind: 'number' })}
          </>
        ) : (
          <>
            {field('grossMassKg', f.grossMass, { kind: 'number' })}
            {field('otherMeasure.value', f.otherMeasure, { kind: 'number' })}
            {field('otherMeasure.unit', f.unit, {
              options: [
                { value: '', label: '—' },
                ...MeasureUnit.options.map((unit) => ({ value: unit, label: unit })),
              ],
            })}
          </>
        )}
      </div>
      <button
        type="submit"
        name="action"
        value={`remove-line:${index}`}
        class="secondary remove no-print"
        data-remove-line
        data-removed-text={f.removeLine}
        formnovalidate
      >
        {f.removeLine}
        <span class="sr-only"> {props.number}</span>
      </button>
    </fieldset>
  );
};

/** The application the form edits; without an id it is not stored yet and its first save creates it. */
export type FormApplication = Pick<Application, 'type' | 'status' | 'version'> &
  Partial<Pick<Application, 'id' | 'orgId' | 'staffComment'>>;

const columnNames = (type: Type, required: boolean) =>
  GOODS_CSV_COLUMNS[type]
    .filter((column) => column.required === required)
    .map((column) => column.name)
    .join(', ');

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
}

export const ApplicationFormPage = (props: ApplicationFormProps) => {
  const { v, application, values, errors } = props;
  const { type } = application;
  const f = v.m.form;
  const goods = (Array.isArray(values.goods) ? values.goods : []) as Record<string, unknown>[];
  const lines = [...goods, ...Array.from({ length: props.extraLines }, () => ({}))];
  const invoices = (Array.isArray(values.invoices) ? values.invoices : []) as Record<string, unknown>[];
  const invoiceRows = [...invoices, {}];
  const field = (name: string, label: string, extra: Partial<Parameters<typeof Field>[0]> = {}) => (
    <Field v={v} name={name} label={label} value={getPath(values, name)} errors={errors} {...extra} />
  );
  const areas = type === 'eur1' ? countryOptions(v, ['EU', 'EFTA', 'CEFTA']) : countryOptions(v);
  const stored = application.id !== undefined;
  const action = stored ? `${PORTAL}/applications/${application.id}` : `${PORTAL}/applications`;
  // the printed EUR.1's box numbers (templates/eur1.manifest.json), pinned by test/api/portal-forms.test.ts
  const box = (numbers: string) => (type === 'eur1' ? numbers : undefined);
  return (
    <Layout v={v} title={`${v.m.types[type]}`}>
      {stored ? (
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
      <ErrorSummary v={v} errors={errors} labels={fieldLabels(v, type, lines.length, invoiceRows.length)} />
      <ImportResult v={v} csv={props.csv} />
      <form id="application-form" method="post" action={action} enctype="multipart/form-data" novalidate>
        {stored ? (
          <input type="hidden" name="version" value={String(application.version)} />
        ) : (
          <input type="hidden" name="type" value={type} />
        )}
        {props.checked ? <input type="hidden" name="check" value="1" /> : null}
        <section class="card" data-box={box('1')}>
          <h2>{f.boxExporter}</h2>
          <p>{props.exporter}</p>
          <p class="muted">{f.exporterNote}</p>
        </section>
        {type === 'eur1' ? (
          <fieldset class="card" data-box={box('2')}>
            <legend>{f.boxTrade}</legend>
            <div class="grid">
              {field('preferentialTrade.between', f.between, { options: areas, required: true })}
              {field('preferentialTrade.and', f.and, { options: areas, required: true })}
            </div>
          </fieldset>
        ) : null}
        <fieldset class="card" data-box={box('3')}>
          <legend>{type === 'co' ? f.boxConsignee : f.boxConsigneeEur1}</legend>
          <div class="grid">
            {field('consignee.name', f.name, {
              required: type === 'co',
              maxlength: 200,
              autocomplete: 'off',
            })}
            {field('consignee.country', f.country, { options: countryOptions(v), required: type === 'co' })}
            {field('consignee.address', f.address, {
              kind: 'textarea',
              class: 'span-all',
              required: type === 'co',
              maxlength: 500,
            })}
          </div>
        </fieldset>
        {type === 'co' ? (
          <fieldset class="card">
            <legend>{f.boxCountries}</legend>
            <div class="grid">
              {field('originCountry', f.originCountry, { options: areas, required: true })}
              {field('destinationCountry', f.destinationCountry, { options: areas, required: true })}
            </div>
          </fieldset>
        ) : (
          <section class="card">
            <div class="grid">
              <div data-box="4">
                {field('originCountry', f.boxOriginEur1, { options: areas, required: true })}
              </div>
              <div data-box="5">
                {field('destinationCountry', f.boxDestinationEur1, { options: areas, required: true })}
              </div>
            </div>
          </section>
        )}
        <fieldset class="card" data-box={box('6')}>
          <legend>{type === 'co' ? f.boxTransport : f.boxTransportEur1}</legend>
          <div class="grid">
            {field('transport.mode', f.transportMode, {
              options: [
                { value: '', label: f.chooseCountry },
                ...Object.entries(f.modes).map(([value, label]) => ({ value, label })),
              ],
              required: type === 'co',
            })}
            {field('transport.details', f.transportDetails, { maxlength: 300 })}
          </div>
        </fieldset>
        <fieldset class="card" data-box={box('7')}>
          <legend>{type === 'co' ? f.boxRemarks : f.boxRemarksEur1}</legend>
          {field('remarks', f.remarks, { kind: 'textarea', maxlength: 1000 })}
        </fieldset>
        <fieldset
          class="card"
          data-box={box('8 9')}
          aria-describedby={errors.has('goods') ? fieldId('goods') : undefined}
        >
          <legend>{type === 'co' ? f.boxGoods : f.boxGoodsEur1}</legend>
          <GroupError v={v} name="goods" errors={errors} />
          <div id="goods-lines" data-next-index={String(lines.length)}>
            {lines.map((line, index) => (
              <GoodsLineFields
                v={v}
                type={type}
                index={index}
                number={index + 1}
                line={line}
                errors={errors}
              />
            ))}
          </div>
          <template id="goods-line-template">
            <GoodsLineFields v={v} type={type} index={NEW_INDEX} number="" line={{}} errors={new Map()} />
          </template>
          <button
            type="submit"
            name="action"
            value="add-line"
            class="secondary no-print"
            data-add-line
            data-added-text={f.addLine}
            formnovalidate
          >
            + {f.addLine}
          </button>
          <div class="line mt no-print" id="csv-import">
            <h3>{f.importTitle}</h3>
            <p>
              {f.importHelp} <code>{columnNames(type, true)}</code>
            </p>
            <p class="muted">
              {f.importOptional} <code>{columnNames(type, false)}</code>. {f.importDecimals}
            </p>
            <div class="grid">
              <div class="field">
                <label for="goods-csv">{f.importFile}</label>
                <input
                  id="goods-csv"
                  name="goodsCsv"
                  type="file"
                  accept=".xlsx,.csv,.tsv,.txt,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                />
              </div>
            </div>
            <div class="actions">
              <button type="submit" name="action" value="import" class="secondary" formnovalidate>
                {f.importButton}
              </button>
            </div>
          </div>
        </fieldset>
        <fieldset class="card" data-box={box('10')}>
          <legend>{type === 'co' ? f.boxInvoices : f.boxInvoicesEur1}</legend>
          <GroupError v={v} name="invoices" errors={errors} />
          {invoiceRows.map((invoice, index) => (
            <div class="grid">
              <Field
                v={v}
                name={`invoices.${index}.number`}
                label={`${f.invoiceNumber}${invoiceRows.length > 1 ? ` ${index + 1}` : ''}`}
                value={invoice.number}
                errors={errors}
                maxlength={50}
              />
              <Field
                v={v}
                name={`invoices.${index}.date`}
                label={`${f.invoiceDate}${invoiceRows.length > 1 ? ` ${index + 1}` : ''}`}
                value={invoice.date}
                errors={errors}
                kind="date"
              />
            </div>
          ))}
        </fieldset>
        {type === 'eur1' ? (
          <fieldset class="card" data-box="12">
            <legend>{f.boxDeclaration}</legend>
            <div class="grid">
              {field('declaration.place', f.place, { required: true, maxlength: 100 })}
              {field('declaration.date', f.date, { kind: 'date', required: true })}
            </div>
          </fieldset>
        ) : null}
      </form>
      <section class="card" aria-labelledby="documents-title">
        <h2 id="documents-title">{v.m.attachments.title}</h2>
        <p>{v.m.attachments.intro}</p>
        <GroupError v={v} name="attachments" errors={errors} />
        {stored ? (
          <>
            <ul class="files" id="attachment-list">
              {props.attachments.length === 0 ? (
                <li data-empty class="muted">
                  {v.m.attachments.none}
                </li>
              ) : null}
              {props.attachments.map((attachment) => (
                <AttachmentItem v={v} attachment={attachment} removable={{ version: application.version }} />
              ))}
            </ul>
            <form
              method="post"
              action={`${action}/attachments`}
              enctype="multipart/form-data"
              data-upload
              data-uploading-text={v.m.attachments.uploading}
              data-uploaded-text={v.m.attachments.uploaded}
              data-failed-text={v.m.attachments.failed}
              class="no-print"
            >
              <div class="grid">
                <div class="field">
                  <label for="attachment-kind">{v.m.attachments.kind}</label>
                  <select id="attachment-kind" name="kind">
                    {ATTACHMENT_KINDS.map((kind) => (
                      <option value={kind}>{v.m.attachments.kinds[kind]}</option>
                    ))}
                  </select>
                </div>
                <div class="field">
                  <label for="attachment-file">{v.m.attachments.file}</label>
                  <input
                    id="attachment-file"
                    name="file"
                    type="file"
                    accept="application/pdf,image/png,image/jpeg"
                    required
                  />
                </div>
              </div>
              <progress max={100} value={0} hidden aria-label={v.m.attachments.uploading} />
              <p class="upload-status" role="status" />
              <div class="actions">
                <button type="submit" class="secondary">
                  {v.m.attachments.upload}
                </button>
              </div>
            </form>
          </>
        ) : (
          <p class="note" data-save-first>
            {v.m.attachments.saveFirst}
          </p>
        )}
      </section>
      <div class="actions">
        <button type="submit" form="application-form" name="action" value="save" class="secondary">
          {f.save}
        </button>
        <button type="submit" form="application-form" name="action" value="submit">
          {f.submit}
        </button>
      </div>
      {stored ? (
        <form method="post" action={`${action}/cancel`} class="no-print mt">
          <input type="hidden" name="version" value={String(application.version)} />
          <details>
            <summary>{f.cancelApplication}</summary>
            <div class="field mt">
              <label>
                <input type="checkbox" name="confirm" value="yes" required />
                {f.cancelConfirm}
              </label>
            </div>
            <button type="submit" class="danger">
              {f.cancelApplication}
            </button>
          </details>
        </form>
      ) : null}
      <Timeline v={v} events={props.events} />
    </Layout>
  );
};
