// Where a chamber's key files are locally (KEY_SOURCE=local): the first chamber's at KEYS_DIR, as before the
// network, so nothing moves; every other chamber's beneath it, in chambers/<id>/ (docs/network.md §4). They are
// made on first use, once per directory per process: the api and verify wiring of one chamber may ask at once.
import { join } from 'node:path';
import { ensureSigningKey } from '../adapters/local/file-key-ring.ts';
import type { Config } from './config.ts';

export const chamberKeysDir = (config: Pick<Config, 'issuer' | 'keysDir'>, chamberId: string): string =>
  chamberId === config.issuer.id ? config.keysDir : join(config.keysDir, 'chambers', chamberId);

const made = new Map<string, Promise<string>>();

/** Runs `make` once per `what` and directory in this process (again after a failure). */
export const onceFor = (what: string, dir: string, make: () => Promise<void>): Promise<string> => {
  const key = `${what}\n${dir}`;
  let making = made.get(key);
  if (!making) {
    making = make().then(() => dir);
    made.set(key, making);
    making.catch(() => made.delete(key));
  }
  return making;
};

/** The chamber's key directory, with a signing key in it. */
export const chamberSigningKeyDir = (config: Pick<Config, 'issuer' | 'keysDir'>, chamberId: string) => {
  const dir = chamberKeysDir(config, chamberId);
  return onceFor('signing', dir, async () => {
    await ensureSigningKey(dir, new Date());
  });
};
