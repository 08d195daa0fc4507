// Starts one DynamoDB Local (in memory) and one s3rver for the integration suites; each test file
// then works in its own table and bucket.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal, startS3rver } from '../../functions/local/storage-processes.ts';
import { apiDocument } from '../../scripts/openapi-document.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
    s3Endpoint: string;
    /** /openapi.json, generated once for every file's contract checks (test/support/contract.ts) */
    openapiDocument: Record<string, unknown>;
  }
}

export default async function setup(project: TestProject) {
  const s3Dir = await mkdtemp(join(tmpdir(), 'tradecert-s3-'));
  const [dynamo, s3, document] = await Promise.all([
    startDynamoDbLocal(undefined),
    startS3rver(s3Dir),
    apiDocument(),
  ]);
  project.provide('openapiDocument', document);
  project.provide('dynamoEndpoint', dynamo.endpoint);
  project.provide('s3Endpoint', s3.endpoint);
  return async () => {
    await Promise.all([dynamo.stop(), s3.stop()]);
    await rm(s3Dir, { recursive: true, force: true });
  };
}
