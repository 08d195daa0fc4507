// A fresh, isolated tradecert on the shared DynamoDB Local and s3rver: own table, bucket, signing key and local
// TSA (unless TSA_URL is given), two exporter organisations and a staff of two. Requests go through app.request(), and every answer is
// checked against the OpenAPI document (test/support/contract.ts).

import { randomUUID } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, inject } from 'vitest';
import { createAccountRepository } from '../../functions/adapters/dynamodb/account-repository.ts';
import { createChamberRepository } from '../../functions/adapters/dynamodb/chamber-repository.ts';
import { createDocumentClient, createDynamoClient } from '../../functions/adapters/dynamodb/client.ts';
import { DEFAULT_TSA_TIMEOUT_MS } from '../../functions/adapters/tsa/http-tsa.ts';
import { type Config, loadConfig } from '../../functions/config/config.ts';
import type { Organisation, Role, Signatory } from '../../functions/core/accounts.ts';
import { hashPassword } from '../../functions/core/auth/passwords.ts';
import type { CoreDeps } from '../../functions/core/core.ts';
import { type Chamber, PLATFORM_SCOPE, pathFormBaseUrl } from '../../functions/core/network/chamber.ts';
import { startLocalCrlServer } from '../../functions/local/crl-server.ts';
import { buildLocalApp, prepareStorage, startLocalTsaFor } from '../../functions/local/server.ts';
import { multipartFile, sampleInvoicePdf } from '../fixtures/documents.ts';
import { checkAnswersAgainstDocument } from './contract.ts';

export const PASSWORD = 'correct horse battery staple';

export const testEnvironment = async (
  extra: Record<string, string> = {},
): Promise<Record<string, string>> => {
  const suffix = randomUUID().slice(0, 8);
  const dir = await mkdtemp(join(tmpdir(), 'tradecert-test-'));
  return {
    TABLE_NAME: `tradecert-${suffix}`,
    BUCKET_NAME: `tradecert-${suffix}`,
    AWS_ENDPOINT_URL_DYNAMODB: inject('dynamoEndpoint'),
    AWS_ENDPOINT_URL_S3: inject('s3Endpoint'),
    DATA_DIR: dir,
    KEYS_DIR: join(dir, 'keys'),
    PUBLIC_BASE_URL: 'https://verify.chamber.test',
    ...extra,
  };
};

/** An authorised signatory's grant, as an organisation's admin registers it. */
export const signatory = (fullName: string, role = 'Управител'): Signatory => ({
  fullName,
  function: role,
  grantedAt: '2026-01-01T00:00:00.000Z',
  grantedBy: 'test-stack',
});

const organisation = (issuerId: string, name: string): Organisation => ({
  id: randomUUID(),
  issuerId,
  name,
  address: { street: 'ул. Партизанска 15', postcode: '1000', city: 'Скопје', country: 'MK' },
  taxId: '4030990123456',
  createdAt: '2026-01-01T00:00:00.000Z',
});

export type TestStack = Awaited<ReturnType<typeof createTestStack>>;

