// The exporter's dashboard (applications and certificates with status badges) and the read-only view of
// an application once it left the exporter's hands: staff comment, certificate download, replacement, history.
import type { Application } from '../../core/applications/application.ts';
import type { Attachment } from '../../core/applications/attachment.ts';
import type { AuditEvent } from '../../core/applications/audit-event.ts';
import { type Certificate, replacementRefusal, verifyUrl } from '../../core/certificates/certificate.ts';
import { getPath } from '../application-form.ts';
import { PORTAL } from '../context.ts';
import { ApplicationFacts, AttachmentItem, StatusBadge, Timeline } from './components.tsx';
import { Layout } from './layout.tsx';
import { NextPageLink, StackTable } from './stack-table.tsx';
import type { View } from './view-context.ts';

const consigneeOf = (application: Application) => {
  const name = getPath(application.data, 'consignee.name');
  return typeof name === 'string' ? name : '—';
};

// links, not forms: opening a new form stores nothing; its first save creates the application
export const NewApplicationButtons = (props: { v: View }) => (
  <div class="actions no-print">
    <a class="button" href={`${PORTAL}/applications/new?type=co`}>
      + {props.v.m.nav.newCo}
    </a>
    <a class="button secondary" href={`${PORTAL}/applications/new?type=eur1`}>
      + {props.v.m.nav.newEur1}
    </a>
  </div>
);

export const DashboardPage = (props: {
  v: View;
  applications: Application[];
  nextCursor: string | undefined;
  certificates: Certificate[];
}) => {
  const { v } = props;
  const d = v.m.dashboard;
  return (
    <Layout v={v} title={d.title}>
      <NewApplicationButtons v={v} />
      <section class="card mt" aria-labelledby="applications-title">
        <h2 id="applications-title">{d.applications}</h2>
        {props.applications.length === 0 ? (
          <p>{d.none}</p>
        ) : (
          <StackTable
            id="applications"
            rows={props.applications}
            rowAttributes={(application) => ({ 'data-application': application.id })}
            columns={[
              { label: d.type, cell: (application) => v.m.typesShort[application.type] },
              { label: d.consignee, cell: consigneeOf },
              { label: d.status, cell: (application) => <StatusBadge v={v} status={application.status} /> },
              {
                label: d.updated,
                cell: (application) => (
                  <time datetime={application.updatedAt}>{v.format.dateTime(application.updatedAt)}</time>
                ),
              },
              {
                label: d.open,
                actions: true,
                cell: (application) => (
                  <a href={`${PORTAL}/applications/${application.id}`}>
                    {d.open}
                    <span class="sr-only">
                      {' '}
                      {v.m.typesShort[application.type]} {consigneeOf(application)}
                    </span>
                  </a>
                ),
              },
            ]}
          />
        )}
        <NextPageLink cursor={props.nextCursor} label={d.next} />
      </section>
      <section class="card" aria-labelledby="certificates-title">
        <h2 id="certificates-title">{d.certificates}</h2>
        {props.certificates.length === 0 ? (
          <p>{d.noCertificates}</p>
        ) : (
          <StackTable
            id="certificates"
            rows={props.certificates}
            columns={[
              {
                label: d.serial,
                cell: (certificate) => (
                  <a href={`${PORTAL}/applications/${certificate.applicationId}`}>{certificate.serial}</a>
                ),
              },
              { label: d.type, cell: (certificate) => v.m.typesShort[certificate.type] },
              { label: d.status, cell: (certificate) => <StatusBadge v={v} status={certificate.status} /> },
              { label: d.issued, cell: (certificate) => v.format.date(certificate.issuedAt) },
              {
                label: d.download,
                actions: true,
                cell: (certificate) =>
                  certificate.status === 'ISSUING' ? null : (
                    <a href={`${PORTAL}/certificates/${certificate.serial}/pdf`} download>
                      {d.download}
                    </a>
                  ),
              },
            ]}
          />
        )}
      </section>
    </Layout>
  );
};

