// The composition root of the public verify function: certificate lookups and public keys of every chamber it
// serves, nothing else.

import { createCertificateRepository } from '../adapters/dynamodb/certificate-repository.ts';
import { createChamberRepository } from '../adapters/dynamodb/chamber-repository.ts';
import { createDocumentClient, createDynamoClient } from '../adapters/dynamodb/client.ts';
import { tableProbe } from '../adapters/dynamodb/table.ts';
import { createHealthCheck } from '../adapters/health.ts';
import { chamberKeyAlias } from '../adapters/kms/chamber-keys.ts';
import { createKmsClient } from '../adapters/kms/kms-client.ts';
import { createKmsPublicKeys } from '../adapters/kms/kms-public-keys.ts';
import { createFileKeyRing } from '../adapters/local/file-key-ring.ts';
import { type Chamber, type ChamberContact, issuerOfChamber } from '../core/network/chamber.ts';
import { createChamberDirectory } from '../core/network/chamber-directory.ts';
import type { KeyRing } from '../core/ports.ts';
import { createVerifier, type Verifier } from '../core/verifier.ts';
import { type Config, firstChamberOf } from './config.ts';
import { chamberSigningKeyDir } from './key-locations.ts';
import { networkReaderOf } from './network-deps.ts';

/** Public keys only: on AWS the verify function may call KMS GetPublicKey and nothing else. */
const createPublicKeys = async (config: Config, chamber: Chamber): Promise<Pick<KeyRing, 'publicKeys'>> => {
  if (config.keySource === 'kms') {
    return createKmsPublicKeys(
      createKmsClient({ region: config.region }),
      chamber.kms?.signingKeyIds ?? [chamberKeyAlias(chamber.id, 'signing')],
    );
  }
  return createFileKeyRing(await chamberSigningKeyDir(config, chamber.id));
};

export interface VerifyChamber {
  verifier: Verifier;
  /** What the page shows of the chamber: its names and how to reach it. */
  contact: ChamberContact & { name: string; nameLocal: string };
}

export const buildVerifyDeps = async (config: Config) => {
  const dynamo = createDynamoClient({ region: config.region, endpoint: config.dynamoEndpoint });
  const db = createDocumentClient(dynamo);
  const certificates = createCertificateRepository(db, config.tableName);
  // the verify function only reads the cached lists; the api function's maintenance job refreshes them
  const network = networkReaderOf(config, db);
  // the chambers hosted here, as they are built: a seal or file of one of them is checked against its records,
  // never through the trust list (docs/network.md §6)
  const hosted = new Map<string, Verifier>();
  const chambers = createChamberDirectory<VerifyChamber>({
    chambers: createChamberRepository(db, config.tableName),
    clock: { now: () => new Date() },
    defaultChamber: firstChamberOf(config),
    hosted: config.hostedChambers,
    build: async (chamber) => {
      const verifier = createVerifier({
        issuer: issuerOfChamber(chamber),
        certificates,
        keys: await createPublicKeys(config, chamber),
        otherHosted: (issuerId) => hosted.get(issuerId),
        ...(network ? { network: network.store } : {}),
      });
      hosted.set(chamber.id, verifier);
      return {
        verifier,
        contact: { name: chamber.name, nameLocal: chamber.nameLocal, ...chamber.contact },
      };
    },
  });
  return {
    chambers,
    health: createHealthCheck(
      { dynamodb: tableProbe(dynamo, config.tableName) },
      network ? { trustList: network.health } : {},
    ),
  };
};

export type VerifyDeps = Awaited<ReturnType<typeof buildVerifyDeps>>;
