// Runs jobs concurrently, at most `perKey` at once for any one key (an organisation), one at a time per lane (a
// webhook endpoint, so that it sees its events in order) and `total` overall, taking keys in turn: one
// organisation's slow or hanging receivers hold at most its own slots, never another's.
// See docs/security.md, "Webhooks: what they may reach, and how delivery is scheduled".

export interface FairQueueLimits {
  total: number;
  perKey: number;
  /** At most this many jobs wait per key; more are left for a later round (they stay stored as due). */
  waitingPerKey: number;
}

export interface FairJob {
  id: string;
  lane: string;
  run: () => Promise<void>;
}

export const createFairQueue = (limits: FairQueueLimits) => {
  const waiting = new Map<string, FairJob[]>();
  const running = new Map<string, number>();
  const busyLanes = new Set<string>();
  const known = new Set<string>();
  let active = 0;
  let idleWaiters: Array<() => void> = [];

  const settleIdle = () => {
    if (active > 0 || waiting.size > 0) return;
    for (const wake of idleWaiters) wake();
    idleWaiters = [];
  };

  // the turn goes to the key served least recently among those that may start a job now
  const lastServed = new Map<string, number>();
  let turn = 0;

  const nextCandidate = (): { key: string; jobs: FairJob[]; index: number } | undefined => {
    let best: { key: string; jobs: FairJob[]; index: number } | undefined;
    for (const [key, jobs] of waiting) {
      if ((running.get(key) ?? 0) >= limits.perKey) continue;
      const index = jobs.findIndex((candidate) => !busyLanes.has(candidate.lane));
      if (index < 0) continue;
      if (!best || (lastServed.get(key) ?? -1) < (lastServed.get(best.key) ?? -1))
        best = { key, jobs, index };
    }
    return best;
  };

  const startNext = (): boolean => {
    const candidate = nextCandidate();
    if (!candidate) return false;
    const { key, jobs, index } = candidate;
    const [job] = jobs.splice(index, 1);
    if (!job) return false;
    if (jobs.length === 0) waiting.delete(key);
    lastServed.set(key, turn++);
    running.set(key, (running.get(key) ?? 0) + 1);
    busyLanes.add(job.lane);
    active += 1;
    void job
      .run()
      .catch(() => undefined)
      .finally(() => {
        active -= 1;
        busyLanes.delete(job.lane);
        const still = (running.get(key) ?? 1) - 1;
        if (still > 0) running.set(key, still);
        else running.delete(key);
        known.delete(job.id);
        pump();
        settleIdle();
      });
    return true;
  };

  const pump = () => {
    while (active < limits.total && startNext()) {
      // started one; look for the next
    }
  };

  return {
    /** Queues a job unless one with this id is waiting or running; false when it was not taken. */
    offer(key: string, job: FairJob): boolean {
      if (known.has(job.id)) return false;
      const jobs = waiting.get(key) ?? [];
      if (jobs.length >= limits.waitingPerKey) return false;
      jobs.push(job);
      waiting.set(key, jobs);
      known.add(job.id);
      pump();
      return true;
    },
    /** Forgets the jobs that have not started (they are still due in storage). */
    dropWaiting() {
      for (const jobs of waiting.values()) for (const job of jobs) known.delete(job.id);
      waiting.clear();
      settleIdle();
    },
    /** Resolves when nothing waits or runs. */
    idle: () =>
      new Promise<void>((resolve) => {
        idleWaiters.push(resolve);
        settleIdle();
      }),
  };
};

export type FairQueue = ReturnType<typeof createFairQueue>;
