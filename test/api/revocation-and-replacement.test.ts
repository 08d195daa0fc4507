// Every verification outcome from real issued certificates: revoked, replaced, exact and altered PDFs,
// the signed revocation list for offline verifiers, and per-client rate limiting.
import { compactVerify, createLocalJWKSet } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { sampleCertificateOfOrigin } from '../fixtures/certificate-of-origin.ts';
import { readJson } from '../support/json.ts';
import { pdfToText } from '../support/pdf-tools.ts';
import {
  attachInvoice,
  createTestStack,
  submittedApplication,
  type TestStack,
} from '../support/test-stack.ts';

let stack: TestStack;

const issue = async () => {
  const { id, version } = await submittedApplication(stack, sampleCertificateOfOrigin(1));
  const approved = await readJson(
    await stack.request(`/api/applications/${id}/approve`, {
      token: await stack.login('staff'),
      json: { version },
    }),
  );
  return approved.certificate as { serial: string; code: string; sha256: string };
};

const pdfOf = async (serial: string) =>
  new Uint8Array(
    await (
      await stack.request(`/api/certificates/${serial}/pdf`, { token: await stack.login('staff') })
    ).arrayBuffer(),
  );

beforeAll(async () => {
  stack = await createTestStack();
});

describe('revocation', () => {
  it('turns the certificate REVOKED at once, with date and reason, on the API and on the page', async () => {
    const certificate = await issue();
    const refused = await stack.request(`/api/certificates/${certificate.serial}/revoke`, {
      token: await stack.login('exporterA'),
      json: { reason: 'fraud' },
    });
    expect(refused.status).toBe(403);
    const revoked = await stack.request(`/api/certificates/${certificate.serial}/revoke`, {
      token: await stack.login('staff'),
      json: { reason: 'incorrect-data', comment: 'Wrong HS code on line 1' },
    });
    expect(revoked.status).toBe(200);

    const verified = await stack.request(`/api/verify/${certificate.code}`);
    expect(verified.status).toBe(200);
    const result = await readJson(verified);
    expect(result).toMatchObject({
      status: 'REVOKED',
      reason: 'incorrect-data',
      certificate: { serial: certificate.serial },
    });
    expect(result.revokedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(result.expectedSeal).toBeUndefined();
    const page = await (await stack.request(`/v/${certificate.code}`)).text();
    expect(page).toContain('data-status="REVOKED"');
    // the file's hash answers the same at once: it carries a copy of the certificate, rewritten with it
    const byHash = await readJson(
      await stack.request('/api/verify/hash', { json: { sha256: certificate.sha256 } }),
    );
    expect(byHash).toMatchObject({
      status: 'REVOKED',
      reason: 'incorrect-data',
      revokedAt: result.revokedAt,
    });

    const again = await stack.request(`/api/certificates/${certificate.serial}/revoke`, {
      token: await stack.login('staff'),
      json: { reason: 'fraud' },
    });
    expect(again.status).toBe(409);
  });
});

describe('replacement', () => {
  it('issues a new certificate that names the old one, and the old one becomes SUPERSEDED and links forward', async () => {
    const old = await issue();
    const exporter = await stack.login('exporterA');
    const started = await stack.request(`/api/certificates/${old.serial}/replace`, {
      token: exporter,
      json: {},
    });
    expect(started.status).toBe(201);
    const replacement = await readJson(started);
    expect(replacement).toMatchObject({ status: 'DRAFT', replaces: { serial: old.serial } });

    await stack.request(`/api/applications/${replacement.id}`, {
      token: exporter,
      method: 'PATCH',
      json: {
        version: 1,
        data: { ...sampleCertificateOfOrigin(1), remarks: 'Corrected consignee address.' },
      },
    });
    await attachInvoice(stack.app.request, exporter, replacement.id);
    expect(
      (
        await stack.request(`/api/applications/${replacement.id}/submit`, {
          token: exporter,
          json: { version: 2 },
        })
      ).status,
    ).toBe(200);
    const approved = await readJson(
      await stack.request(`/api/applications/${replacement.id}/approve`, {
        token: await stack.login('staff2'),
        json: { version: 3 },
      }),
    );
    const fresh = approved.certificate as { serial: string; code: string };

    const oldStatus = await readJson(await stack.request(`/api/verify/${old.code}`));
    expect(oldStatus).toMatchObject({
      status: 'SUPERSEDED',
      supersededBy: { serial: fresh.serial, code: fresh.code },
    });
    const page = await (await stack.request(`/v/${old.code}`)).text();
    expect(page).toContain('data-status="SUPERSEDED"');
    expect(page).toContain(`/v/${fresh.code}`);
    expect(
      await readJson(await stack.request('/api/verify/hash', { json: { sha256: old.sha256 } })),
    ).toMatchObject({
      status: 'SUPERSEDED',
      supersededBy: { serial: fresh.serial, code: fresh.code },
    });
    expect((await readJson(await stack.request(`/api/verify/${fresh.code}`))).status).toBe('VALID');

    // box 5 (remarks) sits beside box 4 on the form, so the two boxes' lines interleave in the extracted text
    const text = (await pdfToText(await pdfOf(fresh.serial))).replace(/\s+/g, ' ');
    expect(text).toContain('Го заменува уверението бр. / Replaces certificate');
    expect(text).toContain(`No. ${old.serial} Corrected consignee address.`);

    const events = await readJson(
      await stack.request(
        `/api/applications/${(await readJson(await stack.request(`/api/certificates/${old.serial}`, { token: exporter }))).applicationId}/events`,
        { token: exporter },
      ),
    );
    expect(events.items.at(-1)).toMatchObject({ action: 'supersede', to: 'SUPERSEDED' });
  });
});

describe('verifying a file', () => {
  it('recognises the exact issued PDF by its hash or its bytes, and nothing else', async () => {
    const certificate = await issue();
    const pdf = await pdfOf(certificate.serial);
    const byHash = await stack.request('/api/verify/hash', { json: { sha256: certificate.sha256 } });
    expect((await readJson(byHash)).status).toBe('VALID');
    const byBytes = await stack.app.request('/api/verify/pdf', {
      method: 'POST',
      headers: { 'Content-Type': 'application/pdf' },
      body: pdf,
    });
    expect((await readJson(byBytes)).certificate.serial).toBe(certificate.serial);

    const altered = pdf.slice();
    const middle = Math.floor(altered.length / 2);
    altered[middle] = (altered[middle] ?? 0) ^ 0x01;
    const changed = await stack.app.request('/api/verify/pdf', {
      method: 'POST',
      headers: { 'Content-Type': 'application/pdf' },
      body: altered,
    });
    expect(changed.status).toBe(404);
    expect((await readJson(changed)).status).toBe('NOT_FOUND');
    const malformed = await stack.request('/api/verify/hash', { json: { sha256: 'not-a-hash' } });
    expect(malformed.status).toBe(400);
  });
});

describe('the revocation list for offline verifiers', () => {
  it('is a JWS signed with a published key listing every revoked and superseded serial, with nextUpdate', async () => {
    const revoked = await issue();
    await stack.request(`/api/certificates/${revoked.serial}/revoke`, {
      token: await stack.login('staff'),
      json: { reason: 'fraud' },
    });
    const response = await stack.request('/status/revocations');
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Type')).toBe('application/jose');
    expect(response.headers.get('Cache-Control')).toMatch(/^public, max-age=\d+$/);
    const jwks = await readJson(await stack.request('/.well-known/jwks.json'));
    const { payload } = await compactVerify(await response.text(), createLocalJWKSet(jwks as never));
    const list = JSON.parse(new TextDecoder().decode(payload));
    expect(list.iss).toBe(stack.config.issuer.id);
    expect(Date.parse(list.nextUpdate)).toBeGreaterThan(Date.now());
    expect(list.entries).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ sn: revoked.serial, status: 'REVOKED', reason: 'fraud' }),
      ]),
    );
  });
});

describe('abuse resistance', () => {
  it('answers 429 with Retry-After when one client asks too often', async () => {
    const { createVerifyApp } = await import('../../functions/verify/app.tsx');
    const { buildVerifyDeps } = await import('../../functions/config/verify-deps.ts');
    const app = createVerifyApp(await buildVerifyDeps(stack.config), { requestsPerMinute: 5 });
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await app.request('/api/verify/ABCDEFGHJKMNPQRS')).status);
    expect(statuses).toEqual([404, 404, 404, 404, 404, 429, 429]);
    const limited = await app.request('/api/verify/ABCDEFGHJKMNPQRS');
    expect(Number(limited.headers.get('Retry-After'))).toBeGreaterThan(0);
    expect((await readJson(limited)).code).toBe('RATE_LIMITED');
  });
});
