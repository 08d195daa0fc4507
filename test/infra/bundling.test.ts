// The modules that the Lambda bundles replace with smaller ones (infra/constructs/bundling.ts, ALIASES) still
// do what the functions need: the SDK clients find the execution role's credentials, and hono-openapi
// still turns zod schemas into JSON Schema.
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { toJSONSchema } from 'zod/v4/core';
import { esbuildOptionsFor } from '../../infra/constructs/bundling.ts';
import { REPO_ROOT } from '../../infra/constructs/paths.ts';

let outDir: string;

beforeAll(async () => {
  outDir = await mkdtemp(join(tmpdir(), 'tradecert-bundling-'));
});
afterAll(() => rm(outDir, { recursive: true, force: true }));

/** Bundles `source` as a function would be bundled and runs it in a fresh node with only `env`. */
const bundleAndRun = async (name: string, source: string, env: Record<string, string> = {}) => {
  const outdir = join(outDir, name);
  const { entryPoints: _entry, ...options } = esbuildOptionsFor('functions/verify/lambda.ts', outdir);
  const { metafile } = await build({
    ...options,
    stdin: { contents: source, resolveDir: REPO_ROOT, loader: 'ts', sourcefile: `${name}.ts` },
    metafile: true,
  });
  const outfile = join(outdir, 'stdin.mjs');
  const run = spawnSync(process.execPath, [outfile], {
    env: { PATH: process.env.PATH ?? '', ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });
  // The files whose code is in the output: esbuild lists the ones it shook out too, with zero bytes.
  const inputs = Object.values(metafile.outputs).flatMap((output) =>
    Object.entries(output.inputs)
      .filter(([, { bytesInOutput }]) => bytesInOutput > 0)
      .map(([path]) => path),
  );
  return { inputs, stdout: run.stdout, stderr: run.stderr, status: run.status };
};

describe('the Lambda bundles', { timeout: 60_000 }, () => {
  const readCredentials = `
    import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
    import { KMSClient } from '@aws-sdk/client-kms';
    import { S3Client } from '@aws-sdk/client-s3';
    for (const client of [new DynamoDBClient({ region: 'eu-central-1' }), new KMSClient({ region: 'eu-central-1' }), new S3Client({ region: 'eu-central-1' })]) {
      try {
        const { accessKeyId, secretAccessKey, sessionToken } = await client.config.credentials();
        console.log(JSON.stringify({ accessKeyId, secretAccessKey, sessionToken }));
      } catch (error) {
        console.log(JSON.stringify({ error: error.name }));
      }
    }
  `;

  it('give every SDK client the credentials that Lambda puts in the environment', async () => {
    const lambdaCredentials = {
      AWS_ACCESS_KEY_ID: 'ASIAEXAMPLEEXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'secret/EXAMPLE',
      AWS_SESSION_TOKEN: 'session-token-EXAMPLE',
    };

    const run = await bundleAndRun('credentials', readCredentials, lambdaCredentials);

    expect(run.status, run.stderr).toBe(0);
    expect(
      run.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line)),
    ).toEqual(
      Array.from({ length: 3 }, () => ({
        accessKeyId: 'ASIAEXAMPLEEXAMPLE',
        secretAccessKey: 'secret/EXAMPLE',
        sessionToken: 'session-token-EXAMPLE',
      })),
    );
  });

  it('fail clearly without credentials instead of looking in files or instance metadata', async () => {
    const run = await bundleAndRun('no-credentials', readCredentials);

    expect(
      run.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line)),
    ).toEqual(Array.from({ length: 3 }, () => ({ error: 'CredentialsProviderError' })));
    expect(
      run.inputs.filter((path) =>
        /credential-provider-(ini|sso|process|web-identity|http)|nested-clients/.test(path),
      ),
    ).toEqual([]);
  });

  it('convert zod schemas to the same JSON Schema as the full zod/v4/core', async () => {
    const source = `
      import * as z from 'zod';
      // As hono-openapi's converter (@standard-community/standard-json) loads it.
      const { toJSONSchema } = await import('zod/v4/core');
      const schema = z.object({ code: z.string().min(1).max(64), copies: z.number().int().optional() });
      console.log(JSON.stringify(toJSONSchema(schema, { target: 'draft-2020-12' })));
    `;
    const schema = z.object({ code: z.string().min(1).max(64), copies: z.number().int().optional() });

    const run = await bundleAndRun('json-schema', source);

    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual(
      JSON.parse(JSON.stringify(toJSONSchema(schema, { target: 'draft-2020-12' }))),
    );
    // English messages only: the other 40-odd locales weigh about 250 KB.
    expect(run.inputs.filter((path) => /zod\/v4\/locales\/(?!en\.js|index\.js)/.test(path))).toEqual([]);
  });
});
