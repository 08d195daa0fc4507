// Which chambers a process serves, and the wiring each one needs (its core, or its verifier), built once per
// version of its record. Records are read again after a minute, so that a chamber's settings or status change is
// seen by every function within that time (docs/network.md §1); a host is found with one read.
import type { ChamberRepository, Clock } from '../ports.ts';
import type { Chamber } from './chamber.ts';

export const CHAMBER_RECORD_TTL_MS = 60_000;
/** Host names remembered at most: a client sending made-up Host headers cannot grow the process without end. */
const MAX_REMEMBERED_HOSTS = 1000;

export interface ChamberDirectoryOptions<Wiring> {
  chambers: Pick<ChamberRepository, 'get' | 'list' | 'findByHost'>;
  clock: Clock;
  /**
   * The deployment's first chamber, as its configuration describes it: serves requests that name no chamber, and
   * stands in for its record until the migration has written it (docs/network.md §1, "Migration").
   */
  defaultChamber: Chamber;
  /** When set, only these chambers are served here (a deployment holds keys only for the chambers it hosts). */
  hosted?: readonly string[] | undefined;
  build(chamber: Chamber): Promise<Wiring>;
  ttlMs?: number;
}

export interface ChamberDirectory<Wiring> {
  defaultId: string;
  /** The chamber `id`, or undefined when it is not served here. */
  byId(id: string): Promise<{ chamber: Chamber; wiring: Wiring } | undefined>;
  /** The chamber that answers on `host`, or undefined. */
  byHost(host: string): Promise<{ chamber: Chamber; wiring: Wiring } | undefined>;
  /** Every chamber served here, the default first. */
  all(): Promise<{ chamber: Chamber; wiring: Wiring }[]>;
  /**
   * Builds the wiring of `chamber` as it is given, without reading its record: a function starts with the first
   * chamber from its configuration and needs no storage to start (the record is read at the first request, and
   * the wiring rebuilt only if the record's version differs).
   */
  preset(chamber: Chamber): Promise<Wiring>;
}

interface Cached<T> {
  value: Promise<T>;
  readAt: number;
}

export const createChamberDirectory = <Wiring>(
  options: ChamberDirectoryOptions<Wiring>,
): ChamberDirectory<Wiring> => {
  const ttl = options.ttlMs ?? CHAMBER_RECORD_TTL_MS;
  const records = new Map<string, Cached<Chamber | undefined>>();
  const hosts = new Map<string, Cached<string | undefined>>();
  let listing: Cached<Chamber[]> | undefined;
  const wirings = new Map<string, { version: number; wiring: Promise<Wiring> }>();
  const defaultId = options.defaultChamber.id;
  const served = (id: string) => id === defaultId || !options.hosted || options.hosted.includes(id);

  const fresh = <T>(entry: Cached<T> | undefined): entry is Cached<T> =>
    entry !== undefined && options.clock.now().getTime() - entry.readAt < ttl;
  const remember = <T>(read: () => Promise<T>): Cached<T> => {
    const entry = { value: read(), readAt: options.clock.now().getTime() };
    // a failed read is not remembered: the next request tries again
    entry.value.catch(() => {
      entry.readAt = Number.NEGATIVE_INFINITY;
    });
    return entry;
  };

  const record = async (id: string): Promise<Chamber | undefined> => {
    let entry = records.get(id);
    if (!fresh(entry)) {
      entry = remember(async () => {
        const stored = await options.chambers.get(id);
        return stored ?? (id === defaultId ? options.defaultChamber : undefined);
      });
      records.set(id, entry);
    }
    try {
      return await entry.value;
    } catch (error) {
      // the first chamber is known from the configuration: its keys and page stay served while the table is
      // unreachable (the failed read is not remembered, so the next request reads again)
      if (id === defaultId) return options.defaultChamber;
      throw error;
    }
  };

  const wired = async (chamber: Chamber) => {
    const known = wirings.get(chamber.id);
    if (known && known.version === chamber.version) return { chamber, wiring: await known.wiring };
    const wiring = options.build(chamber);
    wirings.set(chamber.id, { version: chamber.version, wiring });
    wiring.catch(() => wirings.delete(chamber.id));
    return { chamber, wiring: await wiring };
  };

  const byId = async (id: string) => {
    if (!served(id)) return undefined;
    const chamber = await record(id);
    return chamber ? wired(chamber) : undefined;
  };

  return {
    defaultId,
    byId,
    preset: async (chamber) => (await wired(chamber)).wiring,
    byHost: async (host) => {
      const name = host.toLowerCase();
      let entry = hosts.get(name);
      if (!fresh(entry)) {
        entry = remember(async () => (await options.chambers.findByHost(name))?.id);
        if (hosts.size >= MAX_REMEMBERED_HOSTS) hosts.clear();
        hosts.set(name, entry);
      }
      // a host that cannot be looked up now is taken as no chamber's: the first chamber answers (not remembered)
      const id = await entry.value.catch(() => undefined);
      return id === undefined ? undefined : byId(id);
    },
    all: async () => {
      if (!fresh(listing)) listing = remember(() => options.chambers.list());
      const stored = await listing.value.catch(() => [] as Chamber[]);
      const ids = [defaultId, ...stored.map((chamber) => chamber.id).filter((id) => id !== defaultId)];
      const found = await Promise.all(ids.map(byId));
      return found.filter((entry) => entry !== undefined);
    },
  };
};
