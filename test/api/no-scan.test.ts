// docs/architecture.md §6: every request path is a GetItem, Query or transaction — never a Scan, whose cost grows with the
// table. Every DynamoDB client the application creates is wrapped (test-only) to record the commands it sends;
// then the main routes of both apps and the background work run, and not one Scan may be among them.
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { createDocumentClient, createDynamoClient } from '../../functions/adapters/dynamodb/client.ts';
import { sampleCertificateOfOrigin } from '../fixtures/certificate-of-origin.ts';
import { PNG_1X1 } from '../fixtures/documents.ts';
import {
  createApiKey,
  createDraft,
  issued,
  revoked,
  submitted,
  superseded,
  uploadFile,
} from '../support/api-fixtures.ts';
import { readJson } from '../support/json.ts';
import { createTestStack, type TestStack } from '../support/test-stack.ts';

const sent = vi.hoisted(() => [] as string[]);

vi.mock('../../functions/adapters/dynamodb/client.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../functions/adapters/dynamodb/client.ts')>();
  /** Records the name of every command a client sends, then sends it. */
  const recording = <T extends { send: (...args: never[]) => unknown }>(client: T): T => {
    const send = client.send.bind(client) as (...args: unknown[]) => unknown;
    client.send = ((command: { constructor: { name: string } }, ...rest: unknown[]) => {
      sent.push(command.constructor.name);
      return send(command, ...rest);
    }) as T['send'];
    return client;
  };
  return {
    ...original,
    createDynamoClient: (...args: Parameters<typeof original.createDynamoClient>) =>
      recording(original.createDynamoClient(...args)),
    createDocumentClient: (...args: Parameters<typeof original.createDocumentClient>) =>
      recording(original.createDocumentClient(...args)),
  };
});

let stack: TestStack;

beforeAll(async () => {
  // webhook deliveries go to a closed loopback port: nothing leaves the machine
  stack = await createTestStack({ WEBHOOK_ALLOW_INSECURE: 'true' });
});

