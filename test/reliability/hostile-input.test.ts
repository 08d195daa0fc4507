// Hostile input beyond the generic fuzzing: bodies over every limit, truncated and malformed PDFs and images,
// path traversal in file names and URLs, forged QR seals (alg none, HS256 keyed with the public key, wrong or
// missing kid, changed claims, re-ordered segments), probing across organisations and across issuers sharing
// one table, login brute force, invalid UTF-8, and a verifier that ignores the rate limit. Each gets the right
// 4xx (problem+json; verification outcomes answer with their own JSON by design) and leaves storage as it was.
import { createHmac, generateKeyPairSync, randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { CompactSign, exportJWK, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCertificateRepository } from '../../functions/adapters/dynamodb/certificate-repository.ts';
import { createS3Client } from '../../functions/adapters/s3/object-store.ts';
import { multipartFile, PNG_1X1, sampleInvoicePdf } from '../fixtures/documents.ts';
import { createDraft, expectProblem, submitted } from '../support/api-fixtures.ts';
import { type Json, readJson } from '../support/json.ts';
import { createTestStack, PASSWORD, type TestStack } from '../support/test-stack.ts';
import { createHostileFixtures, type HostileFixtures } from './support/hostile-fixtures.ts';
import { snapshotStorage, storageDiff } from './support/table-snapshot.ts';

let fixtures: HostileFixtures;
let stack: TestStack;
let otherIssuer: TestStack;
let realJws = '';
let issuedPdf: Uint8Array;
const tally: Record<string, number> = {};

const count = (what: string, by = 1) => {
  tally[what] = (tally[what] ?? 0) + by;
};

interface Call {
  method?: string;
  token?: string | undefined;
  json?: unknown;
  body?: BodyInit;
  headers?: Record<string, string>;
}

/** Through the app with the public rate limit lifted (the limit itself is tested on the real app below). */
const send = (path: string, call: Call = {}) =>
  fixtures.fuzzApp.request(path, {
    method: call.method ?? (call.json === undefined && call.body === undefined ? 'GET' : 'POST'),
    headers: {
      ...(call.json === undefined ? {} : { 'Content-Type': 'application/json' }),
      ...(call.token ? { Authorization: `Bearer ${call.token}` } : {}),
      ...call.headers,
    },
    ...(call.json === undefined ? {} : { body: JSON.stringify(call.json) }),
    ...(call.body === undefined ? {} : { body: call.body }),
  });

const stored = () =>
  snapshotStorage(stack.db, stack.config.tableName, {
    client: createS3Client({ region: 'eu-central-1', endpoint: stack.config.s3Endpoint }),
    bucket: stack.config.bucketName,
  });

/** Runs `act` and asserts that nothing stored changed. */
const unchanged = async (act: () => Promise<void>) => {
  const before = await stored();
  await act();
  expect(storageDiff(before, await stored())).toEqual({ items: [], objects: [] });
};

const outcomeOf = async (response: Response) => {
  const body = await readJson(response);
  return { status: response.status, outcome: body.status as string };
};

beforeAll(async () => {
  stack = await createTestStack({ WEBHOOK_ALLOW_INSECURE: 'true' });
  // a second chamber in the same table and bucket: every key is scoped by issuer
  otherIssuer = await createTestStack({
    TABLE_NAME: stack.config.tableName,
    BUCKET_NAME: stack.config.bucketName,
    ISSUER_ID: 'other-chamber',
    SERIAL_PREFIX: 'OT',
    // a second deployment on the same table that hosts only its own chamber, as the CDK stacks set it
    // (docs/network.md §3: one deployment's verification answers for every chamber it hosts, and only those)
    HOSTED_CHAMBERS: 'other-chamber',
  });
  await otherIssuer.login('staff');
  await otherIssuer.login('exporterA');
  fixtures = await createHostileFixtures(stack);
  const certificate = await createCertificateRepository(stack.db, stack.config.tableName).findByCode(
    stack.config.issuer.id,
    fixtures.ids.code,
  );
  realJws = certificate?.jws ?? '';
  issuedPdf = new Uint8Array(
    await (
      await send(`/api/certificates/${fixtures.ids.serial}/pdf`, { token: fixtures.tokens.exporterA })
    ).arrayBuffer(),
  );
  // the brute-force target, made before any snapshot
  const created = await send('/api/users', {
    token: fixtures.tokens.admin,
    json: {
      email: 'target@a.test',
      name: 'Target',
      role: 'exporter',
      orgId: stack.orgA.id,
      password: PASSWORD,
    },
  });
  expect(created.status).toBe(201);
}, 180_000);

afterAll(async () => {
  const total = Object.values(tally).reduce((sum, value) => sum + value, 0);
  console.info(`hostile input tried: ${total} ${JSON.stringify(tally)}`);
  await mkdir('test-artifacts/reliability', { recursive: true });
  await writeFile(
    'test-artifacts/reliability/hostile.json',
    `${JSON.stringify({ total, tally }, null, 2)}\n`,
  );
});

describe('oversized bodies', () => {
  it('refuses JSON over 1 MB on the API, and files and PDFs over 10 MB, with 413', async () => {
    const { tokens, ids } = fixtures;
    await unchanged(async () => {
      const padding = 'x'.repeat(1024 * 1024);
      await expectProblem(
        await send('/api/applications', {
          token: tokens.exporterA,
          json: { type: 'co', data: { remarks: padding } },
        }),
        413,
        'PAYLOAD_TOO_LARGE',
      );
      await expectProblem(
        await send(`/api/applications/${ids.draft}`, {
          method: 'PATCH',
          token: tokens.exporterA,
          json: { version: ids.draftVersion, data: { remarks: padding } },
        }),
        413,
        'PAYLOAD_TOO_LARGE',
      );
      for (const size of [10 * 1024 * 1024 + 1, 12 * 1024 * 1024]) {
        const file = new Uint8Array(size).fill(0x41);
        file.set(Buffer.from('%PDF-1.7\n'));
        await expectProblem(
          await send(`/api/applications/${ids.draft}/attachments`, {
            token: tokens.exporterA,
            body: multipartFile(file, 'big.pdf', 'invoice'),
          }),
          413,
          'PAYLOAD_TOO_LARGE',
        );
        await expectProblem(
          await send('/api/verify/pdf', { body: file, headers: { 'Content-Type': 'application/pdf' } }),
          413,
          'PAYLOAD_TOO_LARGE',
        );
      }
      await expectProblem(
        await send('/api/verify/hash', { json: { sha256: 'a'.repeat(11 * 1024 * 1024) } }),
        413,
        'PAYLOAD_TOO_LARGE',
      );
      count('oversized bodies', 8);
    });
  });
});

describe('truncated and malformed documents', () => {
  const corrupt = async () => {
    const pdf = await sampleInvoicePdf();
    return {
      'PDF cut after 40 bytes': pdf.slice(0, 40),
      'PDF cut in half': pdf.slice(0, Math.floor(pdf.length / 2)),
      'PDF header and noise': Uint8Array.from([
        ...Buffer.from('%PDF-1.7\n'),
        ...Array.from({ length: 200 }, (_, i) => (i * 37) % 256),
      ]),
      'PDF without %%EOF': Uint8Array.from(
        Buffer.from(Buffer.from(pdf).toString('latin1').replace('%%EOF', ''), 'latin1'),
      ),
      'PNG signature only': PNG_1X1.slice(0, 8),
      'PNG cut before IEND': PNG_1X1.slice(0, PNG_1X1.length - 12),
      'JPEG start marker only': Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]),
    };
  };

  it('refuses files that are no PDF, PNG or JPEG at all with 415 and stores nothing', async () => {
    const { tokens, ids } = fixtures;
    const files: Record<string, Uint8Array> = {
      'ELF program named invoice.pdf': Uint8Array.from([
        0x7f,
        0x45,
        0x4c,
        0x46,
        2,
        1,
        1,
        0,
        ...Array(56).fill(0),
      ]),
      'HTML named scan.png': Uint8Array.from(Buffer.from('<html><script>alert(1)</script></html>')),
      'ZIP named packing.jpg': Uint8Array.from([0x50, 0x4b, 0x03, 0x04, ...Array(30).fill(0)]),
      'SVG with script': Uint8Array.from(
        Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
      ),
      GIF: Uint8Array.from(Buffer.from('GIF89a\x01\x00\x01\x00')),
    };
    await unchanged(async () => {
      for (const [name, bytes] of Object.entries(files)) {
        await expectProblem(
          await send(`/api/applications/${ids.draft}/attachments`, {
            token: tokens.exporterA,
            body: multipartFile(bytes, name.split(' ').pop() ?? 'x', 'invoice'),
          }),
          415,
          'UNSUPPORTED_MEDIA_TYPE',
        );
        count('malformed uploads');
      }
    });
  });

  it('never answers a truncated or corrupt upload with a 5xx', async () => {
    const draft = await createDraft(stack, { withInvoice: false });
    for (const [name, bytes] of Object.entries(await corrupt())) {
      const response = await send(`/api/applications/${draft.id}/attachments`, {
        token: fixtures.tokens.exporterA,
        body: multipartFile(bytes, 'document.pdf', 'invoice'),
      });
      expect(response.status, name).toBeLessThan(500);
      await response.body?.cancel();
    }
  });

  // Was a defect (docs/reliability.md): uploads were judged by their first bytes only; now a PDF must end with
  // its xref pointer and %%EOF, a PNG with IEND, a JPEG with its end marker (422 DOCUMENT_DAMAGED).
  it('refuses truncated or corrupt PDFs and images at upload with a 4xx', async () => {
    const draft = await createDraft(stack, { withInvoice: false });
    const answers: string[] = [];
    for (const [name, bytes] of Object.entries(await corrupt())) {
      const response = await send(`/api/applications/${draft.id}/attachments`, {
        token: fixtures.tokens.exporterA,
        body: multipartFile(bytes, 'document.pdf', 'invoice'),
      });
      answers.push(`${name}: ${response.status}`);
      count('corrupt uploads');
    }
    console.info(`corrupt uploads answered: ${answers.join('; ')}`);
    expect(answers.filter((answer) => !/: 4\d\d$/.test(answer))).toEqual([]);
  });

  it('never confirms a changed or truncated copy of an issued PDF, and refuses an empty one', async () => {
    const variants: Record<string, Uint8Array> = {
      'cut by one byte': issuedPdf.slice(0, -1),
      'first kilobyte': issuedPdf.slice(0, 1024),
      'one byte appended': Uint8Array.from([...issuedPdf, 0x0a]),
      'one byte changed': Uint8Array.from(issuedPdf, (byte, index) => (index === 500 ? byte ^ 1 : byte)),
      'incremental update appended': Uint8Array.from([...issuedPdf, ...Buffer.from('\n%%EOF\n')]),
      'a PNG': PNG_1X1,
      ...(await corrupt()),
    };
    await unchanged(async () => {
      expect(await outcomeOf(await send('/api/verify/pdf', { body: issuedPdf as BodyInit }))).toEqual({
        status: 200,
        outcome: 'VALID',
      });
      for (const bytes of Object.values(variants)) {
        expect(await outcomeOf(await send('/api/verify/pdf', { body: bytes as BodyInit }))).toEqual({
          status: 404,
          outcome: 'NOT_FOUND',
        });
        count('corrupt PDFs to verification');
      }
      await expectProblem(
        await send('/api/verify/pdf', { body: new Uint8Array() }),
        400,
        'VALIDATION_FAILED',
      );
      for (const sha256 of ['0'.repeat(63), 'g'.repeat(64), `${'a'.repeat(64)}\n`, '', ' '.repeat(64)]) {
        await expectProblem(await send('/api/verify/hash', { json: { sha256 } }), 400, 'VALIDATION_FAILED');
        count('malformed hashes');
      }
    });
  });
});

