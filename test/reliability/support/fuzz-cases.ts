// Hostile requests for one endpoint, generated with fast-check, each with the answers it may get. An endpoint
// is described once (method, path, who may call it, its parameters, query and body as a valid request would
// send them); every case then breaks exactly one thing about that valid request, so that the refusal is the
// endpoint's answer to the broken part and nothing else.
import fc from 'fast-check';

export type Who = 'exporterA' | 'exporterB' | 'staff' | 'admin';

export interface JsonBody {
  kind: 'json';
  valid: Record<string, unknown>;
  required: readonly string[];
  /** The body limit of the route: the api's 1 MB, or the verify routes' 10 MB. */
  limitBytes: number;
}

export interface Target {
  route: string;
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** With `:name` placeholders filled from `params`. */
  path: string;
  params?: Record<string, string>;
  who?: Who;
  /** Valid tokens that must still be refused (403, or 404 for another organisation's records). */
  wrongRoles?: readonly Who[];
  query?: {
    valid: Record<string, string>;
    /** Unknown parameters are refused (400) rather than ignored. */
    strict: boolean;
    invalid: Record<string, fc.Arbitrary<string>>;
  };
  body?: JsonBody | { kind: 'multipart' } | { kind: 'raw' } | { kind: 'none' };
  /** The answer to a request this endpoint accepts (junk it ignores: headers, unknown query on lax routes). */
  okStatus: number;
  /** Also right for such a request: a throttled route's 429 once its limit is reached (the password-reset mail). */
  alsoOk?: readonly number[];
  /** What a changed path parameter gets, when not 400 or 404 (a role refused before any lookup: 403). */
  paramExpect?: readonly number[];
  /** Verification outcomes (NOT_FOUND 404, TAMPERED 422, …) are answered as outcome JSON or the HTML page. */
  outcome?: 'json' | 'html';
  /** Other methods on the same path that do exist (those are not "wrong method"). */
  siblings?: readonly string[];
}

export interface FuzzCase {
  kind: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string | Uint8Array;
  expect: readonly number[];
}

export interface Context {
  tokens: Record<Who, string>;
  loggedOutToken: string;
  bigFile: Uint8Array;
  pdf: Uint8Array;
}

const OTHER_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

// ── building blocks ────────────────────────────────────────────────────────────────────────────────────────────

/** Percent-encodes, replacing lone surrogates first (they have no UTF-8 form, and encodeURIComponent throws). */
export const encode = (value: string) =>
  encodeURIComponent(
    value.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD'),
  );

const fillPath = (target: Target, override?: { name: string; value: string; raw: boolean }) =>
  target.path.replace(/:([A-Za-z]+)/g, (_match, name: string) => {
    if (override?.name === name) return override.raw ? override.value : encode(override.value);
    return encode(target.params?.[name] ?? '');
  });

const queryString = (entries: readonly (readonly [string, string])[]) =>
  entries.length === 0
    ? ''
    : `?${entries.map(([key, value]) => `${encode(key)}=${encode(value)}`).join('&')}`;

const validQuery = (target: Target) => queryString(Object.entries(target.query?.valid ?? {}));

const authHeaders = (context: Context, who: Who | undefined): Record<string, string> =>
  who ? { Authorization: `Bearer ${context.tokens[who]}` } : {};

const jsonText = (value: unknown) => JSON.stringify(value);

/** A valid request's parts, for cases that break only one thing. */
const validParts = (target: Target, context: Context) => {
  const headers: Record<string, string> = { ...authHeaders(context, target.who) };
  let body: string | Uint8Array | undefined;
  if (target.body?.kind === 'json') {
    headers['Content-Type'] = 'application/json';
    body = jsonText(target.body.valid);
  } else if (target.body?.kind === 'multipart') {
    const form = multipart([
      { name: 'file', fileName: 'invoice.pdf', bytes: context.pdf },
      { name: 'kind', bytes: 'invoice' },
    ]);
    headers['Content-Type'] = form.contentType;
    body = form.body;
  } else if (target.body?.kind === 'raw') {
    headers['Content-Type'] = 'application/pdf';
    body = context.pdf;
  }
  return { path: `${fillPath(target)}${validQuery(target)}`, headers, body };
};

