// Saving and submitting say everything at once: every missing or invalid field of the application,
// down to each field of each goods line, in one answer; and text the certificate cannot print is
// refused when it is saved, naming the character. Against DynamoDB Local and s3rver.
import { beforeAll, describe, expect, it } from 'vitest';
import { sampleCertificateOfOrigin } from '../fixtures/certificate-of-origin.ts';
import { type Json, readJson } from '../support/json.ts';
import { attachInvoice, createTestStack, type TestStack } from '../support/test-stack.ts';

let stack: TestStack;

beforeAll(async () => {
  stack = await createTestStack();
});

const pathsOf = (problem: Json): string[] => problem.errors.map((error: { path: string }) => error.path);

const createDraft = async (token: string, data: unknown) => {
  const created = await stack.request('/api/applications', { token, json: { type: 'co', data } });
  expect(created.status).toBe(201);
  return (await readJson(created)) as { id: string; version: number };
};

describe('submitting an incomplete application', () => {
  it('names every field of an empty consignee and of an empty goods line in one answer', async () => {
    const exporter = await stack.login('exporterA');
    const { id } = await createDraft(exporter, { originCountry: 'MK', consignee: {}, goods: [{}] });
    await attachInvoice(stack.app.request, exporter, id);

    const refused = await stack.request(`/api/applications/${id}/submit`, {
      token: exporter,
      json: { version: 1 },
    });

    expect(refused.status).toBe(400);
    const problem = await readJson(refused);
    expect(problem.code).toBe('VALIDATION_FAILED');
    expect(pathsOf(problem).sort()).toEqual(
      [
        'data.consignee.name',
        'data.consignee.address',
        'data.consignee.country',
        'data.destinationCountry',
        'data.transport.mode',
        'data.goods.0.marks',
        'data.goods.0.packages.count',
        'data.goods.0.packages.kind',
        'data.goods.0.description',
        'data.goods.0.hsCode',
        'data.goods.0.quantity.value',
        'data.goods.0.quantity.unit',
        'data.invoices',
      ].sort(),
    );
    const byPath = new Map(problem.errors.map((error: Json) => [error.path, error]));
    // the English message stays for people; `code` is what clients act on
    expect(byPath.get('data.consignee.name')).toMatchObject({ code: 'required' });
    expect(byPath.get('data.goods.0.hsCode')).toMatchObject({ code: 'required' });
    expect(byPath.get('data.transport.mode')).toMatchObject({ code: 'required' });
    expect(byPath.get('data.goods.0.packages.count')).toMatchObject({ code: 'required' });
    const unchanged = await readJson(await stack.request(`/api/applications/${id}`, { token: exporter }));
    expect(unchanged).toMatchObject({ status: 'DRAFT', version: 1 });
  });

  it('accepts a draft with a half-filled consignee and goods line, and submits once they are complete', async () => {
    const exporter = await stack.login('exporterA');
    const complete = sampleCertificateOfOrigin(1);
    const { id } = await createDraft(exporter, {
      ...complete,
      consignee: { name: complete.consignee.name },
      goods: [{ description: 'Socks' }],
    });
    await attachInvoice(stack.app.request, exporter, id);
    const saved = await stack.request(`/api/applications/${id}`, {
      method: 'PATCH',
      token: exporter,
      json: { version: 1, data: complete },
    });
    expect(saved.status).toBe(200);

    const submitted = await stack.request(`/api/applications/${id}/submit`, {
      token: exporter,
      json: { version: 2 },
    });

    expect(submitted.status).toBe(200);
  });
});

describe('text the certificate cannot print', () => {
  it('gives the errors of a refused request body a stable code beside the English message', async () => {
    const exporter = await stack.login('exporterA');
    const refused = await stack.request('/api/applications', { token: exporter, json: { type: 'xx' } });

    expect(refused.status).toBe(400);
    const problem = await readJson(refused);
    expect(problem.errors).toContainEqual(
      expect.objectContaining({ path: 'type', code: 'not_an_option', message: expect.any(String) }),
    );
  });

  it('refuses Chinese characters when a draft is created, naming the first one', async () => {
    const exporter = await stack.login('exporterA');
    const refused = await stack.request('/api/applications', {
      token: exporter,
      json: { type: 'co', data: { consignee: { name: 'Shanghai 中国 Trading' } } },
    });

    expect(refused.status).toBe(400);
    const problem = await readJson(refused);
    expect(problem.code).toBe('VALIDATION_FAILED');
    expect(problem.errors).toEqual([
      {
        path: 'data.consignee.name',
        message: 'contains U+4E2D “中”, which the certificate cannot print',
        code: 'unprintable',
        params: { character: 'U+4E2D “中”' },
      },
    ]);
  });

  it('refuses a control character in a goods line when a draft is saved, and keeps the stored draft', async () => {
    const exporter = await stack.login('exporterA');
    const sample = sampleCertificateOfOrigin(2);
    const { id } = await createDraft(exporter, sample);
    const goods = structuredClone(sample.goods);
    goods[1] = { ...goods[1], description: 'Bell\u0007 sweaters' } as (typeof goods)[number];

    const refused = await stack.request(`/api/applications/${id}`, {
      method: 'PATCH',
      token: exporter,
      json: { version: 1, data: { ...sample, goods } },
    });

    expect(refused.status).toBe(400);
    const problem = await readJson(refused);
    expect(problem.code).toBe('VALIDATION_FAILED');
    expect(problem.errors).toEqual([
      {
        path: 'data.goods.1.description',
        message: 'contains U+0007, which the certificate cannot print',
        code: 'unprintable',
        params: { character: 'U+0007' },
      },
    ]);
    const stored = await readJson(await stack.request(`/api/applications/${id}`, { token: exporter }));
    expect(stored).toMatchObject({ version: 1, data: { goods: sample.goods } });
  });

  it('accepts the Latin, Cyrillic and Albanian text certificates carry, with line breaks', async () => {
    const exporter = await stack.login('exporterA');
    const { id } = await createDraft(exporter, {
      consignee: {
        name: 'Çeliku i Shqipërisë sh.p.k. — Македонски Текстил ДООЕЛ',
        address: 'Rruga e Durrësit 5\nTiranë',
        country: 'AL',
      },
      remarks: 'Ђорђе Šćepan Žužić; 10 × 20 → 200…',
    });
    expect(id).toBeTruthy();
  });
});
