// The page a customs officer sees after scanning the QR: status first, then the facts to compare with the paper,
// then who to contact, in English, Macedonian or Albanian. Codes (types, reasons, statuses) never show: words in
// the reader's language do, and numbers and dates are written the way that language writes them.

import type { JSONWebKeySet } from 'jose';
import type { CertificateType } from '../../core/applications/application.ts';
import type { RevocationReason } from '../../core/certificates/certificate.ts';
import { intlLocaleOf } from '../../core/rendering/caption-languages.ts';
import type { PublicCertificate, Verification } from '../../core/verification/verify-certificate.ts';
import { type Language, MESSAGES, type Messages } from '../messages.ts';
import { OUTCOMES } from '../outcomes.ts';
import { type ChamberContact, ChamberContactSection } from './chamber-contact.tsx';
import { CodeForm } from './code-form.tsx';
import { Layout } from './layout.tsx';
import { PAGE_SCRIPT } from './page-script.ts';

// EUR.1 names groups (EFTA, CEFTA) that are no region code: those print as they are.
const countryName = (language: Language, code: string) => {
  try {
    return `${new Intl.DisplayNames([intlLocaleOf(language)], { type: 'region' }).of(code) ?? code} (${code})`;
  } catch {
    return code;
  }
};

const typeName = (m: Messages, type: string) => m.types[type as CertificateType] ?? type;

/** A reason the catalogue does not know yet still reads as words, never as its code. */
const reasonText = (m: Messages, reason: string | undefined) =>
  m.reasons[reason as RevocationReason] ?? m.reasons.other;

const formats = (language: Language, timeZone: string) => {
  const number = new Intl.NumberFormat(intlLocaleOf(language), { maximumFractionDigits: 3 });
  return {
    number: (value: number) => number.format(value),
    /** A calendar date as printed (YYYY-MM-DD, already in the chamber's time zone). */
    day: (isoDate: string) =>
      new Intl.DateTimeFormat(intlLocaleOf(language), { dateStyle: 'long', timeZone: 'UTC' }).format(
        new Date(isoDate),
      ),
    /** An instant, on the chamber's calendar. */
    instant: (iso: string) =>
      new Intl.DateTimeFormat(intlLocaleOf(language), { dateStyle: 'long', timeZone }).format(new Date(iso)),
  };
};

type Formats = ReturnType<typeof formats>;

/** A certificate of another network member: what its verified seal says, and whose list the status is from. */
const NetworkFacts = ({
  network,
  m,
  language,
  format,
}: {
  network: NonNullable<Verification['network']>;
  m: Messages;
  language: Language;
  format: Formats;
}) => (
  <section data-fact="network">
    <h2>{m.labels.certificate}</h2>
    <dl>
      <dt>{m.labels.serial}</dt>
      <dd data-fact="serial">{network.seal.serial}</dd>
      <dt>{m.labels.type}</dt>
      <dd data-fact="type">{typeName(m, network.seal.type)}</dd>
      <dt>{m.labels.issuedBy}</dt>
      <dd data-fact="issuer">
        {network.issuer.nameLocal} / {network.issuer.name}
      </dd>
      <dt>{m.labels.issueDate}</dt>
      <dd data-fact="issue-date">{format.day(network.seal.issueDate)}</dd>
      <dt>{m.labels.exporter}</dt>
      <dd data-fact="exporter">{network.seal.exporter}</dd>
      <dt>{m.labels.origin}</dt>
      <dd>{countryName(language, network.seal.origin)}</dd>
      <dt>{m.labels.destination}</dt>
      <dd>{countryName(language, network.seal.destination)}</dd>
    </dl>
    <p class="note" data-fact="status-from">
      {m.labels.networkStatusFrom
        .replace('{name}', network.issuer.nameLocal)
        .replace('{date}', format.instant(network.statusList.issuedAt))}
    </p>
  </section>
);

