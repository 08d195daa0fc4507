// The trust list's wiring (docs/network.md §6): the deployment-wide store, and, where TRUST_LIST_* is configured,
// the refresh (maintenance job and start) and the reader the verifier uses. Absent configuration: no network,
// and every seal is checked against this deployment's own chambers only, as before.
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createNetworkStore } from '../adapters/dynamodb/network-store.ts';
import { createTrustListSource } from '../adapters/http/trust-list-source.ts';
import { loadOperatorPublicKey } from '../adapters/local/operator-key.ts';
import { logger } from '../adapters/log/json-logger.ts';
import { refreshTrustList, trustListHealth } from '../core/network/refresh-trust-list.ts';
import type { Config } from './config.ts';

/** The verify function's part: it only reads what the api function's maintenance job cached. */
export const networkReaderOf = (config: Config, db: DynamoDBDocumentClient) => {
  if (!config.trustList) return undefined;
  const store = createNetworkStore(db, config.tableName);
  return { store, health: async () => trustListHealth(await store.getTrustList()) };
};

/** `hostedIds`: the chambers this deployment hosts (their own records give their status). */
export const buildNetwork = async (
  config: Config,
  db: DynamoDBDocumentClient,
  hostedIds: () => Promise<readonly string[]> = async () => [config.issuer.id],
) => {
  const reader = networkReaderOf(config, db);
  if (!reader || !config.trustList) return undefined;
  const { store } = reader;
  const refresh = refreshTrustList({
    store,
    source: createTrustListSource(config.trustList),
    operatorKey: await loadOperatorPublicKey(config.trustList.operatorKey),
    clock: { now: () => new Date() },
    logger,
    localIssuerIds: hostedIds,
    intervalMs: config.trustList.refreshMs,
  });
  return {
    store,
    refresh,
    /** For /healthz: ok, stale or absent, with the version and dates. */
    health: reader.health,
  };
};

export type Network = NonNullable<Awaited<ReturnType<typeof buildNetwork>>>;
