// Each function's handler as it is deployed: its bundle (index.mjs and the chunks it loads, built by the options
// the CDK construct uses, with the files the construct copies beside it) is imported by Node itself, not by the
// test runner, and invoked with API Gateway HTTP API (v2) events against DynamoDB Local and s3rver. The approval
// below is what loads the PDF chunk by import() (docs/architecture.md §12).
import { type ChildProcess, execFileSync, fork } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccountRepository } from '../../functions/adapters/dynamodb/account-repository.ts';
import { createDocumentClient, createDynamoClient } from '../../functions/adapters/dynamodb/client.ts';
import { loadConfig } from '../../functions/config/config.ts';
import { seedDemoAccounts } from '../../functions/local/seed.ts';
import { prepareStorage } from '../../functions/local/server.ts';
import {
  bundleNamed,
  ENTRY_FILE,
  esbuildOptionsFor,
  RUNTIME_NODE_OPTIONS,
} from '../../infra/constructs/bundling.ts';
import { REPO_ROOT, repoPath } from '../../infra/constructs/paths.ts';
import { pdfAssetHooks } from '../../infra/constructs/pdf-assets.ts';
import { sampleCertificateOfOrigin } from '../fixtures/certificate-of-origin.ts';
import { multipartFile, sampleInvoicePdf } from '../fixtures/documents.ts';
import type { Json } from '../support/json.ts';
import { testEnvironment } from '../support/test-stack.ts';

type Handler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyResultV2>;
type Result = Exclude<APIGatewayProxyResultV2, string>;

const PASSWORD = 'lambda-test-password';
let api: Handler;
let verify: Handler;

const event = (
  method: string,
  path: string,
  init: { body?: string; headers?: Record<string, string> } = {},
): APIGatewayProxyEventV2 => ({
  version: '2.0',
  routeKey: '$default',
  rawPath: path,
  rawQueryString: '',
  headers: { host: 'abc123.execute-api.eu-central-1.amazonaws.com', 'user-agent': 'vitest', ...init.headers },
  requestContext: {
    accountId: '123456789012',
    apiId: 'abc123',
    domainName: 'abc123.execute-api.eu-central-1.amazonaws.com',
    domainPrefix: 'abc123',
    http: { method, path, protocol: 'HTTP/1.1', sourceIp: '198.51.100.7', userAgent: 'vitest' },
    requestId: `req-${Math.random()}`,
    routeKey: '$default',
    stage: '$default',
    time: '23/Nov/2026:10:00:00 +0000',
    timeEpoch: 1795428000000,
  },
  isBase64Encoded: false,
  ...(init.body === undefined ? {} : { body: init.body }),
});

const invoke = async (
  handler: Handler,
  method: string,
  path: string,
  init: { json?: unknown; token?: string } = {},
) =>
  (await handler(
    event(method, path, {
      ...(init.json === undefined ? {} : { body: JSON.stringify(init.json) }),
      headers: {
        ...(init.json === undefined ? {} : { 'content-type': 'application/json' }),
        ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
      },
    }),
    {} as Context,
  )) as Result;

const bodyOf = (result: Result) => JSON.parse(result.body ?? '{}') as Json;

let bundlesDir: string;
const runtimes: ChildProcess[] = [];

// Stands in for the Lambda runtime: a Node process of its own imports the bundle, as Lambda does, and hands
// it each event that the test sends. A module hook records every file that Node loads, so that the test can
// ask which of the bundle's files an instance has loaded so far.
const RUNTIME = `
import { register } from 'node:module';
import { MessageChannel } from 'node:worker_threads';
const { port1, port2 } = new MessageChannel();
const loaded = [];
port1.on('message', (url) => loaded.push(url));
port1.unref();
const hook = 'let port; export const initialize = (data) => { port = data.port; };' +
  'export const load = (url, context, next) => { port.postMessage(url); return next(url, context); };';
register('data:text/javascript,' + encodeURIComponent(hook), { data: { port: port2 }, transferList: [port2] });
const { handler } = await import(process.argv[2]);
process.on('message', async ({ id, event, context }) => {
  if (event === 'loaded') return process.send({ id, result: loaded });
  try {
    process.send({ id, result: await handler(event, context ?? {}) });
  } catch (error) {
    process.send({ id, error: String(error?.stack ?? error) });
  }
});
process.send({ ready: true });
`;

interface DeployedFunction {
  handler: Handler;
  /** The files of the bundle that the instance has loaded so far, relative to its directory. */
  loadedFiles: () => Promise<string[]>;
  /** The bundle's files that hold code of pdf-lib or fontkit. */
  pdfLibraryFiles: string[];
  /** The lines the instance has written to stdout so far (its logs). */
  stdout: string[];
}

const PDF_LIBRARIES = /node_modules\/(pdf-lib|@pdf-lib\/fontkit)\//;