const anyJsonValue = fc.jsonValue({ maxDepth: 2 });

const nested = (depth: number, open: '[' | '{"a":') =>
  `${open.repeat(depth)}1${(open === '[' ? ']' : '}').repeat(depth)}`;

/** A JSON value of another type than `value` has (string ↔ number ↔ boolean ↔ null ↔ array ↔ object). */
const otherTypeThan = (value: unknown): fc.Arbitrary<unknown> => {
  const kind = Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value;
  const choices: fc.Arbitrary<unknown>[] = [];
  if (kind !== 'string') choices.push(fc.string({ maxLength: 30 }));
  if (kind !== 'number')
    choices.push(fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true })));
  if (kind !== 'boolean') choices.push(fc.boolean());
  if (kind !== 'null') choices.push(fc.constant(null));
  if (kind !== 'array') choices.push(fc.array(anyJsonValue, { maxLength: 3 }));
  if (kind !== 'object')
    choices.push(fc.dictionary(fc.string({ maxLength: 8 }), anyJsonValue, { maxKeys: 3 }));
  return fc.oneof(...choices);
};

/** Invalid UTF-8: lone continuation bytes, overlong forms, surrogates, truncated sequences. */
export const invalidUtf8 = fc.constantFrom(
  Uint8Array.from([0xff]),
  Uint8Array.from([0xc3, 0x28]),
  Uint8Array.from([0xed, 0xa0, 0x80]),
  Uint8Array.from([0xc0, 0xaf]),
  Uint8Array.from([0xf8, 0x88, 0x80, 0x80, 0x80]),
  Uint8Array.from([0xe2, 0x82]),
);

export const concat = (...parts: (string | Uint8Array)[]) =>
  Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part) : Buffer.from(part))));

/** Names no schema declares, including the prototype-pollution classics and look-alikes of real fields. */
export const unknownKey = (known: readonly string[]) =>
  fc
    .oneof(
      fc.string({ minLength: 1, maxLength: 16 }),
      fc.constantFrom(
        '__proto__',
        'constructor',
        'prototype',
        'role',
        'orgId',
        'status',
        'isAdmin',
        'issuerId',
      ),
      fc.constantFrom(...known).map((name) => `${name} `),
      fc.constantFrom(...known).map((name) => name.toUpperCase()),
    )
    .filter((name) => !known.includes(name));

/** Adds `"key": value` to a JSON object's text (so that `__proto__` is a real own key, as on the wire). */
const withField = (objectText: string, key: string, valueText: string) =>
  objectText === '{}'
    ? `{${JSON.stringify(key)}:${valueText}}`
    : `${objectText.slice(0, -1)},${JSON.stringify(key)}:${valueText}}`;

// ── kinds of hostile case ──────────────────────────────────────────────────────────────────────────────────────

const authCases = (target: Target, context: Context): fc.Arbitrary<FuzzCase> => {
  const valid = validParts(target, context);
  const { Authorization: _dropped, ...rest } = valid.headers;
  const expect = target.route === 'POST /api/auth/logout' ? [204] : [401];
  const hostile = fc.oneof(
    fc.constant<Record<string, string>>({}),
    fc.constant({ Authorization: 'Bearer' }),
    fc.constant({ Authorization: `Bearer ${context.loggedOutToken}` }),
    fc.constant({ Authorization: `Basic ${Buffer.from('admin@chamber.test:password').toString('base64')}` }),
    fc.constant({ Authorization: 'Bearer eyJhbGciOiJub25lIn0.eyJyb2xlIjoiYWRtaW4ifQ.' }),
    fc
      .string({ unit: fc.constantFrom(...'ABCDEFabcdef0123456789_-'), minLength: 20, maxLength: 200 })
      .map((token) => ({ Authorization: `Bearer ${token}` })),
    fc
      .string({ unit: fc.constantFrom(...'abcdef0123456789_-'), minLength: 10, maxLength: 60 })
      .map((secret) => ({
        Authorization: `Bearer tck_${secret}`,
      })),
    fc.string({ minLength: 201, maxLength: 400, unit: fc.constantFrom('A', 'b', '9') }).map((token) => ({
      Authorization: `Bearer ${token}`,
    })),
    fc.string({ maxLength: 60, unit: fc.constantFrom(...'abcXYZ012=;') }).map((junk) => ({
      Cookie: `tc_session=${junk}`,
    })),
    fc.constant({ Cookie: `tc_session=${context.loggedOutToken}; tc_session=${context.loggedOutToken}` }),
  );
  return hostile.map((headers) => ({
    kind: 'auth',
    method: target.method,
    path: valid.path,
    headers: { ...rest, ...headers },
    ...(valid.body === undefined ? {} : { body: valid.body }),
    expect,
  }));
};

