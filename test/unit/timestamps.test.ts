// RFC 3161 timestamps (docs/legal.md §2): the local TSA answers as a TSA should (checked by OpenSSL, a tool we did
// not write), and the HTTP client takes only a token that a relying party would accept, refusing every other answer
// as TIMESTAMP_UNAVAILABLE with a detail saying what was wrong and never the credentials.
import 'reflect-metadata'; // @peculiar/x509 needs it before it loads
import { execFile } from 'node:child_process';
import { createHash, createPrivateKey, webcrypto, X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import * as x509 from '@peculiar/x509';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEAL_FILES } from '../../functions/adapters/local/seal-key.ts';
import { TSA_FILES } from '../../functions/adapters/local/tsa-material.ts';
import { createHttpTimestampAuthority } from '../../functions/adapters/tsa/http-tsa.ts';
import { type AppError, isAppError } from '../../functions/core/errors.ts';
import { certificateChainFromPem } from '../../functions/core/sealing/pades-certificates.ts';
import { checkTimestampToken } from '../../functions/core/sealing/timestamp-token.ts';
import {
  createTimestampResponder,
  type LocalTsa,
  startLocalTsa,
  TSA_LOCAL_POLICY_OID,
} from '../../functions/local/tsa.ts';

const run = promisify(execFile);
const ISSUER = { id: 'demo-chamber', name: 'Demo Economic Chamber', country: 'MK' };
const GEN_TIME = new Date('2026-11-23T08:00:05Z');
const clock = { now: () => GEN_TIME };
const random = {
  bytes: (length: number) => new Uint8Array(webcrypto.getRandomValues(new Uint8Array(length))),
};
const digestOf = (text: string) => new Uint8Array(createHash('sha256').update(text).digest());

let dir: string;
let tsa: LocalTsa;
/** A TSA stand-in on loopback whose answers each test decides. */
let answer: (request: IncomingMessage, body: Buffer, response: ServerResponse) => void;
let fakeUrl: string;
const fake = createServer(async (request, response) => {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  answer(request, Buffer.concat(chunks), response);
});

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tradecert-tsa-'));
  tsa = await startLocalTsa({ keysDir: dir, issuer: ISSUER, clock });
  await new Promise<void>((resolve) => fake.listen(0, '127.0.0.1', resolve));
  fakeUrl = `http://127.0.0.1:${(fake.address() as AddressInfo).port}/tsa`;
});
afterAll(async () => {
  await tsa.stop();
  fake.closeAllConnections();
  await new Promise((resolve) => fake.close(resolve));
});

const reply =
  (body: Uint8Array, type = 'application/timestamp-reply') =>
  (_request: IncomingMessage, _body: Buffer, response: ServerResponse) => {
    response.writeHead(200, { 'Content-Type': type }).end(Buffer.from(body));
  };

/** The local TSA's own answer, changed on the way by `change` (the request as DER, the reply as DER). */
const relayed =
  (
    change: { query?: (query: Buffer) => Buffer; reply?: (reply: Uint8Array) => Uint8Array },
    signer = localSigner,
  ) =>
  (_request: IncomingMessage, body: Buffer, response: ServerResponse) => {
    const answered = createTimestampResponder(signer())(change.query ? change.query(body) : body);
    response
      .writeHead(200, { 'Content-Type': 'application/timestamp-reply' })
      .end(Buffer.from(change.reply ? change.reply(answered) : answered));
  };

let material: { chainDer: Uint8Array[]; keyPem: string } | undefined;
const localSigner = () => {
  if (!material) throw new Error('TSA material not read yet');
  return {
    chainDer: material.chainDer,
    key: createPrivateKey(material.keyPem),
    policyOid: TSA_LOCAL_POLICY_OID,
    clock,
  };
};
beforeAll(async () => {
  material = {
    chainDer: certificateChainFromPem(await readFile(join(dir, TSA_FILES.certificate), 'utf8')),
    keyPem: await readFile(join(dir, TSA_FILES.key), 'utf8'),
  };
});

const failureOf = async (work: Promise<unknown>): Promise<AppError> => {
  try {
    await work;
  } catch (error) {
    if (isAppError(error)) return error;
    throw error;
  }
  throw new Error('expected a failure');
};

const clientOf = (url: string, options: Partial<Parameters<typeof createHttpTimestampAuthority>[0]> = {}) =>
  createHttpTimestampAuthority({ url, random, timeoutMs: 2_000, ...options });