/** The function's directory as CDK deploys it (infra/constructs/esm-function.ts), and its handler. */
const deployedFunction = async (
  name: 'api' | 'verify',
  env: Record<string, string>,
): Promise<DeployedFunction> => {
  const outdir = join(bundlesDir, name);
  const { metafile } = await build({ ...esbuildOptionsFor(bundleNamed(name).entry, outdir), metafile: true });
  if (name === 'api') {
    const commands = pdfAssetHooks().afterBundling(REPO_ROOT, outdir);
    execFileSync('bash', ['-c', commands.join(' && ')], { cwd: REPO_ROOT });
  }
  const runtimeFile = join(bundlesDir, 'runtime.mjs');
  await writeFile(runtimeFile, RUNTIME);
  const child = fork(runtimeFile, [pathToFileURL(join(outdir, ENTRY_FILE)).href], {
    env: { PATH: process.env.PATH ?? '', NODE_OPTIONS: RUNTIME_NODE_OPTIONS, ...env },
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  const stdout: string[] = [];
  let partial = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    const lines = (partial + chunk).split('\n');
    partial = lines.pop() ?? '';
    stdout.push(...lines);
  });
  runtimes.push(child);
  const pending = new Map<number, (reply: { result?: unknown; error?: string }) => void>();
  await new Promise<void>((ready, failed) => {
    child.once('exit', (code) => failed(new Error(`the ${name} bundle exited (${code}) while starting`)));
    child.on('message', (message: { ready?: true; id?: number; result?: unknown; error?: string }) => {
      if (message.ready) ready();
      else if (message.id !== undefined) pending.get(message.id)?.(message);
    });
  });
  let next = 0;
  const ask = (event: unknown, context?: unknown) =>
    new Promise<unknown>((resolve, reject) => {
      const id = next++;
      pending.set(id, (reply) => {
        pending.delete(id);
        if (reply.error !== undefined) reject(new Error(reply.error));
        else resolve(reply.result);
      });
      child.send({ id, event, context });
    });
  const bundleUrl = `${pathToFileURL(outdir).href}/`;
  return {
    handler: async (event, context) => (await ask(event, context)) as Result,
    stdout,
    pdfLibraryFiles: Object.entries(metafile.outputs)
      .filter(([, output]) => Object.keys(output.inputs).some((input) => PDF_LIBRARIES.test(input)))
      .map(([path]) => relative(outdir, join(REPO_ROOT, path))),
    loadedFiles: async () =>
      ((await ask('loaded')) as string[])
        .filter((url) => url.startsWith(bundleUrl))
        .map((url) => url.slice(bundleUrl.length)),
  };
};

let apiFunction: DeployedFunction;

afterAll(async () => {
  for (const child of runtimes) child.kill();
  await rm(bundlesDir, { recursive: true, force: true });
});

beforeAll(async () => {
  bundlesDir = await mkdtemp(join(tmpdir(), 'tradecert-lambda-bundles-'));
  const environment = await testEnvironment({ TEMPLATES_DIR: repoPath('templates') });
  const config = loadConfig(environment);
  await prepareStorage(config);
  const db = createDocumentClient(
    createDynamoClient({ region: config.region, endpoint: config.dynamoEndpoint }),
  );
  await seedDemoAccounts(createAccountRepository(db, config.tableName), config.issuer.id, PASSWORD);
  apiFunction = await deployedFunction('api', environment);
  api = apiFunction.handler;
  verify = (await deployedFunction('verify', environment)).handler;
}, 120_000);

/** Which of the files holding pdf-lib or fontkit the api instance has loaded. */
const loadedPdfLibraryFiles = async () => {
  const loaded = new Set(await apiFunction.loadedFiles());
  return apiFunction.pdfLibraryFiles.filter((file) => loaded.has(file));
};

