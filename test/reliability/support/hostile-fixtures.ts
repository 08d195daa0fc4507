// A test stack furnished for hostile-input suites: every kind of record an endpoint can aim at (drafts,
// submissions, certificates, documents, API keys, webhooks, people of two organisations), tokens of every
// role, and an app composed like the local server's whose public rate limit is lifted and whose
// authentication reads are memoized, so that thousands of refused requests cost what refusing costs.

import { createAccountRepository } from '../../../functions/adapters/dynamodb/account-repository.ts';
import { createSessionRepository } from '../../../functions/adapters/dynamodb/session-repository.ts';
import { createApiApp } from '../../../functions/api/app.ts';
import { buildApiDeps } from '../../../functions/config/deps.ts';
import { buildVerifyDeps } from '../../../functions/config/verify-deps.ts';
import { composeApps } from '../../../functions/local/server.ts';
import { createVerifyApp, verifySiblingRoutes } from '../../../functions/verify/app.tsx';
import { createDraft, issued, submitted } from '../../support/api-fixtures.ts';
import { readJson } from '../../support/json.ts';
import { createTestStack, PASSWORD, type TestStack } from '../../support/test-stack.ts';

/** Read-through memo of the reads behind every authenticated request; writes are not memoized. */
const memoized = <T extends object>(real: T, methods: readonly (keyof T)[]): T => {
  const cache = new Map<string, Promise<unknown>>();
  return new Proxy(real, {
    get: (target, name, receiver) => {
      const value = Reflect.get(target, name, receiver);
      if (typeof value !== 'function' || !methods.includes(name as keyof T)) return value;
      return (...args: unknown[]) => {
        const key = `${String(name)}:${JSON.stringify(args)}`;
        let hit = cache.get(key);
        if (!hit) {
          hit = (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
          cache.set(key, hit);
          hit.catch(() => cache.delete(key));
        }
        return hit;
      };
    },
  });
};

const expectCreated = async (response: Response, what: string) => {
  if (response.status !== 201) throw new Error(`${what}: ${response.status} ${await response.text()}`);
  return readJson(response);
};

export const createHostileFixtures = async (stack?: TestStack) => {
  // webhooks point at a closed loopback port: nothing here ever leaves the machine
  const base = stack ?? (await createTestStack({ WEBHOOK_ALLOW_INSECURE: 'true' }));
  const login = base.login;
  const tokens = {
    exporterA: await login('exporterA'),
    exporterB: await login('exporterB'),
    staff: await login('staff'),
    staff2: await login('staff2'),
    admin: await login('admin'),
  };
  // a token that was valid once
  const loggedOut = await readJson(
    await base.request('/api/auth/login', { json: { email: base.users.staff2?.email, password: PASSWORD } }),
  );
  await base.request('/api/auth/logout', { method: 'POST', token: loggedOut.token });

  const draft = await createDraft(base);
  const attachments = await readJson(
    await base.request(`/api/applications/${draft.id}/attachments`, { token: tokens.exporterA }),
  );
  const submission = await submitted(base);
  const certificate = await issued(base);
  const draftB = await createDraft(base, { token: tokens.exporterB });
  const apiKey = await expectCreated(
    await base.request('/api/api-keys', { token: tokens.exporterA, json: { name: 'ERP' } }),
    'api key',
  );
  const webhook = await expectCreated(
    await base.request('/api/webhooks', {
      token: tokens.exporterA,
      json: { url: 'http://127.0.0.1:9/hooks' },
    }),
    'webhook',
  );
  const users = await readJson(
    await base.request(`/api/users?orgId=${base.orgB.id}`, { token: tokens.admin }),
  );
  await base.core.refreshStatusList();

  const ids = {
    draft: draft.id,
    draftVersion: draft.version,
    attachment: attachments.items[0].id as string,
    submitted: submission.id,
    submittedVersion: submission.version,
    serial: certificate.serial,
    code: certificate.code,
    draftB: draftB.id,
    apiKey: apiKey.id as string,
    apiKeySecret: apiKey.secret as string,
    webhook: webhook.id as string,
    orgB: base.orgB.id,
    userB: users.items[0].id as string,
  };

  const sessions = memoized(createSessionRepository(base.db, base.config.tableName), ['get']);
  const accounts = memoized(createAccountRepository(base.db, base.config.tableName), [
    'findUserByEmail',
    'getOrganisation',
  ]);
  const [apiDeps, verifyDeps] = await Promise.all([
    buildApiDeps(base.config, { sessions, accounts }),
    buildVerifyDeps(base.config),
  ]);
  const fuzzApp = composeApps(
    createApiApp(apiDeps, { siblings: [verifySiblingRoutes] }),
    createVerifyApp(verifyDeps, { requestsPerMinute: 1_000_000_000 }),
  );
  return { stack: base, tokens, loggedOutToken: loggedOut.token as string, ids, fuzzApp };
};

export type HostileFixtures = Awaited<ReturnType<typeof createHostileFixtures>>;
