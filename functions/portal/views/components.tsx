// Small pieces every screen uses: labelled fields with their error beside them, the error summary that is
// announced, status badges, the audit timeline and the read-only facts of an application.
import type { Child } from 'hono/jsx';
import { type ApplicationStatus, TRANSITIONS } from '../../core/applications/application.ts';
import type { Attachment } from '../../core/applications/attachment.ts';
import type { AuditEvent } from '../../core/applications/audit-event.ts';
import { REVOCATION_REASONS } from '../../core/certificates/certificate.ts';
import { fieldId, fieldText, getPath } from '../application-form.ts';
import { PORTAL } from '../context.ts';
import { filled } from './declaration.tsx';
import { unitWord } from './form-labels.ts';
import type { View } from './view-context.ts';

export interface FieldProps {
  v: View;
  name: string;
  label: string;
  value?: unknown;
  errors?: Map<string, string> | undefined;
  kind?: 'text' | 'textarea' | 'number' | 'date' | 'email' | 'password' | 'url';
  options?: { value: string; label: string }[];
  required?: boolean;
  hint?: string;
  autocomplete?: string;
  class?: string;
  maxlength?: number;
}

export const errorId = (name: string) => `${fieldId(name)}-error`;

export const Field = (props: FieldProps) => {
  const { v, name, label, kind = 'text', options } = props;
  const id = fieldId(name);
  const error = props.errors?.get(name);
  const value = fieldText(props.value, v.format.locale);
  const hintId = props.hint ? `${id}-hint` : undefined;
  const describedBy = [hintId, error ? errorId(name) : undefined].filter(Boolean).join(' ') || undefined;
  const common = {
    id,
    name,
    'aria-invalid': error ? 'true' : undefined,
    'aria-describedby': describedBy,
    required: props.required || undefined,
    autocomplete: props.autocomplete,
  };
  return (
    <div class={`field ${props.class ?? ''}`}>
      <label for={id}>
        {label}
        {props.hint ? (
          <span class="hint" id={hintId}>
            {props.hint}
          </span>
        ) : null}
      </label>
      {options ? (
        <select {...common}>
          {options.map((option) => (
            <option value={option.value} selected={option.value === value}>
              {option.label}
            </option>
          ))}
        </select>
      ) : kind === 'textarea' ? (
        <textarea {...common} rows={3} maxlength={props.maxlength}>
          {value}
        </textarea>
      ) : (
        <input
          {...common}
          type={kind === 'number' ? 'text' : kind}
          inputmode={kind === 'number' ? 'decimal' : undefined}
          value={value}
          maxlength={props.maxlength}
        />
      )}
      {error ? (
        <span class="error-text" id={errorId(name)}>
          {error}
        </span>
      ) : null}
    </div>
  );
};

/** Focused on load by the script (and role=alert without it): the list links to each field. */
export const ErrorSummary = (props: {
  v: View;
  errors: Map<string, string>;
  labels: Map<string, string>;
}) => {
  const { v, errors, labels } = props;
  if (errors.size === 0) return null;
  return (
    <div class="summary" role="alert" tabindex={-1} aria-labelledby="error-summary-title">
      <h2 id="error-summary-title">{v.m.form.errorsTitle}</h2>
      <ul>
        {[...errors].map(([name, message]) => (
          <li>
            <a href={`#${fieldId(name)}`}>{labels.get(name) ?? name}</a>: {message}
          </li>
        ))}
      </ul>
    </div>
  );
};

export const StatusBadge = (props: { v: View; status: ApplicationStatus }) => (
  <span class="badge" data-status={props.status}>
    {props.v.m.status[props.status]}
  </span>
);

/**
 * Whether the event's name already says the status it led to ("Submitted", "Rejected", "Approved"…): then the
 * timeline shows no status beside it, so that no entry reads "Submitted — Submitted".
 */
const namesItsOutcome = (event: AuditEvent): boolean => {
  if (event.action === 'create') return event.to === 'DRAFT';
  if (event.action === 'attach' || event.action === 'detach') return true;
  const outcome = TRANSITIONS[event.action].to;
  return outcome === 'SAME' || outcome === event.to;
};

