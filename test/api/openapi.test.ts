// The OpenAPI document is generated from the zod schemas the handlers enforce.
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

  it('serves a readable reference at /docs', async () => {
    const response = await stack.request('/docs');
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Type')).toContain('text/html');
    expect(await response.text()).toContain('/openapi.json');
  });
});
