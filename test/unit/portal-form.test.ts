// The portal's form reading, error placement, CSV import and language choice, without a server.
import { describe, expect, it } from 'vitest';
import { CertificateOfOriginData } from '../../functions/core/applications/certificate-of-origin.ts';
import { withEmptyBoxes } from '../../functions/core/applications/schema-shapes.ts';
import { fieldErrorsOf } from '../../functions/core/field-issues.ts';
import {
  attachErrorsToFields,
  fieldNamesFor,
  fieldText,
  formErrors,
  numberFieldErrors,
  readApplicationForm,
  readNumber,
} from '../../functions/portal/application-form.ts';
import { fieldMessage } from '../../functions/portal/field-messages.ts';
import { formatters } from '../../functions/portal/formatters.ts';
import { importGoodsCsv, parseCsv } from '../../functions/portal/goods-csv.ts';
import { choosePortalLanguage, PORTAL_MESSAGES } from '../../functions/portal/messages/index.ts';

describe('reading the application form', () => {
  it('builds the data from field names that are its paths, leaving blank fields and blank lines out', () => {
    const data = readApplicationForm(
      'co',
      {
        'consignee.name': ' Müller GmbH ',
        'consignee.address': '',
        originCountry: 'MK',
        'goods.0.description': 'T-shirts',
        'goods.0.packages.count': '10',
        'goods.0.quantity.value': '1.200,5',
        'goods.3.description': '',
        'goods.7.description': 'Sweaters',
        'invoices.0.number': 'INV-1',
        'invoices.1.number': '',
        unknown: 'ignored',
      },
      { locale: 'mk-MK' },
    );
    expect(data).toEqual({
      consignee: { name: 'Müller GmbH' },
      originCountry: 'MK',
      goods: [
        { marks: '', description: 'T-shirts', packages: { count: 10 }, quantity: { value: 1200.5 } },
        { marks: '', description: 'Sweaters' },
      ],
      invoices: [{ number: 'INV-1' }],
    });
  });

  it('keeps the one blank goods line the form shows, so that submitting flags each of its fields', () => {
    const data = readApplicationForm('co', { 'goods.0.description': '', 'goods.0.hsCode': ' ' });
    expect(data.goods).toEqual([{ marks: '' }]);
  });

  it('keeps line breaks of a textarea as LF, the way the certificate breaks lines', () => {
    const data = readApplicationForm('co', { 'consignee.address': 'Hauptstraße 1\r\n10115 Berlin\r\n' });
    expect(data.consignee).toEqual({ address: 'Hauptstraße 1\n10115 Berlin' });
  });

  it('drops the goods line whose remove button was pressed (no script)', () => {
    const data = readApplicationForm(
      'co',
      { 'goods.0.description': 'A', 'goods.1.description': 'B', 'goods.2.description': 'C' },
      { removeLine: 1 },
    );
    expect(data.goods).toEqual([
      { marks: '', description: 'A' },
      { marks: '', description: 'C' },
    ]);
  });

  it('reads a decimal comma, keeps what is not a number for the schema to refuse', () => {
    expect(readNumber('310,5', 'number')).toBe(310.5);
    expect(readNumber('1 234.5', 'number')).toBe(1234.5);
    expect(readNumber('12', 'integer')).toBe(12);
    expect(readNumber('1.5', 'integer')).toBe('1.5');
    expect(readNumber('ten', 'number')).toBe('ten');
  });
});