describe('the local TSA', () => {
  it('answers a token that OpenSSL verifies under the local CA, with its policy, the clock time and the nonce', async () => {
    const files = await mkdtemp(join(tmpdir(), 'tradecert-tsa-openssl-'));
    await writeFile(join(files, 'data.txt'), 'the signature value');
    await run('openssl', [
      'ts',
      '-query',
      '-data',
      join(files, 'data.txt'),
      '-sha256',
      '-cert',
      '-out',
      join(files, 'q.tsq'),
    ]);
    const response = await fetch(tsa.url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/timestamp-query' },
      body: await readFile(join(files, 'q.tsq')),
    });
    expect(response.headers.get('content-type')).toBe('application/timestamp-reply');
    await writeFile(join(files, 'r.tsr'), new Uint8Array(await response.arrayBuffer()));
    await writeFile(join(files, 'tsa.pem'), tsa.chainPem);

    const verified = await run('openssl', [
      'ts',
      '-verify',
      '-queryfile',
      join(files, 'q.tsq'),
      '-in',
      join(files, 'r.tsr'),
      '-CAfile',
      join(dir, SEAL_FILES.caCertificate),
      '-untrusted',
      join(files, 'tsa.pem'),
    ]);
    const text = (await run('openssl', ['ts', '-reply', '-in', join(files, 'r.tsr'), '-text'])).stdout;
    const query = (await run('openssl', ['ts', '-query', '-in', join(files, 'q.tsq'), '-text'])).stdout;

    expect(verified.stdout).toContain('Verification: OK');
    expect(text).toContain('Status: Granted.');
    expect(text).toContain(`Policy OID: ${TSA_LOCAL_POLICY_OID}`);
    expect(text).toContain('Time stamp: Nov 23 08:00:05 2026 GMT');
    expect(text).toContain('Accuracy: 0x01 seconds');
    expect(text).toContain('TSA: DirName:/C=MK/O=Demo Economic Chamber/CN=Demo Economic Chamber Local TSA');
    expect(text.match(/Nonce: (0x[0-9A-F]+)/)?.[1]).toBe(query.match(/Nonce: (0x[0-9A-F]+)/)?.[1]);
  });

  it('has a certificate from the local CA for time-stamping only, marked critical, and gives every token its own serial', async () => {
    const [own, ca] = (
      tsa.chainPem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? []
    ).map((pem) => new x509.X509Certificate(pem));
    const usage = own?.getExtension(x509.ExtendedKeyUsageExtension);
    const keyUsage = own?.getExtension(x509.KeyUsagesExtension);
    const client = clientOf(tsa.url);
    const serials = await Promise.all(
      [1, 2, 3].map(
        async () =>
          checkTimestampToken(await client.timestamp(digestOf('x')), { sha256: digestOf('x') }).serialNumber,
      ),
    );

    expect(usage?.usages).toEqual(['1.3.6.1.5.5.7.3.8']);
    expect(usage?.critical).toBe(true);
    expect(keyUsage?.usages).toBe(x509.KeyUsageFlags.digitalSignature);
    expect(ca && (await own?.verify({ publicKey: ca.publicKey, signatureOnly: true }))).toBe(true);
    expect(ca?.subject).toBe('C=MK, O=Demo Economic Chamber, CN=Demo Economic Chamber Root CA');
    expect(new Set(serials).size).toBe(3);
  });

  it('keeps its key and certificate under the keys directory, readable by their owner only, across starts', async () => {
    const again = await startLocalTsa({ keysDir: dir, issuer: ISSUER, clock });
    await again.stop();

    expect(again.chainPem).toBe(tsa.chainPem);
    for (const name of Object.values(TSA_FILES)) {
      expect(((await stat(join(dir, name))).mode & 0o777).toString(8)).toBe('600');
    }
  });

  it('refuses a request for another policy, and a request that is no TimeStampReq, as RFC 3161 says', async () => {
    const refused = await failureOf(clientOf(tsa.url, { policyOid: '1.2.3.4' }).timestamp(digestOf('x')));
    expect(refused.code).toBe('TIMESTAMP_UNAVAILABLE');
    expect(refused.message).toMatch(/refused \(status rejection: Only policy 2\.999\.3161\.1 is offered\./);
    const garbage = await fetch(tsa.url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/timestamp-query' },
      body: 'not DER',
    });
    const text = await run('openssl', [
      'ts',
      '-reply',
      '-in',
      await onDisk(new Uint8Array(await garbage.arrayBuffer())),
      '-text',
    ]);
    expect(text.stdout).toContain('Status: Rejected.');
  });
});