const Facts = ({
  certificate,
  m,
  language,
  format,
}: {
  certificate: PublicCertificate;
  m: Messages;
  language: Language;
  format: Formats;
}) => (
  <>
    <section>
      <h2>{m.labels.certificate}</h2>
      <dl>
        <dt>{m.labels.serial}</dt>
        <dd data-fact="serial">{certificate.serial}</dd>
        <dt>{m.labels.type}</dt>
        <dd data-fact="type">{typeName(m, certificate.type)}</dd>
        <dt>{m.labels.issuedBy}</dt>
        <dd>
          {certificate.issuer.nameLocal} / {certificate.issuer.name}
        </dd>
        <dt>{m.labels.issueDate}</dt>
        <dd data-fact="issue-date">{format.day(certificate.issueDate)}</dd>
        <dt>{m.labels.exporter}</dt>
        <dd data-fact="exporter">{certificate.exporter.name}</dd>
        {certificate.consignee ? (
          <>
            <dt>{m.labels.consignee}</dt>
            <dd>
              {certificate.consignee.name}, {countryName(language, certificate.consignee.country)}
            </dd>
          </>
        ) : null}
        <dt>{m.labels.origin}</dt>
        <dd>{countryName(language, certificate.originCountry)}</dd>
        <dt>{m.labels.destination}</dt>
        <dd>{countryName(language, certificate.destinationCountry)}</dd>
      </dl>
    </section>
    <section>
      <h2>{m.labels.goods}</h2>
      <ol class="goods">
        {certificate.goods.map((line, index) => (
          <li>
            <div class="what" data-fact="packages">
              {index + 1}. {format.number(line.figures.packageCount)} × {line.figures.packageKind};{' '}
              {line.description}
            </div>
            <div class="figures">
              {line.hsCode ? (
                <span>
                  {m.labels.hsCode} <b>{line.hsCode}</b>
                </span>
              ) : null}
              {line.figures.measures.length > 0 ? (
                <span>
                  {m.labels.quantity}{' '}
                  <b data-fact="quantity">
                    {line.figures.measures
                      .map((measure) => `${format.number(measure.value)} ${measure.unit}`)
                      .join(' · ')}
                  </b>
                </span>
              ) : null}
            </div>
          </li>
        ))}
      </ol>
      <p class="note">{m.labels.compare}</p>
    </section>
  </>
);

export interface PageProps {
  verification: Verification;
  code: string;
  language: Language;
  keys: JSONWebKeySet;
  publicBaseUrl: string;
  chamber: ChamberContact;
  /** The chamber's time zone, for the date of a revocation. */
  timeZone: string;
  /**
   * A code not found here, on a deployment with a trust list: the script sends the QR's seal (the URL fragment)
   * back as ?jws= so that the server checks it through the list (docs/network.md §6).
   */
  lookUpSeal?: boolean;
}

const embedJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

