// The CSC seal key against the local CSC API v2 simulator over real HTTP on loopback: the OAuth2 token is fetched
// once, kept until shortly before it expires and replaced when the service stops taking it; list → info →
// authorize → signHash seals PDFs that pdfsig and `openssl cms -verify` (with the local CA trusted) accept, for
// RSA and EC credentials; a wrong secret, an unknown, disabled or interactive credential stops the start with a
// message; an unreachable, failing, slow or garbled service becomes SEALING_UNAVAILABLE, and one hiccup is retried.
import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CscSettings, createCscClient } from '../../functions/adapters/csc/csc-client.ts';
import { createCscSealKey } from '../../functions/adapters/csc/csc-seal-key.ts';
import { createSealMaterial, type SealMaterial } from '../../functions/adapters/local/seal-material.ts';
import { type AppError, isAppError } from '../../functions/core/errors.ts';
import type { Logger } from '../../functions/core/ports.ts';
import { sealPdf } from '../../functions/core/sealing/pades.ts';
import { type CscSimulator, startCscSimulator } from '../../functions/local/csc-simulator.ts';

const run = promisify(execFile);
const ISSUER = { id: 'demo-chamber', name: 'Demo Economic Chamber', country: 'MK' };
const DETAILS = {
  signingTime: new Date('2026-11-23T10:15:00Z'),
  reason: 'Certificate of origin MK-CO-2026-000042 issued by Demo Economic Chamber',
  location: 'Skopje, MK',
  name: 'Demo Economic Chamber',
};
const CLIENT = { id: 'tradecert-demo', secret: 'simulator secret 1' };
const quiet: Logger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

let rsa: SealMaterial;
let ec: SealMaterial;
let simulator: CscSimulator;
let pdf: Uint8Array;

const settings = (overrides: Partial<CscSettings> = {}): CscSettings => ({
  baseUrl: simulator.url,
  clientId: CLIENT.id,
  clientSecret: CLIENT.secret,
  sleep: async () => {},
  ...overrides,
});

const errorOf = (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );

const expectAppError = async (promise: Promise<unknown>, code: AppError['code'], message: RegExp) => {
  const error = await errorOf(promise);
  expect(isAppError(error, code), String(error)).toBe(true);
  expect((error as AppError).message).toMatch(message);
};

/** pdfsig's report, and openssl's verdict on the CMS over the signed byte ranges with `caPem` trusted. */
const thirdPartyChecks = async (sealed: Uint8Array, caPem: string) => {
  const dir = await mkdtemp(join(tmpdir(), 'tradecert-csc-seal-'));
  await writeFile(join(dir, 'sealed.pdf'), sealed);
  const pdfsig = (await run('pdfsig', [join(dir, 'sealed.pdf')])).stdout;
  const text = Buffer.from(sealed).toString('latin1');
  const [, ...range] = /\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/.exec(text) ?? [];
  const [a, b, c, d] = range.map(Number) as [number, number, number, number];
  const signed = Buffer.concat([
    Buffer.from(sealed.subarray(a, a + b)),
    Buffer.from(sealed.subarray(c, c + d)),
  ]);
  const contents = text.slice(a + b + 1, c - 1).replace(/(00)+$/, '');
  await writeFile(join(dir, 'signed.bin'), signed);
  await writeFile(join(dir, 'cms.der'), Buffer.from(contents, 'hex'));
  await writeFile(join(dir, 'ca.pem'), caPem);
  const openssl = await run('openssl', [
    'cms',
    '-verify',
    '-binary',
    '-inform',
    'DER',
    '-in',
    join(dir, 'cms.der'),
    '-content',
    join(dir, 'signed.bin'),
    '-CAfile',
    join(dir, 'ca.pem'),
    '-purpose',
    'any',
    '-out',
    join(dir, 'out.bin'),
  ]).then(
    ({ stderr }) => stderr,
    (error: { stderr?: string }) => `failed: ${error.stderr ?? ''}`,
  );
  return { pdfsig, openssl };
};

