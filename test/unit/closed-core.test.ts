// The core's front door hands out verbs, not ports: handlers cannot reach a store, the clock or the random
// source, and the core itself draws randomness, waits and logs only through its ports (docs/architecture.md §1).
import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type CoreDeps, createCore } from '../../functions/core/core.ts';
import { jitteredPause } from '../../functions/core/retry.ts';

const CORE_DIR = resolve(import.meta.dirname, '../../functions/core');

/** Every dependency a distinct empty object: enough to bind the verbs, which touch their ports only when called. */
const placeholderDeps = (): CoreDeps => {
  const made = new Map<PropertyKey, object>();
  return new Proxy({} as CoreDeps, {
    get: (_target, key) => {
      if (key === 'issuer') return { id: 'test' };
      if (!made.has(key)) made.set(key, {});
      return made.get(key);
    },
  });
};

const sourcesOf = async (dir: string): Promise<string[]> =>
  (await readdir(dir, { recursive: true }))
    .filter((name) => /\.tsx?$/.test(name))
    .map((name) => join(dir, name));

describe('a closed core', () => {
  it('offers verbs and plain facts only, and idempotency and the network as groups of verbs', () => {
    const core = createCore(placeholderDeps());
    const facts = ['issuer', 'maxAttachmentBytes', 'canRotateKeys', 'idempotency', 'network'];
    for (const [name, value] of Object.entries(core)) {
      if (!facts.includes(name)) expect(typeof value, name).toBe('function');
    }
    expect(Object.keys(core)).not.toContain('clock');
    expect(Object.keys(core)).not.toContain('random');
    expect(Object.keys(core.idempotency)).toEqual(['run']);
    expect(typeof core.idempotency.run).toBe('function');
    for (const [name, verb] of Object.entries(core.network)) expect(typeof verb, name).toBe('function');
  });

  it('calls neither Math.random, timers nor the process streams: those come through ports', async () => {
    const offending: string[] = [];
    for (const file of await sourcesOf(CORE_DIR)) {
      const text = await readFile(file, 'utf8');
      for (const pattern of [/Math\.random\(/, /setTimeout\(/, /process\.std(out|err)/, /console\./]) {
        if (pattern.test(text)) offending.push(`${file.slice(CORE_DIR.length + 1)}: ${pattern.source}`);
      }
    }
    expect(offending).toEqual([]);
  });

  it('spreads retries with the random source and waits through the sleep port', async () => {
    const waits: number[] = [];
    const deps = {
      random: { id: () => 'id', bytes: (length: number) => new Uint8Array(length), fraction: () => 0.5 },
      sleep: async (ms: number) => void waits.push(ms),
    };
    await jitteredPause(deps, 1);
    await jitteredPause(deps, 3, { baseMs: 5 });
    expect(waits).toEqual([10, 35]);
  });
});
