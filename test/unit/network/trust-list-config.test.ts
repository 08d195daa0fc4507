// TRUST_LIST_* configuration, the operator key's forms, and where the source adapter may fetch from
// (docs/network.md §6).

import { mkdtemp, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTrustListSource } from '../../../functions/adapters/http/trust-list-source.ts';
import { loadOperatorPublicKey } from '../../../functions/adapters/local/operator-key.ts';
import { operatorKeygen } from '../../../functions/cli/network-commands.ts';
import { ConfigError, loadConfig } from '../../../functions/config/config.ts';

const messageOf = (act: () => unknown): string => {
  try {
    act();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
};

describe('trust list configuration', () => {
  it('uses no trust list by default', () => {
    expect(loadConfig({}).trustList).toBeUndefined();
  });

  it('takes a URL or a file, with the operator key, refreshing hourly unless told', () => {
    expect(
      loadConfig({
        TRUST_LIST_URL: 'https://network.example/list.jws',
        TRUST_LIST_OPERATOR_KEY: '{"kty":"EC"}',
      }).trustList,
    ).toEqual({ url: 'https://network.example/list.jws', operatorKey: '{"kty":"EC"}', refreshMs: 3_600_000 });
    expect(
      loadConfig({
        TRUST_LIST_FILE: '/etc/list.jws',
        TRUST_LIST_OPERATOR_KEY: '/etc/op.jwk',
        TRUST_LIST_REFRESH_MINUTES: '5',
      }).trustList,
    ).toEqual({ file: '/etc/list.jws', operatorKey: '/etc/op.jwk', refreshMs: 300_000 });
  });

  it('names what is wrong: no operator key, both sources, a URL that is not http(s), a typo', () => {
    expect(messageOf(() => loadConfig({ TRUST_LIST_URL: 'https://network.example/l' }))).toContain(
      'TRUST_LIST_OPERATOR_KEY: required',
    );
    expect(
      messageOf(() =>
        loadConfig({
          TRUST_LIST_URL: 'https://n.example/l',
          TRUST_LIST_FILE: 'l.jws',
          TRUST_LIST_OPERATOR_KEY: 'k',
        }),
      ),
    ).toContain('either TRUST_LIST_URL or TRUST_LIST_FILE');
    expect(
      messageOf(() => loadConfig({ TRUST_LIST_URL: 'ftp://n.example/l', TRUST_LIST_OPERATOR_KEY: 'k' })),
    ).toContain('TRUST_LIST_URL');
    expect(messageOf(() => loadConfig({ TRUST_LIST_OPERATOR: 'k' }))).toContain(
      'TRUST_LIST_OPERATOR: unknown variable',
    );
  });
});

describe('the operator key', () => {
  it('is read as JSON or from a file, keeping only its public part', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tradecert-operator-'));
    const file = join(dir, 'operator.jwk');
    const publicJwk = await operatorKeygen(file);
    const fromFile = await loadOperatorPublicKey(file);
    expect(fromFile).not.toHaveProperty('d');
    expect(fromFile).toMatchObject({ kty: 'EC', crv: 'P-256', x: publicJwk.x, y: publicJwk.y });
    expect(await loadOperatorPublicKey(JSON.stringify(publicJwk))).toEqual(fromFile);
    await expect(operatorKeygen(file)).rejects.toThrow(/never overwritten/);
    await writeFile(join(dir, 'rsa.jwk'), JSON.stringify({ kty: 'RSA', n: 'x', e: 'AQAB' }));
    await expect(loadOperatorPublicKey(join(dir, 'rsa.jwk'))).rejects.toThrow(/EC P-256/);
  });
});

describe('the trust list source', () => {
  let server: Server;
  let base: string;
  beforeAll(async () => {
    server = createServer((request, response) => {
      if (request.url === '/list.jws') return response.end('a.b.c');
      if (request.url === '/moved') {
        response.writeHead(302, { Location: '/list.jws' });
        return response.end();
      }
      response.writeHead(404);
      response.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('fetches the configured URL, follows no redirect, and refuses plain http beyond loopback', async () => {
    expect(await createTrustListSource({ url: `${base}/list.jws` }).fetchList()).toBe('a.b.c');
    await expect(createTrustListSource({ url: `${base}/moved` }).fetchList()).rejects.toThrow();
    await expect(createTrustListSource({ url: `${base}/gone` }).fetchList()).rejects.toThrow(/404/);
    await expect(
      createTrustListSource({ url: `${base}/list.jws` }).fetchMemberRevocations(
        'http://192.0.2.1/status/revocations',
      ),
    ).rejects.toThrow(/neither https nor loopback/);
  });
});