/** The URL of a loopback port that nothing listens on any more. */
const closedPortUrl = async () => {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}/tsa`;
};

const onDisk = async (bytes: Uint8Array) => {
  const path = join(await mkdtemp(join(tmpdir(), 'tradecert-tsr-')), 'reply.tsr');
  await writeFile(path, bytes);
  return path;
};

describe('the HTTP TSA client', () => {
  it('takes a good token over exactly the digest asked for, with the TSA certificate in it', async () => {
    const token = await clientOf(tsa.url).timestamp(digestOf('signature'));
    const info = checkTimestampToken(token, { sha256: digestOf('signature') });

    expect(info).toMatchObject({ genTime: GEN_TIME, policy: TSA_LOCAL_POLICY_OID });
    expect(new X509Certificate(info.tsaCertificate).subject).toContain('CN=Demo Economic Chamber Local TSA');
  });

  it.each([
    [
      'garbage',
      reply(new TextEncoder().encode('<html>busy</html>')),
      /the reply is not an RFC 3161 TimeStampResp/,
    ],
    [
      'another media type',
      reply(new Uint8Array([0x30, 0]), 'text/html'),
      /answered text\/html, not application\/timestamp-reply/,
    ],
    [
      'an HTTP error',
      (_q: IncomingMessage, _b: Buffer, response: ServerResponse) => response.writeHead(502).end(),
      /answered HTTP 502/,
    ],
    [
      'a token over another imprint',
      relayed({
        query: (query) => {
          const digestAt = query.indexOf(Buffer.from([0x04, 0x20])) + 2;
          return Buffer.from(query).fill(0x55, digestAt, digestAt + 32);
        },
      }),
      /covers another message imprint/,
    ],
    [
      'a token with another nonce',
      relayed({
        query: (query) => {
          const changed = Buffer.from(query);
          changed[changed.length - 5] = (changed[changed.length - 5] ?? 0) ^ 0x01;
          return changed;
        },
      }),
      /does not echo the nonce/,
    ],
    [
      'a token whose signature does not verify',
      relayed({
        reply: (answered) => {
          const changed = new Uint8Array(answered);
          changed[changed.length - 3] = (changed[changed.length - 3] ?? 0) ^ 0xff;
          return changed;
        },
      }),
      /signature does not verify/,
    ],
  ])('refuses %s', async (_what, answering, detail) => {
    answer = answering;
    const failure = await failureOf(clientOf(fakeUrl).timestamp(digestOf('signature')));

    expect(failure.code).toBe('TIMESTAMP_UNAVAILABLE');
    expect(failure.message).toMatch(detail);
  });

  it('refuses a token from a certificate that is not for time-stamping', async () => {
    const noEku = await certificateWithout(dir);
    answer = relayed({}, () => ({ ...localSigner(), chainDer: [noEku.der], key: noEku.key }));

    const failure = await failureOf(clientOf(fakeUrl).timestamp(digestOf('signature')));

    expect(failure.message).toMatch(/has no extended key usage/);
  });

  it('gives up on a TSA that does not answer in time, or cannot be reached', async () => {
    answer = () => undefined;
    const slow = await failureOf(clientOf(fakeUrl, { timeoutMs: 200 }).timestamp(digestOf('x')));
    const down = await failureOf(clientOf(await closedPortUrl()).timestamp(digestOf('x')));

    expect(slow.message).toMatch(/did not answer within 200 ms/);
    expect(down.message).toMatch(/could not be reached \(ECONNREFUSED\)/);
  });

  it('sends HTTP Basic, a bearer token or one read from a secret, and says a refusal without the credentials', async () => {
    const seen: (string | undefined)[] = [];
    answer = (request, _body, response) => {
      seen.push(request.headers.authorization);
      response.writeHead(401).end();
    };
    const basic = await failureOf(
      clientOf(`http://someone:url-secret@127.0.0.1:${new URL(fakeUrl).port}/tsa`, {
        username: 'chamber',
        password: 's3cret-password',
      }).timestamp(digestOf('x')),
    );
    await failureOf(clientOf(fakeUrl, { authorization: 'Bearer t0ken-value' }).timestamp(digestOf('x')));
    await failureOf(
      clientOf(fakeUrl, { authorization: async () => 'Bearer from-the-secret' }).timestamp(digestOf('x')),
    );

    expect(seen).toEqual([
      `Basic ${Buffer.from('chamber:s3cret-password').toString('base64')}`,
      'Bearer t0ken-value',
      'Bearer from-the-secret',
    ]);
    expect(basic.message).toMatch(/refused the credentials \(HTTP 401\)/);
    expect(basic.message).not.toMatch(/s3cret|url-secret|someone/);
  });
});

/** A certificate from the local CA for the TSA's key pair shape, but with no extended key usage. */
const certificateWithout = async (keysDir: string) => {
  const subtle = webcrypto.subtle as SubtleCrypto;
  const algorithm = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const ca = new x509.X509Certificate(await readFile(join(keysDir, SEAL_FILES.caCertificate), 'utf8'));
  const caKey = await subtle.importKey(
    'pkcs8',
    x509.PemConverter.decodeFirst(await readFile(join(keysDir, SEAL_FILES.caKey), 'utf8')),
    algorithm,
    false,
    ['sign'],
  );
  const keys = (await subtle.generateKey(algorithm, true, ['sign', 'verify'])) as CryptoKeyPair;
  const certificate = await x509.X509CertificateGenerator.create(
    {
      serialNumber: '01',
      subject: 'CN=Not a TSA',
      issuer: ca.subject,
      notBefore: new Date('2026-01-01T00:00:00Z'),
      notAfter: new Date('2027-01-01T00:00:00Z'),
      publicKey: keys.publicKey,
      signingKey: caKey,
      signingAlgorithm: algorithm,
      extensions: [new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true)],
    },
    webcrypto as unknown as Crypto,
  );
  const pkcs8 = await subtle.exportKey('pkcs8', keys.privateKey);
  return {
    der: new Uint8Array(certificate.rawData),
    key: createPrivateKey({ key: Buffer.from(pkcs8), format: 'der', type: 'pkcs8' }),
  };
};