beforeAll(async () => {
  const at = new Date('2026-01-01T00:00:00Z');
  rsa = await createSealMaterial(ISSUER, at, { algorithm: 'RSA_PKCS1_SHA256' });
  ec = await createSealMaterial(ISSUER, at, {
    algorithm: 'ECDSA_P256_SHA256',
    ca: { certificatePem: rsa.caCertificatePem, keyPem: rsa.caKeyPem },
  });
  simulator = await startCscSimulator({
    clients: [CLIENT, { id: 'another-client', secret: 'another secret' }],
    credentials: [
      { id: 'seal-rsa', clientId: CLIENT.id, material: rsa },
      { id: 'seal-ec', clientId: CLIENT.id, material: ec },
      { id: 'seal-ec-raw', clientId: CLIENT.id, material: ec, rawEcdsa: true },
      { id: 'seal-disabled', clientId: CLIENT.id, material: rsa, status: 'disabled' },
      { id: 'seal-explicit', clientId: CLIENT.id, material: rsa, authMode: 'explicit' },
      { id: 'seal-of-another', clientId: 'another-client', material: rsa },
      { id: 'seal-misdescribed', clientId: CLIENT.id, material: rsa, algo: ['1.2.840.10045.2.1'] },
      { id: 'seal-revoked', clientId: CLIENT.id, material: rsa, certificateStatus: 'revoked' },
    ],
  });
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.addPage();
  doc.setTitle('Certificate of origin MK-CO-2026-000042');
  pdf = await doc.save({ useObjectStreams: false });
});

afterAll(async () => {
  await simulator?.stop();
});

describe('the CSC seal key', () => {
  it.each([
    ['an RSA credential', 'seal-rsa', 'RSA_PKCS1_SHA256'],
    ['an EC P-256 credential answering DER', 'seal-ec', 'ECDSA_P256_SHA256'],
    ['an EC P-256 credential answering raw r || s', 'seal-ec-raw', 'ECDSA_P256_SHA256'],
  ])('seals with %s a PDF that pdfsig and openssl cms -verify accept', async (_case, id, algorithm) => {
    const key = await createCscSealKey(createCscClient(settings()), id, quiet);
    expect(key.algorithm).toBe(algorithm);
    expect(key.certificateChainDer).toHaveLength(2);

    const { pdfsig, openssl } = await thirdPartyChecks(
      await sealPdf(pdf, key, DETAILS),
      rsa.caCertificatePem,
    );

    expect(pdfsig).toContain('Signature Validation: Signature is Valid.');
    expect(pdfsig).toContain('Signature Type: ETSI.CAdES.detached');
    expect(pdfsig).toMatch(/Signer full Distinguished Name: .*CN=Demo Economic Chamber Seal/);
    expect(openssl).toContain('Verification successful');
  });

  it('lists the credentials when none is configured, and signs through list, info, authorize and signHash', async () => {
    const lonely = await startCscSimulator({
      clients: [CLIENT],
      credentials: [{ id: 'the-only-seal', clientId: CLIENT.id, material: rsa }],
    });
    try {
      const key = await createCscSealKey(
        createCscClient(settings({ baseUrl: lonely.url })),
        undefined,
        quiet,
      );
      await key.sign(new TextEncoder().encode('signed attributes'));

      expect(Object.fromEntries(lonely.calls)).toEqual({
        info: 1,
        'oauth2/token': 1,
        'credentials/list': 1,
        'credentials/info': 1,
        'credentials/authorize': 1,
        'signatures/signHash': 1,
      });
    } finally {
      await lonely.stop();
    }
  });

  it('signs without a SAD where the service offers no credentials/authorize', async () => {
    const direct = await startCscSimulator({
      clients: [CLIENT],
      credentials: [{ id: 'seal-ec', clientId: CLIENT.id, material: ec }],
      authorize: false,
    });
    try {
      const key = await createCscSealKey(
        createCscClient(settings({ baseUrl: direct.url })),
        'seal-ec',
        quiet,
      );
      const { pdfsig } = await thirdPartyChecks(await sealPdf(pdf, key, DETAILS), rsa.caCertificatePem);

      expect(pdfsig).toContain('Signature Validation: Signature is Valid.');
      expect(direct.calls.get('credentials/authorize')).toBeUndefined();
    } finally {
      await direct.stop();
    }
  });

  it('finds the token endpoint through the OAuth2 server metadata where /info names only oauth2Issuer', async () => {
    const v2002 = await startCscSimulator({
      clients: [CLIENT],
      credentials: [{ id: 'seal-rsa', clientId: CLIENT.id, material: rsa }],
      oauth2Discovery: 'oauth2Issuer',
    });
    try {
      const key = await createCscSealKey(
        createCscClient(settings({ baseUrl: v2002.url })),
        'seal-rsa',
        quiet,
      );
      await key.sign(new Uint8Array([13]));

      expect(v2002.calls.get('.well-known/oauth-authorization-server')).toBe(1);
      expect(v2002.calls.get('oauth2/token')).toBe(1);
    } finally {
      await v2002.stop();
    }
  });

  it('refuses to choose when the client may use several credentials and none is configured', async () => {
    await expectAppError(
      createCscSealKey(createCscClient(settings()), undefined, quiet),
      'INTERNAL',
      /set CSC_CREDENTIAL_ID: credentials\/list answered 7 credentials/,
    );
  });
});

