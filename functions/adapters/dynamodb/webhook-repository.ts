// Webhooks, their outbox and delivery log in DynamoDB. Pending outbox entries and due deliveries are sparse
// indexes (GSI2): an item leaves the index when it is done, so the dispatcher's queries stay small.
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import type { WebhookRepository } from '../../core/ports.ts';
import type { OutboxEntry, Webhook, WebhookDelivery } from '../../core/webhooks/webhook.ts';
import { guarded } from './client.ts';
import { type IndexRange, queryIndexRange, queryPage } from './queries.ts';
import { fromItem, GSI_BY_ORG, GSI_BY_STATUS, keys } from './table.ts';
import { refusedByCondition, takeFromOutbox } from './transactions.ts';

const webhookItem = (webhook: Webhook) => ({
  ...keys.webhook(webhook.issuerId, webhook.id),
  entity: 'Webhook',
  [`${GSI_BY_ORG}PK`]: keys.webhooksOfOrg(webhook.issuerId, webhook.orgId),
  [`${GSI_BY_ORG}SK`]: `${webhook.createdAt}#${webhook.id}`,
  ...webhook,
});

const deliveryItem = (delivery: WebhookDelivery) => ({
  ...keys.delivery(delivery.issuerId, delivery.id),
  entity: 'WebhookDelivery',
  [`${GSI_BY_ORG}PK`]: keys.deliveriesOfOrg(delivery.issuerId, delivery.orgId),
  [`${GSI_BY_ORG}SK`]: `${delivery.createdAt}#${delivery.id}`,
  ...(delivery.status === 'PENDING'
    ? {
        [`${GSI_BY_STATUS}PK`]: keys.pendingDeliveries(delivery.issuerId),
        [`${GSI_BY_STATUS}SK`]: `${delivery.nextAttemptAt}#${delivery.id}`,
      }
    : {}),
  ...delivery,
});

export const createWebhookRepository = (db: DynamoDBDocumentClient, tableName: string): WebhookRepository => {
  const queryIndex = (indexName: string, partition: string, range: IndexRange = {}) =>
    queryIndexRange(db, tableName, indexName, partition, range);

  return {
    create: (webhook) =>
      guarded('registering a webhook', async () => {
        await db.send(
          new PutCommand({
            TableName: tableName,
            Item: webhookItem(webhook),
            ConditionExpression: 'attribute_not_exists(PK)',
          }),
        );
      }),

    get: (issuerId, id) =>
      guarded('reading a webhook', async () => {
        const { Item } = await db.send(
          new GetCommand({ TableName: tableName, Key: keys.webhook(issuerId, id) }),
        );
        return Item ? fromItem<Webhook>(Item) : undefined;
      }),

    listByOrg: (issuerId, orgId) =>
      guarded('listing webhooks', async () =>
        (await queryIndex(GSI_BY_ORG, keys.webhooksOfOrg(issuerId, orgId))).map((item) =>
          fromItem<Webhook>(item),
        ),
      ),

    update: (webhook) =>
      guarded('updating a webhook', async () => {
        await db.send(
          new PutCommand({
            TableName: tableName,
            Item: webhookItem(webhook),
            ConditionExpression: 'attribute_exists(PK)',
          }),
        );
      }),

    pendingOutbox: (issuerId, limit) =>
      guarded('reading the outbox', async () =>
        (await queryIndex(GSI_BY_STATUS, keys.pendingOutbox(issuerId), { limit })).map((item) =>
          fromItem<OutboxEntry>(item),
        ),
      ),

    fanOut: (entry, deliveries) =>
      guarded('fanning out a webhook event', async () => {
        try {
          await db.send(
            new TransactWriteCommand({
              TransactItems: [
                takeFromOutbox(tableName, keys.outbox(entry.issuerId, entry.applicationId, entry.seq)),
                ...deliveries.map((delivery) => ({
                  Put: {
                    TableName: tableName,
                    Item: deliveryItem(delivery),
                    ConditionExpression: 'attribute_not_exists(PK)',
                  },
                })),
              ],
            }),
          );
        } catch (error) {
          // another dispatcher fanned this entry out first
          if (refusedByCondition(error)) return;
          throw error;
        }
      }),

    dueDeliveries: (issuerId, now, limit, after) =>
      guarded('reading due webhook deliveries', async () => {
        // BETWEEN is inclusive: the page's last item comes back first and is dropped
        const afterKey = after ? `${after.nextAttemptAt}#${after.id}` : undefined;
        const items = await queryIndex(GSI_BY_STATUS, keys.pendingDeliveries(issuerId), {
          before: `${now}~`,
          ...(afterKey ? { after: afterKey, limit: limit + 1 } : { limit }),
        });
        return items
          .filter((item) => item[`${GSI_BY_STATUS}SK`] !== afterKey)
          .slice(0, limit)
          .map((item) => fromItem<WebhookDelivery>(item));
      }),

    updateDelivery: (delivery) =>
      guarded('recording a webhook delivery', async () => {
        try {
          await db.send(
            new PutCommand({
              TableName: tableName,
              Item: deliveryItem(delivery),
              ConditionExpression: 'attempts = :previous',
              ExpressionAttributeValues: { ':previous': delivery.attempts - 1 },
            }),
          );
        } catch (error) {
          // a concurrent dispatcher recorded this attempt already
          if ((error as { name?: string }).name !== 'ConditionalCheckFailedException') throw error;
        }
      }),

    deliveriesOfOrg: (issuerId, orgId, cursor) =>
      guarded('reading the delivery log', () =>
        queryPage<WebhookDelivery>(db, {
          tableName,
          indexName: GSI_BY_ORG,
          partition: keys.deliveriesOfOrg(issuerId, orgId),
          limit: 50,
          cursor,
          ascending: false,
        }),
      ),
  };
};
