// An ERP system end to end through the typed client (functions/client) against `npm start`'s own stack
// (DynamoDB Local and s3rver as children, the background loops delivering webhooks): the steps of
// docs/integration.md, run as the doc shows them (docs/integration/erp-walkthrough.ts, verify_webhook.py).
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  attachInvoice,
  connect,
  createApplication,
  downloadCertificate,
  isGenuineWebhook,
  submitApplication,
  verifyCertificatePdf,
} from '../../docs/integration/erp-walkthrough.ts';
import { bodyOf, createTradecertClient, TradecertProblem } from '../../functions/client/tradecert-client.ts';
import { loadConfig } from '../../functions/config/config.ts';
import { type RunningStack, startLocalStack } from '../../functions/local/server.ts';
import { freePort } from '../../functions/local/storage-processes.ts';
import { sampleCertificateOfOrigin } from '../fixtures/certificate-of-origin.ts';
import { sampleInvoicePdf } from '../fixtures/documents.ts';
import { waitFor } from '../support/processes.ts';

const PASSWORD = 'demo-password-for-the-erp-test';
let stack: RunningStack;
let dataDir: string;
let receiver: Server;
let receiverUrl: string;
const received: { signature: string; eventId: string; body: string }[] = [];

/** verify_webhook.py as a receiver written in Python would run it: exit 0 genuine, 1 not. */
const pythonSays = (secret: string, signature: string, body: string) =>
  new Promise<number>((resolve, reject) => {
    const child = execFile(
      'python3',
      ['docs/integration/verify_webhook.py', signature],
      { env: { ...process.env, TRADECERT_WEBHOOK_SECRET: secret } },
      (error) => {
        if (error && typeof error.code !== 'number') reject(error);
        else resolve(error ? Number(error.code) : 0);
      },
    );
    child.stdin?.end(body);
  });

/** A session of a demo account (the person who makes the ERP's API key, or the chamber's staff). */
const session = async (email: string) => {
  const anonymous = createTradecertClient({ baseUrl: stack.url });
  const login = bodyOf(await anonymous.POST('/api/auth/login', { body: { email, password: PASSWORD } }));
  return createTradecertClient({ baseUrl: stack.url, credential: login.token as string });
};

