// A small remote signing service speaking the CSC API v2 (docs/legal.md §6), for the tests and for `npm start`
// with SEAL_SOURCE=csc: /info, oauth2/token (client credentials), credentials/list, credentials/info,
// credentials/authorize and signatures/signHash, over real HTTP on loopback. It holds seal keys with certificates
// from the local CA (seal-material.ts) and checks what a real service checks: the bearer token and its expiry,
// that the credential belongs to the client, the hash length and algorithm, the signature algorithm and the SAD.
// Bad input gets CSC error JSON. `faults` lets a test make it answer 503 or garbage for a number of requests.
import { constants, createPrivateKey, type KeyObject, privateEncrypt, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { serve } from '@hono/node-server';
import { type Context, Hono } from 'hono';
import { joseToDerSignature } from '../adapters/csc/ecdsa-signature.ts';
import { SEAL_FILES } from '../adapters/local/seal-key.ts';
import { ensureSealMaterial, type SealMaterial } from '../adapters/local/seal-material.ts';
import { loadConfig } from '../config/config.ts';
import { certificateChainFromPem } from '../core/sealing/pades-certificates.ts';

const SHA256_OID = '2.16.840.1.101.3.4.2.1';
const RSA_OIDS = ['1.2.840.113549.1.1.1', '1.2.840.113549.1.1.11'];
const EC_OIDS = ['1.2.840.10045.2.1', '1.2.840.10045.4.3.2'];
/** RFC 8017 §9.2 note 1: the DER DigestInfo of a SHA-256 hash, before the hash itself. */
const SHA256_DIGEST_INFO = Buffer.from('3031300d060960864801650304020105000420', 'hex');

type Fault = 'unavailable' | 'garbage' | 'lost';

export interface SimulatedCredential {
  id: string;
  /** The OAuth2 client that may use it. */
  clientId: string;
  material: SealMaterial;
  /** credentials/info key.status; anything but "enabled" refuses signatures. */
  status?: 'enabled' | 'disabled';
  /** credentials/info auth.mode: only "implicit" lets a client without a person sign. */
  authMode?: 'implicit' | 'explicit' | 'oauth2code';
  /** ECDSA answers in raw r || s instead of DER, as some services do. */
  rawEcdsa?: boolean;
  /** credentials/info key.algo instead of the OIDs of the key's type (to misdescribe a credential). */
  algo?: string[];
  /** credentials/info cert.status; signatures are made regardless, as a misconfigured service would. */
  certificateStatus?: 'valid' | 'expired' | 'revoked' | 'suspended';
  /** credentials/info SCAL; by default 2 where credentials/authorize is offered, else 1. */
  scal?: '1' | '2';
}

export interface CscSimulatorOptions {
  clients: { id: string; secret: string }[];
  credentials: SimulatedCredential[];
  /** expires_in of the access tokens it issues. */
  tokenSeconds?: number;
  /** Whether /info offers credentials/authorize (and signHash then requires its SAD). */
  authorize?: boolean;
  /**
   * How /info names the OAuth2 server: `oauth2` (its base URI, v2.0.0.0) or only `oauth2Issuer` (v2.0.0.2: its
   * RFC 8414 metadata at /.well-known/oauth-authorization-server names the token endpoint).
   */
  oauth2Discovery?: 'oauth2' | 'oauth2Issuer';
  port?: number;
}

export interface CscSimulator {
  /** The base URI to configure (CSC_BASE_URL); the API is under {url}/csc/v2. */
  url: string;
  /** The number of each method's requests so far, by method (such as "oauth2/token"). */
  calls: Map<string, number>;
  /**
   * The next `count` requests (of `method`, or any) answer `kind`: 503, 200 with a body that is not JSON, or 503
   * after the request was carried out (an answer lost on the way back).
   */
  fail(count: number, kind: Fault, method?: string): void;
  /** Stops answering (connections refused) until `start`, keeping the port. */
  stop(): Promise<void>;
  start(): Promise<void>;
}

// P-256 (SEC 2 §2.4.2), for signing a hash that arrives already computed: node:crypto hashes what it signs
const P = 0xffffffff00000001000000000000000000000000ffffffffffffffffffffffffn;
const N = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;
const A = P - 3n;
const G = {
  x: 0x6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296n,
  y: 0x4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5n,
};
type Point = { x: bigint; y: bigint } | null;
const mod = (value: bigint, m: bigint) => ((value % m) + m) % m;
const inverse = (value: bigint, m: bigint) => {
  let [a, b, x, y] = [mod(value, m), m, 1n, 0n];
  while (b !== 0n) {
    const q = a / b;
    [a, b, x, y] = [b, a - q * b, y, x - q * y];
  }
  return mod(x, m);
};
const add = (p: Point, q: Point): Point => {
  if (!p) return q;
  if (!q) return p;
  if (p.x === q.x && mod(p.y + q.y, P) === 0n) return null;
  const slope =
    p.x === q.x
      ? mod((3n * p.x * p.x + A) * inverse(2n * p.y, P), P)
      : mod((q.y - p.y) * inverse(q.x - p.x, P), P);
  const x = mod(slope * slope - p.x - q.x, P);
  return { x, y: mod(slope * (p.x - x) - p.y, P) };
};
const multiply = (k: bigint, point: Point): Point => {
  let result: Point = null;
  let addend = point;
  for (let rest = k; rest > 0n; rest >>= 1n) {
    if (rest & 1n) result = add(result, addend);
    addend = add(addend, addend);
  }
  return result;
};
const bigintOf = (bytes: Uint8Array) => BigInt(`0x${Buffer.from(bytes).toString('hex') || '0'}`);
const bytes32 = (value: bigint) => Buffer.from(value.toString(16).padStart(64, '0'), 'hex');

/** ECDSA (FIPS 186-5 §6.4.1) over a SHA-256 hash with a P-256 key: r || s. */
const signP256Hash = (key: KeyObject, hash: Uint8Array): Uint8Array => {
  const d = bigintOf(Buffer.from(key.export({ format: 'jwk' }).d ?? '', 'base64url'));
  const e = bigintOf(hash);
  for (;;) {
    const k = mod(bigintOf(randomBytes(40)), N - 1n) + 1n;
    const r = mod((multiply(k, G) as { x: bigint }).x, N);
    const s = mod(inverse(k, N) * (e + r * d), N);
    if (r !== 0n && s !== 0n) return Buffer.concat([bytes32(r), bytes32(s)]);
  }
};

const problem = (c: Context, status: 400 | 401 | 403, error: string, description: string) =>
  c.json({ error, error_description: description }, status);

export const startCscSimulator = async (options: CscSimulatorOptions): Promise<CscSimulator> => {
  const tokenSeconds = options.tokenSeconds ?? 3600;
  const offersAuthorize = options.authorize ?? true;
  const tokens = new Map<string, { clientId: string; expiresAt: number }>();
  const sads = new Map<string, { credentialId: string; hash: string }>();
  const calls = new Map<string, number>();
  const faults: { count: number; kind: Fault; method: string | undefined }[] = [];
  const keys = new Map(
    options.credentials.map((credential) => [
      credential.id,
      {
        credential,
        privateKey: createPrivateKey(credential.material.keyPem),
        chain: certificateChainFromPem(
          `${credential.material.certificatePem}\n${credential.material.caCertificatePem}`,
        ),
      },
    ]),
  );

  const app = new Hono();
  app.use('*', async (c, next) => {
    const method = c.req.path.replace(/^\/csc\/v2\//, '').replace(/^\//, '');
    calls.set(method, (calls.get(method) ?? 0) + 1);
    const fault = faults.find((candidate) => candidate.method === undefined || candidate.method === method);
    if (fault) {
      fault.count -= 1;
      if (fault.count <= 0) faults.splice(faults.indexOf(fault), 1);
      if (fault.kind === 'unavailable') return c.text('Service Unavailable', 503);
      if (fault.kind === 'garbage') {
        return c.text('<html>not a CSC answer</html>', 200, { 'Content-Type': 'application/json' });
      }
      await next();
      c.res = new Response('Service Unavailable', { status: 503 });
      return;
    }
    return next();
  });

  app.post('/csc/v2/info', (c) =>
    c.json({
      specs: '2.0.0.2',
      name: 'tradecert CSC simulator',
      logo: 'https://tradecert.localhost/logo.png',
      region: 'MK',
      lang: 'en',
      description: 'A local remote signing service for tests',
      authType: ['oauth2client'],
      ...(options.oauth2Discovery === 'oauth2Issuer'
        ? { oauth2Issuer: new URL(c.req.url).origin }
        : { oauth2: new URL(c.req.url).origin }),
      methods: [
        'info',
        'oauth2/token',
        'credentials/list',
        'credentials/info',
        ...(offersAuthorize ? ['credentials/authorize'] : []),
        'signatures/signHash',
      ],
      signAlgorithms: { algos: [...RSA_OIDS, ...EC_OIDS.slice(1)] },
    }),
  );

  app.get('/.well-known/oauth-authorization-server', (c) => {
    const issuer = new URL(c.req.url).origin;
    return c.json({
      issuer,
      token_endpoint: `${issuer}/oauth2/token`,
      grant_types_supported: ['client_credentials'],
      token_endpoint_auth_methods_supported: ['client_secret_post'],
    });
  });

  app.post('/oauth2/token', async (c) => {
    const form = new URLSearchParams(await c.req.text());
    if (form.get('grant_type') !== 'client_credentials') {
      return problem(c, 400, 'unsupported_grant_type', 'Only client_credentials is supported');
    }
    const client = options.clients.find(({ id }) => id === form.get('client_id'));
    if (!client || client.secret !== form.get('client_secret')) {
      return problem(c, 401, 'invalid_client', 'Client authentication failed');
    }
    const accessToken = randomBytes(24).toString('base64url');
    tokens.set(accessToken, { clientId: client.id, expiresAt: Date.now() + tokenSeconds * 1000 });
    return c.json({ access_token: accessToken, token_type: 'Bearer', expires_in: tokenSeconds });
  });

  /** The client of a valid bearer token, or the 401 to answer. */
  const clientOf = (c: Context): string | Response => {
    const token = c.req.header('Authorization')?.match(/^Bearer (.+)$/)?.[1];
    const known = token ? tokens.get(token) : undefined;
    if (!known || known.expiresAt <= Date.now()) {
      return problem(c, 401, 'invalid_token', 'The access token is missing, unknown or expired');
    }
    return known.clientId;
  };

  const jsonBody = async (c: Context): Promise<Record<string, unknown> | undefined> => {
    const body = await c.req.json().catch(() => undefined);
    return body && typeof body === 'object' && !Array.isArray(body) ? body : undefined;
  };

  /** The credential the request names, if it belongs to the client. */
  const credentialOf = (clientId: string, body: Record<string, unknown>) => {
    const entry = typeof body.credentialID === 'string' ? keys.get(body.credentialID) : undefined;
    return entry?.credential.clientId === clientId ? entry : undefined;
  };

  /** The one SHA-256 hash of a request, or why not. */
  const hashOf = (body: Record<string, unknown>): string | { description: string } => {
    const { hashes } = body;
    if (!Array.isArray(hashes) || hashes.length !== 1 || typeof hashes[0] !== 'string') {
      return { description: 'Invalid parameter hashes: one base64 hash expected' };
    }
    if (body.hashAlgorithmOID !== SHA256_OID) {
      return { description: 'Invalid parameter hashAlgorithmOID' };
    }
    if (Buffer.from(hashes[0], 'base64').length !== 32) {
      return { description: 'Invalid parameter hashes: not a SHA-256 hash' };
    }
    return hashes[0];
  };

  app.post('/csc/v2/credentials/list', (c) => {
    const client = clientOf(c);
    if (typeof client !== 'string') return client;
    return c.json({
      credentialIDs: options.credentials.filter(({ clientId }) => clientId === client).map(({ id }) => id),
    });
  });

  app.post('/csc/v2/credentials/info', async (c) => {
    const client = clientOf(c);
    if (typeof client !== 'string') return client;
    const body = await jsonBody(c);
    if (!body) return problem(c, 400, 'invalid_request', 'The request body is not a JSON object');
    const entry = credentialOf(client, body);
    if (!entry) return problem(c, 400, 'invalid_request', 'Invalid parameter credentialID');
    const { credential, privateKey, chain } = entry;
    const rsa = privateKey.asymmetricKeyType === 'rsa';
    const certificates = body.certificates === 'chain' ? chain : chain.slice(0, 1);
    return c.json({
      description: `Qualified seal of ${credential.id}`,
      signatureQualifier: 'eu_eidas_qeseal',
      key: {
        status: credential.status ?? 'enabled',
        algo: credential.algo ?? (rsa ? RSA_OIDS : EC_OIDS),
        len: rsa ? (privateKey.asymmetricKeyDetails?.modulusLength ?? 0) : 256,
        ...(rsa ? {} : { curve: '1.2.840.10045.3.1.7' }),
      },
      cert: {
        status: credential.certificateStatus ?? 'valid',
        certificates:
          body.certificates === 'none' ? [] : certificates.map((der) => Buffer.from(der).toString('base64')),
      },
      auth: { mode: credential.authMode ?? 'implicit' },
      // SCAL 2 binds each signature to its hash through credentials/authorize
      SCAL: credential.scal ?? (offersAuthorize ? '2' : '1'),
      multisign: 1,
      lang: 'en',
    });
  });

  app.post('/csc/v2/credentials/authorize', async (c) => {
    const client = clientOf(c);
    if (typeof client !== 'string') return client;
    const body = await jsonBody(c);
    if (!body) return problem(c, 400, 'invalid_request', 'The request body is not a JSON object');
    const entry = credentialOf(client, body);
    if (!entry) return problem(c, 400, 'invalid_request', 'Invalid parameter credentialID');
    if ((entry.credential.authMode ?? 'implicit') !== 'implicit') {
      return problem(c, 400, 'invalid_request', 'Missing authData for an explicit credential');
    }
    if (body.numSignatures !== 1)
      return problem(c, 400, 'invalid_request', 'Invalid parameter numSignatures');
    const hash = hashOf(body);
    if (typeof hash !== 'string') return problem(c, 400, 'invalid_request', hash.description);
    const sad = randomBytes(24).toString('base64url');
    sads.set(sad, { credentialId: entry.credential.id, hash });
    return c.json({ SAD: sad, expiresIn: 300 });
  });

  app.post('/csc/v2/signatures/signHash', async (c) => {
    const client = clientOf(c);
    if (typeof client !== 'string') return client;
    const body = await jsonBody(c);
    if (!body) return problem(c, 400, 'invalid_request', 'The request body is not a JSON object');
    const entry = credentialOf(client, body);
    if (!entry) return problem(c, 400, 'invalid_request', 'Invalid parameter credentialID');
    const { credential, privateKey } = entry;
    if ((credential.status ?? 'enabled') !== 'enabled') {
      return problem(c, 400, 'invalid_request', 'The key of the credential is disabled');
    }
    const hash = hashOf(body);
    if (typeof hash !== 'string') return problem(c, 400, 'invalid_request', hash.description);
    const rsa = privateKey.asymmetricKeyType === 'rsa';
    const signAlgo = String(body.signAlgo);
    if (!(rsa ? RSA_OIDS : EC_OIDS).includes(signAlgo)) {
      return problem(c, 400, 'invalid_request', 'Invalid parameter signAlgo');
    }
    if (offersAuthorize) {
      const sad = typeof body.SAD === 'string' ? sads.get(body.SAD) : undefined;
      if (!sad || sad.credentialId !== credential.id || sad.hash !== hash) {
        return problem(c, 400, 'invalid_request', 'Invalid parameter SAD');
      }
      // one SAD for one signature (numSignatures 1)
      sads.delete(body.SAD as string);
    }
    const digest = Buffer.from(hash, 'base64');
    const raw = rsa
      ? privateEncrypt(
          { key: privateKey, padding: constants.RSA_PKCS1_PADDING },
          Buffer.concat([SHA256_DIGEST_INFO, digest]),
        )
      : signP256Hash(privateKey, digest);
    const signature = rsa || credential.rawEcdsa ? raw : joseToDerSignature(raw);
    return c.json({ signatures: [Buffer.from(signature).toString('base64')] });
  });

  app.notFound((c) => problem(c, 400, 'invalid_request', `Unknown method ${c.req.path}`));

  let server: Server | undefined;
  let port = options.port ?? 0;
  const start = () =>
    new Promise<void>((resolve) => {
      server = serve({ fetch: app.fetch, port, hostname: '127.0.0.1' }, (info: AddressInfo) => {
        port = info.port;
        resolve();
      }) as Server;
    });
  const stop = () =>
    new Promise<void>((resolve, reject) => {
      if (!server) return resolve();
      server.closeAllConnections();
      server.close((error) => (error ? reject(error) : resolve()));
      server = undefined;
    });
  await start();
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    fail: (count, kind, method) => {
      faults.push({ count, kind, method });
    },
    stop,
    start,
  };
};

/**
 * `npx tsx functions/local/csc-simulator.ts`: the simulator on its own, with the first chamber's local seal under
 * KEYS_DIR as its one credential, for `npm start` with SEAL_SOURCE=csc and the variables it prints.
 */
const main = async () => {
  const environment = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('CSC_') && name !== 'SEAL_SOURCE'),
  );
  const config = loadConfig({ ...environment, SEAL_SOURCE: 'local' });
  await ensureSealMaterial(config.keysDir, config.issuer, new Date());
  const read = (name: string) => readFile(join(config.keysDir, name), 'utf8');
  const material: SealMaterial = {
    keyPem: await read(SEAL_FILES.key),
    certificatePem: await read(SEAL_FILES.certificate),
    caCertificatePem: await read(SEAL_FILES.caCertificate),
    caKeyPem: '',
  };
  const client = { id: `${config.issuer.id}-local`, secret: randomBytes(18).toString('base64url') };
  const simulator = await startCscSimulator({
    clients: [client],
    credentials: [{ id: `${config.issuer.id}-seal`, clientId: client.id, material }],
  });
  console.log(
    [
      `CSC API v2 simulator on ${simulator.url}/csc/v2, sealing with ${config.keysDir}/${SEAL_FILES.key}.`,
      'Start tradecert in another shell with:',
      `  SEAL_SOURCE=csc CSC_BASE_URL=${simulator.url} CSC_CLIENT_ID=${client.id} CSC_CLIENT_SECRET=${client.secret} npm start`,
      'Press Ctrl-C to stop.',
    ].join('\n'),
  );
};

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
