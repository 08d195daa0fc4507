// ERP webhooks: every change of an organisation's applications reaches its endpoint, signed, retried with backoff,
// and logged; endpoints must be public HTTPS outside development (the addresses a name resolves to are checked at
// delivery: webhook-delivery-security.test.ts).
import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleCertificateOfOrigin } from '../fixtures/certificate-of-origin.ts';
import { readJson } from '../support/json.ts';
import { attachInvoice, createTestStack, type TestStack } from '../support/test-stack.ts';

interface Received {
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

let stack: TestStack;
let receiver: Server;
let endpoint: string;
const received: Received[] = [];
let failuresLeft = 0;
let now = new Date('2026-11-23T10:00:00.000Z');

beforeAll(async () => {
  receiver = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      if (failuresLeft > 0) {
        failuresLeft -= 1;
        response.writeHead(500).end();
        return;
      }
      received.push({ headers: request.headers, body });
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/tradecert`;
  stack = await createTestStack({ WEBHOOK_ALLOW_INSECURE: 'true' }, { clock: { now: () => now } });
});

afterAll(() => new Promise<void>((resolve) => receiver.close(() => resolve())));

const verifySignature = (secret: string, message: Received): boolean => {
  const header = String(message.headers['tradecert-signature'] ?? '');
  const [, timestamp, mac] = header.match(/^t=(\d+),v1=([0-9a-f]{64})$/) ?? [];
  return mac === createHmac('sha256', secret).update(`${timestamp}.${message.body}`).digest('hex');
};

describe('webhooks', () => {
  it('delivers each status change of the organisation’s applications, signed with the webhook secret', async () => {
    const exporter = await stack.login('exporterA');
    const registered = await stack.request('/api/webhooks', { token: exporter, json: { url: endpoint } });
    expect(registered.status).toBe(201);
    const { secret, id: webhookId } = await readJson(registered);
    expect(secret).toMatch(/^whsec_/);

    const created = await readJson(
      await stack.request('/api/applications', {
        token: exporter,
        json: { type: 'co', data: sampleCertificateOfOrigin(1) },
      }),
    );
    await attachInvoice(stack.app.request, exporter, created.id);
    await stack.request(`/api/applications/${created.id}/submit`, { token: exporter, json: { version: 1 } });
    await stack.request(`/api/applications/${created.id}/request-changes`, {
      token: await stack.login('staff'),
      json: { version: 2, comment: 'Invoice date does not match.' },
    });
    const other = await stack.login('exporterB');
    await stack.request('/api/applications', { token: other, json: { type: 'co', data: {} } });

    const report = await stack.core.dispatchWebhooks();
    expect(report).toMatchObject({ fannedOut: 4, delivered: 4, failed: 0 });
    const events = received.map((message) => JSON.parse(message.body));
    expect(events.map((event) => `${event.data.action}:${event.data.to}`)).toEqual([
      'create:DRAFT',
      'attach:DRAFT',
      'submit:SUBMITTED',
      'request-changes:CHANGES_REQUESTED',
    ]);
    expect(events.every((event) => event.data.applicationId === created.id)).toBe(true);
    expect(received.every((message) => verifySignature(secret, message))).toBe(true);
    expect(received[0]?.headers['tradecert-event-id']).toBe(`${created.id}.1`);

    const log = await readJson(await stack.request('/api/webhooks/deliveries', { token: exporter }));
    expect(log.items).toHaveLength(4);
    expect(
      log.items.every(
        (delivery: { status: string; webhookId: string }) =>
          delivery.status === 'DELIVERED' && delivery.webhookId === webhookId,
      ),
    ).toBe(true);
    const otherLog = await readJson(await stack.request('/api/webhooks/deliveries', { token: other }));
    expect(otherLog.items).toEqual([]);
    expect((await stack.core.dispatchWebhooks()).fannedOut).toBe(0);
  });

  it('retries a failing endpoint with growing delays and logs every attempt', async () => {
    received.length = 0;
    failuresLeft = 2;
    const exporter = await stack.login('exporterA');
    const created = await readJson(
      await stack.request('/api/applications', { token: exporter, json: { type: 'co', data: {} } }),
    );

    expect(await stack.core.dispatchWebhooks()).toMatchObject({ fannedOut: 1, retrying: 1 });
    expect(await stack.core.dispatchWebhooks()).toMatchObject({ delivered: 0, retrying: 0 });
    now = new Date(now.getTime() + 10_500);
    expect(await stack.core.dispatchWebhooks()).toMatchObject({ retrying: 1 });
    now = new Date(now.getTime() + 10_500);
    expect(await stack.core.dispatchWebhooks()).toMatchObject({ delivered: 0, retrying: 0 });
    now = new Date(now.getTime() + 10_000);
    expect(await stack.core.dispatchWebhooks()).toMatchObject({ delivered: 1 });
    expect(received).toHaveLength(1);

    const log = await readJson(await stack.request('/api/webhooks/deliveries', { token: exporter }));
    const delivery = log.items.find((item: { eventId: string }) => item.eventId === `${created.id}.1`);
    expect(delivery).toMatchObject({ status: 'DELIVERED', attempts: 3, lastStatus: 204 });
  });

  it('stops delivering to a revoked webhook', async () => {
    received.length = 0;
    const exporter = await stack.login('exporterA');
    const hooks = await readJson(await stack.request('/api/webhooks', { token: exporter }));
    const response = await stack.request(`/api/webhooks/${hooks.items[0].id}`, {
      token: exporter,
      method: 'DELETE',
    });
    expect(response.status).toBe(200);
    await stack.request('/api/applications', { token: exporter, json: { type: 'co', data: {} } });
    expect(await stack.core.dispatchWebhooks()).toMatchObject({ fannedOut: 0, delivered: 0 });
    expect(received).toHaveLength(0);
  });
});

describe('webhook endpoints in production', () => {
  let production: TestStack;
  beforeAll(async () => {
    production = await createTestStack();
  });

  it.each([
    ['plain http', 'http://erp.example.com/hook'],
    ['a private address', 'https://10.1.2.3/hook'],
    ['localhost', 'https://localhost/hook'],
    ['credentials in the URL', 'https://user:pw@erp.example.com/hook'],
    ['not a URL', 'erp.example.com/hook'],
    ['IPv4-mapped loopback', 'https://[::ffff:127.0.0.1]:8443/hook'],
    ['the unspecified IPv6 address', 'https://[::]:8443/hook'],
    ['loopback written in hex', 'https://0x7f.1/hook'],
    ['the cloud metadata address', 'https://169.254.169.254/latest/meta-data/'],
    ['a CGNAT address', 'https://100.64.0.1/hook'],
    ['a benchmarking address', 'https://198.18.0.1/hook'],
    ['a multicast address', 'https://224.0.0.1/hook'],
    ['NAT64 of loopback', 'https://[64:ff9b::7f00:1]/hook'],
    ['6to4 of loopback', 'https://[2002:7f00:1::1]/hook'],
    ['an IPv6 link-local address', 'https://[fe80::1]/hook'],
    ['a single-label host name', 'https://metadata/hook'],
  ])('refuses %s with 400 on url', async (_name, url) => {
    const response = await production.request('/api/webhooks', {
      token: await production.login('exporterA'),
      json: { url },
    });
    expect(response.status).toBe(400);
    const problem = await readJson(response);
    expect(problem.code).toBe('VALIDATION_FAILED');
    expect(problem.errors[0].path).toBe('url');
    expect(
      (
        await readJson(
          await production.request('/api/webhooks', { token: await production.login('exporterA') }),
        )
      ).items,
    ).toEqual([]);
  });
});