describe('the OAuth2 access token', () => {
  it('is fetched once and kept until shortly before it expires', async () => {
    let clock = 1_000_000;
    const client = createCscClient(settings({ now: () => clock }));
    const tokensBefore = simulator.calls.get('oauth2/token') ?? 0;
    const key = await createCscSealKey(client, 'seal-rsa', quiet);
    await key.sign(new Uint8Array([1]));
    await key.sign(new Uint8Array([2]));
    expect((simulator.calls.get('oauth2/token') ?? 0) - tokensBefore).toBe(1);

    // the simulator's tokens live an hour: 59 minutes later the client renews before using it again
    clock += 59 * 60_000 + 1;
    await key.sign(new Uint8Array([3]));
    expect((simulator.calls.get('oauth2/token') ?? 0) - tokensBefore).toBe(2);
  });

  it('is replaced, once, when the service no longer accepts it', async () => {
    const shortLived = await startCscSimulator({
      clients: [CLIENT],
      credentials: [{ id: 'seal-rsa', clientId: CLIENT.id, material: rsa }],
      tokenSeconds: 1,
    });
    try {
      // a client clock that stands still keeps the token past the service's expiry
      const key = await createCscSealKey(
        createCscClient(settings({ baseUrl: shortLived.url, now: () => 0 })),
        'seal-rsa',
        quiet,
      );
      await new Promise((resolve) => setTimeout(resolve, 1_100));
      await key.sign(new Uint8Array([4]));

      expect(shortLived.calls.get('oauth2/token')).toBe(2);
    } finally {
      await shortLived.stop();
    }
  });
});

