// Public verification of issued certificates: by code, by QR seal (JWS), and the page a phone opens.
import { CompactSign, generateKeyPair } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { sampleCertificateOfOrigin } from '../fixtures/certificate-of-origin.ts';
import { readJson } from '../support/json.ts';
import { createTestStack, submittedApplication, type TestStack } from '../support/test-stack.ts';

let stack: TestStack;
let issued: { serial: string; code: string; jws: string; sha256: string };

const CONTACT = {
  ISSUER_ADDRESS: 'ул. Димитрие Чуповски 13, 1000 Скопје',
  ISSUER_PHONE: '+389 2 555 0101',
  ISSUER_EMAIL: 'uverenija@komora.test',
  ISSUER_WEB: 'https://komora.test/uverenija',
};

const json = readJson;

/** Re-encodes a JWS payload after `change`, keeping the original signature. */
const withChangedClaims = (jws: string, change: (claims: Record<string, unknown>) => void): string => {
  const [header, payload, signature] = jws.split('.');
  const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8'));
  change(claims);
  return [header, Buffer.from(JSON.stringify(claims)).toString('base64url'), signature].join('.');
};

beforeAll(async () => {
  stack = await createTestStack(CONTACT);
  const { id, version } = await submittedApplication(stack, sampleCertificateOfOrigin(2));
  const approved = await json(
    await stack.request(`/api/applications/${id}/approve`, {
      token: await stack.login('staff'),
      json: { version },
    }),
  );
  const { certificate } = approved;
  const { code } = certificate;
  const { createCertificateRepository } = await import(
    '../../functions/adapters/dynamodb/certificate-repository.ts'
  );
  const stored = await createCertificateRepository(stack.db, stack.config.tableName).findByCode(
    stack.config.issuer.id,
    code,
  );
  issued = { serial: certificate.serial, code, jws: stored?.jws ?? '', sha256: certificate.sha256 };
});