export const CertificateBox = (props: {
  v: View;
  certificate: Certificate;
  publicBaseUrl: string;
  canReplace: boolean;
}) => {
  const { v, certificate } = props;
  const a = v.m.application;
  const url = verifyUrl(props.publicBaseUrl, certificate.code);
  // a revoked certificate that was replaced stays REVOKED and names its replacement (docs/architecture.md §2)
  const replacement = certificate.replacedBy ?? certificate.supersededBy;
  return (
    <section class="card" aria-labelledby="certificate-title">
      <h2 id="certificate-title">{a.certificate}</h2>
      <dl class="facts">
        <dt>{a.serial}</dt>
        <dd data-serial>{certificate.serial}</dd>
        <dt>{v.m.dashboard.status}</dt>
        <dd>
          <StatusBadge v={v} status={certificate.status} />
        </dd>
        <dt>{v.m.dashboard.issued}</dt>
        <dd>{v.format.date(certificate.issuedAt)}</dd>
        <dt>{a.verify}</dt>
        <dd>
          <a href={url} data-verify-url>
            {url}
          </a>
        </dd>
        {replacement ? (
          <>
            <dt>{v.m.certificates.supersededBy}</dt>
            <dd data-replaced-by>{replacement.serial}</dd>
          </>
        ) : null}
      </dl>
      {certificate.status === 'ISSUING' ? null : (
        <div class="actions">
          <a class="button" href={`${PORTAL}/certificates/${certificate.serial}/pdf`} download data-download>
            {a.download}
          </a>
        </div>
      )}
      {props.canReplace && replacementRefusal(certificate)?.code === 'REPLACEMENT_FORBIDDEN' ? (
        <p class="note">{v.m.certificates.replacementForbidden}</p>
      ) : null}
      {props.canReplace && !replacementRefusal(certificate) ? (
        <form
          method="post"
          action={`${PORTAL}/certificates/${certificate.serial}/replace`}
          class="no-print mt"
        >
          <p class="muted">{a.replacementHelp}</p>
          <button type="submit" class="secondary">
            {a.requestReplacement}
          </button>
        </form>
      ) : null}
    </section>
  );
};

export const ApplicationViewPage = (props: {
  v: View;
  application: Application;
  exporter: string;
  attachments: Attachment[];
  events: AuditEvent[];
  certificate: Certificate | undefined;
  publicBaseUrl: string;
}) => {
  const { v, application } = props;
  return (
    <Layout v={v} title={v.m.types[application.type]}>
      <p>
        <StatusBadge v={v} status={application.status} />
      </p>
      {application.staffComment && application.status === 'REJECTED' ? (
        <div class="comment" role="note">
          <strong>{v.m.application.staffComment}</strong> ({v.format.dateTime(application.staffComment.at)})
          <p data-staff-comment>{application.staffComment.text}</p>
        </div>
      ) : null}
      {application.replaces ? (
        <p class="note">
          {v.m.application.replaces}: {application.replaces.serial}
        </p>
      ) : null}
      {props.certificate ? (
        <CertificateBox
          v={v}
          certificate={props.certificate}
          publicBaseUrl={props.publicBaseUrl}
          canReplace={true}
        />
      ) : (
        <p class="note">{v.m.application.readOnly}</p>
      )}
      <ApplicationFacts v={v} type={application.type} data={application.data} exporter={props.exporter} />
      <section class="card" aria-labelledby="documents-title">
        <h2 id="documents-title">{v.m.attachments.title}</h2>
        <ul class="files">
          {props.attachments.length === 0 ? <li class="muted">{v.m.attachments.none}</li> : null}
          {props.attachments.map((attachment) => (
            <AttachmentItem v={v} attachment={attachment} />
          ))}
        </ul>
      </section>
      <Timeline v={v} events={props.events} />
    </Layout>
  );
};