describe('a configuration the service refuses stops the start', () => {
  it('with a wrong client secret', async () => {
    await expectAppError(
      createCscSealKey(createCscClient(settings({ clientSecret: 'wrong' })), 'seal-rsa', quiet),
      'INTERNAL',
      /refused CSC_CLIENT_ID tradecert-demo \(invalid_client: Client authentication failed\): check CSC_CLIENT_ID and CSC_CLIENT_SECRET/,
    );
  });

  it('with an unknown credential, or one of another client', async () => {
    for (const id of ['no-such-seal', 'seal-of-another']) {
      await expectAppError(
        createCscSealKey(createCscClient(settings()), id, quiet),
        'INTERNAL',
        new RegExp(`credentials/info of credential ${id} was refused: .*Invalid parameter credentialID`),
      );
    }
  });

  it('with a disabled key', async () => {
    await expectAppError(
      createCscSealKey(createCscClient(settings()), 'seal-disabled', quiet),
      'INTERNAL',
      /the key of credential seal-disabled is disabled, not enabled/,
    );
  });

  it('with a credential that needs a person for each signature', async () => {
    await expectAppError(
      createCscSealKey(createCscClient(settings()), 'seal-explicit', quiet),
      'INTERNAL',
      /needs authorisation mode "explicit".*mode "implicit"/,
    );
  });

  it('with a key whose algorithms are not those of its certificate', async () => {
    await expectAppError(
      createCscSealKey(createCscClient(settings()), 'seal-misdescribed', quiet),
      'INTERNAL',
      /credential seal-misdescribed has an RSA certificate, but its key offers 1\.2\.840\.10045\.2\.1/,
    );
  });

  it('with a revoked certificate', async () => {
    await expectAppError(
      createCscSealKey(createCscClient(settings()), 'seal-revoked', quiet),
      'INTERNAL',
      /the certificate of credential seal-revoked is revoked/,
    );
  });

  it('with a SCAL 2 credential on a service without credentials/authorize', async () => {
    const scal2 = await startCscSimulator({
      clients: [CLIENT],
      credentials: [{ id: 'seal-rsa', clientId: CLIENT.id, material: rsa, scal: '2' }],
      authorize: false,
    });
    try {
      await expectAppError(
        createCscSealKey(createCscClient(settings({ baseUrl: scal2.url })), 'seal-rsa', quiet),
        'INTERNAL',
        /credential seal-rsa is SCAL 2, but the service does not offer credentials\/authorize/,
      );
    } finally {
      await scal2.stop();
    }
  });

  it('with a token endpoint that is not the service’s', async () => {
    await expectAppError(
      createCscSealKey(
        createCscClient(settings({ tokenUrl: `${simulator.url}/csc/v2/no-token-here` })),
        'seal-rsa',
        quiet,
      ),
      'INTERNAL',
      /token endpoint refused/,
    );
  });
});

describe('an unavailable service', () => {
  it('retries a 503 and then seals', async () => {
    const key = await createCscSealKey(createCscClient(settings()), 'seal-rsa', quiet);
    const before = simulator.calls.get('signatures/signHash') ?? 0;
    simulator.fail(2, 'unavailable', 'signatures/signHash');

    await key.sign(new Uint8Array([5]));

    expect((simulator.calls.get('signatures/signHash') ?? 0) - before).toBe(3);
  });

  it('answers SEALING_UNAVAILABLE after three 503s, and garbage the same way', async () => {
    const key = await createCscSealKey(createCscClient(settings()), 'seal-rsa', quiet);
    simulator.fail(3, 'unavailable', 'signatures/signHash');
    await expectAppError(
      key.sign(new Uint8Array([6])),
      'SEALING_UNAVAILABLE',
      /signatures\/signHash: it answered 503/,
    );

    simulator.fail(3, 'garbage', 'credentials/authorize');
    await expectAppError(key.sign(new Uint8Array([7])), 'SEALING_UNAVAILABLE', /not JSON/);

    simulator.fail(1, 'garbage', 'signatures/signHash');
    await expect(key.sign(new Uint8Array([8]))).resolves.toBeInstanceOf(Uint8Array);
  });

  it('asks for a new SAD when the answer of a signHash was lost after it used up the SAD', async () => {
    const key = await createCscSealKey(createCscClient(settings()), 'seal-rsa', quiet);
    const count = (method: string) => simulator.calls.get(method) ?? 0;
    const before = { authorize: count('credentials/authorize'), signHash: count('signatures/signHash') };
    simulator.fail(1, 'lost', 'signatures/signHash');

    await key.sign(new Uint8Array([12]));

    expect(count('credentials/authorize') - before.authorize).toBe(2);
    expect(count('signatures/signHash') - before.signHash).toBe(2);
  });

  it('answers SEALING_UNAVAILABLE while it is down, and seals again once it is back', async () => {
    const key = await createCscSealKey(createCscClient(settings()), 'seal-ec', quiet);
    await simulator.stop();
    try {
      await expectAppError(key.sign(new Uint8Array([9])), 'SEALING_UNAVAILABLE', /unreachable/);
    } finally {
      await simulator.start();
    }
    await expect(key.sign(new Uint8Array([10]))).resolves.toBeInstanceOf(Uint8Array);
  });

  it('does not stop the start when it is down then: sealing waits for the credential', async () => {
    await simulator.stop();
    const warnings: string[] = [];
    let key: Awaited<ReturnType<typeof createCscSealKey>>;
    try {
      key = await createCscSealKey(createCscClient(settings()), 'seal-rsa', {
        ...quiet,
        warn: (message) => warnings.push(message),
      });
      expect(warnings).toEqual(['remote sealing service unavailable at start; sealing waits for it']);
      expect(() => key.certificateChainDer).toThrow(/has not answered since the start/);
    } finally {
      await simulator.start();
    }
    await key.sign(new Uint8Array([11]));
    expect(key.certificateChainDer).toHaveLength(2);
  });

  it('reports a refusal found once the service is back, instead of waiting for it', async () => {
    await simulator.stop();
    let key: Awaited<ReturnType<typeof createCscSealKey>>;
    try {
      key = await createCscSealKey(createCscClient(settings({ clientSecret: 'wrong' })), 'seal-rsa', quiet);
    } finally {
      await simulator.start();
    }
    await expectAppError(
      key.sign(new Uint8Array([14])),
      'INTERNAL',
      /check CSC_CLIENT_ID and CSC_CLIENT_SECRET/,
    );
    expect(() => key.certificateChainDer).toThrow(/check CSC_CLIENT_ID and CSC_CLIENT_SECRET/);
  });

  it('gives up on an answer that does not come within the timeout', async () => {
    const silent: Server = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as { port: number };
    try {
      await expectAppError(
        createCscClient(settings({ baseUrl: `http://127.0.0.1:${port}`, timeoutMs: 200 })).info(),
        'SEALING_UNAVAILABLE',
        /info: no answer within 200 ms/,
      );
    } finally {
      silent.close();
    }
  });
});

