// Each function's lambda.ts handler, invoked with API Gateway HTTP API (v2) events against DynamoDB Local and s3rver.
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { createAccountRepository } from '../../functions/adapters/dynamodb/account-repository.ts';
import { createDocumentClient, createDynamoClient } from '../../functions/adapters/dynamodb/client.ts';
import { loadConfig } from '../../functions/config/config.ts';
import { seedDemoAccounts } from '../../functions/local/seed.ts';
import { prepareStorage } from '../../functions/local/server.ts';
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

beforeAll(async () => {
  const environment = await testEnvironment();
  const config = loadConfig(environment);
  await prepareStorage(config);
  const db = createDocumentClient(
    createDynamoClient({ region: config.region, endpoint: config.dynamoEndpoint }),
  );
  await seedDemoAccounts(createAccountRepository(db, config.tableName), config.issuer.id, PASSWORD);
  Object.assign(process.env, environment);
  api = (await import('../../functions/api/lambda.ts')).handler as Handler;
  verify = (await import('../../functions/verify/lambda.ts')).handler as Handler;
});

describe('the api function behind API Gateway', () => {
  it('answers the health check', async () => {
    const result = await invoke(api, 'GET', '/healthz');
    expect(result.statusCode).toBe(200);
    expect(bodyOf(result)).toEqual({ ok: true, dynamodb: true, s3: true });
  });

  it('logs in, takes a multipart upload, and returns the issued PDF base64-encoded', async () => {
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