describe('no request path scans the table', () => {
  it('would notice a Scan: the wrapper records what is sent', async () => {
    const db = createDocumentClient(
      createDynamoClient({ region: stack.config.region, endpoint: stack.config.dynamoEndpoint }),
    );
    sent.length = 0;
    await db.send(new ScanCommand({ TableName: stack.config.tableName, Limit: 1 }));
    expect(sent).toEqual(['ScanCommand']);
  });

  it('sends only GetItem, Query, writes and transactions across the main routes and the background work', async () => {
    sent.length = 0;
    const exporter = await stack.login('exporterA');
    const staff = await stack.login('staff');
    const admin = await stack.login('admin');
    const call = async (path: string, init: Parameters<TestStack['request']>[1] = {}) => {
      const response = await stack.request(path, init);
      expect(response.status, `${init.method ?? (init.json ? 'POST' : 'GET')} ${path}`).toBeLessThan(500);
      return response;
    };

    // accounts
    await call('/api/me', { token: exporter });
    const org = await readJson(
      await call('/api/orgs', {
        token: admin,
        json: {
          name: 'Вардар Експорт ДООЕЛ',
          address: { street: 'Илинденска 2', city: 'Велес', country: 'MK' },
        },
      }),
    );
    await call('/api/orgs', { token: admin });
    const user = await readJson(
      await call('/api/users', {
        token: admin,
        json: {
          email: 'scan@vardar.test',
          name: 'Scan',
          role: 'exporter',
          orgId: org.id,
          password: 'long enough pass',
        },
      }),
    );
    await call(`/api/users?orgId=${org.id}`, { token: admin });
    await call(`/api/users/${user.id}/disable`, { token: admin, method: 'POST' });
    await call(`/api/users/${user.id}/enable`, { token: admin, method: 'POST' });
    await call(`/api/orgs/${org.id}/disable`, { token: admin, method: 'POST' });
    await call(`/api/orgs/${org.id}/enable`, { token: admin, method: 'POST' });
    const key = await createApiKey(stack, exporter);
    await call('/api/api-keys', { token: exporter });
    await call('/api/applications', { token: key.secret });
    await call(`/api/api-keys/${key.id}`, { token: exporter, method: 'DELETE' });
    const hook = await readJson(
      await call('/api/webhooks', { token: exporter, json: { url: 'http://127.0.0.1:9/hooks' } }),
    );

    // applications through every status, documents, the audit trail, lists with cursors
    const draft = await createDraft(stack);
    await call(`/api/applications/${draft.id}`, {
      token: exporter,
      method: 'PATCH',
      json: { version: 1, data: sampleCertificateOfOrigin(3) },
    });
    const png = await readJson(await uploadFile(stack, exporter, draft.id, PNG_1X1, 'stamp.png', 'other'));
    await call(`/api/applications/${draft.id}/attachments`, { token: exporter });
    await call(`/api/applications/${draft.id}/attachments/${png.id}`, { token: staff });
    await call(`/api/applications/${draft.id}/attachments/${png.id}`, { token: exporter, method: 'DELETE' });
    await call(`/api/applications/${draft.id}/cancel`, { token: exporter, json: { version: 2 } });
    const returned = await submitted(stack);
    await call(`/api/applications/${returned.id}/request-changes`, {
      token: staff,
      json: { version: returned.version, comment: 'Box 8.' },
    });
    const refused = await submitted(stack);
    await call(`/api/applications/${refused.id}/reject`, {
      token: staff,
      json: { version: refused.version, comment: 'No.' },
    });
    const certificate = await issued(stack);
    await revoked(stack);
    await superseded(stack);
    for (const token of [exporter, staff]) {
      const page = await readJson(await call('/api/applications?limit=1', { token }));
      if (page.cursor) await call(`/api/applications?limit=1&cursor=${page.cursor}`, { token });
    }
    await call('/api/applications?status=ISSUED', { token: staff });
    await call(`/api/applications/${certificate.id}`, { token: exporter });
    await call(`/api/applications/${certificate.id}/events`, { token: staff });

    // certificates and their public verification
    await call('/api/certificates', { token: exporter });
    const meta = await readJson(await call(`/api/certificates/${certificate.serial}`, { token: staff }));
    const pdf = new Uint8Array(
      await (await call(`/api/certificates/${certificate.serial}/pdf`, { token: exporter })).arrayBuffer(),
    );
    await call(`/api/verify/${certificate.code}`);
    await call('/api/verify/NOTACODE0000000');
    await call(`/v/${certificate.code}`);
    await call('/api/verify/hash', { json: { sha256: meta.sha256 } });
    const checked = await stack.app.request('/api/verify/pdf', {
      method: 'POST',
      body: pdf,
      headers: { 'Content-Type': 'application/pdf' },
    });
    expect(checked.status).toBe(200);
    await call('/api/verify/jws', { json: { jws: 'a.b.c' } });
    await call('/.well-known/jwks.json');
    await call('/healthz');
    await call('/openapi.json');

    // background work, as the schedule runs it
    await stack.core.dispatchWebhooks();
    await stack.core.refreshStatusList();
    await stack.core.recoverIssuance({ graceMs: 0 });
    await call('/status/revocations');
    await call('/api/webhooks/deliveries', { token: exporter });
    await call(`/api/webhooks/${hook.id}`, { token: exporter, method: 'DELETE' });
    await call('/api/auth/logout', { token: await stack.login('staff2'), method: 'POST' });

    const kinds = [...new Set(sent)].sort();
    console.info(`DynamoDB commands sent (${sent.length}): ${kinds.join(', ')}`);
    expect(sent.length).toBeGreaterThan(100);
    expect(kinds).not.toContain('ScanCommand');
    for (const kind of kinds) {
      expect([
        'GetCommand',
        'PutCommand',
        'UpdateCommand',
        'DeleteCommand',
        'QueryCommand',
        'TransactWriteCommand',
        'TransactGetCommand',
        'BatchGetCommand',
        'DescribeTableCommand',
      ]).toContain(kind);
    }
  }, 180_000);
});
