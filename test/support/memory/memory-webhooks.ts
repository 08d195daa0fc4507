// WebhookRepository in memory, as functions/adapters/dynamodb/webhook-repository.ts: the outbox entries that
// application changes wrote (memory-applications.ts), pending until fanned out once (a second fan-out of the same
// entry is a silent no-op), deliveries due by time, updates conditional on the attempt count. And a
// WebhookSender that records what it was asked to post and answers as told.
import type { WebhookRepository, WebhookSender } from '../../../functions/core/ports.ts';
import type { Webhook, WebhookDelivery } from '../../../functions/core/webhooks/webhook.ts';
import { unexpectedStorageFailure } from './memory-accounts.ts';
import { readPage, sortedEntries } from './memory-pages.ts';
import {
  conditionalWrite,
  copy,
  key,
  type MemoryTables,
  roundTrip,
  TransactionCancelled,
  transact,
  type Write,
} from './memory-tables.ts';

const dueKey = (delivery: Pick<WebhookDelivery, 'nextAttemptAt' | 'id'>) =>
  `${delivery.nextAttemptAt}#${delivery.id}`;

export const createMemoryWebhookRepository = (tables: MemoryTables): WebhookRepository => {
  const putWebhook = (webhook: Webhook, mustExist: boolean, what: string) => {
    const at = key(webhook.issuerId, webhook.id);
    const written = conditionalWrite({
      condition: () => tables.webhooks.has(at) === mustExist,
      apply: () => tables.webhooks.set(at, copy(webhook)),
    });
    if (!written) throw unexpectedStorageFailure(what);
  };

  return {
    create: async (webhook) => {
      await roundTrip();
      putWebhook(webhook, false, 'registering a webhook');
    },

    get: async (issuerId, id) => {
      await roundTrip();
      const webhook = tables.webhooks.get(key(issuerId, id));
      return webhook && copy(webhook);
    },

    listByOrg: async (issuerId, orgId) => {
      await roundTrip();
      const entries = [...tables.webhooks.values()]
        .filter((webhook) => webhook.issuerId === issuerId && webhook.orgId === orgId)
        .map((webhook) => ({ sortKey: `${webhook.createdAt}#${webhook.id}`, item: copy(webhook) }));
      return sortedEntries(entries, true).map((entry) => entry.item);
    },

    update: async (webhook) => {
      await roundTrip();
      putWebhook(webhook, true, 'updating a webhook');
    },

    pendingOutbox: async (issuerId, limit) => {
      await roundTrip();
      const entries = [...tables.outbox.values()]
        .filter(({ entry, pending }) => pending && entry.issuerId === issuerId)
        .map(({ entry }) => ({
          sortKey: `${entry.at}#${entry.applicationId}#${entry.seq}`,
          item: copy(entry),
        }));
      return sortedEntries(entries, true)
        .slice(0, limit)
        .map((entry) => entry.item);
    },

    fanOut: async (entry, deliveries) => {
      await roundTrip();
      const outboxAt = key(entry.issuerId, entry.applicationId, String(entry.seq).padStart(6, '0'));
      const writes: Write[] = [
        {
          condition: () => tables.outbox.get(outboxAt)?.pending === true,
          apply: () => {
            const stored = tables.outbox.get(outboxAt);
            if (stored) stored.pending = false;
          },
        },
        ...deliveries.map((delivery) => {
          const at = key(delivery.issuerId, delivery.id);
          return {
            condition: () => !tables.deliveries.has(at),
            apply: () => tables.deliveries.set(at, copy(delivery)),
          };
        }),
      ];
      try {
        transact(writes);
      } catch (error) {
        // another dispatcher fanned this entry out first
        if (error instanceof TransactionCancelled) return;
        throw error;
      }
    },

    dueDeliveries: async (issuerId, now, limit, after) => {
      await roundTrip();
      const afterKey = after ? dueKey(after) : undefined;
      const entries = [...tables.deliveries.values()]
        .filter((delivery) => delivery.issuerId === issuerId && delivery.status === 'PENDING')
        .map((delivery) => ({ sortKey: dueKey(delivery), item: copy(delivery) }))
        .filter(
          (entry) => entry.sortKey <= `${now}~` && (afterKey === undefined || entry.sortKey > afterKey),
        );
      return sortedEntries(entries, true)
        .slice(0, limit)
        .map((entry) => entry.item);
    },

    updateDelivery: async (delivery) => {
      await roundTrip();
      const at = key(delivery.issuerId, delivery.id);
      // a concurrent dispatcher recorded this attempt already: the refusal is silent, as in DynamoDB
      conditionalWrite({
        condition: () => tables.deliveries.get(at)?.attempts === delivery.attempts - 1,
        apply: () => tables.deliveries.set(at, copy(delivery)),
      });
    },

    deliveriesOfOrg: async (issuerId, orgId, cursor) => {
      await roundTrip();
      const entries = [...tables.deliveries.values()]
        .filter((delivery) => delivery.issuerId === issuerId && delivery.orgId === orgId)
        .map((delivery) => ({ sortKey: `${delivery.createdAt}#${delivery.id}`, item: copy(delivery) }));
      return readPage(entries, { partition: `ORG#${orgId}#DELIVERIES`, limit: 50, cursor, ascending: false });
    },
  };
};

export interface RecordingWebhookSender extends WebhookSender {
  readonly posts: { url: string; body: string; headers: Record<string, string> }[];
}

/** Records every post; answers with `respond` (200 by default), or throws what it throws. */
export const createRecordingWebhookSender = (
  respond: (url: string) => { status: number } = () => ({ status: 200 }),
): RecordingWebhookSender => {
  const posts: RecordingWebhookSender['posts'] = [];
  return {
    posts,
    post: async (url, body, headers) => {
      await roundTrip();
      posts.push({ url, body, headers: { ...headers } });
      return respond(url);
    },
  };
};
