// The verification page as HTML, rendered without a server: what a reader sees for each outcome, in each
// language. Codes of the record (reasons, types, statuses) must come out as words; numbers and dates as the
// reader's language writes them; the chamber and how to reach it on every outcome.
import { describe, expect, it } from 'vitest';
import { REVOCATION_REASONS } from '../../functions/core/certificates/certificate.ts';
import type {
  PublicCertificate,
  Verification,
} from '../../functions/core/verification/verify-certificate.ts';
import { LANGUAGES, type Language, MESSAGES, type PageStatus } from '../../functions/verify/messages.ts';
import { VerificationPage } from '../../functions/verify/views/verification-page.tsx';

const chamber = {
  name: 'Demo Economic Chamber',
  nameLocal: 'Демо Стопанска комора',
  address: 'ул. Демо 1, 1000 Скопје',
  phone: '+389 2 555 0101',
  email: 'potvrdi@komora.test',
  web: 'https://komora.test/uverenija',
};

const eurOne: PublicCertificate = {
  serial: 'MK-EUR1-2026-000007',
  code: '7K3M9Q2XW4HRT8VB',
  type: 'eur1',
  issuedAt: '2026-11-23T09:30:00.000Z',
  issueDate: '2026-11-23',
  issuer: { name: chamber.name, nameLocal: chamber.nameLocal, country: 'MK' },
  exporter: { name: 'Македонски Текстил ДООЕЛ', country: 'MK' },
  originCountry: 'MK',
  destinationCountry: 'EU',
  goods: [
    {
      description: 'Men’s cotton T-shirts, knitted',
      hsCode: '',
      packages: '1200 × cartons',
      quantity: '1450.5 kg',
      figures: { packageCount: 1200, packageKind: 'cartons', measures: [{ value: 1450.5, unit: 'kg' }] },
    },
  ],
  keyId: 'key-1',
};

const render = (verification: Verification, language: Language = 'en') =>
  String(
    <VerificationPage
      verification={verification}
      code="7K3M9Q2XW4HRT8VB"
      language={language}
      keys={{ keys: [] }}
      publicBaseUrl="https://verify.chamber.test"
      chamber={chamber}
      timeZone="Europe/Skopje"
    />,
  );

