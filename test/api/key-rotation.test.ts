// Rotating the signing key: the new key seals new certificates, retired keys stay published with their validity,
// and certificates sealed with a retired key still verify.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { createCertificateRepository } from '../../functions/adapters/dynamodb/certificate-repository.ts';
import { buildLocalApp } from '../../functions/local/server.ts';
import { sampleCertificateOfOrigin } from '../fixtures/certificate-of-origin.ts';
import { readJson } from '../support/json.ts';
import { addChamber, createTestStack, submittedApplication, type TestStack } from '../support/test-stack.ts';

const run = promisify(execFile);
let stack: TestStack;

const issue = async (request: TestStack['request']) => {
  const { id, version } = await submittedApplication(stack, sampleCertificateOfOrigin(1));
  const approved = await readJson(
    await request(`/api/applications/${id}/approve`, {
      token: await stack.login('staff'),
      json: { version },
    }),
  );
  const certificate = approved.certificate as { code: string; keyId: string };
  const stored = await createCertificateRepository(stack.db, stack.config.tableName).findByCode(
    stack.config.issuer.id,
    certificate.code,
  );
  return { ...certificate, jws: stored?.jws ?? '' };
};

beforeAll(async () => {
  stack = await createTestStack();
});

describe('key rotation', () => {
  it('seals with the new key and keeps verifying what the retired key sealed', async () => {
    const before = await issue(stack.request);
    const { stdout } = await run(
      join('node_modules', '.bin', 'tsx'),
      ['functions/cli/tradecert.ts', 'keys', 'rotate'],
      {
        env: { ...process.env, KEYS_DIR: stack.config.keysDir },
      },
    );
    expect(stdout).toContain('New active signing key');
    expect(stdout).toContain(`Retired ${before.keyId}`);

    // a server started after the rotation (running ones reload within ten seconds)
    const { app } = await buildLocalApp(stack.config);
    const request: TestStack['request'] = (path, init = {}) =>
      app.request(path, {
        method: init.method ?? (init.json === undefined ? 'GET' : 'POST'),
        headers: {
          ...(init.json === undefined ? {} : { 'Content-Type': 'application/json' }),
          ...(init.token ? { Authorization: `Bearer ${init.token}` } : {}),
        },
        ...(init.json === undefined ? {} : { body: JSON.stringify(init.json) }),
      });

    const jwks = await readJson(await request('/.well-known/jwks.json'));
    expect(jwks.keys).toHaveLength(2);
    const retired = jwks.keys.find((key: { kid: string }) => key.kid === before.keyId);
    const active = jwks.keys.find((key: { kid: string }) => key.kid !== before.keyId);
    expect(retired).toMatchObject({
      status: 'retired',
      validFrom: expect.any(String),
      validUntil: expect.any(String),
    });
    expect(active).toMatchObject({ status: 'active' });
    expect(active.validUntil).toBeUndefined();

    const after = await issue(request);
    expect(after.keyId).toBe(active.kid);
    for (const certificate of [before, after]) {
      expect(
        (await readJson(await request('/api/verify/jws', { json: { jws: certificate.jws } }))).status,
      ).toBe('VALID');
      expect((await readJson(await request(`/api/verify/${certificate.code}`))).status).toBe('VALID');
    }
  });

  it('rotates one chamber’s ring only: --chamber leaves the others as they were', async () => {
    const chamber = await addChamber(stack, 'rot-chamber', { serialPrefix: 'RT' });
    const jwksOf = async (path: string) =>
      ((await readJson(await stack.request(path))).keys as { kid: string }[]).map((key) => key.kid).sort();
    // the chamber's key files are made on first use
    const before = await jwksOf(`${chamber.base}/.well-known/jwks.json`);
    const firstBefore = await jwksOf('/.well-known/jwks.json');
    const { stdout } = await run(
      join('node_modules', '.bin', 'tsx'),
      ['functions/cli/tradecert.ts', 'keys', 'rotate', '--chamber', 'rot-chamber'],
      { env: { ...process.env, KEYS_DIR: stack.config.keysDir } },
    );
    expect(stdout).toContain('of rot-chamber');
    const { app } = await buildLocalApp(stack.config);
    const after = (
      (await readJson(await app.request(`${chamber.base}/.well-known/jwks.json`))).keys as {
        kid: string;
      }[]
    ).map((key) => key.kid);
    expect(after).toHaveLength(before.length + 1);
    expect(after).toEqual(expect.arrayContaining(before));
    const firstAfter = (
      (await readJson(await app.request('/.well-known/jwks.json'))).keys as { kid: string }[]
    )
      .map((key) => key.kid)
      .sort();
    expect(firstAfter).toEqual(firstBefore);
  });
});