export const createTestStack = async (
  extra: Record<string, string> = {},
  overrides: Partial<CoreDeps> = {},
) => {
  const environment = await testEnvironment(extra);
  // the local CA's CRL, which the seal and TSA certificates name, served as `npm start` serves it
  const crl = environment.SEAL_LOCAL_CRL_URL
    ? undefined
    : await startLocalCrlServer(String(environment.KEYS_DIR));
  const base: Config = loadConfig({ ...environment, ...(crl ? { SEAL_LOCAL_CRL_URL: crl.url } : {}) });
  // the seal is timestamped as under `npm start`: by a local TSA of its own, under the stack's local CA
  const tsa = await startLocalTsaFor(base);
  const config: Config = tsa ? { ...base, tsa: { url: tsa.url, timeoutMs: DEFAULT_TSA_TIMEOUT_MS } } : base;
  await prepareStorage(config);
  const db = createDocumentClient(
    createDynamoClient({ region: config.region, endpoint: config.dynamoEndpoint }),
  );
  const accounts = createAccountRepository(db, config.tableName);
  const orgA = organisation(config.issuer.id, 'Македонски Текстил ДООЕЛ');
  const orgB = organisation(config.issuer.id, 'Балкан Фудс ДООЕЛ');
  await accounts.putOrganisation(orgA);
  await accounts.putOrganisation(orgB);
  const passwordHash = await hashPassword(PASSWORD);
  // the exporters who submit are their organisations' authorised signatories, as the demo exporter is
  // (docs/legal.md §8); test/api/signatories.test.ts makes the people who are not
  const users: Record<string, { email: string; role: Role; orgId?: string; signatory?: Signatory }> = {
    exporterA: {
      email: 'exporter@a.test',
      role: 'exporter',
      orgId: orgA.id,
      signatory: signatory('Ана Петровска'),
    },
    exporterB: {
      email: 'exporter@b.test',
      role: 'exporter',
      orgId: orgB.id,
      signatory: signatory('Петар Петров'),
    },
    staff: { email: 'staff@chamber.test', role: 'staff' },
    staff2: { email: 'staff2@chamber.test', role: 'staff' },
    admin: { email: 'admin@chamber.test', role: 'admin' },
  };
  for (const user of Object.values(users)) {
    await accounts.createUser({
      id: randomUUID(),
      issuerId: config.issuer.id,
      name: user.email,
      passwordHash,
      createdAt: '2026-01-01T00:00:00.000Z',
      ...user,
    });
  }
  const { app, apiDeps } = await buildLocalApp(config, overrides);
  // every answer of stack.request and stack.app.request is checked against /openapi.json (docs/api.md)
  await checkAnswersAgainstDocument(app);
  // `core` is the first chamber's; `chambers` answers every chamber's core and verifier (docs/network.md §3)
  const { core, chambers } = apiDeps;

  const request = (
    path: string,
    init: {
      method?: string;
      token?: string | undefined;
      json?: unknown;
      headers?: Record<string, string>;
    } = {},
  ) =>
    app.request(path, {
      method: init.method ?? (init.json === undefined ? 'GET' : 'POST'),
      headers: {
        ...(init.json === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...(init.token ? { Authorization: `Bearer ${init.token}` } : {}),
        ...init.headers,
      },
      ...(init.json === undefined ? {} : { body: JSON.stringify(init.json) }),
    });

  // the login in flight is shared: parallel callers make one login, as a client should (docs/security.md, "Login":
  // more than 5 logins of one account at the same moment from one address are refused with 429)
  const tokens = new Map<string, Promise<string>>();
  const login = (who: keyof typeof users): Promise<string> => {
    const cached = tokens.get(who);
    if (cached) return cached;
    const token = (async () => {
      const response = await request('/api/auth/login', {
        json: { email: users[who]?.email, password: PASSWORD },
      });
      if (response.status !== 200) throw new Error(`login of ${who} failed: ${response.status}`);
      return ((await response.json()) as { token: string }).token;
    })();
    tokens.set(who, token);
    token.catch(() => tokens.delete(who));
    return token;
  };

  return { app, core, chambers, config, db, orgA, orgB, users, request, login, tsa };
};

/**
 * Logs in through the portal's form, as a browser on the stack's own origin would; answers the session cookie
 * (`name=value`) to send back.
 */
export const portalLogIn = async (stack: TestStack, email: string, password = PASSWORD): Promise<string> => {
  const response = await stack.app.request('/portal/login', {
    method: 'POST',
    headers: { Origin: 'http://localhost', 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email, password }),
  });
  expect(response.status).toBe(303);
  return (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
};

/** Uploads a small invoice PDF to an application (submission needs one). */
export const attachInvoice = async (
  send: (path: string, init: RequestInit) => Response | Promise<Response>,
  token: string,
  applicationId: string,
) => {
  const response = await send(`/api/applications/${applicationId}/attachments`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}` },
    body: multipartFile(await sampleInvoicePdf(), 'invoice.pdf', 'invoice'),
  });
  if (response.status !== 201) throw new Error(`upload failed: ${response.status} ${await response.text()}`);
};

/** Creates an application of exporter A with an invoice attached and submits it; returns its id and version. */
export const submittedApplication = async (stack: TestStack, data: unknown) => {
  const token = await stack.login('exporterA');
  const created = await stack.request('/api/applications', { token, json: { type: 'co', data } });
  const { id } = (await created.json()) as { id: string };
  await attachInvoice(stack.app.request, token, id);
  const submitted = await stack.request(`/api/applications/${id}/submit`, { token, json: { version: 1 } });
  if (submitted.status !== 200)
    throw new Error(`submit failed: ${submitted.status} ${await submitted.text()}`);
  return { id, version: 2 };
};

/** A second (third, …) chamber on the same stack, served on the path form /c/<id>, with its own people. */
export const addChamber = async (
  stack: TestStack,
  id: string,
  options: { serialPrefix?: string; labelLanguages?: string[]; country?: string; hosts?: string[] } = {},
) => {
  const chambers = createChamberRepository(stack.db, stack.config.tableName);
  const now = '2026-01-02T00:00:00.000Z';
  const chamber: Chamber = {
    id,
    name: `Chamber ${id}`,
    nameLocal: `Dhoma ${id}`,
    country: options.country ?? 'AL',
    city: 'Tiranë / Tirana',
    timeZone: 'Europe/Tirane',
    serialPrefix: options.serialPrefix ?? id.slice(0, 2).toUpperCase(),
    publicBaseUrl: pathFormBaseUrl(stack.config.publicBaseUrl, id),
    contact: {
      address: 'Rruga 1, Tiranë',
      phone: '+355 4 000 0000',
      email: `info@${id}.test`,
      web: 'https://dhoma.example',
    },
    labelLanguages: options.labelLanguages ?? ['sq', 'en'],
    hosts: options.hosts ?? [],
    status: 'active',
    statusSince: now,
    version: 1,
    createdAt: now,
  };
  await chambers.create(chamber);
  const accounts = createAccountRepository(stack.db, stack.config.tableName);
  const org = {
    ...organisation(id, `Eksport ${id} SH.P.K.`),
    address: { street: 'Rruga Egnatia 12', postcode: '2001', city: 'Durrës', country: 'AL' },
  };
  await accounts.putOrganisation(org);
  const passwordHash = await hashPassword(PASSWORD);
  const users = {
    exporter: {
      email: `exporter@${id}.test`,
      role: 'exporter' as Role,
      orgId: org.id,
      signatory: signatory('Arta Hoxha', 'Drejtore ekzekutive'),
    },
    staff: { email: `staff@${id}.test`, role: 'staff' as Role },
    staff2: { email: `staff2@${id}.test`, role: 'staff' as Role },
    admin: { email: `admin@${id}.test`, role: 'admin' as Role },
  };
  for (const user of Object.values(users)) {
    await accounts.createUser({
      id: randomUUID(),
      issuerId: id,
      name: user.email,
      passwordHash,
      createdAt: now,
      ...user,
    });
  }
  const base = `/c/${id}`;
  const login = async (who: keyof typeof users): Promise<string> => {
    const response = await stack.request(`${base}/api/auth/login`, {
      json: { email: users[who].email, password: PASSWORD },
    });
    if (response.status !== 200) throw new Error(`login of ${who}@${id} failed: ${response.status}`);
    return ((await response.json()) as { token: string }).token;
  };
  return { chamber, org, users, base, login };
};

/** The platform operator, in its own scope (/c/platform), created once per stack. */
export const operatorLogin = async (stack: TestStack): Promise<string> => {
  const accounts = createAccountRepository(stack.db, stack.config.tableName);
  const email = 'operator@network.test';
  if (!(await accounts.findUserByEmail(PLATFORM_SCOPE, email))) {
    await accounts.createUser({
      id: randomUUID(),
      issuerId: PLATFORM_SCOPE,
      email,
      name: 'Operator',
      role: 'operator',
      passwordHash: await hashPassword(PASSWORD),
      createdAt: '2026-01-01T00:00:00.000Z',
    });
  }
  const response = await stack.request('/c/platform/api/auth/login', { json: { email, password: PASSWORD } });
  if (response.status !== 200) throw new Error(`operator login failed: ${response.status}`);
  return ((await response.json()) as { token: string }).token;
};

/**
 * Logs in through the portal's form under a path prefix (`/c/<id>`, `/c/platform` for the operator) and answers
 * the session cookie, as portalLogIn does on the stack's own origin.
 */
export const portalLogInAt = async (
  stack: TestStack,
  prefix: string,
  email: string,
  password = PASSWORD,
): Promise<{ cookie: string; location: string | null }> => {
  const response = await stack.app.request(`${prefix}/portal/login`, {
    method: 'POST',
    headers: { Origin: 'http://localhost', 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email, password }),
  });
  expect(response.status).toBe(303);
  return {
    cookie: (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '',
    location: response.headers.get('location'),
  };
};
