// The OpenAPI document is generated from the zod schemas the handlers enforce.
import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../functions/core/errors.ts';
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
        // missing before the contract (issue 18)
        '/api/me',
        '/api/auth/logout',
        '/healthz',
        '/.well-known/jwks.json',
        '/.well-known/did.json',
      ]),
    );
    expect(spec.paths['/api/orgs'].get).toBeDefined();
    expect(spec.paths['/api/api-keys'].get).toBeDefined();
    expect(spec.paths['/api/webhooks'].get).toBeDefined();
    const create = spec.paths['/api/applications'].post;
    const schema = create.requestBody.content['application/json'].schema;
    expect(JSON.stringify(schema)).toContain('eur1');
    expect(spec.paths['/api/applications/{id}/request-changes'].post.requestBody).toBeDefined();
  });

  it('gives every operation an operationId, a summary, a tag and a described 2xx with a schema for its body', async () => {
    const spec = await readJson(await stack.request('/openapi.json'));
    const operations = Object.entries(spec.paths).flatMap(([path, item]) =>
      Object.entries(item as Record<string, Record<string, unknown>>).map(([method, operation]) => ({
        at: `${method.toUpperCase()} ${path}`,
        operation: operation as {
          operationId?: string;
          summary?: string;
          tags?: string[];
          responses: Record<string, { description?: string; content?: Record<string, { schema?: unknown }> }>;
        },
      })),
    );
    expect(operations.length).toBeGreaterThan(60);
    const ids = new Set<string>();
    for (const { at, operation } of operations) {
      expect(operation.operationId, at).toMatch(/^[a-zA-Z]+$/);
      ids.add(operation.operationId ?? '');
      expect(operation.summary, at).toBeTruthy();
      expect(operation.tags, at).toHaveLength(1);
      const success = Object.entries(operation.responses).filter(([status]) => /^[23]/.test(status));
      expect(success.length, at).toBeGreaterThan(0);
      for (const [status, response] of Object.entries(operation.responses)) {
        expect(response.description, `${at} ${status}`).toBeTruthy();
        for (const [mediaType, media] of Object.entries(response.content ?? {}))
          expect(media.schema, `${at} ${status} ${mediaType}`).toBeDefined();
      }
    }
    expect(ids.size).toBe(operations.length);
  });

  it('documents 201 for the creates and their schemas', async () => {
    const spec = await readJson(await stack.request('/openapi.json'));
    for (const [path, method] of [
      ['/api/applications', 'post'],
      ['/api/applications/{id}/attachments', 'post'],
      ['/api/applications/{id}/approve', 'post'],
      ['/api/certificates/{serial}/replace', 'post'],
      ['/api/orgs', 'post'],
      ['/api/users', 'post'],
      ['/api/api-keys', 'post'],
      ['/api/webhooks', 'post'],
    ] as const) {
      const responses = spec.paths[path][method].responses;
      expect(Object.keys(responses), path).toContain('201');
      expect(Object.keys(responses), path).not.toContain('200');
      expect(responses['201'].content['application/json'].schema.$ref, path).toMatch(
        /^#\/components\/schemas\//,
      );
    }
  });

  it('documents errors as application/problem+json of one Problem schema whose code enumerates the stable codes', async () => {
    const spec = await readJson(await stack.request('/openapi.json'));
    expect(spec.components.schemas.Problem.properties.code.enum).toEqual([...ERROR_CODES]);
    const submit = spec.paths['/api/applications/{id}/submit'].post.responses;
    for (const status of ['400', '401', '403', '404', '409', '413', '415', '422', '429', '500', '503'].filter(
      (status) => status in submit,
    )) {
      expect(submit[status].content, status).toEqual({
        'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } },
      });
    }
    expect(Object.keys(submit)).toEqual(expect.arrayContaining(['400', '401', '403', '404', '409']));
    expect(submit['409'].description).toContain('VERSION_CONFLICT');
    expect(JSON.stringify(spec)).not.toContain('"success"');
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