export const VerificationPage = ({
  verification,
  code,
  language,
  keys,
  publicBaseUrl,
  chamber,
  timeZone,
  lookUpSeal = false,
}: PageProps) => {
  const m = MESSAGES[language];
  const format = formats(language, timeZone);
  const outcome = OUTCOMES[verification.status];
  const text = m.outcomes[verification.status];
  const pageData = {
    expected: verification.expectedSeal ?? null,
    keys: keys.keys,
    serial: verification.certificate?.serial ?? null,
    language,
    lookUpSeal,
    t: {
      outcomes: m.outcomes,
      labels: m.labels,
      colours: Object.fromEntries(Object.entries(OUTCOMES).map(([status, look]) => [status, look.colour])),
      icons: Object.fromEntries(Object.entries(OUTCOMES).map(([status, look]) => [status, look.icon])),
    },
  };
  // a revoked certificate that was replaced stays REVOKED and names its replacement (docs/architecture.md §2)
  const replacement = verification.replacedBy ?? verification.supersededBy;
  return (
    <Layout
      language={language}
      title={`${text.headline} — ${verification.certificate?.serial ?? code}`}
      after={
        <>
          <script
            type="application/json"
            id="tc-data"
            dangerouslySetInnerHTML={{ __html: embedJson(pageData) }}
          />
          <script dangerouslySetInnerHTML={{ __html: PAGE_SCRIPT }} />
        </>
      }
    >
      <div
        id="status"
        class="status"
        role="status"
        aria-live="polite"
        data-status={verification.status}
        style={`background:${outcome.colour}`}
      >
        <span class="icon" aria-hidden="true">
          {outcome.icon}
        </span>
        <div>
          <h1>{text.headline}</h1>
          <p>{text.advice}</p>
        </div>
      </div>
      {verification.revokedAt || replacement ? (
        <section>
          <dl>
            {verification.revokedAt ? (
              <>
                <dt>{m.labels.revokedAt}</dt>
                <dd data-fact="revoked-at">{format.instant(verification.revokedAt)}</dd>
                <dt>{m.labels.reason}</dt>
                <dd data-fact="reason">{reasonText(m, verification.reason)}</dd>
              </>
            ) : null}
            {replacement ? (
              <>
                <dt>{m.labels.replacedBy}</dt>
                <dd>
                  <a href={`${publicBaseUrl}/v/${replacement.code}?lang=${language}`} data-fact="replacement">
                    {replacement.serial}
                  </a>
                </dd>
              </>
            ) : null}
          </dl>
          {replacement && verification.status === 'REVOKED' ? (
            <p class="note" data-fact="replacement-note">
              {m.labels.revokedReplaced}
            </p>
          ) : null}
        </section>
      ) : null}
      {verification.warning ? (
        <p class="note" data-fact="suspended-warning" role="alert">
          {m.labels.suspendedWarning.replace(
            '{date}',
            verification.warning.since ? format.instant(verification.warning.since) : '—',
          )}
        </p>
      ) : null}
      {verification.network ? (
        <NetworkFacts network={verification.network} m={m} language={language} format={format} />
      ) : null}
      <p id="seal" class="note" hidden>
        {m.labels.sealChecked}
      </p>
      {verification.status === 'NOT_FOUND' ? (
        <CodeForm m={m} language={language} heading="h2" typed={code} />
      ) : null}
      {verification.certificate ? (
        <Facts certificate={verification.certificate} m={m} language={language} format={format} />
      ) : null}
      {verification.certificate && verification.links ? (
        <section>
          <p>
            <a
              href={`${publicBaseUrl}${verification.links.credential}?download`}
              download
              data-fact="credential"
            >
              {m.labels.credentialDownload}
            </a>
          </p>
          <p class="note">{m.labels.credentialHint}</p>
        </section>
      ) : null}
      {verification.network ? (
        // the issuer is another member: its names and its own verification site, not this deployment's chamber
        <section id="chamber" data-fact="member">
          <h2>{m.labels.chamber}</h2>
          <p class="chamber-name">
            {verification.network.issuer.nameLocal} / {verification.network.issuer.name}
          </p>
          <dl>
            <dt>{m.labels.web}</dt>
            <dd>
              <a href={verification.network.issuer.verifyBaseUrl} rel="noopener noreferrer">
                {verification.network.issuer.verifyBaseUrl.replace(/^https?:\/\//, '').replace(/\/$/, '')}
              </a>
            </dd>
          </dl>
        </section>
      ) : (
        <ChamberContactSection chamber={chamber} m={m} language={language} />
      )}
      <section>
        <h2>{m.labels.fileTitle}</h2>
        <label id="drop" for="file">
          {m.labels.fileHint}
          <br />
          <input id="file" type="file" accept="application/pdf" />
        </label>
        <p id="file-result" role="status" aria-live="polite" />
      </section>
      <footer>
        {m.labels.code} <code>{code}</code>
        {verification.certificate ? (
          <>
            {' '}
            · {m.labels.key} <code>{verification.certificate.keyId}</code>
          </>
        ) : null}
        . {m.labels.privacy}
      </footer>
    </Layout>
  );
};
