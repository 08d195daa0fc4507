// What an exporter organisation owns and manages itself (its API keys, its webhooks): listing them and revoking
// one. Another organisation's item answers NOT_FOUND, never FORBIDDEN (docs/architecture.md §5), and revoking
// twice answers the first revocation.
import type { Actor } from './accounts.ts';
import { AppError } from './errors.ts';
import type { Clock } from './ports.ts';

interface Owned {
  orgId: string;
  revokedAt?: string;
}

interface OwnedStore<Item extends Owned> {
  get(issuerId: string, id: string): Promise<Item | undefined>;
  listByOrg(issuerId: string, orgId: string): Promise<Item[]>;
  update(item: Item): Promise<void>;
}

export const ownItems = <Item extends Owned>(
  deps: { issuerId: string; clock: Clock },
  store: OwnedStore<Item>,
  rules: {
    /** The organisation the actor manages these items for; refuses who may not. */
    ownerOf: (actor: Actor) => string;
    notFound: string;
  },
) => ({
  list: async (input: { actor: Actor }): Promise<Item[]> =>
    store.listByOrg(deps.issuerId, rules.ownerOf(input.actor)),
  revoke: async (input: { actor: Actor; id: string }): Promise<Item> => {
    const orgId = rules.ownerOf(input.actor);
    const item = await store.get(deps.issuerId, input.id);
    if (!item || item.orgId !== orgId) throw new AppError('NOT_FOUND', rules.notFound);
    if (item.revokedAt) return item;
    const revoked: Item = { ...item, revokedAt: deps.clock.now().toISOString() };
    await store.update(revoked);
    return revoked;
  },
});
