// The fault injector the issuance tests crash the protocol with (test/support/memory/faults.ts): which call
// fails, how often, and whether the wrapped method ran first.
import { describe, expect, it } from 'vitest';
import { isAppError } from '../../../functions/core/errors.ts';
import { createFaults, InjectedFault } from '../../support/memory/faults.ts';

const counter = () => {
  const writes: string[] = [];
  return { writes, port: { write: async (value: string) => void writes.push(value), size: 3 } };
};

const settle = async (work: Promise<unknown>) =>
  work.then(
    () => 'ok',
    (error) =>
      error instanceof InjectedFault && isAppError(error, 'STORAGE_UNAVAILABLE') ? 'fault' : 'other',
  );

describe('the fault injector', () => {
  it('fails the Nth call once, before the method runs', async () => {
    const faults = createFaults();
    const { writes, port } = counter();
    const wrapped = faults.wrap('store', port);
    faults.fail('store.write', { call: 2 });

    const results = [];
    for (const value of ['a', 'b', 'c']) results.push(await settle(wrapped.write(value)));

    expect(results).toEqual(['ok', 'fault', 'ok']);
    expect(writes).toEqual(['a', 'c']);
    expect(faults.calls('store.write')).toBe(3);
    expect(faults.fired('store.write')).toBe(1);
    expect(wrapped.size).toBe(3);
  });

  it('fails after the method ran, from the Nth call on, until cleared', async () => {
    const faults = createFaults();
    const { writes, port } = counter();
    const wrapped = faults.wrap('store', port);
    faults.fail('store.write', { call: 2, times: 'always', timing: 'after' });

    const results = [];
    for (const value of ['a', 'b', 'c']) results.push(await settle(wrapped.write(value)));
    faults.clear();
    results.push(await settle(wrapped.write('d')));

    expect(results).toEqual(['ok', 'fault', 'fault', 'ok']);
    expect(writes).toEqual(['a', 'b', 'c', 'd']);
  });

  it('counts only the calls that match, counted from when the fault was armed', async () => {
    const faults = createFaults();
    const { writes, port } = counter();
    const wrapped = faults.wrap('store', port);
    await wrapped.write('before-arming');
    faults.fail('store.write', { matching: (value: string) => value.startsWith('cert') });

    expect(await settle(wrapped.write('attachment'))).toBe('ok');
    expect(await settle(wrapped.write('certificate'))).toBe('fault');
    expect(await settle(wrapped.write('certificate'))).toBe('ok');
    expect(writes).toEqual(['before-arming', 'attachment', 'certificate']);
  });

  it('throws the error it is given', async () => {
    const faults = createFaults();
    const wrapped = faults.wrap('store', counter().port);
    faults.fail('store.write', { error: () => new Error('process died') });

    await expect(wrapped.write('a')).rejects.toThrow('process died');
  });
});
