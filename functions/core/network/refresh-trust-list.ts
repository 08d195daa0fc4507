// The scheduled refresh of the trust list (docs/network.md §6): fetch it from the one configured place, verify it
// against the operator key configured out of band, keep it when good, and keep the last good one when not
// (saying since when it is stale and why). Then the revocation lists of the other members, each verified with
// that member's keys from the list. Runs in the maintenance job and at start.
import { compactVerify, createLocalJWKSet, type JWK } from 'jose';
import type {
  Clock,
  Logger,
  MemberRevocations,
  NetworkStore,
  TrustListSource,
  TrustListState,
} from '../ports.ts';
import { REVOCATION_LIST_TYP } from '../sealing/token-types.ts';
import type { StatusListClaims } from '../verification/status-list.ts';
import { memberJwks, type TrustListMember, TrustListRefused, verifyTrustList } from './trust-list.ts';

export interface TrustListRefreshDeps {
  store: NetworkStore;
  source: TrustListSource;
  operatorKey: JWK;
  clock: Clock;
  logger: Pick<Logger, 'info' | 'warn'>;
  /** The chambers this deployment hosts: their status comes from their own records, never fetched. */
  localIssuerIds: readonly string[] | (() => Promise<readonly string[]>);
  /** At most one fetch per this many ms (0: on every call); a forced refresh ignores it. */
  intervalMs: number;
}

export type TrustListHealth =
  | { status: 'absent'; reason?: string; staleSince?: string }
  | {
      status: 'ok' | 'stale';
      version: number;
      fetchedAt: string;
      staleSince?: string;
      reason?: string;
      nextUpdate: string;
    };

/**
 * What /healthz says of the list: ok; stale (a good list in use, but the latest fetch was refused or failed, or
 * the list is past its nextUpdate: the operator is late); or absent.
 */
export const trustListHealth = (state: TrustListState | undefined, now = new Date()): TrustListHealth => {
  if (!state?.list)
    return {
      status: 'absent',
      ...(state?.reason ? { reason: state.reason } : {}),
      ...(state?.staleSince ? { staleSince: state.staleSince } : {}),
    };
  const { payload, fetchedAt } = state.list;
  const overdue = payload.nextUpdate * 1000 < now.getTime();
  return {
    status: state.staleSince || overdue ? 'stale' : 'ok',
    version: payload.version,
    fetchedAt,
    nextUpdate: new Date(payload.nextUpdate * 1000).toISOString(),
    ...(state.staleSince ? { staleSince: state.staleSince } : {}),
    ...(state.reason
      ? { reason: state.reason }
      : overdue
        ? { reason: 'OVERDUE: the list is past its nextUpdate and no newer one has been published' }
        : {}),
  };
};

const isStatusListClaims = (value: unknown): value is StatusListClaims => {
  const claims = value as Partial<StatusListClaims> | null;
  return (
    typeof claims === 'object' &&
    claims !== null &&
    typeof claims.iss === 'string' &&
    typeof claims.iat === 'number' &&
    typeof claims.nextUpdate === 'string' &&
    Array.isArray(claims.entries) &&
    claims.entries.every(
      (entry) =>
        typeof entry?.sn === 'string' &&
        (entry.status === 'REVOKED' || entry.status === 'SUPERSEDED') &&
        typeof entry.at === 'string',
    )
  );
};

/** A member's revocation list: typed, signed by one of its keys in the trust list, naming the member. */
export const verifyMemberRevocations = async (
  jws: string,
  member: TrustListMember,
): Promise<StatusListClaims> => {
  const { payload, protectedHeader } = await compactVerify(
    jws.trim(),
    createLocalJWKSet(memberJwks(member)),
    {
      algorithms: ['ES256'],
    },
  );
  if (protectedHeader.typ !== REVOCATION_LIST_TYP)
    throw new Error(`typ ${protectedHeader.typ ?? '(none)'} is not a revocation list's`);
  const claims: unknown = JSON.parse(new TextDecoder().decode(payload));
  if (!isStatusListClaims(claims)) throw new Error('the revocation list has an unexpected shape');
  if (claims.iss !== member.id) throw new Error(`the revocation list names ${claims.iss}, not ${member.id}`);
  return claims;
};

export const refreshTrustList =
  (deps: TrustListRefreshDeps) =>
  async (options: { force?: boolean } = {}): Promise<TrustListHealth> => {
    const now = deps.clock.now();
    const state = await deps.store.getTrustList();
    // without a good list yet, try again within a minute; with one, once per interval
    const wait = state?.list ? deps.intervalMs : Math.min(deps.intervalMs, 60_000);
    if (!options.force && state && now.getTime() - Date.parse(state.lastAttemptAt) < wait)
      return trustListHealth(state, now);
    let next: TrustListState;
    try {
      const jws = await deps.source.fetchList();
      const verified = await verifyTrustList(jws, {
        operatorKey: deps.operatorKey,
        now,
        cached: state?.list?.payload,
      });
      next = {
        list: {
          ...verified,
          // the same list fetched again keeps when it was first taken
          fetchedAt:
            state?.list && state.list.payload.version === verified.payload.version
              ? state.list.fetchedAt
              : now.toISOString(),
        },
        lastAttemptAt: now.toISOString(),
      };
      if (state?.list?.payload.version !== verified.payload.version)
        deps.logger.info('trust list accepted', {
          version: verified.payload.version,
          members: verified.payload.members.length,
        });
    } catch (error) {
      const reason =
        error instanceof TrustListRefused
          ? `${error.code}: ${error.message}`
          : `FETCH_FAILED: ${error instanceof Error ? error.message : String(error)}`;
      deps.logger.warn('trust list refused or unavailable; the last good one stays in use', {
        reason,
        source: deps.source.location,
      });
      next = {
        ...(state?.list ? { list: state.list } : {}),
        staleSince: state?.staleSince ?? now.toISOString(),
        reason,
        lastAttemptAt: now.toISOString(),
      };
    }
    await deps.store.putTrustList(next);
    if (next.list) await refreshMemberRevocations(deps, next.list.payload.members, now);
    return trustListHealth(next, now);
  };

/** Each other member's revocation list; a failure keeps the cached one (its date says how old it is). */
const refreshMemberRevocations = async (
  deps: TrustListRefreshDeps,
  members: readonly TrustListMember[],
  now: Date,
) => {
  const local = typeof deps.localIssuerIds === 'function' ? await deps.localIssuerIds() : deps.localIssuerIds;
  const remote = members.filter((member) => member.status !== 'withdrawn' && !local.includes(member.id));
  await Promise.all(
    remote.map(async (member) => {
      try {
        const cached = await deps.store.getMemberRevocations(member.id);
        const jws = await deps.source.fetchMemberRevocations(member.statusListUrl);
        const claims = await verifyMemberRevocations(jws, member);
        // an older list than the cached one is a replay: keep the newer
        if (cached && cached.claims.iat > claims.iat) return;
        const revocations: MemberRevocations = { jws: jws.trim(), claims, fetchedAt: now.toISOString() };
        await deps.store.putMemberRevocations(member.id, revocations);
      } catch (error) {
        deps.logger.warn('member revocation list not refreshed', {
          member: member.id,
          error: error instanceof Error ? error.message : String(error),
        });
      }
    }),
  );
};