describe('path traversal', () => {
  const HOSTILE_NAMES = [
    '../../../etc/passwd',
    '..\\..\\..\\windows\\win.ini',
    'a/../../b/../../invoice.pdf',
    '%2e%2e%2f%2e%2e%2fsecret.pdf',
    '....//....//invoice.pdf',
    'invoice.pdf\u0000.exe',
    'x"; filename="evil.exe',
    '\u202Efdp.exe',
    '.htaccess',
    `${'a'.repeat(500)}.pdf`,
    '/absolute/path/invoice.pdf',
    'C:\\Users\\invoice.pdf',
  ];

  it('stores uploads under a generated key and a cleaned name, whatever the file is called', async () => {
    const draft = await createDraft(stack, { withInvoice: false });
    const pdf = await sampleInvoicePdf();
    for (const name of HOSTILE_NAMES) {
      const response = await send(`/api/applications/${draft.id}/attachments`, {
        token: fixtures.tokens.exporterA,
        body: multipartFile(pdf, name, 'other'),
      });
      expect(response.status, name).toBe(201);
      const attachment = await readJson(response);
      expect(attachment.fileName, name).not.toMatch(/[/\\\u202e"]|^\.|\.\./);
      expect(
        [...attachment.fileName].some((char) => char.charCodeAt(0) < 0x20),
        name,
      ).toBe(false);
      expect(attachment.fileName.length).toBeLessThanOrEqual(120);
      expect(attachment.fileName.endsWith('.pdf'), name).toBe(true);
      const download = await send(attachment.url, { token: fixtures.tokens.exporterA });
      const disposition = download.headers.get('Content-Disposition') ?? '';
      expect(disposition, name).not.toMatch(/[\r\n]/);
      expect(disposition.match(/"/g)?.length ?? 0, name).toBe(2);
      count('hostile file names');
    }
    const keys = (await stored()).objects.map((object) => object.split('|')[0] ?? '');
    for (const key of keys) {
      expect(key).toMatch(
        /^(attachments\/[a-z0-9-]+\/[0-9a-f-]{36}\/[0-9a-f-]{36}|certificates\/[a-z0-9-]+\/[A-Z0-9-]+\.pdf)$/,
      );
    }
  });

  it('answers encoded traversal in any path parameter with 400 or 404, never another record or a 5xx', async () => {
    const { tokens, ids } = fixtures;
    const probes = [
      '..%2F..%2Fetc%2Fpasswd',
      '%2e%2e%2f%2e%2e%2f',
      '..%5C..%5Cwin.ini',
      '%252e%252e%252f',
      '..%00',
      '%2F',
    ];
    const routes = [
      (p: string) => `/api/applications/${p}`,
      (p: string) => `/api/applications/${p}/events`,
      (p: string) => `/api/applications/${ids.draft}/attachments/${p}`,
      (p: string) => `/api/certificates/${p}`,
      (p: string) => `/api/certificates/${p}/pdf`,
      (p: string) => `/api/verify/${p}`,
      (p: string) => `/v/${p}`,
      (p: string) => `/api/webhooks/${p}`,
    ];
    await unchanged(async () => {
      for (const route of routes) {
        for (const probe of probes) {
          const response = await send(route(probe), {
            token: tokens.exporterA,
            headers: { Accept: 'application/json' },
          });
          expect([400, 404], `${route(probe)}: ${response.status}`).toContain(response.status);
          count('path traversal probes');
        }
      }
    });
  });

  it('resolves raw dot segments before routing, so they reach only what the caller could reach anyway', async () => {
    const { tokens, ids } = fixtures;
    await unchanged(async () => {
      // what a client's URL parser makes of it, and the same route asked directly, answer alike
      for (const [raw, direct] of [
        [`/api/applications/${ids.draftB}/../${ids.draftB}`, `/api/applications/${ids.draftB}`],
        [`/api/applications/x/../../certificates/${ids.serial}`, `/api/certificates/${ids.serial}`],
        ['/api/verify/../../.well-known/jwks.json', '/.well-known/jwks.json'],
      ] as const) {
        const viaDots = await send(raw, { token: tokens.exporterB });
        const straight = await send(direct, { token: tokens.exporterB });
        expect(viaDots.status, raw).toBe(straight.status);
        expect(viaDots.status).toBeLessThan(500);
        count('path traversal probes');
      }
    });
  });
});

describe('forged QR seals', () => {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const segments = () => {
    const [header = '', payload = '', signature = ''] = realJws.split('.');
    return { header, payload, signature, decoded: JSON.parse(Buffer.from(header, 'base64url').toString()) };
  };

  const forgeries = async (): Promise<Record<string, string>> => {
    const { header, payload, signature, decoded } = segments();
    const jwks = (await readJson(await send('/.well-known/jwks.json'))).keys as Json[];
    const publicJwk = jwks.find((key) => key.kid === decoded.kid) as Json;
    const hs256 = (secret: Buffer | string) => {
      const head = part({ alg: 'HS256', kid: decoded.kid });
      const mac = createHmac('sha256', secret).update(`${head}.${payload}`).digest('base64url');
      return `${head}.${payload}.${mac}`;
    };
    const attacker = await generateKeyPair('ES256');
    const attackerJwk = await exportJWK(attacker.publicKey);
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const signWith = (protectedHeader: Record<string, unknown>, body: unknown = claims) =>
      new CompactSign(new TextEncoder().encode(JSON.stringify(body)))
        .setProtectedHeader(protectedHeader as { alg: string })
        .sign(attacker.privateKey);
    const pem = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    return {
      'alg none, no signature': `${part({ alg: 'none', kid: decoded.kid })}.${payload}.`,
      'alg none, original signature': `${part({ alg: 'none', kid: decoded.kid })}.${payload}.${signature}`,
      'HS256 keyed with the public JWK': hs256(JSON.stringify(publicJwk)),
      'HS256 keyed with the x coordinate': hs256(Buffer.from(String(publicJwk.x), 'base64url')),
      'HS256 keyed with a PEM public key': hs256(
        pem.publicKey.export({ type: 'spki', format: 'pem' }) as string,
      ),
      'wrong kid, attacker key': await signWith({ alg: 'ES256', kid: 'not-a-published-key' }),
      'missing kid, attacker key': await signWith({ alg: 'ES256' }),
      'real kid, attacker key': await signWith({ alg: 'ES256', kid: decoded.kid }),
      'attacker key embedded as jwk': await signWith({ alg: 'ES256', jwk: attackerJwk }),
      'changed payload, original signature': `${header}.${part({ ...claims, o: 'DE' })}.${signature}`,
      'changed serial, original signature': `${header}.${part({ ...claims, sn: `${claims.sn}9` })}.${signature}`,
      'segments re-ordered': `${payload}.${header}.${signature}`,
      'signature first': `${signature}.${header}.${payload}`,
      'signature truncated': `${header}.${payload}.${signature.slice(0, -4)}`,
      'signature zeroed': `${header}.${payload}.${Buffer.alloc(64).toString('base64url')}`,
      'extra segment': `${realJws}.${signature}`,
      'two segments': `${header}.${payload}`,
      'padding added': `${header}=.${payload}.${signature}`,
      'JSON serialization': JSON.stringify({ protected: header, payload, signature }),
      'unknown crit header': `${part({ alg: 'ES256', kid: decoded.kid, crit: ['x-tc'], 'x-tc': 1 })}.${payload}.${signature}`,
      'ES512 claimed': `${part({ alg: 'ES512', kid: decoded.kid })}.${payload}.${signature}`,
    };
  };

  it('answers TAMPERED or UNKNOWN_KEY (422) to every forgery, and VALID only to the real seal', async () => {
    const forged = await forgeries();
    await unchanged(async () => {
      expect(await outcomeOf(await send('/api/verify/jws', { json: { jws: realJws } }))).toEqual({
        status: 200,
        outcome: 'VALID',
      });
      const answers: Record<string, string> = {};
      for (const [name, jws] of Object.entries(forged)) {
        const response = await send('/api/verify/jws', { json: { jws } });
        const { status, outcome } = await outcomeOf(response);
        answers[name] = `${status} ${outcome}`;
        expect(status, name).toBe(422);
        expect(['TAMPERED', 'UNKNOWN_KEY'], name).toContain(outcome);
        count('forged seals');
      }
      console.info(`forged seals: ${JSON.stringify(answers)}`);
    });
  });

  it('refuses forged tokens on the API with 401', async () => {
    const forged = await forgeries();
    await unchanged(async () => {
      for (const jws of Object.values(forged)) {
        for (const headers of [{ Authorization: `Bearer ${jws}` }, { Cookie: `tc_session=${jws}` }]) {
          await expectProblem(await send('/api/me', { headers }), 401, 'UNAUTHENTICATED');
          count('forged tokens');
        }
      }
    });
  });
});

describe('cross-tenant probing', () => {
  it("answers 404 to another organisation's records exactly as to records that do not exist", async () => {
    const { tokens, ids } = fixtures;
    const unknown = randomUUID();
    const pdf = await sampleInvoicePdf();
    const probes: [string, Call, Call][] = [
      [`/api/applications/${ids.draft}`, {}, {}],
      [
        `/api/applications/${ids.draft}`,
        { method: 'PATCH', json: { version: 1, data: {} } },
        { method: 'PATCH', json: { version: 1, data: {} } },
      ],
      [`/api/applications/${ids.draft}/submit`, { json: { version: 1 } }, { json: { version: 1 } }],
      [`/api/applications/${ids.draft}/cancel`, { json: { version: 1 } }, { json: { version: 1 } }],
      [`/api/applications/${ids.draft}/events`, {}, {}],
      [`/api/applications/${ids.draft}/attachments`, {}, {}],
      [
        `/api/applications/${ids.draft}/attachments`,
        { body: multipartFile(pdf, 'x.pdf', 'invoice') },
        { body: multipartFile(pdf, 'x.pdf', 'invoice') },
      ],
      [`/api/applications/${ids.draft}/attachments/${ids.attachment}`, {}, {}],
      [
        `/api/applications/${ids.draft}/attachments/${ids.attachment}`,
        { method: 'DELETE' },
        { method: 'DELETE' },
      ],
      [`/api/certificates/${ids.serial}`, {}, {}],
      [`/api/certificates/${ids.serial}/pdf`, {}, {}],
      [`/api/certificates/${ids.serial}/replace`, { method: 'POST' }, { method: 'POST' }],
      [`/api/webhooks/${ids.webhook}`, { method: 'DELETE' }, { method: 'DELETE' }],
    ];
    await unchanged(async () => {
      for (const [path, call] of probes) {
        const theirs = await send(path, { ...call, token: tokens.exporterB });
        const nowhere = await send(
          path
            .replace(ids.draft, unknown)
            .replace(ids.serial, 'MK-CO-2026-999999')
            .replace(ids.webhook, unknown),
          { ...call, token: tokens.exporterB },
        );
        const body = await expectProblem(theirs, 404, 'NOT_FOUND');
        const control = await expectProblem(nowhere, 404, 'NOT_FOUND');
        expect(body.title, path).toBe(control.title);
        count('cross-organisation probes');
      }
      await expectProblem(
        await send(`/api/api-keys/${ids.apiKey}`, { method: 'DELETE', token: tokens.exporterB }),
        404,
        'NOT_FOUND',
      );
      count('cross-organisation probes');
    });
  });

  it('keeps two chambers in one table apart: tokens, applications, serials and codes of one are unknown to the other', async () => {
    const { tokens, ids } = fixtures;
    const other = { staff: await otherIssuer.login('staff'), exporter: await otherIssuer.login('exporterA') };
    const theirDraft = await createDraft(otherIssuer, { token: other.exporter });
    await unchanged(async () => {
      // our tokens mean nothing to them, theirs nothing to us
      await expectProblem(
        await otherIssuer.request('/api/me', { token: tokens.staff }),
        401,
        'UNAUTHENTICATED',
      );
      await expectProblem(await send('/api/me', { token: other.staff }), 401, 'UNAUTHENTICATED');
      // their staff do not see our records, ours do not see theirs
      await expectProblem(
        await otherIssuer.request(`/api/applications/${ids.submitted}`, { token: other.staff }),
        404,
        'NOT_FOUND',
      );
      await expectProblem(
        await otherIssuer.request(`/api/certificates/${ids.serial}`, { token: other.staff }),
        404,
        'NOT_FOUND',
      );
      await expectProblem(
        await send(`/api/applications/${theirDraft.id}`, { token: tokens.staff }),
        404,
        'NOT_FOUND',
      );
      await expectProblem(
        await otherIssuer.request(`/api/applications/${ids.submitted}/approve`, {
          token: other.staff,
          json: { version: ids.submittedVersion },
        }),
        404,
        'NOT_FOUND',
      );
      // our certificate does not verify at their door, by code, hash or seal
      expect((await readJson(await otherIssuer.request(`/api/verify/${ids.code}`))).status).toBe('NOT_FOUND');
      const hash = (
        await createCertificateRepository(stack.db, stack.config.tableName).findByCode(
          stack.config.issuer.id,
          ids.code,
        )
      )?.sha256;
      expect(
        (await readJson(await otherIssuer.request('/api/verify/hash', { json: { sha256: hash } }))).status,
      ).toBe('NOT_FOUND');
      expect(['NOT_FOUND', 'UNKNOWN_KEY']).toContain(
        (await readJson(await otherIssuer.request('/api/verify/jws', { json: { jws: realJws } }))).status,
      );
      count('cross-issuer probes', 9);
    });
  });
});

describe('invalid UTF-8', () => {
  const invalidComment = (version: number) =>
    Buffer.concat([
      Buffer.from(`{"version":${version},"comment":"Box 8 `),
      Buffer.from([0xff, 0xfe, 0xed, 0xa0, 0x80]),
      Buffer.from('"}'),
    ]);

  it('never answers invalid UTF-8 with a 5xx, and invalid UTF-8 in a field name is refused with 400', async () => {
    const application = await submitted(stack);
    const lenient = await send(`/api/applications/${application.id}/request-changes`, {
      token: fixtures.tokens.staff,
      body: invalidComment(application.version),
      headers: { 'Content-Type': 'application/json' },
    });
    expect(lenient.status).toBeLessThan(500);
    await lenient.body?.cancel();
    const other = await submitted(stack);
    await unchanged(async () => {
      const response = await send(`/api/applications/${other.id}/request-changes`, {
        token: fixtures.tokens.staff,
        body: Buffer.concat([
          Buffer.from(`{"version":${other.version},"comment":"Box 8","x`),
          Buffer.from([0xc3, 0x28]),
          Buffer.from('":1}'),
        ]),
        headers: { 'Content-Type': 'application/json' },
      });
      await expectProblem(response, 400);
    });
    count('invalid UTF-8 bodies', 2);
  });

  // Was a defect (docs/reliability.md): JSON bodies were decoded leniently (invalid bytes became U+FFFD); now
  // strictUtf8Json refuses them.
  it('refuses JSON that is not valid UTF-8 with 400', async () => {
    const application = await submitted(stack);
    const response = await send(`/api/applications/${application.id}/request-changes`, {
      token: fixtures.tokens.staff,
      body: invalidComment(application.version),
      headers: { 'Content-Type': 'application/json' },
    });
    count('invalid UTF-8 bodies');
    console.info(`invalid UTF-8 comment answered ${response.status}`);
    await expectProblem(response, 400);
  });
});

describe('a verifier that ignores the rate limit', () => {
  it('gets 429 with Retry-After as problem+json after 120 requests a minute, and storage is untouched', async () => {
    await unchanged(async () => {
      const statuses: number[] = [];
      let limited: Response | undefined;
      for (let index = 0; index < 140; index++) {
        const response = await stack.app.request(`/api/verify/${fixtures.ids.code}`);
        statuses.push(response.status);
        if (response.status === 429) limited ??= response;
        else await response.body?.cancel();
      }
      expect(statuses.filter((status) => status === 200).length).toBe(120);
      expect(limited).toBeDefined();
      expect(limited?.headers.get('Retry-After')).toMatch(/^\d+$/);
      await expectProblem(limited as Response, 429, 'RATE_LIMITED');
      count('rate-limited requests', statuses.filter((status) => status === 429).length);
    });
  });
});

// Last: failed logins lock the account and the (socket-less, shared) client address of this test app.
describe('login brute force', () => {
  it('locks the account after five failures (429 with Retry-After, even for the right password) and creates no session', async () => {
    await unchanged(async () => {
      const attempt = (email: string, password: string) =>
        stack.app.request('/api/auth/login', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ email, password }),
        });
      for (let index = 0; index < 5; index++) {
        await expectProblem(await attempt('target@a.test', `guess-${index}`), 401, 'INVALID_CREDENTIALS');
        count('login attempts');
      }
      // an unknown account is refused the same way: no account enumeration
      const unknownAccount = await expectProblem(
        await attempt('nobody-here@a.test', 'guess'),
        401,
        'INVALID_CREDENTIALS',
      );
      expect(unknownAccount.detail).toBe(
        (await expectProblem(await attempt('staff2@chamber.test', 'wrong'), 401, 'INVALID_CREDENTIALS'))
          .detail,
      );
      for (const password of ['guess-6', PASSWORD, 'TARGET@A.TEST']) {
        const locked = await attempt(' TARGET@a.test ', password);
        expect(locked.headers.get('Retry-After')).toMatch(/^\d+$/);
        await expectProblem(locked, 429, 'RATE_LIMITED');
        count('login attempts');
      }
      // the address as a whole: thirty failures across accounts shut it out
      let answer: Response | undefined;
      for (let index = 0; index < 30; index++) {
        answer = await attempt(`someone-${index}@a.test`, 'guess');
        if (answer.status === 429) break;
        await answer.body?.cancel();
        count('login attempts');
      }
      await expectProblem(answer as Response, 429, 'RATE_LIMITED');
      count('login attempts');
    });
  });
});
