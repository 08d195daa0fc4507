// The composition root of the public verify function: certificate lookups and public keys, nothing else.
import { createCertificateRepository } from '../adapters/dynamodb/certificate-repository.ts';
import { createDocumentClient, createDynamoClient } from '../adapters/dynamodb/client.ts';
import { tableProbe } from '../adapters/dynamodb/table.ts';
import { createHealthCheck } from '../adapters/health.ts';
import { createKmsClient } from '../adapters/kms/kms-client.ts';
import { createKmsPublicKeys } from '../adapters/kms/kms-public-keys.ts';
import { createFileKeyRing } from '../adapters/local/file-key-ring.ts';
import type { KeyRing } from '../core/ports.ts';
import { createVerifier } from '../core/verifier.ts';
import type { Config } from './config.ts';
import { networkReaderOf } from './network-deps.ts';

/** Public keys only: on AWS the verify function may call KMS GetPublicKey and nothing else. */
const createPublicKeys = async (config: Config): Promise<Pick<KeyRing, 'publicKeys'>> =>
  config.keySource === 'kms'
    ? createKmsPublicKeys(createKmsClient({ region: config.region }), config.kmsSigningKeyIds)
    : createFileKeyRing(config.keysDir);

export const buildVerifyDeps = async (config: Config) => {
  const dynamo = createDynamoClient({ region: config.region, endpoint: config.dynamoEndpoint });
  const db = createDocumentClient(dynamo);
  // the verify function only reads the cached lists; the api function's maintenance job refreshes them
  const network = networkReaderOf(config, db);
  return {
    verifier: createVerifier({
      issuer: { ...config.issuer, publicBaseUrl: config.publicBaseUrl },
      certificates: createCertificateRepository(db, config.tableName),
      keys: await createPublicKeys(config),
      ...(network ? { network: network.store } : {}),
    }),
    health: createHealthCheck(
      { dynamodb: tableProbe(dynamo, config.tableName) },
      network ? { trustList: network.health } : {},
    ),
    contact: config.issuerContact,
  };
};

export type VerifyDeps = Awaited<ReturnType<typeof buildVerifyDeps>>;
