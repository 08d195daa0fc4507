// The OpenAPI document is generated from the zod schemas the handlers enforce.
import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { readJson } from '../support/json.ts';
import { createTestStack, type TestStack } from '../support/test-stack.ts';

let stack: TestStack;

beforeAll(async () => {
  stack = await createTestStack();
});

describe('the API reference', () => {
  it('serves an OpenAPI 3.1 document with every route and the request schemas the handlers validate', async () => {
    const response = await stack.request('/openapi.json');
    expect(response.status).toBe(200);
    const spec = await readJson(response);
    expect(spec.openapi).toBe('3.1.0');
    const paths = Object.keys(spec.paths);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/api/auth/login',
        '/api/applications',
        '/api/applications/{id}',
        '/api/applications/{id}/submit',
        '/api/applications/{id}/approve',
        '/api/applications/{id}/attachments',
        '/api/certificates/{serial}/pdf',
        '/api/certificates/{serial}/vc',
        '/api/verify/vc',
        '/v/{code}/vc',
        '/status/bitstring/revocation',
        '/api/orgs',
        '/api/users',
        '/api/api-keys',
        '/api/verify/{code}',
        '/api/verify/jws',
        '/v/{code}',
      ]),
    );
    const create = spec.paths['/api/applications'].post;
    const schema = create.requestBody.content['application/json'].schema;
    expect(JSON.stringify(schema)).toContain('eur1');
    expect(spec.paths['/api/applications/{id}/request-changes'].post.requestBody).toBeDefined();
  });

  it('serves a readable reference at /docs, listing every route with its request schema', async () => {
    const response = await stack.request('/docs');
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Type')).toContain('text/html');
    const html = await response.text();
    expect(html).toContain('href="/openapi.json"');
    expect(html).toContain('<code>/api/applications/{id}/approve</code>');
    expect(html).toContain('&quot;eur1&quot;');
  });

  // docs/security.md, "API reference page": nothing third-party runs on the API's origin, and nothing is fetched
  it('runs no script and loads nothing from elsewhere: it works offline', async () => {
    const html = await (await stack.request('/docs')).text();
    expect(html).not.toMatch(/<script|<link|<iframe|<img|\ssrc=/i);
    expect(html).not.toMatch(/(href|action)="(https?:)?\/\//i);
  });

  it('sends a CSP that allows no script, no connection and only its own inline stylesheet', async () => {
    const response = await stack.request('/docs');
    const csp = response.headers.get('Content-Security-Policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toMatch(/script-src|connect-src|unsafe-inline/);
    const style = /<style>([\s\S]*?)<\/style>/.exec(await response.text())?.[1] ?? '';
    const hash = createHash('sha256').update(style).digest('base64');
    expect(csp).toContain(`style-src 'sha256-${hash}'`);
  });
});
