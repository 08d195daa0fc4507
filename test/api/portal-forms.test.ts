// The exporter's form through the portal app, against DynamoDB Local and s3rver: the EUR.1 form and the
// staff review number and order their boxes as the printed EUR.1 does, "+ New certificate" stores nothing
// until the first save, goods files in the encodings spreadsheets write are imported as typed (anything
// else refused with a message naming the encoding) with the result at the top of the page, and the
// favicon is served.
import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import writeXlsxFile from 'write-excel-file/node';
import { sampleMovementCertificate } from '../fixtures/movement-certificate-eur1.ts';
import { attachInvoice, createTestStack, portalLogIn, type TestStack } from '../support/test-stack.ts';

const ORIGIN = 'http://localhost';
const TEMPLATES = new URL('../../templates/', import.meta.url);

let stack: TestStack;
let exporter: string;
let staff: string;

const logIn = (email: string): Promise<string> => portalLogIn(stack, email);

const get = (path: string, cookie: string) => stack.app.request(path, { headers: { Cookie: cookie } });

const postMultipart = (path: string, cookie: string, body: FormData) =>
  stack.app.request(path, { method: 'POST', headers: { Cookie: cookie, Origin: ORIGIN }, body });

/** Exporter B's applications, read through the API (the portal's pages are what is under test). */
const applicationCount = async (): Promise<number> => {
  const token = await stack.login('exporterB');
  const response = await stack.request('/api/applications?limit=100', { token });
  expect(response.status).toBe(200);
  return ((await response.json()) as { items: unknown[] }).items.length;
};

/** The printed EUR.1's numbered boxes, in the template's order, as the manifest the renderer uses says. */
const printedBoxes = async (): Promise<string[]> => {
  const manifest = JSON.parse(await readFile(new URL('eur1.manifest.json', TEMPLATES), 'utf8')) as {
    fields: Record<string, { number?: string }>;
  };
  return Object.values(manifest.fields)
    .map((field) => field.number)
    .filter((number): number is string => number !== undefined && /^\d+\.$/.test(number))
    .map((number) => number.replace('.', ''));
};

/** Each element marked data-box in the page, with the text that follows it up to the next one. */
const boxesInPage = (html: string) =>
  [...html.matchAll(/data-box="([^"]+)"[^>]*>/g)].map((match, index, all) => {
    const end = all[index + 1]?.index ?? html.length;
    const text = html
      .slice((match.index ?? 0) + match[0].length, end)
      .replace(/<[^>]+>/g, ' ')
      .replace(/\s+/g, ' ')
      .trim();
    return { numbers: (match[1] ?? '').split(' '), text };
  });

const expectPrintedNumbering = async (html: string) => {
  const boxes = boxesInPage(html);
  // box 11 is the customs or chamber endorsement: the exporter neither fills nor sees it in the form
  const expected = (await printedBoxes()).filter((number) => number !== '11');
  expect(expected).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '12']);
  expect(boxes.flatMap((box) => box.numbers)).toEqual(expected);
  for (const box of boxes) {
    const [first, ...rest] = box.numbers;
    expect(box.text.startsWith(`${first}. `), `box ${first}: ${box.text.slice(0, 60)}`).toBe(true);
    for (const number of rest) expect(box.text).toContain(`${number}. `);
  }
};

beforeAll(async () => {
  stack = await createTestStack();
  [exporter, staff] = await Promise.all([
    logIn(stack.users.exporterB?.email ?? ''),
    logIn(stack.users.staff?.email ?? ''),
  ]);
});

