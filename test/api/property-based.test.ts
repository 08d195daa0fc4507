// Hostile input at every JSON endpoint, generated with fast-check: wrong types, huge strings, deep nesting,
// unexpected fields, arrays, null, broken JSON, wrong content types. Whatever arrives, the answer is never a 5xx,
// every 4xx is problem+json with a `code`, and a refused request leaves the stored application exactly as it was.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { createCertificateRepository } from '../../functions/adapters/dynamodb/certificate-repository.ts';
import { sampleCertificateOfOrigin } from '../fixtures/certificate-of-origin.ts';
import { createDraft, issued, type Stored, snapshot, submitted } from '../support/api-fixtures.ts';
import type { Json } from '../support/json.ts';
import { createTestStack, PASSWORD, type TestStack } from '../support/test-stack.ts';

const RUNS = 100;

let stack: TestStack;
let realJws = '';

beforeAll(async () => {
  stack = await createTestStack();
  // Sessions first: the login property below may lock accounts out of logging in again.
  for (const who of ['exporterA', 'staff', 'admin'] as const) await stack.login(who);
  const certificate = await issued(stack);
  const stored = await createCertificateRepository(stack.db, stack.config.tableName).findByCode(
    stack.config.issuer.id,
    certificate.code,
  );
  realJws = stored?.jws ?? '';
});

// ── generators ───────────────────────────────────────────────────────────────────────────────────────────────────

const nest = (depth: number, kind: 'array' | 'object'): unknown => {
  let value: unknown = 'bottom';
  for (let level = 0; level < depth; level++) value = kind === 'array' ? [value] : { a: value };
  return value;
};

/** ~100 KB of text, in a few alphabets. */
const hugeString = fc
  .tuple(fc.integer({ min: 90_000, max: 110_000 }), fc.constantFrom('x', 'я', '💥', '\u0000', '"'))
  .map(([length, unit]) => unit.repeat(length / unit.length));

const deepNesting = fc
  .tuple(fc.integer({ min: 20, max: 800 }), fc.constantFrom('array' as const, 'object' as const))
  .map(([depth, kind]) => nest(depth, kind));

const oddNumber = fc.constantFrom(0, -1, -0, 1.5, 2 ** 53 + 1, 1e308, -1e308, Number.MAX_SAFE_INTEGER);

const prototypeTricks = fc.constantFrom(
  JSON.parse('{"__proto__":{"role":"admin","isAdmin":true}}') as unknown,
  { constructor: { prototype: { role: 'admin' } } },
  { toString: 'x', valueOf: 1, hasOwnProperty: null },
);

/** Any value a field could be sent with. */
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: fc.jsonValue({ maxDepth: 3 }), weight: 6 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 40 }), weight: 3 },
  { arbitrary: oddNumber, weight: 2 },
  { arbitrary: fc.constantFrom(null, true, false, [], {}, '', ' '), weight: 2 },
  { arbitrary: hugeString, weight: 1 },
  { arbitrary: deepNesting, weight: 1 },
  { arbitrary: prototypeTricks, weight: 1 },
);

const unexpectedFields = fc.dictionary(
  fc.oneof(
    fc.string({ maxLength: 12 }),
    fc.constantFrom('role', 'orgId', 'status', 'version', 'isAdmin', '__proto__'),
  ),
  hostileValue,
  { maxKeys: 3 },
);

/** An object with the endpoint's fields, each valid or hostile, some missing, maybe with fields nobody asked for. */
const shaped = (valid: Record<string, unknown>) =>
  fc
    .tuple(
      fc.record(
        Object.fromEntries(
          Object.entries(valid).map(([key, value]) => [
            key,
            fc.oneof({ arbitrary: fc.constant(value), weight: 3 }, { arbitrary: hostileValue, weight: 2 }),
          ]),
        ),
        { requiredKeys: [] },
      ),
      fc.option(unexpectedFields, { nil: undefined, freq: 3 }),
    )
    .map(([fields, extra]) => ({ ...fields, ...extra }));