/** A revocation's event says `reason: comment`; staff read the reason in words and the comment as typed. */
const revocationText = (v: View, comment: string): string => {
  const reason = REVOCATION_REASONS.find((code) => comment === code || comment.startsWith(`${code}: `));
  if (!reason) return comment;
  const typed = comment.slice(reason.length + 2);
  return typed ? `${v.m.certificates.reasons[reason]}: ${typed}` : v.m.certificates.reasons[reason];
};

/** The comment an event shows: staff comments to everyone, a revocation's comment to staff only. */
const shownComment = (v: View, event: AuditEvent): string | undefined => {
  if (!event.comment) return undefined;
  if (event.action === 'request-changes' || event.action === 'reject') return event.comment;
  const staff = v.actor?.role === 'staff' || v.actor?.role === 'admin';
  return event.action === 'revoke' && staff ? revocationText(v, event.comment) : undefined;
};

export const Timeline = (props: { v: View; events: AuditEvent[] }) => {
  const { v } = props;
  return (
    <section class="card" aria-labelledby="timeline-title">
      <h2 id="timeline-title">{v.m.application.timeline}</h2>
      <ol class="timeline">
        {[...props.events].reverse().map((event) => (
          <li data-action={event.action}>
            <time datetime={event.at}>{v.format.dateTime(event.at)}</time>
            <strong>{v.m.actions[event.action]}</strong>
            {event.from !== event.to && !namesItsOutcome(event) ? (
              <>
                {' '}
                — <StatusBadge v={v} status={event.to} />
              </>
            ) : null}{' '}
            <span class="muted">
              ({v.m.application.by} {v.m.roles[event.actorRole]})
            </span>
            {shownComment(v, event) ? <p class="comment">{shownComment(v, event)}</p> : null}
            {event.declaration ? (
              <p class="muted" data-declaration>
                {filled(v.m.declaration.declaredBy, {
                  name: event.declaration.name,
                  function: event.declaration.function,
                  place: event.declaration.place,
                  date: v.format.dateTime(event.declaration.at),
                })}
              </p>
            ) : null}
          </li>
        ))}
      </ol>
    </section>
  );
};

export const attachmentUrl = (attachment: Pick<Attachment, 'applicationId' | 'id'>) =>
  `${PORTAL}/applications/${attachment.applicationId}/attachments/${attachment.id}`;

export const AttachmentItem = (props: {
  v: View;
  attachment: Attachment;
  removable?: { version: number } | undefined;
}) => {
  const { v, attachment } = props;
  return (
    <li data-attachment={attachment.id}>
      <span class="name">{attachment.fileName}</span>
      <span>{v.m.attachments.kinds[attachment.kind]}</span>
      <span class="muted">{v.format.bytes(attachment.size)}</span>
      <a href={attachmentUrl(attachment)} target="_blank" rel="noopener">
        {v.m.attachments.view}
      </a>
      {props.removable ? (
        <form method="post" action={`${attachmentUrl(attachment)}/delete`} class="inline no-print">
          <button type="submit" class="secondary">
            {v.m.attachments.remove}
            <span class="sr-only"> {attachment.fileName}</span>
          </button>
        </form>
      ) : null}
    </li>
  );
};

const text = (value: unknown): string =>
  value === undefined || value === null ? '—' : typeof value === 'string' ? value : String(value);

const Fact = (props: { label: string; box?: string | undefined; children?: Child }) => (
  <>
    <dt data-box={props.box}>{props.label}</dt>
    <dd>{props.children}</dd>
  </>
);

