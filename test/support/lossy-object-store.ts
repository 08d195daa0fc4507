// An object store over the stack's own S3 bucket (s3rver) whose first certificate upload is stored but answered
// STORAGE_UNAVAILABLE, as if S3's answer were lost: the crash between storing and committing that a resumed
// issuance must repair with the same bytes (docs/legal.md §3).
import { createObjectStore, createS3Client } from '../../functions/adapters/s3/object-store.ts';
import { AppError } from '../../functions/core/errors.ts';
import type { ObjectStore } from '../../functions/core/ports.ts';

export const losingFirstCertificateAnswer = () => {
  /** Every certificate body uploaded, in order. */
  const stored: Uint8Array[] = [];
  let failAfterNextPut = true;
  let real: ObjectStore | undefined;
  const bucket = (): ObjectStore => {
    if (!real) throw new Error('connect the lossy object store to its stack first');
    return real;
  };
  const objects: ObjectStore = {
    put: async (key, body, contentType) => {
      const result = await bucket().put(key, body, contentType);
      if (key.startsWith('certificates/')) {
        stored.push(body);
        if (failAfterNextPut) {
          failAfterNextPut = false;
          throw new AppError('STORAGE_UNAVAILABLE', 'injected: the answer of S3 was lost');
        }
      }
      return result;
    },
    get: (key) => bucket().get(key),
    delete: (key) => bucket().delete(key),
  };
  /** Points the store at the stack's bucket, once the stack is made with it. */
  const connect = (config: { region: string; s3Endpoint?: string | undefined; bucketName: string }) => {
    real = createObjectStore(
      createS3Client({ region: config.region, endpoint: config.s3Endpoint }),
      config.bucketName,
    );
  };
  return { stored, objects, connect };
};
