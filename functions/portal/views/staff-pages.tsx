// Chamber staff: the work queue (oldest first, filters), the review screen (data, documents previewed inline,
// the certificate as it would be issued, decisions), and finding a certificate by serial to revoke or replace.

import type { Organisation } from '../../core/accounts.ts';
import { APPLICATION_STATUSES, type Application } from '../../core/applications/application.ts';
import type { Attachment } from '../../core/applications/attachment.ts';
import type { AuditEvent } from '../../core/applications/audit-event.ts';
import {
  type Certificate,
  REVOCATION_REASONS,
  replacementRefusal,
} from '../../core/certificates/certificate.ts';
import { getPath } from '../application-form.ts';
import { PORTAL } from '../context.ts';
import {
  ApplicationFacts,
  attachmentUrl,
  ErrorSummary,
  Field,
  StatusBadge,
  Timeline,
} from './components.tsx';
import { DeclarationFacts } from './declaration.tsx';
import { CertificateBox } from './exporter-pages.tsx';
import { Layout } from './layout.tsx';
import { NextPageLink, StackTable } from './stack-table.tsx';
import type { View } from './view-context.ts';

export interface QueueFilters {
  status: Application['status'];
  type: Application['type'] | undefined;
  org: string | undefined;
}

export const QueuePage = (props: {
  v: View;
  filters: QueueFilters;
  applications: Application[];
  organisations: Organisation[];
  nextCursor: string | undefined;
}) => {
  const { v, filters } = props;
  const q = v.m.queue;
  const orgName = new Map(props.organisations.map((org) => [org.id, org.name]));
  const query = new URLSearchParams({
    status: filters.status,
    ...(filters.type ? { type: filters.type } : {}),
    ...(filters.org ? { org: filters.org } : {}),
  });
  return (
    <Layout v={v} title={q.title}>
      <p class="muted">{q.intro}</p>
      <form method="get" action={`${PORTAL}/queue`} class="card filters no-print" aria-label={q.filters}>
        <Field
          v={v}
          name="status"
          label={q.status}
          value={filters.status}
          options={APPLICATION_STATUSES.map((status) => ({ value: status, label: v.m.status[status] }))}
        />
        <Field
          v={v}
          name="type"
          label={q.type}
          value={filters.type ?? ''}
          options={[
            { value: '', label: q.all },
            { value: 'co', label: v.m.typesShort.co },
            { value: 'eur1', label: v.m.typesShort.eur1 },
          ]}
        />
        <Field
          v={v}
          name="org"
          label={q.exporter}
          value={filters.org ?? ''}
          options={[
            { value: '', label: q.all },
            ...props.organisations.map((org) => ({ value: org.id, label: org.name })),
          ]}
        />
        <button type="submit">{q.apply}</button>
      </form>
      <section class="card mt">
        {props.applications.length === 0 ? (
          <p>{q.none}</p>
        ) : (
          <StackTable
            id="queue"
            rows={props.applications}
            rowAttributes={(application) => ({ 'data-application': application.id })}
            columns={[
              {
                label: q.submitted,
                cell: (application) =>
                  application.submittedAt ? v.format.dateTime(application.submittedAt) : '—',
              },
              { label: q.exporter, cell: (application) => orgName.get(application.orgId) ?? '—' },
              { label: q.type, cell: (application) => v.m.typesShort[application.type] },
              {
                label: v.m.dashboard.consignee,
                cell: (application) => String(getPath(application.data, 'consignee.name') ?? '—'),
              },
              { label: q.status, cell: (application) => <StatusBadge v={v} status={application.status} /> },
              {
                label: q.review,
                actions: true,
                cell: (application) => (
                  <a href={`${PORTAL}/queue/${application.id}`}>
                    {q.review}
                    <span class="sr-only"> {orgName.get(application.orgId)}</span>
                  </a>
                ),
              },
            ]}
          />
        )}
        <NextPageLink cursor={props.nextCursor} label={v.m.dashboard.next} query={query} />
      </section>
    </Layout>
  );
};

