// The page a customs officer sees after scanning the QR: status first, then the facts to compare with the paper.
import type { PublicCertificate, Verification } from '../../core/verification/verify-certificate.ts';
import { OUTCOMES } from '../outcomes.ts';

const regionName = new Intl.DisplayNames(['en'], { type: 'region' });
const country = (code: string) => `${regionName.of(code) ?? code} (${code})`;

const STYLE = `
*{box-sizing:border-box}body{margin:0;font:16px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f1f1f;background:#f6f7f9}
main{max-width:42rem;margin:0 auto;padding:1rem}
.status{border-radius:12px;color:#fff;padding:1rem 1.25rem;display:flex;gap:1rem;align-items:center}
.status .icon{font-size:2.4rem;line-height:1;font-weight:700}
.status h1{margin:0;font-size:1.4rem}.status p{margin:.25rem 0 0}
section{background:#fff;border-radius:12px;padding:1rem 1.25rem;margin-top:1rem;box-shadow:0 1px 2px rgba(0,0,0,.08)}
h2{font-size:1rem;margin:0 0 .5rem;color:#444}
dl{display:grid;grid-template-columns:minmax(8rem,auto) 1fr;gap:.35rem 1rem;margin:0}dt{color:#5f6368}dd{margin:0;font-weight:600;overflow-wrap:anywhere}
table{width:100%;border-collapse:collapse;font-size:.95rem}th,td{text-align:left;padding:.35rem .25rem;border-bottom:1px solid #e3e3e3;vertical-align:top}
footer{color:#5f6368;font-size:.85rem;margin:1rem 0 2rem}code{font-size:.85em;overflow-wrap:anywhere}
`;

const Facts = ({ certificate }: { certificate: PublicCertificate }) => (
  <>
    <section>
      <h2>Certificate</h2>
      <dl>
        <dt>Serial number</dt>
        <dd>{certificate.serial}</dd>
        <dt>Type</dt>
        <dd>{certificate.type === 'co' ? 'Certificate of origin (non-preferential)' : certificate.type}</dd>
        <dt>Issued by</dt>
        <dd>
          {certificate.issuer.name} / {certificate.issuer.nameLocal}
        </dd>
        <dt>Issue date</dt>
        <dd>{certificate.issueDate}</dd>
        <dt>Exporter</dt>
        <dd>{certificate.exporter.name}</dd>
        <dt>Consignee</dt>
        <dd>
          {certificate.consignee.name}, {country(certificate.consignee.country)}
        </dd>
        <dt>Country of origin</dt>
        <dd>{country(certificate.originCountry)}</dd>
        <dt>Destination</dt>
        <dd>{country(certificate.destinationCountry)}</dd>
      </dl>
    </section>
    <section>
      <h2>Goods</h2>
      <table>
        <thead>
          <tr>
            <th>#</th>
            <th>Description</th>
            <th>HS code</th>
            <th>Quantity</th>
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
    </section>
  </>
);

export const VerificationPage = ({ verification, code }: { verification: Verification; code: string }) => {
  const outcome = OUTCOMES[verification.status];
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <title>{`${outcome.headline} — certificate verification`}</title>
        <style dangerouslySetInnerHTML={{ __html: STYLE }} />
      </head>
      <body>
        <main>
          <div
            class="status"
            role="status"
            data-status={verification.status}
            style={`background:${outcome.colour}`}
          >
            <span class="icon" aria-hidden="true">
              {outcome.icon}
            </span>
            <div>
              <h1>{outcome.headline}</h1>
              <p>{outcome.advice}</p>
            </div>
          </div>
          {verification.certificate ? <Facts certificate={verification.certificate} /> : null}
          <footer>
            Verification code <code>{code}</code>
            {verification.certificate ? (
              <>
                {' '}
                · sealed with key <code>{verification.certificate.keyId}</code>
              </>
            ) : null}
            . This page checks the chamber's own record; it never lists or searches certificates.
          </footer>
        </main>
      </body>
    </html>
  );
};