/** The sample certificate data with one field, or one goods line field, replaced by a hostile value. */
const nearlyValidData = fc
  .tuple(
    fc.constantFrom(...Object.keys(sampleCertificateOfOrigin(1))),
    fc.constantFrom('marks', 'packages', 'description', 'hsCode', 'quantity', 'grossMassKg', 'nope'),
    fc.boolean(),
    hostileValue,
  )
  .map(([key, lineKey, inLine, value]) => {
    const data: Json = sampleCertificateOfOrigin(2);
    if (inLine) data.goods[1][lineKey] = value;
    else data[key] = value;
    return data;
  });

interface RawBody {
  text: string | undefined;
  contentType: string | undefined;
}

const asJson = (body: fc.Arbitrary<unknown>): fc.Arbitrary<RawBody> =>
  body.map((value) => ({ text: JSON.stringify(value) ?? 'undefined', contentType: 'application/json' }));

/** Bodies that are not the JSON they claim to be, or claim to be something else. */
const brokenBodies = (valid: unknown): fc.Arbitrary<RawBody> => {
  const text = JSON.stringify(valid);
  return fc.oneof(
    fc
      .nat({ max: text.length - 1 })
      .map((cut) => ({ text: text.slice(0, cut), contentType: 'application/json' })),
    fc
      .string({ unit: 'binary', maxLength: 200 })
      .map((junk) => ({ text: junk, contentType: 'application/json' })),
    fc
      .constantFrom(
        'text/plain',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        'application/xml',
      )
      .map((contentType) => ({ text, contentType })),
    fc.constantFrom<RawBody>(
      { text: undefined, contentType: undefined },
      { text: '', contentType: 'application/json' },
      { text: 'null', contentType: 'application/json' },
      { text: '[]', contentType: 'application/json' },
      { text: '"a string"', contentType: 'application/json' },
      { text: '\uFEFF{}', contentType: 'application/json' },
      { text: '{"a":1,"a":2}', contentType: 'application/json' },
      { text: `${text}${text}`, contentType: 'application/json' },
      { text: 'x'.repeat(1_100_000), contentType: 'application/json' },
    ),
    fc
      .tuple(fc.integer({ min: 1_000, max: 100_000 }), fc.constantFrom('[', '{"a":'))
      .map(([depth, open]) => ({
        text: `${open.repeat(depth)}1${(open === '[' ? ']' : '}').repeat(depth)}`,
        contentType: 'application/json',
      })),
  );
};

/** Everything an endpoint is exposed to: hostile JSON of its own shape, any JSON at all, and broken bodies. */
const bodiesFor = (valid: Record<string, unknown>, extra?: fc.Arbitrary<unknown>): fc.Arbitrary<RawBody> =>
  fc.oneof(
    { arbitrary: asJson(shaped(valid)), weight: 5 },
    { arbitrary: asJson(hostileValue), weight: 2 },
    { arbitrary: brokenBodies(valid), weight: 2 },
    ...(extra ? [{ arbitrary: asJson(extra), weight: 3 }] : []),
  );

// ── the property ─────────────────────────────────────────────────────────────────────────────────────────────────

type Fixture = 'draft' | 'submitted';

interface Endpoint {
  route: string;
  who: 'exporterA' | 'staff' | 'admin' | undefined;
  /** The application the request aims at; without one, a submitted application of org A stands by as a witness. */
  fixture?: Fixture;
  path: (applicationId: string) => string;
  method?: 'POST' | 'PATCH';
  bodies: fc.Arbitrary<RawBody>;
  /** Non-problem JSON the endpoint may legitimately answer 4xx with (the public verification outcomes). */
  outcome4xx?: (body: Json) => boolean;
}

const fixtureOf = (kind: Fixture | undefined): Promise<Stored> =>
  kind === 'draft' ? createDraft(stack) : submitted(stack);

