// The mail outbox, queue, preferences, suppressions and password-reset tokens in DynamoDB (docs/mail.md). Pending
// outbox entries and mails due are sparse indexes (GSI2), as for webhooks: an item leaves when it is done.
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type {
  MailOutboxEntry,
  MailSuppression,
  NotificationPreferences,
  PasswordReset,
  QueuedMail,
} from '../../core/mail/mail.ts';
import type { MailRepository, PasswordResetRepository } from '../../core/ports.ts';
import { guarded } from './client.ts';
import { queryIndexRange } from './queries.ts';
import { fromItem, GSI_BY_STATUS, keys, TTL_ATTRIBUTE } from './table.ts';
import { refusedByCondition, takeFromOutbox } from './transactions.ts';

/** Sent and failed mails are kept 30 days for the record, then expire. */
const KEEP_SECONDS = 30 * 24 * 3600;
/** A transaction holds at most 100 items: one is the outbox entry or the digest claim. */
const CHUNK = 99;

const epochSeconds = (iso: string) => Math.floor(Date.parse(iso) / 1000);

/**
 * A mail that is done keeps no body of a password reset (it holds the token in clear: only its hash is stored
 * elsewhere), and expires; a pending one is in the index of mails due.
 */
const mailItem = (mail: QueuedMail) => {
  const done = mail.status !== 'PENDING';
  const message =
    done && mail.kind === 'password-reset' ? { ...mail.message, text: '', html: '' } : mail.message;
  return {
    ...keys.mail(mail.issuerId, mail.id),
    entity: 'Mail',
    ...(done
      ? { [TTL_ATTRIBUTE]: epochSeconds(mail.lastAttemptAt ?? mail.createdAt) + KEEP_SECONDS }
      : {
          [`${GSI_BY_STATUS}PK`]: keys.pendingMails(mail.issuerId),
          [`${GSI_BY_STATUS}SK`]: `${mail.nextAttemptAt}#${mail.id}`,
        }),
    ...mail,
    message,
  };
};

const newMail = (tableName: string, mail: QueuedMail) => ({
  Put: { TableName: tableName, Item: mailItem(mail), ConditionExpression: 'attribute_not_exists(PK)' },
});

