// The exporter's form in the portal, read the way its language writes numbers (Macedonian "1.200" is
// 1200), with every problem shown at once and each one gone as soon as its field is fixed and saved.
// Through app.request(), against DynamoDB Local and s3rver.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../functions/core/accounts.ts';
import { sampleCertificateOfOrigin } from '../fixtures/certificate-of-origin.ts';
import { createTestStack, PASSWORD, submittedApplication, type TestStack } from '../support/test-stack.ts';

const ORIGIN = 'http://localhost';
let stack: TestStack;
let cookie: string;
let actor: Actor;

const send = (path: string, fields?: Record<string, string>) =>
  stack.app.request(path, {
    method: fields ? 'POST' : 'GET',
    headers: {
      Cookie: cookie,
      'Accept-Language': 'mk',
      ...(fields ? { Origin: ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded' } : {}),
    },
    ...(fields ? { body: new URLSearchParams(fields) } : {}),
  });

/** The opening tag of the form control with this field name (`goods.0.quantity.value`). */
const control = (html: string, name: string): string =>
  new RegExp(`<(?:input|select|textarea)[^>]*name="${name.replaceAll('.', '\\.')}"[^>]*>`).exec(html)?.[0] ??
  '';

/** The field names the page marks invalid, in page order. */
const invalidFields = (html: string): string[] =>
  [...html.matchAll(/<(?:input|select|textarea)[^>]*aria-invalid="true"[^>]*>/g)].map(
    (match) => /name="([^"]+)"/.exec(match[0])?.[1] ?? '',
  );

const newDraft = async (): Promise<string> => {
  const created = await send('/portal/applications', { type: 'co' });
  expect(created.status).toBe(303);
  return (created.headers.get('location') ?? '').split('/').pop() ?? '';
};

const stored = (id: string) => stack.core.getApplication({ actor, applicationId: id });

beforeAll(async () => {
  stack = await createTestStack();
  const login = await stack.app.request('/portal/login', {
    method: 'POST',
    headers: { Origin: ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email: stack.users.exporterA?.email ?? '', password: PASSWORD }),
  });
  cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  actor = { userId: 'reader', email: 'reader@example.test', role: 'exporter', orgId: stack.orgA.id };
});

describe('numbers on the Macedonian form', () => {
  it('stores "1.200" as 1200 and "1.250,5" as 1250.5, and shows them back the same way', async () => {
    const id = await newDraft();

    const saved = await send(`/portal/applications/${id}`, {
      version: '1',
      action: 'save',
      'goods.0.description': 'Памучни маици',
      'goods.0.packages.count': '12',
      'goods.0.quantity.value': '1.200',
      'goods.0.grossMassKg': '1.250,5',
    });

    expect(saved.status).toBe(303);
    const goods = (await stored(id)).data.goods as Record<string, unknown>[];
    expect(goods[0]).toMatchObject({ quantity: { value: 1200 }, grossMassKg: 1250.5 });
    const page = await (await send(`/portal/applications/${id}`)).text();
    expect(control(page, 'goods.0.quantity.value')).toContain('value="1.200"');
    expect(control(page, 'goods.0.grossMassKg')).toContain('value="1.250,5"');
  });

  it('refuses "1,200" beside its field, saying how it could be read, and stores nothing', async () => {
    const id = await newDraft();

    const refused = await send(`/portal/applications/${id}`, {
      version: '1',
      action: 'save',
      'goods.0.description': 'Памучни маици',
      'goods.0.quantity.value': '1,200',
      'goods.0.grossMassKg': '1.20',
    });

    expect(refused.status).toBe(400);
    const page = await refused.text();
    expect(invalidFields(page)).toEqual(['goods.0.quantity.value', 'goods.0.grossMassKg']);
    expect(page).toContain('„1,200“ може да значи 1,2 или 1.200');
    expect(page).toContain('„1.20“ не е број напишан како овде');
    expect(control(page, 'goods.0.quantity.value')).toContain('value="1,200"');
    expect(await stored(id)).toMatchObject({ version: 1, data: {} });
  });
});

describe('all the problems at once', () => {
  it('flags every empty field of the consignee and of the goods line on the first submit', async () => {
    const id = await newDraft();

    const refused = await send(`/portal/applications/${id}`, {
      version: '1',
      action: 'submit',
      declare: 'yes',
      originCountry: 'MK',
      'consignee.name': '',
      'goods.0.description': '',
    });

    expect(refused.status).toBe(400);
    const invalid = invalidFields(await refused.text());
    expect(invalid).toEqual(
      expect.arrayContaining([
        'consignee.name',
        'consignee.country',
        'consignee.address',
        'destinationCountry',
        'transport.mode',
        'goods.0.description',
        'goods.0.packages.count',
        'goods.0.packages.kind',
        'goods.0.hsCode',
        'goods.0.quantity.value',
        'goods.0.quantity.unit',
      ]),
    );
  });

  it('after a failed submit, each save shows only the problems that remain', async () => {
    const id = await newDraft();
    const first = await send(`/portal/applications/${id}`, {
      version: '1',
      action: 'submit',
      declare: 'yes',
      'goods.0.description': '',
    });
    expect(first.status).toBe(400);
    const firstPage = await first.text();
    expect(firstPage).toContain('name="check" value="1"');
    const version = /name="version" value="(\d+)"/.exec(firstPage)?.[1] ?? '';

    const saved = await send(`/portal/applications/${id}`, {
      version,
      check: '1',
      action: 'save',
      'consignee.name': 'Müller GmbH',
      'consignee.address': 'Königstraße 12\r\n70173 Stuttgart',
      'goods.0.description': '',
    });

    expect(saved.status).toBe(200);
    const page = await saved.text();
    const invalid = invalidFields(page);
    expect(invalid).not.toContain('consignee.name');
    expect(invalid).not.toContain('consignee.address');
    expect(invalid).toEqual(expect.arrayContaining(['consignee.country', 'goods.0.description']));
    expect((await stored(id)).data.consignee).toEqual({
      name: 'Müller GmbH',
      address: 'Königstraße 12\n70173 Stuttgart',
    });
  });

  it('refuses Chinese text with the character named, in Macedonian', async () => {
    const id = await newDraft();

    const refused = await send(`/portal/applications/${id}`, {
      version: '1',
      action: 'save',
      'consignee.name': 'Shanghai 中国',
    });

    expect(refused.status).toBe(400);
    const page = await refused.text();
    expect(invalidFields(page)).toEqual(['consignee.name']);
    expect(page).toContain('содржи U+4E2D “中”, што не може да се отпечати на уверението');
  });
});

describe('dates on the Macedonian application view', () => {
  it('shows the invoice date the way Macedonian writes it, not as YYYY-MM-DD', async () => {
    const { id } = await submittedApplication(stack, sampleCertificateOfOrigin(1));

    const page = await (await send(`/portal/applications/${id}`)).text();

    expect(page).toContain('INV-2026-0042 (20 ное. 2026 г.)');
    expect(page).not.toContain('2026-11-20');
  });
});