describe('the simulator', () => {
  const post = async (path: string, body: unknown, token?: string) => {
    const response = await fetch(`${simulator.url}/csc/v2/${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    return { status: response.status, json: (await response.json()) as Record<string, unknown> };
  };
  const token = async () => {
    const response = await fetch(`${simulator.url}/oauth2/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: CLIENT.id,
        client_secret: CLIENT.secret,
      }),
    });
    return ((await response.json()) as { access_token: string }).access_token;
  };
  const hash = Buffer.alloc(32, 7).toString('base64');
  const sign = {
    credentialID: 'seal-rsa',
    hashes: [hash],
    hashAlgorithmOID: '2.16.840.1.101.3.4.2.1',
    signAlgo: '1.2.840.113549.1.1.11',
  };

  it('refuses a request without a valid bearer token', async () => {
    expect(await post('credentials/list', {})).toMatchObject({
      status: 401,
      json: { error: 'invalid_token' },
    });
    expect(await post('credentials/list', {}, 'made-up')).toMatchObject({ status: 401 });
  });

  it('refuses a hash of the wrong length, a wrong algorithm and a missing SAD with CSC error JSON', async () => {
    const bearer = await token();
    expect(await post('signatures/signHash', { ...sign, hashes: ['AAAA'] }, bearer)).toEqual({
      status: 400,
      json: { error: 'invalid_request', error_description: 'Invalid parameter hashes: not a SHA-256 hash' },
    });
    expect(
      await post('signatures/signHash', { ...sign, signAlgo: '1.2.840.10045.4.3.2' }, bearer),
    ).toMatchObject({
      status: 400,
      json: { error_description: 'Invalid parameter signAlgo' },
    });
    expect(await post('signatures/signHash', sign, bearer)).toMatchObject({
      status: 400,
      json: { error_description: 'Invalid parameter SAD' },
    });
    const { json } = await post('credentials/authorize', { ...sign, numSignatures: 1 }, bearer);
    const signed = await post('signatures/signHash', { ...sign, SAD: json.SAD }, bearer);
    expect(signed.status).toBe(200);
    // a SAD serves one signature
    expect((await post('signatures/signHash', { ...sign, SAD: json.SAD }, bearer)).status).toBe(400);
  });
});
