// A Lambda bundle's cold start, measured in a fresh `node`: the bundle is imported (its top-level await builds
// config and clients, as in a cold start), then, when a path is given, one API Gateway v2 event goes to its
// handler; when a lazily loaded chunk is named, it is imported after that request, as the first approval would.
// Shared by the bundle report (scripts/bundle-report.ts) and the benchmark (bench/cold-start.ts).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ensureSigningKey } from '../functions/adapters/local/file-key-ring.ts';
import { ensureSealMaterial } from '../functions/adapters/local/seal-material.ts';
import { RUNTIME_NODE_OPTIONS } from '../infra/constructs/bundling.ts';
import { repoPath } from '../infra/constructs/paths.ts';

export interface ColdImport {
  importMs: number;
  firstRequestMs: number;
  status: number;
  /** Importing the lazily loaded chunk after the first request, when one was given. */
  lazyImportMs?: number;
}

const CHILD = `
const started = performance.now();
const module = await import(process.env.BUNDLE_URL);
const imported = performance.now();
const path = process.env.SMOKE_PATH;
let status = 200;
if (path) {
  const event = {
    version: '2.0', routeKey: '$default', rawPath: path, rawQueryString: '', isBase64Encoded: false,
    headers: { host: 'cold-start.example.org', accept: 'application/json' },
    requestContext: {
      accountId: '123456789012', apiId: 'cold', domainName: 'cold-start.example.org', domainPrefix: 'cold',
      http: { method: 'GET', path, protocol: 'HTTP/1.1', sourceIp: '192.0.2.1', userAgent: 'cold-start' },
      requestId: 'cold-start', routeKey: '$default', stage: '$default', time: '', timeEpoch: Date.now(),
    },
  };
  status = (await module.handler(event, {})).statusCode;
}
const answered = performance.now();
// then, when given, the chunk that the first issuance loads by import() (infra/constructs/bundling.ts)
let lazyImportMs;
if (process.env.LAZY_URL) {
  await import(process.env.LAZY_URL);
  lazyImportMs = performance.now() - answered;
}
process.stdout.write(JSON.stringify({ importMs: imported - started, firstRequestMs: answered - imported, status, lazyImportMs }));
process.exit(0);
`;

/** A keys directory as the first `npm start` leaves it: a signing key and the local seal material. */
export const prepareBundleKeys = async (workDir: string): Promise<string> => {
  const keysDir = join(workDir, 'keys');
  await ensureSigningKey(keysDir, new Date());
  await ensureSealMaterial(
    keysDir,
    { id: 'demo-chamber', name: 'Demo Economic Chamber', country: 'MK' },
    new Date(),
  );
  return keysDir;
};

export const importInFreshNode = (
  moduleUrl: string,
  keysDir: string,
  smokePath?: string,
  lazyChunkUrl?: string,
): ColdImport => {
  // only what the function would find on Lambda: nothing from this shell leaks in (no real credentials)
  const env = {
    PATH: process.env.PATH ?? '',
    NODE_OPTIONS: RUNTIME_NODE_OPTIONS,
    BUNDLE_URL: moduleUrl,
    ...(smokePath ? { SMOKE_PATH: smokePath } : {}),
    ...(lazyChunkUrl ? { LAZY_URL: lazyChunkUrl } : {}),
    AWS_REGION: 'eu-central-1',
    AWS_ACCESS_KEY_ID: 'cold-start',
    AWS_SECRET_ACCESS_KEY: 'cold-start',
    TABLE_NAME: 'tradecert-cold-start',
    BUCKET_NAME: 'tradecert-cold-start',
    PUBLIC_BASE_URL: 'https://cold-start.example.org',
    KEY_SOURCE: 'local',
    KEYS_DIR: keysDir,
    TEMPLATES_DIR: repoPath('templates'),
    LOG_LEVEL: 'error',
  };
  const child = spawnSync(process.execPath, ['--input-type=module', '--eval', CHILD], {
    env,
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (child.status !== 0) {
    throw new Error(`importing ${moduleUrl} failed (exit ${child.status}):\n${child.stderr || child.stdout}`);
  }
  return JSON.parse(child.stdout) as ColdImport;
};