/** The application's data, box by box, to read (staff review; exporter once submitted). */
export const ApplicationFacts = (props: {
  v: View;
  type: 'co' | 'eur1';
  data: Record<string, unknown>;
  exporter?: string;
}) => {
  const { v, type, data } = props;
  const f = v.m.form;
  const country = (path: string) => {
    const code = getPath(data, path);
    return typeof code === 'string' ? `${v.format.country(code)} (${code})` : '—';
  };
  const goods = (Array.isArray(data.goods) ? data.goods : []) as Record<string, unknown>[];
  const invoices = (Array.isArray(data.invoices) ? data.invoices : []) as Record<string, unknown>[];
  const num = (value: unknown) => (typeof value === 'number' ? v.format.number(value) : text(value));
  const day = (value: unknown) => (typeof value === 'string' ? v.format.day(value) : text(value));
  // the printed EUR.1's box numbers and order (templates/eur1.manifest.json)
  const box = (numbers: string) => (type === 'eur1' ? numbers : undefined);
  return (
    <section class="card" aria-labelledby="facts-title">
      <h2 id="facts-title">{v.m.application.data}</h2>
      <dl class="facts">
        {props.exporter ? (
          <Fact label={f.boxExporter} box={box('1')}>
            {props.exporter}
          </Fact>
        ) : null}
        {type === 'eur1' ? (
          <Fact label={f.boxTrade} box="2">
            {text(getPath(data, 'preferentialTrade.between'))} —{' '}
            {text(getPath(data, 'preferentialTrade.and'))}
          </Fact>
        ) : null}
        <Fact label={type === 'co' ? f.boxConsignee : f.boxConsigneeEur1} box={box('3')}>
          {text(getPath(data, 'consignee.name'))}
          <br />
          {text(getPath(data, 'consignee.address'))}, {country('consignee.country')}
        </Fact>
        <Fact label={type === 'co' ? f.originCountry : f.boxOriginEur1} box={box('4')}>
          {country('originCountry')}
        </Fact>
        <Fact label={type === 'co' ? f.destinationCountry : f.boxDestinationEur1} box={box('5')}>
          {country('destinationCountry')}
        </Fact>
        <Fact label={type === 'co' ? f.boxTransport : f.boxTransportEur1} box={box('6')}>
          {(() => {
            const mode = getPath(data, 'transport.mode');
            return typeof mode === 'string' ? (f.modes[mode as keyof typeof f.modes] ?? mode) : '—';
          })()}
          {getPath(data, 'transport.details') ? `; ${text(getPath(data, 'transport.details'))}` : ''}
        </Fact>
        <Fact label={type === 'co' ? f.boxRemarks : f.boxRemarksEur1} box={box('7')}>
          {text(data.remarks)}
        </Fact>
      </dl>
      <h3 class="mt" data-box={box('8 9')}>
        {type === 'co' ? f.boxGoods : f.boxGoodsEur1}
      </h3>
      <div class="table-wrap">
        <table class="stack">
          <thead>
            <tr>
              <th>#</th>
              <th>{f.marks}</th>
              <th>{f.packagesCount}</th>
              <th>{f.description}</th>
              {type === 'co' ? <th>{f.hsCode}</th> : null}
              <th class="num">{f.quantity}</th>
              <th class="num">{f.grossMass}</th>
            </tr>
          </thead>
          <tbody>
            {goods.map((line, index) => (
              <tr>
                <td data-label="#">{index + 1}</td>
                <td data-label={f.marks}>{text(line.marks) || '—'}</td>
                <td data-label={f.packagesCount}>
                  {num(getPath(line, 'packages.count'))} {unitWord(v, text(getPath(line, 'packages.kind')))}
                </td>
                <td data-label={f.description}>{text(line.description)}</td>
                {type === 'co' ? <td data-label={f.hsCode}>{text(line.hsCode)}</td> : null}
                <td data-label={f.quantity} class="num">
                  {type === 'co'
                    ? `${num(getPath(line, 'quantity.value'))} ${unitWord(v, text(getPath(line, 'quantity.unit')))}`
                    : getPath(line, 'otherMeasure.value') !== undefined
                      ? `${num(getPath(line, 'otherMeasure.value'))} ${unitWord(v, text(getPath(line, 'otherMeasure.unit')))}`
                      : '—'}
                </td>
                <td data-label={f.grossMass} class="num">
                  {line.grossMassKg === undefined ? '—' : num(line.grossMassKg)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <dl class="facts mt">
        <Fact label={type === 'co' ? f.boxInvoices : f.boxInvoicesEur1} box={box('10')}>
          {invoices.length === 0
            ? '—'
            : invoices.map((invoice) => (
                <>
                  {text(invoice.number)} ({day(invoice.date)})
                  <br />
                </>
              ))}
        </Fact>
        {type === 'eur1' ? (
          <Fact label={f.boxDeclaration} box="12">
            {text(getPath(data, 'declaration.place'))}, {day(getPath(data, 'declaration.date'))}
          </Fact>
        ) : null}
      </dl>
    </section>
  );
};