describe('numbers as the page’s language writes them', () => {
  const words = {
    ambiguous: PORTAL_MESSAGES.mk.fieldMessages.numberAmbiguous,
    unreadable: PORTAL_MESSAGES.mk.fieldMessages.numberUnreadable,
    notNumber: PORTAL_MESSAGES.mk.fieldIssues.not_a_number,
  };

  it('reads Macedonian "1.200" as 1200 and "1.250,5" as 1250.5, never 1.2', () => {
    const data = readApplicationForm(
      'co',
      {
        'goods.0.description': 'T-shirts',
        'goods.0.packages.count': '1.000',
        'goods.0.quantity.value': '1.200',
        'goods.0.grossMassKg': '1.250,5',
      },
      { locale: 'mk-MK' },
    );
    expect(data.goods).toEqual([
      {
        marks: '',
        description: 'T-shirts',
        packages: { count: 1000 },
        quantity: { value: 1200 },
        grossMassKg: 1250.5,
      },
    ]);
  });

  it('keeps a number that could be read two ways as typed, and says how it would be read', () => {
    const data = readApplicationForm(
      'co',
      { 'goods.0.quantity.value': '1,200', 'goods.0.grossMassKg': '1.20', 'goods.1.grossMassKg': 'ten' },
      { locale: 'mk-MK' },
    );
    expect(data.goods).toEqual([
      { marks: '', quantity: { value: '1,200' }, grossMassKg: '1.20' },
      { marks: '', grossMassKg: 'ten' },
    ]);
    const errors = numberFieldErrors('co', data, 'mk-MK', words);
    expect([...errors.keys()]).toEqual([
      'goods.0.quantity.value',
      'goods.0.grossMassKg',
      'goods.1.grossMassKg',
    ]);
    expect(errors.get('goods.0.quantity.value')).toContain('1,2 или 1.200');
    expect(errors.get('goods.0.grossMassKg')).toContain('1,2');
    expect(errors.get('goods.1.grossMassKg')).toBe('мора да биде број');
  });

  it('refuses European writing on an English page, showing the English reading', () => {
    const data = readApplicationForm('co', { 'goods.0.grossMassKg': '1.250,5' }, { locale: 'en-GB' });
    const errors = numberFieldErrors('co', data, 'en-GB', {
      ambiguous: PORTAL_MESSAGES.en.fieldMessages.numberAmbiguous,
      unreadable: PORTAL_MESSAGES.en.fieldMessages.numberUnreadable,
      notNumber: PORTAL_MESSAGES.en.fieldIssues.not_a_number,
    });
    expect(errors.get('goods.0.grossMassKg')).toContain('did you mean 1,250.5?');
  });

  it('shows a saved number the way the page writes it, which reads back the same', () => {
    expect(fieldText(1200, 'mk-MK')).toBe('1.200');
    expect(fieldText(1250.5, 'mk-MK')).toBe('1.250,5');
    expect(fieldText(1250.5, 'en-GB')).toBe('1,250.5');
    expect(fieldText('1,200', 'mk-MK')).toBe('1,200');
  });
});

describe('placing the core errors beside the fields', () => {
  it('maps data paths to field names, an object error to its first field, a list error to the list', () => {
    const errors = formErrors(
      [
        {
          path: 'data.goods.1.hsCode',
          message: 'must be an HS code of 4 to 10 digits, e.g. 6109.10',
          code: 'not_an_hs_code',
        },
        {
          path: 'data.transport',
          message: 'Invalid input: expected object, received undefined',
          code: 'required',
        },
        { path: 'data.goods', message: 'Too small: expected array to have >=1 items', code: 'too_few' },
        { path: 'attachments', message: 'needs at least one invoice', code: 'invoice_document_missing' },
      ],
      PORTAL_MESSAGES.en,
    );
    const placed = attachErrorsToFields(errors, fieldNamesFor('co', 2, 1));
    expect([...placed.keys()]).toEqual(['goods.1.hsCode', 'transport.mode', 'goods', 'attachments']);
  });

  it('words each issue by its code and params in Macedonian, whatever the core’s English says', () => {
    const mk = PORTAL_MESSAGES.mk;
    expect(fieldMessage({ code: 'required' }, mk)).toBe('е задолжително');
    expect(fieldMessage({ code: 'not_an_hs_code' }, mk)).toContain('тарифен');
    expect(fieldMessage({ code: 'too_long', params: { maximum: 200 } }, mk)).toBe(
      'може да има најмногу 200 знаци',
    );
    expect(fieldMessage({ code: 'too_few', params: { minimum: 1 } }, mk, 'goods')).toBe(
      mk.fieldMessages.goodsMin,
    );
    expect(fieldMessage({ code: 'weak_password', reason: 'COMMON' }, mk)).toBe(mk.password.reasons.COMMON);
  });

  it('gives the core’s schema issues stable codes, a missing value as required', () => {
    const checked = withEmptyBoxes(CertificateOfOriginData, {
      goods: [{ marks: '', packages: { count: 1.5 }, hsCode: '61', quantity: { value: 'ten' } }],
      invoices: [{ number: 'x'.repeat(51), date: '2026-13-01' }],
      originCountry: 'XX',
    });
    const result = CertificateOfOriginData.safeParse(checked);
    const codes = new Map(fieldErrorsOf(result.error?.issues ?? [], checked).map((e) => [e.path, e]));
    expect(codes.get('consignee.name')?.code).toBe('required');
    expect(codes.get('originCountry')?.code).toBe('not_a_country');
    expect(codes.get('goods.0.packages.count')?.code).toBe('not_whole_number');
    expect(codes.get('goods.0.packages.kind')?.code).toBe('required');
    expect(codes.get('goods.0.hsCode')?.code).toBe('not_an_hs_code');
    expect(codes.get('goods.0.quantity.value')?.code).toBe('not_a_number');
    expect(codes.get('invoices.0.number')).toMatchObject({ code: 'too_long', params: { maximum: 50 } });
    expect(codes.get('invoices.0.date')?.code).toBe('not_a_date');
    expect(codes.get('transport.mode')?.code).toBe('required');
  });
});