const DocumentPreview = (props: { v: View; attachment: Attachment }) => {
  const { attachment } = props;
  const url = attachmentUrl(attachment);
  return (
    <figure class="card">
      <figcaption>
        <strong>{attachment.fileName}</strong> — {props.v.m.attachments.kinds[attachment.kind]} ·{' '}
        <a href={url} target="_blank" rel="noopener">
          {props.v.m.attachments.view}
        </a>
      </figcaption>
      {attachment.contentType === 'application/pdf' ? (
        <iframe class="preview mt" src={`${url}#navpanes=0`} title={attachment.fileName} />
      ) : (
        <img class="preview image mt" src={url} alt={attachment.fileName} />
      )}
    </figure>
  );
};

export const ReviewPage = (props: {
  v: View;
  application: Application;
  exporter: string;
  attachments: Attachment[];
  events: AuditEvent[];
  certificate: Certificate | undefined;
  publicBaseUrl: string;
  errors: Map<string, string>;
  comment: string;
}) => {
  const { v, application } = props;
  const r = v.m.review;
  const reviewable = application.status === 'SUBMITTED';
  const base = `${PORTAL}/queue/${application.id}`;
  return (
    <Layout v={v} title={`${r.title}: ${v.m.types[application.type]}`}>
      <p>
        <StatusBadge v={v} status={application.status} /> · {props.exporter}
        {application.submittedAt ? ` · ${v.format.dateTime(application.submittedAt)}` : ''}
      </p>
      {application.replaces ? (
        <p class="note">
          {v.m.application.replaces}: {application.replaces.serial}
        </p>
      ) : null}
      <ErrorSummary v={v} errors={props.errors} labels={new Map([['comment', r.comment]])} />
      {props.certificate ? (
        <CertificateBox
          v={v}
          certificate={props.certificate}
          publicBaseUrl={props.publicBaseUrl}
          canReplace={false}
        />
      ) : null}
      <div class="layout-2">
        <div>
          <ApplicationFacts v={v} type={application.type} data={application.data} exporter={props.exporter} />
          <DeclarationFacts v={v} declaration={application.declaration} />
          <h2>{r.documents}</h2>
          {props.attachments.length === 0 ? <p>{v.m.attachments.none}</p> : null}
          {props.attachments.map((attachment) => (
            <DocumentPreview v={v} attachment={attachment} />
          ))}
        </div>
        <div>
          {reviewable ? (
            <section class="card" aria-labelledby="preview-title">
              <h2 id="preview-title">{r.preview}</h2>
              <p class="note">{r.previewNote}</p>
              <iframe class="preview" src={`${base}/preview.pdf#navpanes=0`} title={r.preview} />
              <p>
                <a href={`${base}/preview.pdf`} target="_blank" rel="noopener">
                  {r.openPreview}
                </a>
              </p>
            </section>
          ) : (
            <p class="note">{r.notReviewable}</p>
          )}
          {reviewable ? (
            <section class="card no-print" aria-labelledby="decision-title">
              <h2 id="decision-title">{r.decisions}</h2>
              <form method="post" action={`${base}/review`} novalidate>
                <input type="hidden" name="version" value={String(application.version)} />
                <Field
                  v={v}
                  name="comment"
                  label={r.comment}
                  kind="textarea"
                  value={props.comment}
                  errors={props.errors}
                  maxlength={2000}
                />
                <div class="actions">
                  <button type="submit" name="decision" value="request-changes" class="secondary">
                    {r.requestChanges}
                  </button>
                  <button type="submit" name="decision" value="reject" class="danger">
                    {r.reject}
                  </button>
                </div>
              </form>
              <form method="post" action={`${base}/approve`} class="mt">
                <input type="hidden" name="version" value={String(application.version)} />
                <div class="field">
                  <label>
                    <input type="checkbox" name="confirm" value="yes" required id="confirm-approve" />
                    {r.confirmApprove}
                  </label>
                </div>
                <div class="actions">
                  <button type="submit">{r.approve}</button>
                </div>
              </form>
            </section>
          ) : null}
        </div>
      </div>
      <Timeline v={v} events={props.events} />
    </Layout>
  );
};