/** What a reader sees: the HTML without its scripts (their data holds the catalogue) and without tags. */
const visibleText = (html: string) =>
  html
    .replace(/<(script|style|title)[\s\S]*?<\/\1>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');

describe('the verification page', () => {
  it.each(LANGUAGES)(
    'speaks %s: its headline, its html lang, and a picker naming every language in its own name',
    (language) => {
      const html = render({ status: 'VALID', certificate: eurOne }, language);
      const m = MESSAGES[language];

      expect(html).toContain(`<html lang="${language}"`);
      expect(visibleText(html)).toContain(m.outcomes.VALID.headline);
      expect(visibleText(html)).toContain(m.labels.serial);
      for (const other of LANGUAGES) expect(html).toContain(`hreflang="${other}"`);
      for (const other of LANGUAGES) expect(visibleText(html)).toContain(MESSAGES[other].languageName);
      expect(m.outcomes.UNKNOWN_ISSUER.headline.length).toBeGreaterThan(0);
      expect(m.labels.suspendedWarning).toContain('{date}');
    },
  );

  it('names each language differently, and no catalogue copies the English text where it should translate', () => {
    expect(new Set(LANGUAGES.map((language) => MESSAGES[language].languageName)).size).toBe(LANGUAGES.length);
    for (const language of LANGUAGES.filter((item) => item !== 'en')) {
      expect(MESSAGES[language].outcomes.UNKNOWN_ISSUER.headline, language).not.toBe(
        MESSAGES.en.outcomes.UNKNOWN_ISSUER.headline,
      );
      expect(MESSAGES[language].labels.suspendedWarning, language).not.toBe(
        MESSAGES.en.labels.suspendedWarning,
      );
    }
  });

  it.each(LANGUAGES)('writes every revocation reason as words in %s, never as its code', (language) => {
    for (const reason of REVOCATION_REASONS) {
      const text = visibleText(
        render(
          { status: 'REVOKED', certificate: eurOne, revokedAt: '2026-11-30T23:30:00.000Z', reason },
          language,
        ),
      );
      expect(text).toContain(MESSAGES[language].reasons[reason]);
      expect(text).not.toContain(reason);
    }
  });

  it('writes the revocation date on the chamber’s calendar, in the reader’s language', () => {
    const revoked: Verification = {
      status: 'REVOKED',
      certificate: eurOne,
      revokedAt: '2026-11-30T23:30:00.000Z',
      reason: 'incorrect-data',
    };
    expect(visibleText(render(revoked, 'en'))).toContain('December 1, 2026');
    expect(visibleText(render(revoked, 'mk'))).toContain('1 декември 2026');
    expect(visibleText(render(revoked, 'sq'))).toContain('1 dhjetor 2026');
  });

  it.each([
    ['en', 'Movement certificate EUR.1'],
    ['mk', 'Уверение за движење на стоки EUR.1'],
    ['sq', 'Certifikatë e qarkullimit të mallrave EUR.1'],
  ] as const)('names the certificate type in words in %s', (language, words) => {
    const html = render({ status: 'VALID', certificate: eurOne }, language);
    expect(html).toContain(`<dd data-fact="type">${words}</dd>`);
  });

  it.each([
    ['en', '1,200 × cartons', '1,450.5 kg'],
    ['mk', '1.200 × cartons', '1.450,5 kg'],
    ['sq', '1200 × cartons', '1450,5 kg'],
  ] as const)('writes the goods’ numbers as %s writes them', (language, packages, mass) => {
    const text = visibleText(render({ status: 'VALID', certificate: eurOne }, language));
    expect(text).toContain(packages);
    expect(text).toContain(mass);
  });

  it('shows “replaced by” on a revoked certificate that was later replaced', () => {
    const html = render({
      status: 'REVOKED',
      certificate: eurOne,
      revokedAt: '2026-11-30T10:00:00.000Z',
      reason: 'incorrect-data',
      supersededBy: { serial: 'MK-EUR1-2026-000008', code: 'AAAABBBBCCCCDDDD' },
    });
    expect(html).toContain('data-status="REVOKED"');
    expect(html).toMatch(
      /<a href="https:\/\/verify\.chamber\.test\/v\/AAAABBBBCCCCDDDD\?lang=en" data-fact="replacement">MK-EUR1-2026-000008<\/a>/,
    );
  });

  const outcomes: [PageStatus, Verification][] = [
    ['VALID', { status: 'VALID', certificate: eurOne }],
    [
      'REVOKED',
      { status: 'REVOKED', certificate: eurOne, revokedAt: '2026-11-30T10:00:00Z', reason: 'fraud' },
    ],
    [
      'SUPERSEDED',
      { status: 'SUPERSEDED', certificate: eurOne, supersededBy: { serial: 'X', code: 'AAAABBBBCCCCDDDD' } },
    ],
    ['NOT_FOUND', { status: 'NOT_FOUND' }],
    ['TAMPERED', { status: 'TAMPERED' }],
    ['UNKNOWN_KEY', { status: 'UNKNOWN_KEY' }],
  ];

  it.each(outcomes)('names the chamber and how to reach it on %s', (_status, verification) => {
    for (const language of LANGUAGES) {
      const html = render(verification, language);
      expect(html).toContain(chamber.nameLocal);
      expect(html).toContain(chamber.address);
      expect(html).toContain('href="tel:+38925550101"');
      expect(html).toContain(`href="mailto:${chamber.email}"`);
      expect(html).toContain(`href="${chamber.web}"`);
      expect(html).toContain(MESSAGES[language].labels.chamber);
    }
  });

  it('offers the typed-code form when the code is unknown, with the code to correct in it', () => {
    const html = render({ status: 'NOT_FOUND' }, 'mk');
    expect(html).toMatch(/<form method="get" action="\/v"/);
    expect(html).toMatch(/<input id="code" name="code"[^>]* value="7K3M9Q2XW4HRT8VB"/);
    expect(html).toContain('<input type="hidden" name="lang" value="mk"/>');
  });

  it('speaks of the certificate in the feminine in Albanian (certifikatë is feminine)', () => {
    const { outcomes: sq } = MESSAGES.sq;
    expect(sq.VALID.advice.startsWith('Kjo certifikatë')).toBe(true);
    for (const { headline, advice } of Object.values(sq)) {
      expect(`${headline} ${advice}`).not.toMatch(
        /\bKy certifikatë|^I (vërtetë|revokuar|zëvendësuar|ndryshuar|nënshkruar)\b/,
      );
    }
  });

  it.each(LANGUAGES)(
    'shows another network member’s certificate from its seal, whose list its status is from, and a suspension, in %s',
    (language) => {
      const m = MESSAGES[language];
      const html = render(
        {
          status: 'VALID',
          network: {
            issuer: {
              id: 'al-chamber',
              name: 'Albanian Chamber',
              nameLocal: 'Dhoma e Shqipërisë',
              country: 'AL',
              verifyBaseUrl: 'https://al.certs.example',
            },
            seal: {
              serial: 'AL-CO-2026-000001',
              type: 'co',
              issueDate: '2026-11-30',
              exporter: 'Tirana Textiles',
              origin: 'AL',
              destination: 'DE',
            },
            statusList: { issuedAt: '2026-12-01T10:00:00.000Z', nextUpdate: '2026-12-02T10:00:00.000Z' },
            trustListVersion: 3,
          },
          warning: { code: 'ISSUER_SUSPENDED', since: '2026-11-15T12:00:00.000Z' },
        },
        language,
      );
      const text = visibleText(html);
      expect(text).toContain('AL-CO-2026-000001');
      expect(text).toContain('Tirana Textiles');
      expect(text).toContain('Dhoma e Shqipërisë / Albanian Chamber');
      const date = (iso: string) =>
        new Intl.DateTimeFormat(language, { dateStyle: 'long', timeZone: 'Europe/Skopje' }).format(
          new Date(iso),
        );
      expect(text).toContain(
        m.labels.networkStatusFrom
          .replace('{name}', 'Dhoma e Shqipërisë')
          .replace('{date}', date('2026-12-01T10:00:00.000Z')),
      );
      expect(text).toContain(m.labels.suspendedWarning.replace('{date}', date('2026-11-15T12:00:00.000Z')));
      expect(html).toContain('data-fact="suspended-warning"');
      // the contact is the member's, never this deployment's chamber
      expect(html).toContain('href="https://al.certs.example"');
      expect(html).not.toContain(chamber.address);
    },
  );

  it.each(LANGUAGES)('says an issuer is not recognised in %s', (language) => {
    const html = render({ status: 'UNKNOWN_ISSUER' }, language);
    expect(html).toContain('data-status="UNKNOWN_ISSUER"');
    expect(visibleText(html)).toContain(MESSAGES[language].outcomes.UNKNOWN_ISSUER.headline);
    expect(html).not.toContain('data-fact="suspended-warning"');
  });
});