describe('verification by code', () => {
  it('reports VALID with the facts printed on the certificate', async () => {
    const response = await stack.request(`/api/verify/${issued.code}`);
    expect(response.status).toBe(200);
    const result = await json(response);
    expect(result.status).toBe('VALID');
    expect(result.certificate).toMatchObject({
      serial: issued.serial,
      type: 'co',
      exporter: { name: 'Македонски Текстил ДООЕЛ', country: 'MK' },
      consignee: { name: 'Müller & Söhne Textilhandel GmbH', country: 'DE' },
      originCountry: 'MK',
      destinationCountry: 'DE',
    });
    expect(result.certificate.goods).toHaveLength(2);
  });

  it('accepts the code as typed from paper: lower case and with hyphens', async () => {
    const typed = issued.code.toLowerCase().match(/.{4}/g)?.join('-') ?? '';
    expect((await json(await stack.request(`/api/verify/${typed}`))).status).toBe('VALID');
  });

  it('answers NOT_FOUND (404) for an unknown code', async () => {
    const response = await stack.request('/api/verify/ABCDEFGHJKMNPQRS');
    expect(response.status).toBe(404);
    expect(await json(response)).toEqual({ status: 'NOT_FOUND', message: 'No certificate with this code' });
  });

  it('shows the status first on the HTML page, and JSON when asked for it', async () => {
    const page = await stack.request(`/v/${issued.code}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('Content-Type')).toContain('text/html');
    expect(page.headers.get('Referrer-Policy')).toBe('no-referrer');
    const html = await page.text();
    expect(html).toContain('data-status="VALID"');
    expect(html).toContain(issued.serial);
    expect(html).toContain('Македонски Текстил ДООЕЛ');
    const asJson = await stack.request(`/v/${issued.code}`, { headers: { Accept: 'application/json' } });
    expect((await json(asJson)).status).toBe('VALID');
    const missing = await stack.request('/v/ABCDEFGHJKMNPQRS');
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain('data-status="NOT_FOUND"');
  });
});

describe('verification of the QR seal', () => {
  it('reports VALID for the seal as issued', async () => {
    const response = await stack.request('/api/verify/jws', { json: { jws: issued.jws } });
    expect(response.status).toBe(200);
    expect((await json(response)).status).toBe('VALID');
  });

  it.each([
    ['destination country', (claims: Record<string, unknown>) => Object.assign(claims, { ds: 'US' })],
    ['serial', (claims: Record<string, unknown>) => Object.assign(claims, { sn: 'MK-CO-2026-999999' })],
    ['exporter name', (claims: Record<string, unknown>) => Object.assign(claims, { ex: 'Someone Else Ltd' })],
  ])('reports TAMPERED when the %s claim is changed', async (_name, change) => {
    const response = await stack.request('/api/verify/jws', {
      json: { jws: withChangedClaims(issued.jws, change) },
    });
    expect(response.status).toBe(422);
    expect((await json(response)).status).toBe('TAMPERED');
  });

  it('reports UNKNOWN_KEY for a seal made with a key the chamber never published', async () => {
    const { privateKey } = await generateKeyPair('ES256');
    const [, payload] = issued.jws.split('.');
    const forged = await new CompactSign(Buffer.from(payload ?? '', 'base64url'))
      .setProtectedHeader({ alg: 'ES256', kid: 'not-a-published-key' })
      .sign(privateKey);
    const response = await stack.request('/api/verify/jws', { json: { jws: forged } });
    expect((await json(response)).status).toBe('UNKNOWN_KEY');
  });

  it('reports TAMPERED for a seal that is not a JWS at all', async () => {
    const response = await stack.request('/api/verify/jws', { json: { jws: 'not.a.jws' } });
    expect((await json(response)).status).toBe('TAMPERED');
  });

  it('publishes the signing key, with its RFC 7638 thumbprint as kid, and no private part', async () => {
    const { keys } = await json(await stack.request('/.well-known/jwks.json'));
    expect(keys).toHaveLength(1);
    const [key] = keys;
    expect(key).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' });
    expect(key.d).toBeUndefined();
    const { calculateJwkThumbprint } = await import('jose');
    expect(await calculateJwkThumbprint(key)).toBe(key.kid);
    const header = JSON.parse(Buffer.from(issued.jws.split('.')[0] ?? '', 'base64url').toString('utf8'));
    expect(header).toEqual({ alg: 'ES256', kid: key.kid, typ: 'tc-seal+jwt' });
  });
});

describe('the page where the code is typed by hand', () => {
  it('shows a form at /v for the code, made for typing it off paper', async () => {
    const response = await stack.request('/v?lang=sq');
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Type')).toContain('text/html');
    expect(response.headers.get('Content-Security-Policy')).toContain("form-action 'self'");
    const html = await response.text();
    expect(html).toContain('<html lang="sq">');
    expect(html).toMatch(/<form method="get" action="\/v"/);
    expect(html).toMatch(/<input id="code" name="code" type="text" inputmode="text" autocomplete="off"/);
    expect(html).toContain('Kontrolloni një certifikatë me kodin e saj');
  });

  it('sends a code typed with spaces and in lower case to its page (303), keeping the language', async () => {
    const typed = encodeURIComponent(issued.code.toLowerCase().match(/.{4}/g)?.join(' ') ?? '');
    const response = await stack.request(`/v?code=${typed}&lang=mk`);
    expect(response.status).toBe(303);
    expect(response.headers.get('Location')).toBe(`/v/${issued.code}?lang=mk`);
  });

  it('shows the form again (400) with a clear message when what was typed is no code', async () => {
    const response = await stack.request('/v?code=MK-CO-2026-000001&lang=en');
    expect(response.status).toBe(400);
    expect(response.headers.get('Content-Type')).toContain('text/html');
    const html = await response.text();
    expect(html).toContain('value="MK-CO-2026-000001"');
    expect(html).toContain('aria-invalid="true"');
    expect(html).toContain('role="alert">This is not a verification code.');
  });

  it('answers problem+json VALIDATION_FAILED to a client that asks for JSON', async () => {
    const response = await stack.request('/v?code=hello', { headers: { Accept: 'application/json' } });
    expect(response.status).toBe(400);
    expect(response.headers.get('Content-Type')).toContain('application/problem+json');
    expect((await json(response)).code).toBe('VALIDATION_FAILED');
  });
});

describe('the chamber on the page', () => {
  it('gives the configured contact on NOT_FOUND instead of “contact the issuing chamber”', async () => {
    const html = await (await stack.request('/v/ABCDEFGHJKMNPQRS?lang=en')).text();
    expect(html).toContain('data-status="NOT_FOUND"');
    expect(html).not.toContain('contact the issuing chamber');
    expect(html).toContain('Demo Economic Chamber / Демо Стопанска комора');
    expect(html).toContain(CONTACT.ISSUER_ADDRESS);
    expect(html).toContain('<a href="tel:+38925550101">+389 2 555 0101</a>');
    expect(html).toContain(`<a href="mailto:${CONTACT.ISSUER_EMAIL}">`);
    expect(html).toContain(`<a href="${CONTACT.ISSUER_WEB}"`);
  });

  it('names the chamber and its contact on a valid certificate too', async () => {
    const html = await (await stack.request(`/v/${issued.code}?lang=mk`)).text();
    expect(html).toContain('Демо Стопанска комора / Demo Economic Chamber');
    expect(html).toContain(CONTACT.ISSUER_ADDRESS);
    expect(html).toContain(`mailto:${CONTACT.ISSUER_EMAIL}`);
  });

  it('writes the goods’ numbers and the type as Macedonian does', async () => {
    const html = await (await stack.request(`/v/${issued.code}?lang=mk`)).text();
    expect(html).toContain('1.200 pcs');
    expect(html).toContain('Уверение за потекло (непреференцијално)');
  });
});

describe('verification of a PDF by its hash', () => {
  it('names the certificate the file is, so that the page can tell it from the one it shows', async () => {
    const response = await stack.request('/api/verify/hash', { json: { sha256: issued.sha256 } });
    expect(response.status).toBe(200);
    expect(await json(response)).toMatchObject({
      status: 'VALID',
      certificate: { serial: issued.serial, code: issued.code },
    });
  });
});
