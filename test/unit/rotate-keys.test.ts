// Rotating the signing key from the portal: administrators only, and only where the service holds its keys.
import { describe, expect, it } from 'vitest';
import type { Actor } from '../../functions/core/accounts.ts';
import { isAppError } from '../../functions/core/errors.ts';
import { canRotateKeys, rotateKeys } from '../../functions/core/keys/rotate-keys.ts';
import type { KeyRing } from '../../functions/core/ports.ts';

/** The core's Logger port, quiet: these tests read what rotateKeys returns. */
const silent = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

const admin: Actor = { userId: 'u-admin', email: 'admin@demo.test', role: 'admin' };
const staff: Actor = { userId: 'u-staff', email: 'staff@demo.test', role: 'staff' };

const ring = (rotate?: KeyRing['rotate']): KeyRing => ({
  activeSigner: () => Promise.reject(new Error('not used')),
  publicKeys: () => Promise.resolve({ keys: [] }),
  ...(rotate ? { rotate } : {}),
});

const errorOf = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error,
  );

describe('rotating the signing key', () => {
  it('makes a new key active for an administrator where the keys are files', async () => {
    const calls: string[] = [];
    const keys = ring(async () => {
      calls.push('rotate');
      return { active: 'new', retired: ['old'] };
    });

    expect(canRotateKeys({ keys })).toBe(true);
    expect(await rotateKeys({ keys, logger: silent })({ actor: admin })).toEqual({
      active: 'new',
      retired: ['old'],
    });
    expect(calls).toEqual(['rotate']);
  });

  it('is FORBIDDEN to anyone but an administrator, and rotates nothing', async () => {
    let rotated = false;
    const keys = ring(async () => {
      rotated = true;
      return { active: 'new', retired: [] };
    });

    expect(
      isAppError(await errorOf(rotateKeys({ keys, logger: silent })({ actor: staff })), 'FORBIDDEN'),
    ).toBe(true);
    expect(rotated).toBe(false);
  });

  it('is refused where the keys are in KMS: a deployment rotates them', async () => {
    const keys = ring();

    expect(canRotateKeys({ keys })).toBe(false);
    expect(
      isAppError(await errorOf(rotateKeys({ keys, logger: silent })({ actor: admin })), 'INVALID_TRANSITION'),
    ).toBe(true);
  });
});