describe('importing goods lines from CSV', () => {
  it('reads quoted fields with delimiters, quotes and line breaks inside', () => {
    expect(parseCsv('a,b\r\n"x, ""y""","line\nbreak"\n', ',')).toEqual([
      ['a', 'b'],
      ['x, "y"', 'line\nbreak'],
    ]);
  });

  it('imports the good rows of a semicolon file with decimal commas and reports the bad ones by row and column', () => {
    const result = importGoodsCsv(
      'co',
      '\uFEFFDescription;HS_code;packages_count;packages_kind;quantity;unit;gross_mass_kg\n' +
        'T-shirts;6109.10;10;cartons;1200;pcs;310,5\n' +
        '\n' +
        'Sweaters;61;x;cartons;300;pcs;\n',
    );
    expect(result.lines).toEqual([
      {
        marks: '',
        description: 'T-shirts',
        hsCode: '6109.10',
        packages: { count: 10, kind: 'cartons' },
        quantity: { value: 1200, unit: 'pcs' },
        grossMassKg: 310.5,
      },
    ]);
    expect(result.errors.map((error) => [error.row, error.column])).toEqual([
      [4, 'packages_count'],
      [4, 'hs_code'],
    ]);
  });

  it('names the missing columns and imports nothing', () => {
    const result = importGoodsCsv('co', 'description,quantity\nT-shirts,1\n');
    expect(result.lines).toEqual([]);
    expect(result.errors.map((error) => error.column)).toEqual([
      'packages_count',
      'packages_kind',
      'hs_code',
      'unit',
    ]);
  });

  it('checks EUR.1 lines with the EUR.1 rule: gross mass or another measure', () => {
    const result = importGoodsCsv(
      'eur1',
      'description\tpackages_count\tpackages_kind\tother_measure\tother_unit\n' +
        'Wine\t10\tcases\t75\tl\nCheese\t2\tboxes\t\t\n',
    );
    expect(result.lines).toHaveLength(1);
    expect(result.errors).toEqual([{ row: 3, column: 'gross_mass_kg', code: 'gross_mass_or_measure' }]);
  });
});

describe('the reader’s language', () => {
  it('takes ?lang=, then the remembered choice, then Accept-Language, then English', () => {
    expect(choosePortalLanguage('mk', 'en', 'en')).toBe('mk');
    expect(choosePortalLanguage(undefined, 'mk', 'en')).toBe('mk');
    expect(choosePortalLanguage(undefined, undefined, 'de-DE,mk;q=0.8,en;q=0.5')).toBe('mk');
    expect(choosePortalLanguage('xx', undefined, 'de')).toBe('en');
  });

  it('formats dates and numbers as each language writes them', () => {
    const mk = formatters('mk', 'Europe/Skopje');
    const en = formatters('en', 'Europe/Skopje');
    expect(en.number(1234.5)).toBe('1,234.5');
    expect(mk.number(1234.5)).toMatch(/^1\.234,5$/);
    expect(en.date('2026-11-20T12:00:00Z')).toBe('20 Nov 2026');
    expect(mk.country('DE')).toBe('Германија');
  });
});
