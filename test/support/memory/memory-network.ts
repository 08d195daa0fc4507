// The NetworkStore port in memory, with the DynamoDB adapter's rule: never a lower trust list version over a higher.
import type { MemberRevocations, NetworkStore, TrustListState } from '../../../functions/core/ports.ts';

export const createMemoryNetworkStore = (): NetworkStore & { writes: number } => {
  let trustList: TrustListState | undefined;
  const revocations = new Map<string, MemberRevocations>();
  const store = {
    writes: 0,
    getTrustList: async () => (trustList ? structuredClone(trustList) : undefined),
    putTrustList: async (state: TrustListState) => {
      if ((trustList?.list?.payload.version ?? 0) > (state.list?.payload.version ?? 0)) return false;
      trustList = structuredClone(state);
      store.writes += 1;
      return true;
    },
    getMemberRevocations: async (id: string) => revocations.get(id),
    putMemberRevocations: async (id: string, list: MemberRevocations) => {
      revocations.set(id, structuredClone(list));
    },
  };
  return store;
};