export const createMailRepository = (db: DynamoDBDocumentClient, tableName: string): MailRepository => {
  const putMails = async (mails: readonly QueuedMail[]) => {
    for (const mail of mails) {
      try {
        await db.send(new PutCommand(newMail(tableName, mail).Put));
      } catch (error) {
        if ((error as { name?: string }).name !== 'ConditionalCheckFailedException') throw error;
      }
    }
  };
  const indexPage = (partition: string, limit: number, before?: string) =>
    queryIndexRange(db, tableName, GSI_BY_STATUS, partition, { limit, ...(before ? { before } : {}) });

  return {
    pendingOutbox: (issuerId, limit) =>
      guarded('reading the mail outbox', async () =>
        (await indexPage(keys.pendingMailOutbox(issuerId), limit)).map((item) =>
          fromItem<MailOutboxEntry>(item),
        ),
      ),

    fanOut: (entry, mails) =>
      guarded('queueing mails', async () => {
        try {
          await db.send(
            new TransactWriteCommand({
              TransactItems: [
                takeFromOutbox(tableName, keys.mailOutbox(entry.issuerId, entry.applicationId, entry.seq)),
                ...mails.slice(0, CHUNK).map((mail) => newMail(tableName, mail)),
              ],
            }),
          );
        } catch (error) {
          // another dispatcher fanned this entry out first
          if (refusedByCondition(error)) return;
          throw error;
        }
        await putMails(mails.slice(CHUNK));
      }),

    dueMails: (issuerId, now, limit) =>
      guarded('reading due mails', async () =>
        (await indexPage(keys.pendingMails(issuerId), limit, `${now}~`)).map((item) =>
          fromItem<QueuedMail>(item),
        ),
      ),

    updateMail: (mail, expectedAttempts) =>
      guarded('recording a mail', async () => {
        try {
          await db.send(
            new PutCommand({
              TableName: tableName,
              Item: mailItem(mail),
              ConditionExpression: 'attempts = :expected',
              ExpressionAttributeValues: { ':expected': expectedAttempts },
            }),
          );
          return true;
        } catch (error) {
          if ((error as { name?: string }).name === 'ConditionalCheckFailedException') return false;
          throw error;
        }
      }),

    getMail: (issuerId, id) =>
      guarded('reading a mail', async () => {
        const { Item } = await db.send(
          new GetCommand({ TableName: tableName, Key: keys.mail(issuerId, id), ConsistentRead: true }),
        );
        return Item ? fromItem<QueuedMail>(Item) : undefined;
      }),

    queueDigest: (issuerId, day, mails) =>
      guarded('queueing the daily digest', async () => {
        try {
          await db.send(
            new TransactWriteCommand({
              TransactItems: [
                {
                  Put: {
                    TableName: tableName,
                    Item: {
                      ...keys.mailDigest(issuerId, day),
                      entity: 'MailDigest',
                      day,
                      recipients: mails.length,
                      [TTL_ATTRIBUTE]: epochSeconds(`${day}T00:00:00Z`) + 7 * 24 * 3600,
                    },
                    ConditionExpression: 'attribute_not_exists(PK)',
                  },
                },
                ...mails.slice(0, CHUNK).map((mail) => newMail(tableName, mail)),
              ],
            }),
          );
        } catch (error) {
          if (refusedByCondition(error)) return false;
          throw error;
        }
        await putMails(mails.slice(CHUNK));
        return true;
      }),

    getPreferences: (issuerId, userId) =>
      guarded('reading notification preferences', async () => {
        const { Item } = await db.send(
          new GetCommand({ TableName: tableName, Key: keys.mailPreferences(issuerId, userId) }),
        );
        if (!Item) return undefined;
        const { userId: _user, ...preferences } = fromItem<NotificationPreferences & { userId: string }>(
          Item,
        );
        return preferences;
      }),

    putPreferences: (issuerId, userId, preferences) =>
      guarded('storing notification preferences', async () => {
        await db.send(
          new PutCommand({
            TableName: tableName,
            Item: {
              ...keys.mailPreferences(issuerId, userId),
              entity: 'MailPreferences',
              userId,
              ...preferences,
            },
          }),
        );
      }),

    getSuppression: (email) =>
      guarded('reading a mail suppression', async () => {
        const { Item } = await db.send(
          new GetCommand({ TableName: tableName, Key: keys.mailSuppression(email) }),
        );
        return Item ? fromItem<MailSuppression>(Item) : undefined;
      }),

    putSuppression: (suppression) =>
      guarded('suppressing a mail address', async () => {
        await db.send(
          new PutCommand({
            TableName: tableName,
            Item: { ...keys.mailSuppression(suppression.email), entity: 'MailSuppression', ...suppression },
          }),
        );
      }),

    deleteSuppression: (email) =>
      guarded('lifting a mail suppression', async () => {
        await db.send(new DeleteCommand({ TableName: tableName, Key: keys.mailSuppression(email) }));
      }),
  };
};

export const createPasswordResetRepository = (
  db: DynamoDBDocumentClient,
  tableName: string,
): PasswordResetRepository => ({
  create: (reset, mail) =>
    guarded('storing a password reset', async () => {
      await db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: tableName,
                Item: {
                  ...keys.passwordReset(reset.issuerId, reset.tokenHash),
                  entity: 'PasswordReset',
                  [TTL_ATTRIBUTE]: epochSeconds(reset.expiresAt) + 24 * 3600,
                  ...reset,
                },
                ConditionExpression: 'attribute_not_exists(PK)',
              },
            },
            newMail(tableName, mail),
          ],
        }),
      );
    }),

  get: (issuerId, tokenHash) =>
    guarded('reading a password reset', async () => {
      const { Item } = await db.send(
        new GetCommand({
          TableName: tableName,
          Key: keys.passwordReset(issuerId, tokenHash),
          ConsistentRead: true,
        }),
      );
      return Item ? fromItem<PasswordReset>(Item) : undefined;
    }),

  consume: (issuerId, tokenHash, at) =>
    guarded('using a password reset', async () => {
      try {
        await db.send(
          new UpdateCommand({
            TableName: tableName,
            Key: keys.passwordReset(issuerId, tokenHash),
            UpdateExpression: 'SET usedAt = :at',
            ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(usedAt)',
            ExpressionAttributeValues: { ':at': at },
          }),
        );
        return true;
      } catch (error) {
        if ((error as { name?: string }).name === 'ConditionalCheckFailedException') return false;
        throw error;
      }
    }),
});