const roleCases = (target: Target, context: Context): fc.Arbitrary<FuzzCase> => {
  const valid = validParts(target, context);
  return fc.constantFrom(...(target.wrongRoles ?? [])).map((who) => ({
    kind: 'role',
    method: target.method,
    path: valid.path,
    headers: { ...valid.headers, Authorization: `Bearer ${context.tokens[who]}` },
    ...(valid.body === undefined ? {} : { body: valid.body }),
    expect: [403, 404],
  }));
};

export const hostileSegment = fc.oneof(
  fc.constantFrom(
    '..',
    '.',
    '../../../etc/passwd',
    '..\\..\\windows\\win.ini',
    '%2e%2e%2f%2e%2e%2f',
    '....//....//',
    '\u0000',
    '%00',
    'null',
    'undefined',
    '[object Object]',
    "' OR '1'='1",
    '{"$ne":null}',
    'ISS#demo-chamber#APP#x',
    '00000000-0000-0000-0000-000000000000',
    'ffffffff-ffff-ffff-ffff-ffffffffffff',
  ),
  fc.uuid(),
  fc.string({ minLength: 1, maxLength: 40 }),
  fc.string({ minLength: 1, maxLength: 20, unit: 'binary' }),
  fc.integer({ min: 100, max: 5000 }).map((length) => 'a'.repeat(length)),
);

const paramCases = (target: Target, context: Context): fc.Arbitrary<FuzzCase> => {
  const valid = validParts(target, context);
  const names = Object.keys(target.params ?? {});
  return fc
    .tuple(fc.constantFrom(...names), hostileSegment, fc.boolean())
    .filter(([name, value]) => value !== target.params?.[name] && value.length > 0)
    .map(([name, value, raw]) => ({
      kind: 'param',
      method: target.method,
      // raw: as typed, so that `..` and `/` reach the router unencoded (the URL parser resolves dot segments)
      // raw: as typed (percent escapes reach the router undecoded by the client); dot segments are left to the
      // path-traversal tests, since any URL parser resolves them before a request is sent
      path: `${fillPath(target, { name, value, raw: raw && /^[A-Za-z0-9%_-]+$/.test(value) })}${validQuery(target)}`,
      headers: valid.headers,
      ...(valid.body === undefined ? {} : { body: valid.body }),
      expect: target.paramExpect ?? [400, 404],
    }));
};

const queryCases = (target: Target, context: Context): fc.Arbitrary<FuzzCase> => {
  const query = target.query as NonNullable<Target['query']>;
  const valid = validParts(target, context);
  const base = fillPath(target);
  const known = Object.keys(query.invalid);
  const invalidValue = fc
    .constantFrom(...(known.length ? known : ['x']))
    .chain((name) => (query.invalid[name] ?? fc.string()).map((value) => ({ name, value })));
  const variants: fc.Arbitrary<FuzzCase>[] = [];
  if (known.length > 0) {
    variants.push(
      invalidValue.map(({ name, value }) => ({
        kind: 'query',
        method: target.method,
        path: `${base}${queryString([...Object.entries(query.valid).filter(([key]) => key !== name), [name, value]])}`,
        headers: valid.headers,
        expect: [400],
      })),
    );
    variants.push(
      fc
        .tuple(
          fc.constantFrom(...known),
          fc.array(fc.string({ maxLength: 10 }), { minLength: 2, maxLength: 4 }),
        )
        .map(([name, values]) => ({
          kind: 'query',
          method: target.method,
          path: `${base}${queryString(values.map((value) => [name, value] as const))}`,
          headers: valid.headers,
          expect: [400],
        })),
    );
  }
  variants.push(
    fc.tuple(unknownKey(known), fc.string({ maxLength: 30 })).map(([name, value]) => ({
      kind: 'query',
      method: target.method,
      path: `${base}${queryString([...Object.entries(query.valid), [name, value]])}`,
      headers: valid.headers,
      expect: query.strict ? [400] : [target.okStatus, ...(target.alsoOk ?? [])],
    })),
  );
  return fc.oneof(...variants);
};

