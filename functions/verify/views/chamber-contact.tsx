// Who issued the certificate and how to reach them, on every outcome: the advice of NOT_FOUND, TAMPERED and
// UNKNOWN_KEY is "contact the chamber", so the page must say how.
import type { Language, Messages } from '../messages.ts';

export interface ChamberContact {
  name: string;
  nameLocal: string;
  address: string;
  phone: string;
  email: string;
  web: string;
}

const telHref = (phone: string) => `tel:${phone.replace(/[^+0-9]/g, '')}`;

export const ChamberContactSection = ({
  chamber,
  m,
  language,
}: {
  chamber: ChamberContact;
  m: Messages;
  language: Language;
}) => {
  const names = language === 'mk' ? [chamber.nameLocal, chamber.name] : [chamber.name, chamber.nameLocal];
  return (
    <section id="chamber">
      <h2>{m.labels.chamber}</h2>
      <p class="chamber-name">{[...new Set(names)].join(' / ')}</p>
      <dl>
        <dt>{m.labels.address}</dt>
        <dd>{chamber.address}</dd>
        <dt>{m.labels.phone}</dt>
        <dd>
          <a href={telHref(chamber.phone)}>{chamber.phone}</a>
        </dd>
        <dt>{m.labels.email}</dt>
        <dd>
          <a href={`mailto:${chamber.email}`}>{chamber.email}</a>
        </dd>
        <dt>{m.labels.web}</dt>
        <dd>
          <a href={chamber.web} rel="noopener noreferrer">
            {chamber.web.replace(/^https?:\/\//, '').replace(/\/$/, '')}
          </a>
        </dd>
      </dl>
    </section>
  );
};
