// Fault injection for core unit tests: wrap a port, then make the Nth call of one of its methods fail, once or
// from then on, either before the call reaches the store (nothing written) or after it (written, but the caller
// sees an error, as when a process dies or a response is lost after the write). The issuance tests crash the
// protocol of docs/architecture.md §3 between its steps this way.
import { AppError } from '../../../functions/core/errors.ts';

export type FaultTiming = 'before' | 'after';

export interface FaultPlan {
  /** Which call, counted from when the fault is armed, 1-based (default 1). */
  call?: number;
  /** 'once' fails only that call; 'always' that call and every later one (default 'once'). */
  times?: 'once' | 'always';
  /** 'before' the wrapped method runs, or 'after' it has run (default 'before'). */
  timing?: FaultTiming;
  /** Only calls whose arguments match are counted and failed (e.g. object keys under certificates/). */
  matching?: (...args: never[]) => boolean;
  /** The error thrown; STORAGE_UNAVAILABLE by default, as an adapter reports an outage. */
  error?: () => unknown;
}

interface ArmedFault extends Required<Omit<FaultPlan, 'matching' | 'error'>> {
  method: string;
  seen: number;
  spent: boolean;
  matching?: FaultPlan['matching'];
  error?: FaultPlan['error'];
}

/** Thrown by an injected fault, so that a test can tell it from a real failure. */
export class InjectedFault extends AppError {}

export interface Faults {
  /** The port with every method counted and, when armed, failed. `name` prefixes the method: "objects.put". */
  wrap<T extends object>(name: string, port: T): T;
  /** Arms a fault on "port.method". */
  fail(method: string, plan?: FaultPlan): void;
  /** How many calls "port.method" has had since the wrapper was made. */
  calls(method: string): number;
  /** How many times an armed fault fired. */
  fired(method: string): number;
  /** Disarms every fault (the call counts stay). */
  clear(): void;
}

export const createFaults = (): Faults => {
  const counts = new Map<string, number>();
  const firings = new Map<string, number>();
  let armed: ArmedFault[] = [];

  /** The fault this call triggers, if any; counts the call for every fault on the method it matches. */
  const triggered = (method: string, args: unknown[]): ArmedFault | undefined => {
    let hit: ArmedFault | undefined;
    for (const fault of armed) {
      if (fault.method !== method || fault.spent) continue;
      if (fault.matching && !(fault.matching as (...args: unknown[]) => boolean)(...args)) continue;
      fault.seen += 1;
      const due = fault.times === 'always' ? fault.seen >= fault.call : fault.seen === fault.call;
      if (!due) continue;
      if (fault.times === 'once') fault.spent = true;
      hit ??= fault;
    }
    return hit;
  };

  const raise = (fault: ArmedFault): never => {
    firings.set(fault.method, (firings.get(fault.method) ?? 0) + 1);
    throw (
      fault.error?.() ??
      new InjectedFault(
        'STORAGE_UNAVAILABLE',
        `Injected fault: ${fault.method} call ${fault.seen} failed ${fault.timing} it ran.`,
      )
    );
  };

  return {
    wrap: <T extends object>(name: string, port: T): T => {
      const wrapped: Record<string, unknown> = { ...(port as Record<string, unknown>) };
      for (const [member, value] of Object.entries(port)) {
        if (typeof value !== 'function') continue;
        const method = `${name}.${member}`;
        wrapped[member] = async (...args: unknown[]) => {
          counts.set(method, (counts.get(method) ?? 0) + 1);
          const fault = triggered(method, args);
          if (fault?.timing === 'before') raise(fault);
          const result = await (value as (...args: unknown[]) => unknown).apply(port, args);
          if (fault?.timing === 'after') raise(fault);
          return result;
        };
      }
      return wrapped as T;
    },

    fail: (method, plan = {}) => {
      armed.push({
        method,
        call: plan.call ?? 1,
        times: plan.times ?? 'once',
        timing: plan.timing ?? 'before',
        seen: 0,
        spent: false,
        ...(plan.matching ? { matching: plan.matching } : {}),
        ...(plan.error ? { error: plan.error } : {}),
      });
    },

    calls: (method) => counts.get(method) ?? 0,
    fired: (method) => firings.get(method) ?? 0,
    clear: () => {
      armed = [];
    },
  };
};