/** Junk an endpoint with nothing to read should ignore: query strings and odd headers. */
const ignoredCases = (target: Target, context: Context): fc.Arbitrary<FuzzCase> => {
  const valid = validParts(target, context);
  return fc
    .tuple(
      fc.array(fc.tuple(fc.string({ maxLength: 12 }), fc.string({ maxLength: 40 })), { maxLength: 4 }),
      fc.record(
        {
          Accept: fc.constantFrom('*/*', 'text/html', 'application/json', 'image/png', 'x/y; q=foo', ''),
          'Accept-Language': fc.oneof(
            fc.constantFrom('mk', 'sq;q=0.9, en;q=0.1', '*', 'xx-YY', ''),
            fc.integer({ min: 500, max: 4000 }).map((length) => 'a'.repeat(length)),
          ),
          'X-Forwarded-For': fc.constantFrom('127.0.0.1', '10.0.0.1, 8.8.8.8', 'not-an-ip', ''),
          'If-None-Match': fc.string({ maxLength: 20, unit: fc.constantFrom(...'abc"W/') }),
        },
        { requiredKeys: [] },
      ),
    )
    .map(([query, headers]) => ({
      kind: 'ignored',
      method: target.method,
      // routes that read a query judge its parameters (query cases); the others must ignore any
      path: `${fillPath(target)}${target.query ? validQuery(target) : queryString(query.filter(([key]) => key.length > 0))}`,
      headers: { ...headers, ...valid.headers },
      expect: [target.okStatus, ...(target.alsoOk ?? [])],
    }));
};

const methodCases = (target: Target, context: Context): fc.Arbitrary<FuzzCase> => {
  const valid = validParts(target, context);
  const others = OTHER_METHODS.filter(
    (method) => method !== target.method && !(target.siblings ?? []).includes(method),
  );
  return fc.constantFrom(...others).map((method) => ({
    kind: 'method',
    method,
    path: valid.path,
    headers: valid.headers,
    ...(valid.body === undefined || method === 'GET' ? {} : { body: valid.body }),
    // another route may match the same path with another method (DELETE /api/webhooks/deliveries is
    // DELETE /api/webhooks/:id with a malformed id): 400 is right there. The API refuses an unsafe request whose
    // body is not JSON (or multipart on an upload route) before routing it (docs/security.md, CSRF): 415.
    expect: [400, 404, 405, 415],
  }));
};

const idempotencyCases = (target: Target, context: Context): fc.Arbitrary<FuzzCase> => {
  const valid = validParts(target, context);
  return fc
    .oneof(
      fc.constant(''),
      fc.integer({ min: 256, max: 2000 }).map((length) => 'k'.repeat(length)),
      fc.constantFrom('clé', 'a b', 'naïve key'),
    )
    .map((key) => ({
      kind: 'idempotency-key',
      method: target.method,
      path: valid.path,
      headers: { ...valid.headers, 'Idempotency-Key': key },
      ...(valid.body === undefined ? {} : { body: valid.body }),
      expect: [400],
    }));
};