describe('the api function behind API Gateway', () => {
  it('answers the health check', async () => {
    const result = await invoke(api, 'GET', '/healthz');
    expect(result.statusCode).toBe(200);
    expect(bodyOf(result)).toEqual({ ok: true, dynamodb: true, s3: true });
  });

  it('writes its access-log line with Lambda’s request id (docs/deploy.md "Logs")', async () => {
    const requestId = '8f0c2a1e-5b7d-4c3e-9a10-2b3c4d5e6f70';
    const result = (await api(event('GET', '/healthz'), { awsRequestId: requestId } as Context)) as Result;
    expect(result.statusCode).toBe(200);
    expect(result.headers?.['x-request-id']).toBe(requestId);
    await expect
      .poll(() =>
        apiFunction.stdout
          .filter((line) => line.includes(requestId) && line.includes('"message":"request"'))
          .map((line) => JSON.parse(line)),
      )
      .toMatchObject([{ requestId, route: '/healthz', method: 'GET', status: 200 }]);
  });

  it('starts and answers without loading the PDF libraries', async () => {
    expect((await invoke(api, 'GET', '/openapi.json')).statusCode).toBe(200);

    expect(await apiFunction.loadedFiles()).toContain('index.mjs');
    expect(apiFunction.pdfLibraryFiles).not.toEqual([]);
    expect(await loadedPdfLibraryFiles()).toEqual([]);
  });

  it('logs in, takes a multipart upload, loads the PDF libraries to approve, and returns the issued PDF base64-encoded', async () => {
    const login = await invoke(api, 'POST', '/api/auth/login', {
      json: { email: 'exporter@demo.test', password: PASSWORD },
    });
    expect(login.statusCode).toBe(200);
    expect(login.cookies?.[0]).toMatch(/^tc_session=.+HttpOnly/);
    const exporter = bodyOf(login).token as string;
    const created = await invoke(api, 'POST', '/api/applications', {
      token: exporter,
      json: { type: 'co', data: sampleCertificateOfOrigin(1) },
    });
    expect(created.statusCode).toBe(201);
    const { id } = bodyOf(created);
    const multipart = new Request('http://upload.invalid/', {
      method: 'POST',
      body: multipartFile(await sampleInvoicePdf(), 'rechnung – März.pdf', 'invoice'),
    });
    const uploaded = (await api(
      {
        ...event('POST', `/api/applications/${id}/attachments`, {
          body: Buffer.from(await multipart.arrayBuffer()).toString('base64'),
          headers: {
            'content-type': multipart.headers.get('content-type') ?? '',
            authorization: `Bearer ${exporter}`,
          },
        }),
        isBase64Encoded: true,
      },
      {} as Context,
    )) as Result;
    expect(uploaded.statusCode).toBe(201);
    expect(bodyOf(uploaded)).toMatchObject({
      kind: 'invoice',
      contentType: 'application/pdf',
      fileName: 'rechnung – März.pdf',
    });
    expect(
      (await invoke(api, 'POST', `/api/applications/${id}/submit`, { token: exporter, json: { version: 1 } }))
        .statusCode,
    ).toBe(200);
    const staff = bodyOf(
      await invoke(api, 'POST', '/api/auth/login', {
        json: { email: 'staff@demo.test', password: PASSWORD },
      }),
    ).token;
    const approved = await invoke(api, 'POST', `/api/applications/${id}/approve`, {
      token: staff,
      json: { version: 2 },
    });
    expect(approved.statusCode).toBe(201);
    expect(await loadedPdfLibraryFiles()).toEqual(apiFunction.pdfLibraryFiles);
    const { serial } = bodyOf(approved).certificate;

    const pdf = await invoke(api, 'GET', `/api/certificates/${serial}/pdf`, { token: exporter });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.isBase64Encoded).toBe(true);
    expect(
      Buffer.from(pdf.body ?? '', 'base64')
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
  });

  it('answers problem+json for an unknown route', async () => {
    const result = await invoke(api, 'GET', '/api/nothing-here');
    expect(result.statusCode).toBe(404);
    expect(result.headers?.['content-type']).toBe('application/problem+json');
  });
});

describe('the verify function behind API Gateway', () => {
  it('publishes the JWKS', async () => {
    const result = await invoke(verify, 'GET', '/.well-known/jwks.json');
    expect(result.statusCode).toBe(200);
    expect(bodyOf(result).keys).toHaveLength(1);
  });

  it('answers NOT_FOUND for an unknown code', async () => {
    const result = await invoke(verify, 'GET', '/api/verify/ABCDEFGHJKMNPQRS');
    expect(result.statusCode).toBe(404);
    expect(bodyOf(result).status).toBe('NOT_FOUND');
  });
});

describe('the api function subscribed to the mail feedback topic', () => {
  it('records a complaint that SES published through SNS, and the user sees the address undeliverable', async () => {
    const snsEvent = {
      Records: [
        {
          EventSource: 'aws:sns',
          Sns: {
            Message: JSON.stringify({
              eventType: 'Complaint',
              complaint: { complainedRecipients: [{ emailAddress: 'staff2@demo.test' }] },
              mail: { destination: ['staff2@demo.test'] },
            }),
          },
        },
      ],
    };
    const outcome = await (api as unknown as (event: unknown, context: Context) => Promise<unknown>)(
      snsEvent,
      {} as Context,
    );
    expect(outcome).toEqual({ suppressed: 1 });
    const login = await invoke(api, 'POST', '/api/auth/login', {
      json: { email: 'staff2@demo.test', password: PASSWORD },
    });
    const settings = await invoke(api, 'GET', '/api/me/notifications', {
      token: bodyOf(login).token as string,
    });
    expect(bodyOf(settings)).toMatchObject({ deliverable: false, undeliverable: { reason: 'complaint' } });
  });
});