beforeAll(async () => {
  receiver = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => {
      body += chunk;
    });
    request.on('end', () => {
      received.push({
        signature: String(request.headers['tradecert-signature']),
        eventId: String(request.headers['tradecert-event-id']),
        body,
      });
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const address = receiver.address();
  receiverUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/tradecert`;
  dataDir = await mkdtemp(join(tmpdir(), 'tradecert-erp-'));
  stack = await startLocalStack(
    loadConfig({
      DATA_DIR: dataDir,
      PORT: String(await freePort()),
      DEMO_PASSWORD: PASSWORD,
      WEBHOOK_ALLOW_INSECURE: 'true', // the receiver is plain HTTP on loopback; deployments require public HTTPS
    }),
  );
});

afterAll(async () => {
  await stack?.stop();
  await new Promise<void>((resolve) => (receiver ? receiver.close(() => resolve()) : resolve()));
  await rm(dataDir, { recursive: true, force: true });
});

describe('an ERP integration through the typed client', () => {
  it('creates, attaches, submits, hears the webhook, downloads and verifies the certificate', async () => {
    // the exporter's authorised signatory makes the ERP's API key, bound to themselves so that it may submit
    // (submitting signs the exporter's declaration), and registers its webhook (once, by hand or so)
    const exporter = await session('exporter@demo.test');
    const me = bodyOf(await exporter.GET('/api/me'));
    const key = bodyOf(
      await exporter.POST('/api/api-keys', { body: { name: 'ERP production', signatoryId: me.userId } }),
    );
    expect(key.secret).toMatch(/^tck_/);
    expect(key.signatoryId).toBe(me.userId);
    const tradecert = connect(stack.url, key.secret as string);
    const webhook = bodyOf(await tradecert.POST('/api/webhooks', { body: { url: receiverUrl } }));
    const webhookSecret = webhook.secret as string;

    // create, with an idempotency key: the same call again answers the same draft, no second one
    const order = 'SO-2026-1187';
    const application = { type: 'co' as const, data: sampleCertificateOfOrigin(2) };
    const draft = await createApplication(tradecert, order, application);
    expect(draft).toMatchObject({ status: 'DRAFT', version: 1 });
    expect(await createApplication(tradecert, order, application)).toEqual(draft);

    await attachInvoice(tradecert, draft.id, order, new Blob([new Uint8Array(await sampleInvoicePdf())]));
    const submitted = await submitApplication(tradecert, draft, order);
    expect(submitted).toMatchObject({ status: 'SUBMITTED', version: 2 });
    expect(submitted.declaration).toMatchObject({
      name: 'Ана Петровска',
      function: 'Управител',
      apiKeyId: key.id,
    });

    // a stale version is a problem with its code, not a silent overwrite
    const stale = await tradecert.POST('/api/applications/{id}/submit', {
      params: { path: { id: draft.id } },
      body: { version: 1 },
    });
    expect(() => bodyOf(stale)).toThrow(TradecertProblem);
    expect(stale.response.status).toBe(409);
    expect((stale.error as { code?: string } | undefined)?.code).toMatch(
      /VERSION_CONFLICT|INVALID_TRANSITION/,
    );

    // the chamber's staff approve (in the portal, usually); the ERP hears it by webhook
    const staff = await session('staff@demo.test');
    const approved = bodyOf(
      await staff.POST('/api/applications/{id}/approve', {
        params: { path: { id: draft.id } },
        body: { version: submitted.version },
      }),
    );
    expect(approved.status).toBe('ISSUED');
    const issuedDelivery = () => received.find((delivery) => JSON.parse(delivery.body).data?.to === 'ISSUED');
    await waitFor(() => issuedDelivery() !== undefined, 60_000);
    const issuedEvent = issuedDelivery() ?? { signature: '', eventId: '', body: '' };
    expect(isGenuineWebhook(webhookSecret, issuedEvent.signature, issuedEvent.body)).toBe(true);
    expect(await pythonSays(webhookSecret, issuedEvent.signature, issuedEvent.body)).toBe(0);
    // a changed body, another secret or an old signature are refused by both
    const changed = issuedEvent.body.replace('ISSUED', 'REJECTED');
    expect(isGenuineWebhook(webhookSecret, issuedEvent.signature, changed)).toBe(false);
    expect(await pythonSays(webhookSecret, issuedEvent.signature, changed)).toBe(1);
    expect(isGenuineWebhook('whsec-not-this-one', issuedEvent.signature, issuedEvent.body)).toBe(false);
    expect(await pythonSays('whsec-not-this-one', issuedEvent.signature, issuedEvent.body)).toBe(1);
    const signedAt = Number(/t=(\d+)/.exec(issuedEvent.signature)?.[1]);
    expect(isGenuineWebhook(webhookSecret, issuedEvent.signature, issuedEvent.body, signedAt + 301)).toBe(
      false,
    );

    const event = JSON.parse(issuedEvent.body) as {
      id: string;
      data: { applicationId: string; certificate: { serial: string } };
    };
    expect(issuedEvent.eventId).toBe(event.id);
    expect(event.data.applicationId).toBe(draft.id);
    const { serial } = event.data.certificate;
    expect(serial).toBe(approved.certificate.serial);

    const { pdf, sha256 } = await downloadCertificate(tradecert, serial);
    expect(sha256).toBe(approved.certificate.sha256);
    expect(await verifyCertificatePdf(tradecert, pdf)).toBe('VALID');
    const altered = pdf.slice();
    altered[altered.length - 100] = (altered[altered.length - 100] ?? 0) ^ 1;
    expect(await verifyCertificatePdf(tradecert, altered)).toBe('NOT_FOUND');
  });

  it('answers another organisation’s application with 404 through the client, and a bad key with 401', async () => {
    const exporter = await session('exporter@demo.test');
    const mine = bodyOf(
      await exporter.POST('/api/applications', { body: { type: 'co', data: sampleCertificateOfOrigin(1) } }),
    );
    // the second chamber's exporter: another organisation, another chamber
    const other = createTradecertClient({ baseUrl: `${stack.url}/c/demo-al` });
    const login = bodyOf(
      await other.POST('/api/auth/login', { body: { email: 'exporter@demo2.test', password: PASSWORD } }),
    );
    const stranger = createTradecertClient({ baseUrl: `${stack.url}/c/demo-al`, credential: login.token });
    const read = await stranger.GET('/api/applications/{id}', { params: { path: { id: mine.id } } });
    expect(read.response.status).toBe(404);
    const badKey = connect(stack.url, 'tck_not-a-real-key');
    const refused = await badKey.GET('/api/applications/{id}', { params: { path: { id: mine.id } } });
    expect(refused.response.status).toBe(401);
    expect(() => bodyOf(refused)).toThrow(/401 UNAUTHENTICATED/);
  });
});