const jsonBodyCases = (target: Target, context: Context, body: JsonBody): fc.Arbitrary<FuzzCase> => {
  const valid = validParts(target, context);
  const validText = jsonText(body.valid);
  const fields = Object.keys(body.valid);
  const make = (
    kind: string,
    text: string | Uint8Array,
    expect: readonly number[],
    contentType = 'application/json',
  ) => ({
    kind,
    method: target.method,
    path: valid.path,
    headers: { ...valid.headers, 'Content-Type': contentType },
    body: text,
    expect,
  });
  const isRecord = (value: unknown) => typeof value === 'object' && value !== null && !Array.isArray(value);
  const cases: { arbitrary: fc.Arbitrary<FuzzCase>; weight: number }[] = [
    {
      weight: 400,
      arbitrary: fc
        .tuple(unknownKey(fields), anyJsonValue)
        .map(([key, value]) => make('unknown-field', withField(validText, key, jsonText(value)), [400])),
    },
    {
      weight: 100,
      arbitrary: fc
        .tuple(invalidUtf8, fc.string({ maxLength: 8 }))
        .map(([bad, name]) =>
          make(
            'invalid-utf8',
            concat(
              validText.slice(0, -1),
              `${fields.length ? ',' : ''}"x${name.replace(/["\\]/g, '')}`,
              bad,
              '":1}',
            ),
            [400],
          ),
        ),
    },
    {
      weight: 200,
      arbitrary: fc
        .nat({ max: validText.length - 2 })
        .map((cut) => make('malformed-json', validText.slice(0, cut + 1), [400])),
    },
    {
      weight: 100,
      arbitrary: fc
        .oneof(
          fc.string({ unit: 'binary', maxLength: 60 }).filter((text) => {
            try {
              JSON.parse(text);
              return false;
            } catch {
              return true;
            }
          }),
          fc.constantFrom(
            `${validText}x`,
            `${validText}${validText}`,
            `[${validText}`,
            `\uFEFF${validText.slice(0, -1)}`,
            "{'a':1}",
            '{"a":NaN}',
            '{"a":1,}',
          ),
        )
        .map((text) => make('malformed-json', text, [400])),
    },
    {
      weight: 100,
      arbitrary: fc
        .constantFrom(
          'text/plain',
          'application/x-www-form-urlencoded',
          'application/xml',
          'multipart/form-data; boundary=x',
          'text/json',
          'application/jsonx',
        )
        .map((contentType) => make('content-type', validText, [400, 415], contentType)),
    },
    {
      weight: 100,
      arbitrary: fc
        .oneof(
          fc.constantFrom('null', '[]', '""', '0', 'true', '"{}"'),
          fc.array(anyJsonValue, { maxLength: 3 }).map(jsonText),
        )
        .map((text) => make('not-an-object', text, [400])),
    },
    {
      weight: 100,
      arbitrary: fc
        .tuple(
          fields.length ? fc.constantFrom(...fields) : fc.constant('x'),
          fc.integer({ min: 200, max: 20_000 }),
          fc.constantFrom('[' as const, '{"a":' as const),
        )
        // a record field would take nested objects as data: it gets nested arrays
        .map(
          ([field, depth, open]) =>
            [field, depth, isRecord(body.valid[field]) ? ('[' as const) : open] as const,
        )
        .map(([field, depth, open]) =>
          make(
            'deep-nesting',
            withField(
              jsonText(Object.fromEntries(Object.entries(body.valid).filter(([key]) => key !== field))),
              field,
              nested(depth, open),
            ),
            [400],
          ),
        ),
    },
    {
      // bodies over 2 MB are costly to build and hash: a handful of cases is enough to show the limit
      weight: body.limitBytes > 2 * 1024 * 1024 ? 5 : 50,
      arbitrary: fc
        .constantFrom('x', 'я', '\\u0000', '💥')
        .map((unit) =>
          make(
            'huge',
            withField(
              validText,
              'padding',
              JSON.stringify(unit.repeat(Math.ceil((body.limitBytes * 1.05) / Buffer.byteLength(unit)))),
            ),
            [413],
          ),
        ),
    },
  ];
  if (fields.length > 0) {
    cases.push({
      weight: 400,
      arbitrary: fc
        .constantFrom(...fields)
        .chain((field) => otherTypeThan(body.valid[field]).map((value) => ({ field, value })))
        .map(({ field, value }) => make('wrong-type', jsonText({ ...body.valid, [field]: value }), [400])),
    });
  }
  if (body.required.length > 0) {
    cases.push({
      weight: 200,
      arbitrary: fc
        .subarray([...body.required], { minLength: 1 })
        .map((missing) =>
          make(
            'missing-field',
            jsonText(
              Object.fromEntries(Object.entries(body.valid).filter(([key]) => !missing.includes(key))),
            ),
            [400],
          ),
        ),
    });
  }
  return fc.oneof(...cases);
};

