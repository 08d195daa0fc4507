// The composition root of the public verify function: certificate lookups and public keys, nothing else.
import { createCertificateRepository } from '../adapters/dynamodb/certificate-repository.ts';
import { createDocumentClient, createDynamoClient } from '../adapters/dynamodb/client.ts';
import { tableProbe } from '../adapters/dynamodb/table.ts';
import { createHealthCheck } from '../adapters/health.ts';
import { createFileKeyRing } from '../adapters/local/file-key-ring.ts';
import { createVerifier } from '../core/verifier.ts';
import type { Config } from './config.ts';

export const buildVerifyDeps = async (config: Config) => {
  const dynamo = createDynamoClient({ region: config.region, endpoint: config.dynamoEndpoint });
  const db = createDocumentClient(dynamo);
  return {
    verifier: createVerifier({
      issuer: { ...config.issuer, publicBaseUrl: config.publicBaseUrl },
      certificates: createCertificateRepository(db, config.tableName),
      keys: await createFileKeyRing(config.keysDir),
    }),
    health: createHealthCheck({ dynamodb: tableProbe(dynamo, config.tableName) }),
  };
};

export type VerifyDeps = Awaited<ReturnType<typeof buildVerifyDeps>>;