describe('the EUR.1 form numbers its boxes as the printed EUR.1', () => {
  it.each(['en', 'mk', 'sq'])(
    'numbers and orders the form’s boxes as the template does (%s)',
    async (language) => {
      const response = await get(`/portal/applications/new?type=eur1&lang=${language}`, exporter);
      expect(response.status).toBe(200);
      await expectPrintedNumbering(await response.text());
    },
  );

  it('numbers and orders the staff review’s facts as the template does', async () => {
    const token = await stack.login('exporterA');
    const created = await stack.request('/api/applications', {
      token,
      json: { type: 'eur1', data: sampleMovementCertificate(2) },
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    await attachInvoice(stack.app.request, token, id);
    const submitted = await stack.request(`/api/applications/${id}/submit`, { token, json: { version: 1 } });
    expect(submitted.status).toBe(200);
    const page = await get(`/portal/queue/${id}`, staff);
    expect(page.status).toBe(200);
    const html = await page.text();
    const facts = html.slice(html.indexOf('id="facts-title"'));
    await expectPrintedNumbering(facts.slice(0, facts.indexOf('</section>')));
  });
});

describe('the portal in Albanian', () => {
  it('answers in Albanian for Accept-Language sq, and offers it in the language switch', async () => {
    const response = await stack.app.request('/portal/login', {
      headers: { 'Accept-Language': 'sq,en;q=0.5' },
    });
    const html = await response.text();
    expect(html).toContain('lang="sq"');
    expect(html).toContain('Kërkoni certifikata të origjinës');
    expect(html).toMatch(/hreflang="sq"[^>]*>Shqip</);
  });
});

describe('+ New certificate', () => {
  it('shows an empty form and stores nothing until the first save, which creates the application', async () => {
    const before = await applicationCount();
    const dashboard = await (await get('/portal/applications', exporter)).text();
    expect(dashboard).toContain('href="/portal/applications/new?type=eur1"');
    for (const type of ['co', 'eur1']) {
      const page = await get(`/portal/applications/new?type=${type}`, exporter);
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain('action="/portal/applications"');
      expect(html).toContain(`name="type" value="${type}"`);
      expect(html).toContain('data-save-first');
    }
    const addLine = new FormData();
    addLine.set('type', 'eur1');
    addLine.set('action', 'add-line');
    expect((await postMultipart('/portal/applications', exporter, addLine)).status).toBe(200);
    expect(await applicationCount()).toBe(before);

    const save = new FormData();
    save.set('type', 'eur1');
    save.set('action', 'save');
    save.set('remarks', 'Prva isporaka');
    const saved = await postMultipart('/portal/applications', exporter, save);
    expect(saved.status).toBe(303);
    const id = (saved.headers.get('location') ?? '').split('/').pop() ?? '';
    expect(await applicationCount()).toBe(before + 1);
    const token = await stack.login('exporterB');
    const stored = (await (await stack.request(`/api/applications/${id}`, { token })).json()) as {
      type: string;
      data: { remarks?: string };
    };
    expect(stored.type).toBe('eur1');
    expect(stored.data.remarks).toBe('Prva isporaka');
  });

  it('refuses an unknown certificate type with MALFORMED_REQUEST and stores nothing', async () => {
    const before = await applicationCount();
    const response = await get('/portal/applications/new?type=eur2', exporter);
    expect(response.status).toBe(400);
    expect(await applicationCount()).toBe(before);
  });
});

/** Windows-1251 by hand (the code page's table) for the few letters the test uses. */
const windows1251 = (text: string): Uint8Array<ArrayBuffer> =>
  Uint8Array.from([...text], (char) => {
    const code = char.charCodeAt(0);
    if (code < 0x80) return code;
    if (code >= 0x410 && code <= 0x44f) return code - 0x410 + 0xc0;
    throw new Error(`not in this test's table: ${char}`);
  });

const importInto = async (file: File) => {
  const body = new FormData();
  body.set('type', 'eur1');
  body.set('action', 'import');
  body.set('goodsCsv', file);
  return postMultipart('/portal/applications', exporter, body);
};

const storedGoods = async (html: string) => {
  const id = /action="\/portal\/applications\/([0-9a-f-]{36})"/.exec(html)?.[1] ?? '';
  const token = await stack.login('exporterB');
  const stored = (await (await stack.request(`/api/applications/${id}`, { token })).json()) as {
    data: { goods?: { description: string }[] };
  };
  return stored.data.goods?.map((line) => line.description);
};

const EUR1_CSV = 'description;packages_count;packages_kind;gross_mass_kg\nПамучни маици;10;кутии;125,5\n';

describe('goods import', () => {
  it('imports a Windows-1251 CSV as the Cyrillic typed, and says so at the top of the page', async () => {
    const response = await importInto(new File([windows1251(EUR1_CSV)], 'goods.csv', { type: 'text/csv' }));
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(await storedGoods(html)).toEqual(['Памучни маици']);
    const result = html.indexOf('id="import-result"');
    expect(result).toBeGreaterThan(0);
    expect(result).toBeLessThan(html.indexOf('id="application-form"'));
    expect(html.slice(result, result + 300)).toMatch(/aria-live="polite"[\s\S]*data-imported[^>]*>1</);
  });

  it('imports UTF-16LE with a BOM (Excel’s “Unicode text”)', async () => {
    const bytes = Uint8Array.from([0xff, 0xfe, ...Buffer.from(EUR1_CSV.replaceAll(';', '\t'), 'utf16le')]);
    const response = await importInto(new File([bytes], 'goods.txt', { type: 'text/plain' }));
    expect(response.status).toBe(200);
    expect(await storedGoods(await response.text())).toEqual(['Памучни маици']);
  });

  it('imports an .xlsx workbook, and lists each refused row with its reason at the top', async () => {
    const workbook = await writeXlsxFile([
      [
        { value: 'description' },
        { value: 'packages_count' },
        { value: 'packages_kind' },
        { value: 'gross_mass_kg' },
      ],
      [{ value: 'Памучни маици' }, { value: 10 }, { value: 'кутии' }, { value: 125.5 }],
      [{ value: 'Волнени џемпери' }, { value: 'пет' }, { value: 'кутии' }, { value: 30 }],
    ]).toBuffer();
    const response = await importInto(new File([new Uint8Array(workbook)], 'goods.xlsx'));
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(await storedGoods(html)).toEqual(['Памучни маици']);
    const errors = html.indexOf('<tr data-row="3">');
    expect(errors).toBeGreaterThan(0);
    expect(errors).toBeLessThan(html.indexOf('id="application-form"'));
    expect(html.slice(errors, errors + 300)).toContain('<code>packages_count</code>');
  });

  it('refuses a Latin-1 file naming the encoding problem, and stores nothing', async () => {
    const before = await applicationCount();
    const latin1 = Uint8Array.from([...'description;packages_count\nGrößere Mäntel;3\n'], (c) =>
      c.charCodeAt(0),
    );
    const response = await importInto(new File([latin1], 'goods.csv', { type: 'text/csv' }));
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain('The file is not text in UTF-8, UTF-16 or Windows-1251 (Cyrillic).');
    expect(html).not.toContain('Grця');
    expect(await applicationCount()).toBe(before);
  });
});

describe('the favicon', () => {
  it.each(['/favicon.svg', '/favicon.ico', '/v/favicon.svg', '/portal/favicon.svg'])(
    'answers %s with the SVG seal, cached for long',
    async (path) => {
      const response = await stack.app.request(path);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
      expect(response.headers.get('cache-control')).toMatch(/max-age=\d{6,}/);
      expect(await response.text()).toMatch(/^<svg /);
    },
  );

  it('is linked from the portal’s pages and the verification page', async () => {
    const portal = await (await stack.app.request('/portal/login')).text();
    expect(portal).toMatch(/<link rel="icon" type="image\/svg\+xml" href="\/portal\/favicon\.svg/);
    const verify = await (await stack.app.request('/v/NOTACODE')).text();
    expect(verify).toMatch(/<link rel="icon" type="image\/svg\+xml" href="\/v\/favicon\.svg"/);
  });
});
