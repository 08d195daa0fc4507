// What the verify function tells CloudFront (docs/deploy.md, "Verification at the edge"): GET answers may be kept
// by a shared cache for VERIFICATION_SHARED_MAX_AGE seconds and by no browser, so that a revocation shows
// everywhere within 60 s; answers to POSTs and the credential itself are kept by nobody. And the per-address
// counter that the WAF replaces on AWS: off with 0, on by default.
import { beforeAll, describe, expect, it } from 'vitest';
import { buildVerifyDeps } from '../../functions/config/verify-deps.ts';
import { VERIFICATION_SHARED_MAX_AGE } from '../../functions/http/edge-caching.ts';
import { createVerifyApp } from '../../functions/verify/app.tsx';
import { VERIFICATION_EDGE_MAX_TTL } from '../../infra/constructs/verification-edge.ts';
import { sampleCertificateOfOrigin } from '../fixtures/certificate-of-origin.ts';
import { readJson } from '../support/json.ts';
import { createTestStack, submittedApplication, type TestStack } from '../support/test-stack.ts';

let stack: TestStack;
let certificate: { serial: string; code: string };

const SHARED_FOR_A_WHILE = `public, max-age=0, s-maxage=${VERIFICATION_SHARED_MAX_AGE}`;
const UNKNOWN_CODE = 'ABCDEFGHJKMNPQRS';

beforeAll(async () => {
  stack = await createTestStack();
  const { id, version } = await submittedApplication(stack, sampleCertificateOfOrigin(1));
  const approved = await readJson(
    await stack.request(`/api/applications/${id}/approve`, {
      token: await stack.login('staff'),
      json: { version },
    }),
  );
  certificate = approved.certificate as { serial: string; code: string };
});

describe('verification answers at the edge', () => {
  it('keeps each layer (edge location, regional cache) under half of the 60 s a revocation may take', () => {
    expect(2 * VERIFICATION_SHARED_MAX_AGE).toBeLessThan(60);
    expect(VERIFICATION_EDGE_MAX_TTL.toSeconds()).toBe(VERIFICATION_SHARED_MAX_AGE);
  });

  it('lets shared caches, not browsers, keep the JSON answer and the page of a code', async () => {
    const json = await stack.request(`/api/verify/${certificate.code}`);
    const page = await stack.request(`/v/${certificate.code}`);
    const pageAsJson = await stack.request(`/v/${certificate.code}`, {
      headers: { Accept: 'application/json' },
    });
    expect([json.status, page.status, pageAsJson.status]).toEqual([200, 200, 200]);
    for (const answer of [json, page, pageAsJson]) {
      expect(answer.headers.get('Cache-Control')).toBe(SHARED_FOR_A_WHILE);
    }
    expect(page.headers.get('Vary')).toBe('Accept, Accept-Language');
  });

  it("lets them keep an unknown code's 404 as briefly", async () => {
    const missing = await stack.request(`/api/verify/${UNKNOWN_CODE}`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('Cache-Control')).toBe(SHARED_FOR_A_WHILE);
  });

  it('keeps no answer to a POST and never the credential itself', async () => {
    const seal = await stack.request('/api/verify/jws', { json: { jws: 'a.b.c' } });
    const credential = await stack.request(`/v/${certificate.code}/vc`);
    expect(seal.headers.get('Cache-Control')).toBe('no-store');
    expect(credential.status).toBe(200);
    expect(credential.headers.get('Cache-Control')).toBe('no-store');
  });

  it('answers REVOKED from the origin right after the revocation: only the edge keeps answers, briefly', async () => {
    const before = await readJson(await stack.request(`/api/verify/${certificate.code}`));
    expect(before.status).toBe('VALID');
    const revoked = await stack.request(`/api/certificates/${certificate.serial}/revoke`, {
      token: await stack.login('staff'),
      json: { reason: 'incorrect-data' },
    });
    expect(revoked.status).toBe(200);

    const after = await stack.request(`/api/verify/${certificate.code}`);
    expect((await readJson(after)).status).toBe('REVOKED');
    expect(after.headers.get('Cache-Control')).toBe(SHARED_FOR_A_WHILE);
  });
});

describe('the per-address counter the WAF replaces on AWS', () => {
  it('never answers 429 when turned off (requestsPerMinute 0)', async () => {
    const app = createVerifyApp(await buildVerifyDeps(stack.config), { requestsPerMinute: 0 });
    const statuses = new Set<number>();
    for (let i = 0; i < 150; i++) statuses.add((await app.request(`/api/verify/${UNKNOWN_CODE}`)).status);
    expect([...statuses]).toEqual([404]);
  });

  it('counts 120 a minute per address by default', async () => {
    const app = createVerifyApp(await buildVerifyDeps(stack.config));
    const statuses: number[] = [];
    for (let i = 0; i < 121; i++) statuses.push((await app.request(`/api/verify/${UNKNOWN_CODE}`)).status);
    expect(statuses.filter((status) => status === 404)).toHaveLength(120);
    expect(statuses.at(-1)).toBe(429);
  });
});
