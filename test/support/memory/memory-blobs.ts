// ObjectStore in memory (S3 / s3rver in functions/adapters/s3/object-store.ts): put overwrites, get of a missing
// key is undefined, delete of a missing key succeeds. Every put is also kept in `puts`, so that a test can compare
// what was stored before and after a resumed issuance; `versioned` gives version ids as a versioned bucket does.
import type { ObjectStore } from '../../../functions/core/ports.ts';
import { roundTrip } from './memory-tables.ts';

export interface StoredBlob {
  body: Uint8Array;
  contentType: string;
  versionId?: string;
}

export interface MemoryObjectStore extends ObjectStore {
  readonly objects: Map<string, StoredBlob>;
  /** Every put in order, including overwrites. */
  readonly puts: { key: string; body: Uint8Array; versionId?: string }[];
}

export const createMemoryObjectStore = (options: { versioned?: boolean } = {}): MemoryObjectStore => {
  const objects = new Map<string, StoredBlob>();
  const puts: MemoryObjectStore['puts'] = [];
  return {
    objects,
    puts,
    put: async (key, body, contentType) => {
      await roundTrip();
      const versionId = options.versioned ? `v${puts.length + 1}` : undefined;
      const stored = new Uint8Array(body);
      objects.set(key, { body: stored, contentType, ...(versionId ? { versionId } : {}) });
      puts.push({ key, body: stored, ...(versionId ? { versionId } : {}) });
      return versionId ? { key, versionId } : { key };
    },
    get: async (key) => {
      await roundTrip();
      const stored = objects.get(key);
      return stored && new Uint8Array(stored.body);
    },
    delete: async (key) => {
      await roundTrip();
      objects.delete(key);
    },
  };
};
