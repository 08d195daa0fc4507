// The NetworkStore port on the single table: one deployment-wide item for the trust list (NETWORK / TRUSTLIST)
// and one per member's revocation list (NETWORK / REVOCATIONS#<id>). Stored as JSON text: the lists are signed
// documents, read back exactly as verified. docs/network.md §6.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { MemberRevocations, NetworkStore, TrustListState } from '../../core/ports.ts';
import { guarded } from './client.ts';
import { keys } from './table.ts';

export const createNetworkStore = (db: DynamoDBDocumentClient, tableName: string): NetworkStore => {
  const read = async <T>(key: { PK: string; SK: string }): Promise<T | undefined> => {
    const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: key }));
    return typeof Item?.body === 'string' ? (JSON.parse(Item.body) as T) : undefined;
  };
  return {
    getTrustList: () => guarded('reading the trust list', () => read<TrustListState>(keys.trustList())),
    putTrustList: (state) =>
      guarded('saving the trust list', async () => {
        const version = state.list?.payload.version ?? 0;
        try {
          await db.send(
            new PutCommand({
              TableName: tableName,
              Item: { ...keys.trustList(), entity: 'TrustList', version, body: JSON.stringify(state) },
              // never a lower version over a higher one, whichever of two racing refreshes writes last
              ConditionExpression: 'attribute_not_exists(PK) OR version <= :version',
              ExpressionAttributeValues: { ':version': version },
            }),
          );
          return true;
        } catch (error) {
          if (error instanceof ConditionalCheckFailedException) return false;
          throw error;
        }
      }),
    getMemberRevocations: (memberId) =>
      guarded('reading a member revocation list', () =>
        read<MemberRevocations>(keys.memberRevocations(memberId)),
      ),
    putMemberRevocations: (memberId, revocations) =>
      guarded('saving a member revocation list', async () => {
        await db.send(
          new PutCommand({
            TableName: tableName,
            Item: {
              ...keys.memberRevocations(memberId),
              entity: 'MemberRevocations',
              body: JSON.stringify(revocations),
            },
          }),
        );
      }),
  };
};
