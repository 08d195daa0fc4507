// Liveness of the storage behind the service, for GET /healthz.
import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { HeadBucketCommand, type S3Client } from '@aws-sdk/client-s3';

export interface StorageHealth {
  ok: boolean;
  dynamodb: boolean;
  s3: boolean;
}

const succeeds = (operation: Promise<unknown>) =>
  operation.then(
    () => true,
    () => false,
  );

export const createHealthCheck =
  (dynamo: DynamoDBClient, tableName: string, s3?: { client: S3Client; bucket: string }) =>
  async (): Promise<StorageHealth> => {
    const [dynamodb, objects] = await Promise.all([
      succeeds(dynamo.send(new DescribeTableCommand({ TableName: tableName }))),
      s3 ? succeeds(s3.client.send(new HeadBucketCommand({ Bucket: s3.bucket }))) : Promise.resolve(true),
    ]);
    return { ok: dynamodb && objects, dynamodb, s3: objects };
  };
