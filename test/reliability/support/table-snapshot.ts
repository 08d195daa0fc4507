// What is stored, read behind the application's back (test-only: a full Scan of a small test table and a
// listing of the bucket), to show that a refused or failed request left no trace.
import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { type DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';

/** What a refused request may legitimately touch: the failed-login counters that make brute force slow. */
const VOLATILE = ['Throttle'];

export const snapshotStorage = async (
  db: DynamoDBDocumentClient,
  tableName: string,
  s3?: { client: S3Client; bucket: string },
  ignoredEntities: readonly string[] = VOLATILE,
): Promise<{ items: Record<string, string>; objects: string[] }> => {
  const items: Record<string, string> = {};
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await db.send(
      new ScanCommand({ TableName: tableName, ConsistentRead: true, ExclusiveStartKey }),
    );
    for (const item of page.Items ?? []) {
      if (ignoredEntities.includes(String(item.entity))) continue;
      items[`${item.PK}|${item.SK}`] = JSON.stringify(item, Object.keys(item).sort());
    }
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  const objects: string[] = [];
  if (s3) {
    let ContinuationToken: string | undefined;
    do {
      const page = await s3.client.send(new ListObjectsV2Command({ Bucket: s3.bucket, ContinuationToken }));
      for (const object of page.Contents ?? []) objects.push(`${object.Key}|${object.ETag}|${object.Size}`);
      ContinuationToken = page.NextContinuationToken;
    } while (ContinuationToken);
  }
  return { items, objects: objects.sort() };
};

/** Keys added, removed or changed between two snapshots. */
export const storageDiff = (
  before: Awaited<ReturnType<typeof snapshotStorage>>,
  after: Awaited<ReturnType<typeof snapshotStorage>>,
) => {
  const keys = new Set([...Object.keys(before.items), ...Object.keys(after.items)]);
  const items = [...keys].filter((key) => before.items[key] !== after.items[key]).sort();
  const objects = [
    ...before.objects.filter((object) => !after.objects.includes(object)).map((object) => `- ${object}`),
    ...after.objects.filter((object) => !before.objects.includes(object)).map((object) => `+ ${object}`),
  ];
  return { items, objects };
};
