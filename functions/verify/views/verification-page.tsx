// The page a customs officer sees after scanning the QR: status first, then the facts to compare with the paper,
// in English, Macedonian or Albanian. One HTML response: inline CSS, one small inline script, no external assets.
import type { JSONWebKeySet } from 'jose';
import type { PublicCertificate, Verification } from '../../core/verification/verify-certificate.ts';
import { LANGUAGES, type Language, MESSAGES, type Messages } from '../messages.ts';
import { OUTCOMES } from '../outcomes.ts';
import { PAGE_SCRIPT } from './page-script.ts';

const STYLE = `
*{box-sizing:border-box}body{margin:0;font:16px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f1f1f;background:#f6f7f9}
main{max-width:42rem;margin:0 auto;padding:1rem}
nav{display:flex;gap:.75rem;justify-content:flex-end;font-size:.9rem;margin-bottom:.5rem}nav a{color:#1a4f8b}nav a[aria-current]{font-weight:700;color:#1f1f1f;text-decoration:none}
.status{border-radius:12px;color:#fff;padding:1rem 1.25rem;display:flex;gap:1rem;align-items:center}
.status .icon{font-size:2.4rem;line-height:1;font-weight:700;min-width:2.4rem;text-align:center}
.status h1{margin:0;font-size:1.4rem}.status p{margin:.25rem 0 0}
section{background:#fff;border-radius:12px;padding:1rem 1.25rem;margin-top:1rem;box-shadow:0 1px 2px rgba(0,0,0,.08)}
h2{font-size:1rem;margin:0 0 .5rem;color:#444}
dl{display:grid;grid-template-columns:minmax(8rem,auto) 1fr;gap:.35rem 1rem;margin:0}dt{color:#5f6368}dd{margin:0;font-weight:600;overflow-wrap:anywhere}
table{width:100%;border-collapse:collapse;font-size:.95rem}th,td{text-align:left;padding:.35rem .25rem;border-bottom:1px solid #e3e3e3;vertical-align:top}
.note{background:#eef4fb;border-left:4px solid #1a4f8b;padding:.6rem .8rem;border-radius:6px;margin-top:1rem}
#drop{display:block;border:2px dashed #9aa7b5;border-radius:10px;padding:1rem;text-align:center;cursor:pointer}#drop input{margin-top:.6rem;max-width:100%}#drop.over{background:#eef4fb}
#file-result{margin-top:.6rem;font-weight:600}#file-result[data-result=NOT_FOUND],#file-result[data-result=REVOKED]{color:#b3261e}
#file-result[data-result=VALID]{color:#0a7a32}
footer{color:#5f6368;font-size:.85rem;margin:1rem 0 2rem}code{font-size:.85em;overflow-wrap:anywhere}
a:focus-visible,input:focus-visible{outline:3px solid #1a4f8b;outline-offset:2px}
`;

// EUR.1 names groups (EFTA, CEFTA) that are no region code: those print as they are.
const countryName = (language: Language, code: string) => {
  try {
    return `${new Intl.DisplayNames([language], { type: 'region' }).of(code) ?? code} (${code})`;
  } catch {
    return code;
  }
};

const Facts = ({
  certificate,
  m,
  language,
}: {
  certificate: PublicCertificate;
  m: Messages;
  language: Language;
}) => (
  <>
    <section>
      <h2>{m.labels.certificate}</h2>
      <dl>
        <dt>{m.labels.serial}</dt>
        <dd data-fact="serial">{certificate.serial}</dd>
        <dt>{m.labels.type}</dt>
        <dd>{certificate.type === 'co' ? m.labels.coType : certificate.type.toUpperCase()}</dd>
        <dt>{m.labels.issuedBy}</dt>
        <dd>
          {certificate.issuer.nameLocal} / {certificate.issuer.name}
        </dd>
        <dt>{m.labels.issueDate}</dt>
        <dd>
          {new Intl.DateTimeFormat(language, { dateStyle: 'long', timeZone: 'UTC' }).format(
            new Date(certificate.issueDate),
          )}
        </dd>
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
      <table>
        <thead>
          <tr>
            <th>#</th>
            <th>{m.labels.description}</th>
            <th>{m.labels.hsCode}</th>
            <th>{m.labels.quantity}</th>
          </tr>
        </thead>
        <tbody>
          {certificate.goods.map((line, index) => (
            <tr>
              <td>{index + 1}</td>
              <td>
                {line.packages}; {line.description}
              </td>
              <td>{line.hsCode}</td>
              <td>{line.quantity}</td>
            </tr>
          ))}
        </tbody>
      </table>
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
}

const embedJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

export const VerificationPage = ({ verification, code, language, keys, publicBaseUrl }: PageProps) => {
  const m = MESSAGES[language];
  const outcome = OUTCOMES[verification.status];
  const text = m.outcomes[verification.status];
  const pageData = {
    expected: verification.expectedSeal ?? null,
    keys: keys.keys,
    t: {
      outcomes: m.outcomes,
      labels: m.labels,
      colours: Object.fromEntries(Object.entries(OUTCOMES).map(([status, look]) => [status, look.colour])),
      icons: Object.fromEntries(Object.entries(OUTCOMES).map(([status, look]) => [status, look.icon])),
    },
  };
  return (
    <html lang={language}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <link rel="icon" type="image/svg+xml" href="/v/favicon.svg" />
        <title>{`${text.headline} — ${verification.certificate?.serial ?? code}`}</title>
        <style dangerouslySetInnerHTML={{ __html: STYLE }} />
      </head>
      <body>
        <main>
          <nav aria-label="Language">
            {LANGUAGES.map((other) => (
              <a
                href={`?lang=${other}`}
                data-lang={other}
                hreflang={other}
                aria-current={other === language ? 'true' : undefined}
              >
                {MESSAGES[other].languageName}
              </a>
            ))}
          </nav>
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
          {verification.revokedAt ? (
            <section>
              <dl>
                <dt>{m.labels.revokedAt}</dt>
                <dd>{verification.revokedAt.slice(0, 10)}</dd>
                <dt>{m.labels.reason}</dt>
                <dd>{verification.reason}</dd>
              </dl>
            </section>
          ) : null}
          {verification.supersededBy ? (
            <section>
              <dl>
                <dt>{m.labels.replacedBy}</dt>
                <dd>
                  <a
                    href={`${publicBaseUrl}/v/${verification.supersededBy.code}?lang=${language}`}
                    data-fact="replacement"
                  >
                    {verification.supersededBy.serial}
                  </a>
                </dd>
              </dl>
            </section>
          ) : null}
          <p id="seal" class="note" hidden>
            {m.labels.sealChecked}
          </p>
          {verification.certificate ? (
            <Facts certificate={verification.certificate} m={m} language={language} />
          ) : null}
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
        </main>
        <script
          type="application/json"
          id="tc-data"
          dangerouslySetInnerHTML={{ __html: embedJson(pageData) }}
        />
        <script dangerouslySetInnerHTML={{ __html: PAGE_SCRIPT }} />
      </body>
    </html>
  );
};
