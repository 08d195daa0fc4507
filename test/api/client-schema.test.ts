// The typed client's schema (functions/client/api-schema.ts) is what `npm run client:generate` makes of the document
// the API serves now: a route or zod schema changed without regenerating fails here.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { CLIENT_SCHEMA_FILE, clientSchemaOf, currentApiDocument } from '../../scripts/generate-client.ts';
import { readJson } from '../support/json.ts';
import { createTestStack } from '../support/test-stack.ts';

describe('the generated client schema', () => {
  it('is the committed file, generated from the document the running service serves', async () => {
    const stack = await createTestStack();
    const served = await readJson(await stack.request('/openapi.json'));
    const generated = await clientSchemaOf(served as Awaited<ReturnType<typeof currentApiDocument>>);
    expect(generated).toBe(await clientSchemaOf(await currentApiDocument()));
    expect(
      generated === (await readFile(CLIENT_SCHEMA_FILE, 'utf8')),
      'functions/client/api-schema.ts is out of date: run `npm run client:generate` and commit it',
    ).toBe(true);
  });

  it('types every documented path', async () => {
    const source = await readFile(CLIENT_SCHEMA_FILE, 'utf8');
    const document = await currentApiDocument();
    for (const path of Object.keys(document.paths ?? {})) expect(source).toContain(`"${path}": {`);
  });
});
