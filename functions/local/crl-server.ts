// The local CA's CRL over HTTP (docs/legal.md §4): `npm start` serves it on its own port at LOCAL_CRL_PATH, which
// the local seal certificate names as its cRLDistributionPoints; tests that need the CRL start it on a port of
// their own. The file is read on every request, so a revocation (tradecert seal revoke-local) shows at once.
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { CRL_FILES } from '../adapters/local/local-crl.ts';
import { LOCAL_CRL_PATH } from '../config/config.ts';

/** A Hono app answering GET LOCAL_CRL_PATH with the CRL under `keysDir`. */
export const localCrlApp = (keysDir: string) =>
  new Hono().get(LOCAL_CRL_PATH, async (c) => {
    try {
      const der = await readFile(join(keysDir, CRL_FILES.crl));
      // RFC 5280 §4.2.1.13 and RFC 2585 §4.2: a DER CRL as application/pkix-crl
      return c.body(new Uint8Array(der), 200, {
        'content-type': 'application/pkix-crl',
        'cache-control': 'no-cache',
      });
    } catch {
      return c.body(null, 404);
    }
  });

/** Serves the CRL under `keysDir` on 127.0.0.1 (an unused port unless given); `url` is the CRL's address. */
export const startLocalCrlServer = async (keysDir: string, port = 0) => {
  const server = serve({ fetch: localCrlApp(keysDir).fetch, port, hostname: '127.0.0.1' });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', () => resolve());
    server.once('error', reject);
  });
  // it serves the stack that started it; alone it keeps no process alive (a test worker may end)
  server.unref();
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${bound}${LOCAL_CRL_PATH}`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
};