const send = async (endpoint: Endpoint, applicationId: string, body: RawBody) => {
  const token = endpoint.who ? await stack.login(endpoint.who) : undefined;
  return stack.app.request(endpoint.path(applicationId), {
    method: endpoint.method ?? 'POST',
    headers: {
      ...(body.contentType ? { 'Content-Type': body.contentType } : {}),
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
    },
    ...(body.text === undefined ? {} : { body: body.text }),
  });
};

const checkAnswer = async (endpoint: Endpoint, response: Response) => {
  const text = await response.text();
  expect(response.status, text.slice(0, 500)).toBeLessThan(500);
  if (response.status < 400) return;
  const body = JSON.parse(text) as Json;
  if (endpoint.outcome4xx?.(body) && response.headers.get('Content-Type')?.startsWith('application/json'))
    return;
  expect(response.headers.get('Content-Type')).toBe('application/problem+json');
  expect(body).toMatchObject({ status: response.status, code: expect.stringMatching(/^[A-Z_]+$/) });
};

/** The stored application as a reader sees it; the audit trail is compared once per property, at the end. */
const readApplication = async (id: string) =>
  (await stack.request(`/api/applications/${id}`, { token: await stack.login('exporterA') })).text();

const assertRobust = async (endpoint: Endpoint) => {
  let target = await fixtureOf(endpoint.fixture);
  let before = await snapshot(stack, target.id);
  let accepted = 0;
  await fc.assert(
    fc.asyncProperty(endpoint.bodies, async (body) => {
      const response = await send(endpoint, target.id, body);
      await checkAnswer(endpoint, response);
      if (response.status < 400) {
        accepted++;
        if (endpoint.fixture) {
          target = await fixtureOf(endpoint.fixture);
          before = await snapshot(stack, target.id);
        }
        return;
      }
      expect(await readApplication(target.id)).toBe(before.application);
    }),
    { numRuns: RUNS },
  );
  const after = await snapshot(stack, target.id);
  expect(after.application).toBe(before.application);
  expect(after.events).toBe(before.events);
  return accepted;
};

const version = (value: number) => ({ version: value });
const VERIFICATION_OUTCOMES = ['VALID', 'REVOKED', 'SUPERSEDED', 'NOT_FOUND', 'TAMPERED', 'UNKNOWN_KEY'];

const jwsLike = fc.oneof(
  fc
    .tuple(fc.base64String(), fc.base64String(), fc.base64String())
    .map((parts) => parts.join('.').replaceAll('=', '')),
  fc.constant('eyJhbGciOiJub25lIn0.eyJzZXJpYWwiOiJYIn0.'),
  fc.nat().map((index) => {
    const at = index % realJws.length;
    const flipped = realJws[at] === 'A' ? 'B' : 'A';
    return `${realJws.slice(0, at)}${flipped}${realJws.slice(at + 1)}`;
  }),
  fc.constant(`${realJws}.extra`),
);

