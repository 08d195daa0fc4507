// The delivery scheduler: concurrent, at most `perKey` running per organisation and one per endpoint (lane),
// organisations in turn, so a key whose jobs never finish holds only its own slots.
import { describe, expect, it } from 'vitest';
import { createFairQueue } from '../../functions/core/webhooks/fair-queue.ts';

/** A job that runs until released, recording when it started. */
const controlled = (started: string[], id: string) => {
  let release = () => {};
  const done = new Promise<void>((resolve) => {
    release = resolve;
  });
  return {
    job: (lane: string) => ({
      id,
      lane,
      run: async () => {
        started.push(id);
        await done;
      },
    }),
    release: () => release(),
  };
};

describe('the fair delivery queue', () => {
  it('starts another key’s job at once while one key’s jobs hang at its cap', () => {
    const started: string[] = [];
    const queue = createFairQueue({ total: 16, perKey: 4, waitingPerKey: 50 });
    for (let i = 0; i < 9; i += 1) queue.offer('A', controlled(started, `A${i}`).job(`hook-A${i}`));
    queue.offer('B', controlled(started, 'B0').job('hook-B'));

    expect(started).toEqual(['A0', 'A1', 'A2', 'A3', 'B0']);
  });

  it('takes keys in turn when the total is the limit', () => {
    const started: string[] = [];
    const queue = createFairQueue({ total: 2, perKey: 4, waitingPerKey: 50 });
    const a0 = controlled(started, 'A0');
    queue.offer('A', a0.job('a0'));
    queue.offer('A', controlled(started, 'A1').job('a1'));
    queue.offer('A', controlled(started, 'A2').job('a2'));
    queue.offer('B', controlled(started, 'B0').job('b0'));
    expect(started).toEqual(['A0', 'A1']);

    a0.release();
    return new Promise<void>((resolve) =>
      setImmediate(() => {
        expect(started).toEqual(['A0', 'A1', 'B0']);
        resolve();
      }),
    );
  });

  it('runs one job at a time per lane, in order, and skips ids it already holds', async () => {
    const started: string[] = [];
    const queue = createFairQueue({ total: 16, perKey: 4, waitingPerKey: 50 });
    const first = controlled(started, 'e1');
    const second = controlled(started, 'e2');
    expect(queue.offer('A', first.job('hook'))).toBe(true);
    expect(queue.offer('A', second.job('hook'))).toBe(true);
    expect(queue.offer('A', first.job('hook'))).toBe(false);
    expect(started).toEqual(['e1']);

    first.release();
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual(['e1', 'e2']);
    second.release();
    await queue.idle();
  });

  it('leaves jobs beyond a key’s waiting limit for a later round', () => {
    const started: string[] = [];
    const queue = createFairQueue({ total: 1, perKey: 1, waitingPerKey: 2 });
    const taken = [0, 1, 2, 3].map((i) => queue.offer('A', controlled(started, `A${i}`).job(`a${i}`)));
    expect(taken).toEqual([true, true, true, false]);
  });
});
