// Attachment records beside their application; adding or removing one appends an audit event in the same transaction.
import { type DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Attachment } from '../../core/applications/attachment.ts';
import type { AttachmentRepository } from '../../core/ports.ts';
import { guarded } from './client.ts';
import { queryAll } from './queries.ts';
import { fromItem, keys } from './table.ts';
import { cancellationCodes, explainRefusedTransition, transitionWrites } from './transactions.ts';

export const createAttachmentRepository = (
  db: DynamoDBDocumentClient,
  tableName: string,
): AttachmentRepository => {
  const write = async (change: Parameters<AttachmentRepository['add']>[0], operation: 'add' | 'remove') => {
    const key = keys.attachment(change.next.issuerId, change.next.id, change.attachment.id);
    try {
      await db.send(
        new TransactWriteCommand({
          TransactItems: [
            ...transitionWrites(tableName, change),
            operation === 'add'
              ? {
                  Put: {
                    TableName: tableName,
                    Item: { ...key, entity: 'Attachment', ...change.attachment },
                    ConditionExpression: 'attribute_not_exists(PK)',
                  },
                }
              : { Delete: { TableName: tableName, Key: key, ConditionExpression: 'attribute_exists(PK)' } },
          ],
        }),
      );
    } catch (error) {
      if (!cancellationCodes(error)) throw error;
      throw await explainRefusedTransition(db, tableName, change.current, error);
    }
  };

  return {
    list: (issuerId, applicationId) =>
      guarded('listing attachments', async () => {
        const attachments = await queryAll<Attachment>(db, {
          tableName,
          partition: keys.application(issuerId, applicationId).PK,
          sortKeyPrefix: 'ATT#',
          consistent: true,
        });
        return attachments.sort((a, b) => a.uploadedAt.localeCompare(b.uploadedAt));
      }),

    get: (issuerId, applicationId, attachmentId) =>
      guarded('reading an attachment', async () => {
        const { Item } = await db.send(
          new GetCommand({
            TableName: tableName,
            Key: keys.attachment(issuerId, applicationId, attachmentId),
            ConsistentRead: true,
          }),
        );
        return Item ? fromItem<Attachment>(Item) : undefined;
      }),

    add: (change) => guarded('attaching a document', () => write(change, 'add')),
    remove: (change) => guarded('removing a document', () => write(change, 'remove')),
  };
};