const ENDPOINTS: Endpoint[] = [
  {
    route: 'POST /api/applications',
    who: 'exporterA',
    path: () => '/api/applications',
    bodies: bodiesFor(
      { type: 'co', data: sampleCertificateOfOrigin(1) },
      nearlyValidData.map((data) => ({ type: 'co', data })),
    ),
  },
  {
    route: 'PATCH /api/applications/:id',
    who: 'exporterA',
    fixture: 'draft',
    method: 'PATCH',
    path: (id) => `/api/applications/${id}`,
    bodies: bodiesFor(
      { version: 1, data: sampleCertificateOfOrigin(1) },
      nearlyValidData.map((data) => ({ version: 1, data })),
    ),
  },
  {
    route: 'POST /api/applications/:id/submit',
    who: 'exporterA',
    fixture: 'draft',
    path: (id) => `/api/applications/${id}/submit`,
    bodies: bodiesFor(version(1), oddNumber.map(version)),
  },
  {
    route: 'POST /api/applications/:id/approve',
    who: 'staff',
    fixture: 'submitted',
    path: (id) => `/api/applications/${id}/approve`,
    // A stale version as the well-formed value: each approval that got through would render a PDF (slow).
    bodies: bodiesFor(version(1), oddNumber.map(version)),
  },
  {
    route: 'POST /api/applications/:id/request-changes',
    who: 'staff',
    fixture: 'submitted',
    path: (id) => `/api/applications/${id}/request-changes`,
    bodies: bodiesFor({ version: 2, comment: 'Box 7: HS code missing.' }),
  },
  {
    route: 'POST /api/orgs',
    who: 'admin',
    path: () => '/api/orgs',
    bodies: bodiesFor({
      name: 'Пелагонија Агро ДООЕЛ',
      address: { street: 'Индустриска 3', city: 'Битола', country: 'MK' },
      taxId: '4002999123456',
    }),
  },
  {
    route: 'POST /api/users',
    who: 'admin',
    path: () => '/api/users',
    bodies: bodiesFor({
      email: 'new.person@a.test',
      name: 'Нова Личност',
      role: 'exporter',
      orgId: '00000000-0000-4000-8000-000000000000',
      orgAdmin: false,
      password: 'a long enough password',
    }),
  },
  {
    route: 'POST /api/api-keys',
    who: 'exporterA',
    path: () => '/api/api-keys',
    bodies: bodiesFor({ name: 'ERP' }),
  },
  {
    route: 'POST /api/verify/jws',
    who: undefined,
    path: () => '/api/verify/jws',
    bodies: bodiesFor(
      { jws: 'a.b.c' },
      jwsLike.map((jws) => ({ jws })),
    ),
    outcome4xx: (body) => VERIFICATION_OUTCOMES.includes(body.status) && typeof body.message === 'string',
  },
  // Last: failed logins count towards the throttle and may lock accounts out of logging in again.
  {
    route: 'POST /api/auth/login',
    who: undefined,
    path: () => '/api/auth/login',
    bodies: bodiesFor(
      { email: 'exporter@a.test', password: PASSWORD },
      fc.record({
        email: fc.oneof(fc.emailAddress(), fc.constant('EXPORTER@A.TEST ')),
        password: hostileValue,
      }),
    ),
  },
];

describe('hostile JSON never breaks an endpoint', () => {
  it.each(ENDPOINTS.map((endpoint) => [endpoint.route, endpoint] as const))(
    '%s: no 5xx, every 4xx is problem+json with a code, a refused request changes nothing',
    async (_route, endpoint) => {
      const accepted = await assertRobust(endpoint);
      expect(accepted).toBeLessThan(RUNS);
    },
  );
});

describe('data as large as the schema allows', () => {
  /** 400 goods lines with 988-character descriptions: valid for the schema, ~460 KB of JSON, under the 1 MB body limit. */
  const bulky = () => {
    const data: Json = sampleCertificateOfOrigin(400);
    for (const line of data.goods) line.description = 'Cotton T-shirts, knitted. '.repeat(38);
    return data;
  };

  it('is refused with a 4xx problem (not a 5xx) when it cannot be stored, on create', async () => {
    const response = await stack.request('/api/applications', {
      token: await stack.login('exporterA'),
      json: { type: 'co', data: bulky() },
    });
    expect(response.status, (await response.clone().text()).slice(0, 300)).toBeLessThan(500);
    await checkAnswer(ENDPOINTS[0] as Endpoint, response);
  });

  it('is refused with a 4xx problem (not a 5xx) on edit, and the draft stays as it was', async () => {
    const draft = await createDraft(stack);
    const before = await snapshot(stack, draft.id);
    const response = await stack.request(`/api/applications/${draft.id}`, {
      token: await stack.login('exporterA'),
      method: 'PATCH',
      json: { version: draft.version, data: bulky() },
    });
    expect(response.status, (await response.clone().text()).slice(0, 300)).toBeLessThan(500);
    await checkAnswer(ENDPOINTS[1] as Endpoint, response);
    if (response.status >= 400)
      expect((await snapshot(stack, draft.id)).application).toBe(before.application);
  });
});