export const multipart = (
  parts: { name: string; fileName?: string; bytes: Uint8Array | string }[],
  boundary = 'fuzzboundary',
) => ({
  contentType: `multipart/form-data; boundary=${boundary}`,
  body: concat(
    ...parts.flatMap((part) => [
      `--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"${part.fileName === undefined ? '' : `; filename="${part.fileName}"`}\r\n`,
      part.fileName === undefined ? '\r\n' : 'Content-Type: application/octet-stream\r\n\r\n',
      part.bytes,
      '\r\n',
    ]),
    `--${boundary}--\r\n`,
  ),
});

const NOT_A_DOCUMENT = [
  Uint8Array.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), // ELF
  Uint8Array.from([0x4d, 0x5a, 0x90, 0x00]), // PE
  Uint8Array.from(Buffer.from('<html><script>alert(1)</script></html>')),
  Uint8Array.from(Buffer.from('%!PS-Adobe-3.0\n')),
  Uint8Array.from([0x50, 0x4b, 0x03, 0x04]), // zip / docx
  Uint8Array.from(Buffer.from('GIF89a')),
  Uint8Array.from(Buffer.from('%PDF')), // one byte short of the signature
];

export const multipartCases = (target: Target, context: Context): fc.Arbitrary<FuzzCase> => {
  const valid = validParts(target, context);
  const make = (
    kind: string,
    form: { contentType: string; body: Uint8Array },
    expect: readonly number[],
  ) => ({
    kind,
    method: target.method,
    path: valid.path,
    headers: { ...valid.headers, 'Content-Type': form.contentType },
    body: form.body,
    expect,
  });
  return fc.oneof(
    {
      weight: 300,
      arbitrary: fc
        .tuple(
          fc.constantFrom(...NOT_A_DOCUMENT),
          fc.string({ maxLength: 30 }).map((name) => name.replace(/["\r\n]/g, '') || 'x.pdf'),
          fc.uint8Array({ maxLength: 200 }),
        )
        .map(([head, name, tail]) =>
          make(
            'not-a-document',
            multipart([
              { name: 'file', fileName: name, bytes: concat(head, tail) },
              { name: 'kind', bytes: 'invoice' },
            ]),
            [415],
          ),
        ),
    },
    {
      weight: 200,
      arbitrary: fc
        .uint8Array({ minLength: 1, maxLength: 300 })
        .filter((bytes) => bytes[0] !== 0x25 && bytes[0] !== 0x89 && bytes[0] !== 0xff)
        .map((bytes) =>
          make('random-bytes', multipart([{ name: 'file', fileName: 'scan.pdf', bytes }]), [415]),
        ),
    },
    {
      weight: 100,
      arbitrary: fc.constant(
        make(
          'empty-file',
          multipart([{ name: 'file', fileName: 'invoice.pdf', bytes: new Uint8Array() }]),
          [400],
        ),
      ),
    },
    {
      weight: 100,
      arbitrary: fc
        .string({ maxLength: 20 })
        .filter(
          (kind) =>
            !['invoice', 'packing-list', 'transport-document', 'other', ''].includes(kind) &&
            !/["\r\n]/.test(kind),
        )
        .map((kind) =>
          make(
            'unknown-kind',
            multipart([
              { name: 'file', fileName: 'invoice.pdf', bytes: context.pdf },
              { name: 'kind', bytes: kind },
            ]),
            [400],
          ),
        ),
    },
    {
      weight: 100,
      arbitrary: fc
        .constantFrom('document', 'files', 'FILE', 'file[]')
        .map((name) =>
          make('wrong-field', multipart([{ name, fileName: 'invoice.pdf', bytes: context.pdf }]), [400]),
        ),
    },
    {
      weight: 100,
      arbitrary: fc.constant(make('no-file', multipart([{ name: 'kind', bytes: 'invoice' }]), [400])),
    },
    {
      weight: 100,
      arbitrary: fc.constant(
        make('file-as-text', multipart([{ name: 'file', bytes: 'just text, no file name' }]), [400]),
      ),
    },
    {
      weight: 200,
      arbitrary: fc.nat({ max: 400 }).map((cut) => {
        const form = multipart([{ name: 'file', fileName: 'invoice.pdf', bytes: context.pdf }]);
        return make(
          'broken-multipart',
          { ...form, body: form.body.slice(0, Math.min(cut, 120)) },
          [400, 415],
        );
      }),
    },
    {
      weight: 100,
      arbitrary: fc
        .constantFrom(
          'multipart/form-data',
          'multipart/form-data; boundary=',
          'multipart/mixed; boundary=fuzzboundary',
          'application/json',
          'application/pdf',
        )
        .map((contentType) =>
          make(
            'content-type',
            {
              contentType,
              body: multipart([{ name: 'file', fileName: 'invoice.pdf', bytes: context.pdf }]).body,
            },
            [400, 415],
          ),
        ),
    },
    {
      weight: 2,
      arbitrary: fc
        .constant(null)
        .map(() =>
          make('huge', multipart([{ name: 'file', fileName: 'invoice.pdf', bytes: context.bigFile }]), [413]),
        ),
    },
  );
};

const rawCases = (target: Target, context: Context): fc.Arbitrary<FuzzCase> => {
  const valid = validParts(target, context);
  const make = (
    kind: string,
    body: Uint8Array,
    expect: readonly number[],
    contentType = 'application/pdf',
  ) => ({
    kind,
    method: target.method,
    path: valid.path,
    headers: { ...valid.headers, 'Content-Type': contentType },
    body,
    expect,
  });
  return fc.oneof(
    {
      weight: 400,
      arbitrary: fc
        .uint8Array({ minLength: 1, maxLength: 2000 })
        .map((bytes) => make('random-bytes', bytes, [404])),
    },
    {
      weight: 400,
      arbitrary: fc
        .nat({ max: context.pdf.length - 2 })
        .map((cut) => make('truncated-pdf', context.pdf.slice(0, cut + 1), [404])),
    },
    {
      weight: 200,
      arbitrary: fc
        .tuple(fc.nat({ max: context.pdf.length - 1 }), fc.integer({ min: 1, max: 255 }))
        .map(([at, xor]) => {
          const copy = Uint8Array.from(context.pdf);
          copy[at] = (copy[at] ?? 0) ^ xor;
          return make('flipped-byte', copy, [404]);
        }),
    },
    {
      weight: 100,
      arbitrary: fc
        .constantFrom('text/plain', 'application/json', 'multipart/form-data; boundary=x', '')
        .map((type) => make('content-type', context.pdf.slice(0, 100), [404], type)),
    },
    { weight: 100, arbitrary: fc.constant(make('empty', new Uint8Array(), [400])) },
    { weight: 2, arbitrary: fc.constant(null).map(() => make('huge', context.bigFile, [413])) },
  );
};

/** Every applicable kind of hostile case for `target`. */
export const casesFor = (target: Target, context: Context): fc.Arbitrary<FuzzCase> => {
  const kinds: { arbitrary: fc.Arbitrary<FuzzCase>; weight: number }[] = [
    { arbitrary: methodCases(target, context), weight: 1 },
  ];
  if (target.who) kinds.push({ arbitrary: authCases(target, context), weight: 3 });
  if (target.wrongRoles?.length) kinds.push({ arbitrary: roleCases(target, context), weight: 1 });
  if (target.params && Object.keys(target.params).length > 0)
    kinds.push({ arbitrary: paramCases(target, context), weight: 4 });
  if (target.query) kinds.push({ arbitrary: queryCases(target, context), weight: 4 });
  const body = target.body;
  if (body?.kind === 'json') kinds.push({ arbitrary: jsonBodyCases(target, context, body), weight: 10 });
  if (body?.kind === 'multipart') kinds.push({ arbitrary: multipartCases(target, context), weight: 10 });
  if (body?.kind === 'raw') kinds.push({ arbitrary: rawCases(target, context), weight: 10 });
  if (target.method === 'GET') kinds.push({ arbitrary: ignoredCases(target, context), weight: 2 });
  if (target.who && target.method === 'POST')
    kinds.push({ arbitrary: idempotencyCases(target, context), weight: 1 });
  return fc.oneof(...kinds);
};