export const FindCertificatePage = (props: { v: View; serial: string; notFound: boolean }) => {
  const { v } = props;
  const c = v.m.certificates;
  const errors = props.notFound
    ? new Map([['serial', v.m.errors.codes.NOT_FOUND]])
    : new Map<string, string>();
  return (
    <Layout v={v} title={c.findTitle}>
      <form method="get" action={`${PORTAL}/certificates`} class="card filters">
        <Field
          v={v}
          name="serial"
          label={c.serial}
          value={props.serial}
          errors={errors}
          hint="MK-CO-2026-000001"
          required
        />
        <button type="submit">{c.find}</button>
      </form>
    </Layout>
  );
};

export const StaffCertificatePage = (props: {
  v: View;
  certificate: Certificate;
  exporter: string;
  publicBaseUrl: string;
  /** What the staff member typed with the revocation, from the audit trail. */
  revocationComment?: string | undefined;
  /** The revocation form as posted, after a refusal. */
  revokeForm?: { reason: string; comment: string; errors: Map<string, string> } | undefined;
}) => {
  const { v, certificate } = props;
  const c = v.m.certificates;
  const errors = props.revokeForm?.errors ?? new Map<string, string>();
  const refusal = replacementRefusal(certificate);
  const base = `${PORTAL}/certificates/${certificate.serial}`;
  return (
    <Layout v={v} title={certificate.serial}>
      <p>
        {props.exporter} · <a href={`${PORTAL}/queue/${certificate.applicationId}`}>{v.m.review.title}</a>
      </p>
      <ErrorSummary v={v} errors={errors} labels={new Map([['reason', c.reason]])} />
      <CertificateBox
        v={v}
        certificate={certificate}
        publicBaseUrl={props.publicBaseUrl}
        canReplace={false}
      />
      {certificate.revocation ? (
        <div class="note" data-revocation>
          <p>
            {c.revokedAt}: {v.format.dateTime(certificate.revocation.at)} —{' '}
            {c.reasons[certificate.revocation.reason]}
          </p>
          {props.revocationComment ? (
            <p data-revocation-comment>
              {c.revocationComment}: {props.revocationComment}
            </p>
          ) : null}
        </div>
      ) : null}
      {certificate.status === 'ISSUED' ? (
        <section class="card no-print" aria-labelledby="revoke-title">
          <h2 id="revoke-title">{c.revokeTitle}</h2>
          <form method="post" action={`${base}/revoke`}>
            <div class="grid">
              <Field
                v={v}
                name="reason"
                label={c.reason}
                value={props.revokeForm?.reason ?? ''}
                errors={errors}
                required
                options={[
                  // no reason is preselected: staff choose it, it decides whether a replacement is allowed
                  { value: '', label: c.chooseReason },
                  ...REVOCATION_REASONS.map((reason) => ({ value: reason, label: c.reasons[reason] })),
                ]}
              />
              <Field
                v={v}
                name="comment"
                label={c.comment}
                value={props.revokeForm?.comment ?? ''}
                maxlength={2000}
                // the comment goes into the application's history, which its exporter reads (docs/security.md)
                hint={c.commentVisible}
              />
            </div>
            <div class="field mt">
              <label>
                <input type="checkbox" name="confirm" value="yes" required />
                {c.confirmRevoke}
              </label>
            </div>
            <div class="actions">
              <button type="submit" class="danger">
                {c.revoke}
              </button>
            </div>
          </form>
        </section>
      ) : null}
      {refusal?.code === 'REPLACEMENT_FORBIDDEN' ? <p class="note">{c.replacementForbidden}</p> : null}
      {!refusal ? (
        <form method="post" action={`${base}/replace`} class="card no-print">
          <p class="muted">{v.m.application.replacementHelp}</p>
          <button type="submit" class="secondary">
            {c.replace}
          </button>
        </form>
      ) : null}
    </Layout>
  );
};
