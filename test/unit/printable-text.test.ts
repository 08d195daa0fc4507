// Text an exporter may put on a certificate: exactly what the embedded fonts cover, checked from their
// own cmaps; everything else is refused when the data is saved, naming the character.
import { describe, expect, it } from 'vitest';
import {
  CertificateOfOriginData,
  CertificateOfOriginDraft,
} from '../../functions/core/applications/certificate-of-origin.ts';
import { EurOneData, EurOneDraft } from '../../functions/core/applications/movement-certificate-eur1.ts';
import { firstUnprintable } from '../../functions/core/applications/printable-text.ts';
import { fieldErrorsOf } from '../../functions/core/field-issues.ts';
import { FONT_COVERAGE } from '../../functions/core/rendering/font-coverage.ts';
import { fieldMessage } from '../../functions/portal/field-messages.ts';
import { PORTAL_MESSAGES } from '../../functions/portal/messages/index.ts';
import { fontCoverage } from '../../scripts/font-coverage.ts';
import { sampleCertificateOfOrigin } from '../fixtures/certificate-of-origin.ts';
import { sampleMovementCertificate } from '../fixtures/movement-certificate-eur1.ts';

// biome-ignore lint/suspicious/noExplicitAny: the tests set fields by path on plain copies
type Loose = Record<string, any>;

const setPath = (data: Loose, path: string, value: string) => {
  const keys = path.split('.');
  const last = keys.pop() ?? '';
  const node = keys.reduce<Loose>((inner, key) => inner[key], data);
  node[last] = value;
};

const CO_TEXT_FIELDS = [
  'consignee.name',
  'consignee.address',
  'transport.details',
  'remarks',
  'goods.0.marks',
  'goods.0.packages.kind',
  'goods.0.description',
  'goods.0.quantity.unit',
  'invoices.0.number',
];
const EUR1_TEXT_FIELDS = [
  'consignee.name',
  'consignee.address',
  'transport.details',
  'remarks',
  'goods.0.marks',
  'goods.0.packages.kind',
  'goods.0.description',
  'declaration.place',
];

describe('the fonts’ coverage', () => {
  it('is the table the core checks against, made from both certificate fonts’ cmaps', async () => {
    expect(FONT_COVERAGE).toEqual(await fontCoverage());
  });

  it('prints Latin with diacritics, Cyrillic, Greek, Albanian and the usual signs, and line breaks', () => {
    expect(
      firstUnprintable('Ђорђе Šćepan Žužić — Çeliku i Shqipërisë, Tetovë; Ελλάδα 10 × 20 → 200… €'),
    ).toBe(undefined);
    expect(firstUnprintable('Line one\nLine two')).toBe(undefined);
  });

  it('names the first character it cannot print: CJK, emoji, control characters', () => {
    expect(firstUnprintable('Shanghai 中国')).toBe('U+4E2D “中”');
    expect(firstUnprintable('Box 📦')).toBe('U+1F4E6 “📦”');
    expect(firstUnprintable('Bell\u0007')).toBe('U+0007');
    expect(firstUnprintable('Tab\there')).toBe('U+0009');
    expect(firstUnprintable('CR\r\n')).toBe('U+000D');
    expect(firstUnprintable('C1 \u0085')).toBe('U+0085');
  });
});

describe.each([
  [
    'certificate of origin',
    CertificateOfOriginData,
    CertificateOfOriginDraft,
    sampleCertificateOfOrigin,
    CO_TEXT_FIELDS,
  ],
  ['EUR.1', EurOneData, EurOneDraft, sampleMovementCertificate, EUR1_TEXT_FIELDS],
] as const)('%s', (_, complete, draft, sample, fields) => {
  it.each(fields)('refuses unprintable text in %s, in a draft as in a complete application', (path) => {
    const data = structuredClone(sample()) as Loose;
    setPath(data, path, 'A 中 B');

    for (const schema of [complete, draft]) {
      const result = schema.safeParse(data);
      expect(result.success).toBe(false);
      expect(result.error?.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([
        [path, 'contains U+4E2D “中”, which the certificate cannot print'],
      ]);
    }
  });
});

describe('line breaks', () => {
  it('stores CRLF and CR line breaks as LF, the line break the certificate prints', () => {
    const data = structuredClone(sampleCertificateOfOrigin()) as Loose;
    data.consignee.address = 'Königstraße 12\r\n70173 Stuttgart\rGermany';

    const result = CertificateOfOriginData.safeParse(data);

    expect(result.data?.consignee.address).toBe('Königstraße 12\n70173 Stuttgart\nGermany');
  });
});

describe('the portal’s words for it', () => {
  it('carries the code `unprintable` with the character, which the portal says in Macedonian', () => {
    const data = structuredClone(sampleCertificateOfOrigin()) as Loose;
    data.consignee.name = 'Müller 中';
    const result = CertificateOfOriginData.safeParse(data);
    const [error] = fieldErrorsOf(result.error?.issues ?? [], data, 'data');
    expect(error).toMatchObject({
      path: 'data.consignee.name',
      code: 'unprintable',
      params: { character: 'U+4E2D “中”' },
    });
    expect(fieldMessage(error ?? { code: 'invalid' }, PORTAL_MESSAGES.mk)).toBe(
      'содржи U+4E2D “中”, што не може да се отпечати на уверението',
    );
  });
});
