// Certificates and attachments in S3 (s3rver locally). Checksums only when required: with the SDK's
// defaults s3rver stores aws-chunked framing as the object body.
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import type { ObjectStore } from '../../core/ports.ts';
import { guarded } from '../dynamodb/client.ts';

export interface S3Settings {
  region: string;
  endpoint?: string | undefined;
}

export const createS3Client = ({ region, endpoint }: S3Settings): S3Client =>
  new S3Client({
    region,
    // s3rver stores the SDK's default aws-chunked checksum framing as the body; real S3 with Object Lock needs a
    // checksum on every upload, so checksums are sent to AWS and left out only for a local endpoint
    requestChecksumCalculation: endpoint ? 'WHEN_REQUIRED' : 'WHEN_SUPPORTED',
    responseChecksumValidation: endpoint ? 'WHEN_REQUIRED' : 'WHEN_SUPPORTED',
    ...(endpoint
      ? { endpoint, forcePathStyle: true, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } }
      : {}),
  });

export const createObjectStore = (s3: S3Client, bucket: string): ObjectStore => ({
  put: (key, body, contentType) =>
    guarded('storing a document', async () => {
      const result = await s3.send(
        new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: contentType }),
      );
      return result.VersionId ? { key, versionId: result.VersionId } : { key };
    }),

  get: (key) =>
    guarded('reading a document', async () => {
      try {
        const result = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        return result.Body ? await result.Body.transformToByteArray() : undefined;
      } catch (error) {
        if (error instanceof NoSuchKey || (error as { name?: string }).name === 'NoSuchKey') return undefined;
        throw error;
      }
    }),

  delete: (key) =>
    guarded('deleting a document', async () => {
      await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    }),
});

export const bucketProbe = (s3: S3Client, bucket: string) => () =>
  s3.send(new HeadBucketCommand({ Bucket: bucket }));
