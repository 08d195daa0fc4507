// The single table: key layout (every key scoped by issuer), index names, and its definition for local creation.
import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  type DynamoDBClient,
  ResourceInUseException,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import type { SerialSeries } from '../../core/certificates/certificate.ts';

export const TTL_ATTRIBUTE = 'expiresAtEpoch';
export const GSI_BY_ORG = 'GSI1';
export const GSI_BY_STATUS = 'GSI2';

const scope = (issuerId: string) => `ISS#${issuerId}`;

export const keys = {
  organisation: (issuerId: string, orgId: string) => ({ PK: `${scope(issuerId)}#ORG#${orgId}`, SK: 'ORG' }),
  user: (issuerId: string, email: string) => ({
    PK: `${scope(issuerId)}#USER#${email.toLowerCase()}`,
    SK: 'USER',
  }),
  session: (issuerId: string, tokenHash: string) => ({
    PK: `${scope(issuerId)}#SESSION#${tokenHash}`,
    SK: 'SESSION',
  }),
  application: (issuerId: string, id: string) => ({ PK: `${scope(issuerId)}#APP#${id}`, SK: 'APP' }),
  applicationEvent: (issuerId: string, id: string, seq: number) => ({
    PK: `${scope(issuerId)}#APP#${id}`,
    SK: `EVENT#${String(seq).padStart(6, '0')}`,
  }),
  counter: (series: SerialSeries) => ({
    PK: `${scope(series.issuerId)}#SERIES#${series.type}#${series.year}`,
    SK: 'COUNTER',
  }),
  serial: (issuerId: string, serial: string) => ({ PK: `${scope(issuerId)}#SERIAL#${serial}`, SK: 'SERIAL' }),
  certificate: (issuerId: string, code: string) => ({ PK: `${scope(issuerId)}#CERT#${code}`, SK: 'CERT' }),
  pdfHash: (issuerId: string, sha256: string) => ({ PK: `${scope(issuerId)}#SHA256#${sha256}`, SK: 'PDF' }),
  /** A certificate's archive renewal, due by `expiresAt` (docs/legal.md §5): one partition, read by range. */
  archiveDue: (issuerId: string, expiresAt: string, code: string) => ({
    PK: `${scope(issuerId)}#ARCHIVEDUE`,
    SK: `${expiresAt}#${code}`,
  }),
  userId: (issuerId: string, id: string) => ({ PK: `${scope(issuerId)}#USERID#${id}`, SK: 'USERID' }),
  attachment: (issuerId: string, applicationId: string, id: string) => ({
    PK: `${scope(issuerId)}#APP#${applicationId}`,
    SK: `ATT#${id}`,
  }),
  outbox: (issuerId: string, applicationId: string, seq: number) => ({
    PK: `${scope(issuerId)}#OUTBOX#${applicationId}`,
    SK: `EVENT#${String(seq).padStart(6, '0')}`,
  }),
  apiKey: (issuerId: string, id: string) => ({ PK: `${scope(issuerId)}#APIKEY#${id}`, SK: 'APIKEY' }),
  throttle: (issuerId: string, key: string) => ({ PK: `${scope(issuerId)}#THROTTLE#${key}`, SK: 'THROTTLE' }),
  idempotency: (issuerId: string, key: string) => ({
    PK: `${scope(issuerId)}#IDEMPOTENCY#${key}`,
    SK: 'IDEMPOTENCY',
  }),
  webhook: (issuerId: string, id: string) => ({ PK: `${scope(issuerId)}#WEBHOOK#${id}`, SK: 'WEBHOOK' }),
  delivery: (issuerId: string, id: string) => ({ PK: `${scope(issuerId)}#DELIVERY#${id}`, SK: 'DELIVERY' }),
  statusList: (issuerId: string) => ({ PK: `${scope(issuerId)}#STATUSLIST`, SK: 'STATUSLIST' }),
  /** A claimed index of the Bitstring Status List: one certificate per bit (written at reservation). */
  statusListIndex: (issuerId: string, index: number) => ({
    PK: `${scope(issuerId)}#STATUSINDEX#${index}`,
    SK: 'STATUSINDEX',
  }),
  /** Deployment-wide, not a chamber's: the region's trust list and the members' revocation lists (docs/network.md §6). */
  trustList: () => ({ PK: 'NETWORK', SK: 'TRUSTLIST' }),
  memberRevocations: (memberId: string) => ({ PK: 'NETWORK', SK: `REVOCATIONS#${memberId}` }),
  /** Held by the one open (or issued) replacement of a certificate; see ApplicationRepository.create. */
  replacementLock: (issuerId: string, serial: string) => ({
    PK: `${scope(issuerId)}#REPLACEMENT#${serial}`,
    SK: 'LOCK',
  }),
  // e-mail (docs/mail.md): the outbox written with each notifying change, the queue, choices, reset tokens
  mailOutbox: (issuerId: string, applicationId: string, seq: number) => ({
    PK: `${scope(issuerId)}#MAILOUTBOX#${applicationId}`,
    SK: `EVENT#${String(seq).padStart(6, '0')}`,
  }),
  mail: (issuerId: string, id: string) => ({ PK: `${scope(issuerId)}#MAIL#${id}`, SK: 'MAIL' }),
  mailPreferences: (issuerId: string, userId: string) => ({
    PK: `${scope(issuerId)}#MAILPREFS#${userId}`,
    SK: 'MAILPREFS',
  }),
  mailDigest: (issuerId: string, day: string) => ({ PK: `${scope(issuerId)}#DIGEST#${day}`, SK: 'DIGEST' }),
  passwordReset: (issuerId: string, tokenHash: string) => ({
    PK: `${scope(issuerId)}#RESET#${tokenHash}`,
    SK: 'RESET',
  }),
  /** Deployment-wide: an address that bounced for good or complained bounces for every chamber. */
  mailSuppression: (email: string) => ({ PK: `MAIL#SUPPRESSION#${email.toLowerCase()}`, SK: 'SUPPRESSION' }),
  // the deployment's chambers (docs/network.md §1): one small partition, so that listing them is one Query
  chamber: (id: string) => ({ PK: 'NETWORK#CHAMBERS', SK: `CHAMBER#${id}` }),
  chamberHost: (host: string) => ({ PK: 'NETWORK#CHAMBERS', SK: `HOST#${host.toLowerCase()}` }),
  chamberPrefix: (serialPrefix: string) => ({ PK: 'NETWORK#CHAMBERS', SK: `PREFIX#${serialPrefix}` }),
  chambers: 'NETWORK#CHAMBERS',
  // index partitions
  applicationsOfOrg: (issuerId: string, orgId: string) => `${scope(issuerId)}#ORG#${orgId}#APPS`,
  applicationsInStatus: (issuerId: string, status: string) => `${scope(issuerId)}#STATUS#${status}`,
  organisations: (issuerId: string) => `${scope(issuerId)}#ORGS`,
  certificatesOfOrg: (issuerId: string, orgId: string) => `${scope(issuerId)}#ORG#${orgId}#CERTS`,
  users: (issuerId: string) => `${scope(issuerId)}#USERS`,
  usersOfOrg: (issuerId: string, orgId: string) => `${scope(issuerId)}#ORG#${orgId}#USERS`,
  apiKeysOfOrg: (issuerId: string, orgId: string) => `${scope(issuerId)}#ORG#${orgId}#APIKEYS`,
  pendingOutbox: (issuerId: string) => `${scope(issuerId)}#OUTBOX`,
  withdrawnCertificates: (issuerId: string) => `${scope(issuerId)}#CERTS#WITHDRAWN`,
  webhooksOfOrg: (issuerId: string, orgId: string) => `${scope(issuerId)}#ORG#${orgId}#WEBHOOKS`,
  deliveriesOfOrg: (issuerId: string, orgId: string) => `${scope(issuerId)}#ORG#${orgId}#DELIVERIES`,
  pendingDeliveries: (issuerId: string) => `${scope(issuerId)}#DELIVERIES#PENDING`,
  pendingMailOutbox: (issuerId: string) => `${scope(issuerId)}#MAILOUTBOX`,
  pendingMails: (issuerId: string) => `${scope(issuerId)}#MAILS#PENDING`,
};

const KEY_ATTRIBUTES = ['PK', 'SK', 'GSI1PK', 'GSI1SK', 'GSI2PK', 'GSI2SK', TTL_ATTRIBUTE, 'entity'];

/** Strips the storage keys from an item, leaving the domain record. */
export const fromItem = <T>(item: Record<string, unknown>): T => {
  const record: Record<string, unknown> = { ...item };
  for (const attribute of KEY_ATTRIBUTES) delete record[attribute];
  return record as T;
};

export const tableDefinition = (tableName: string): CreateTableCommandInput => ({
  TableName: tableName,
  BillingMode: 'PAY_PER_REQUEST',
  AttributeDefinitions: ['PK', 'SK', 'GSI1PK', 'GSI1SK', 'GSI2PK', 'GSI2SK'].map((name) => ({
    AttributeName: name,
    AttributeType: 'S',
  })),
  KeySchema: [
    { AttributeName: 'PK', KeyType: 'HASH' },
    { AttributeName: 'SK', KeyType: 'RANGE' },
  ],
  GlobalSecondaryIndexes: [GSI_BY_ORG, GSI_BY_STATUS].map((name) => ({
    IndexName: name,
    KeySchema: [
      { AttributeName: `${name}PK`, KeyType: 'HASH' },
      { AttributeName: `${name}SK`, KeyType: 'RANGE' },
    ],
    Projection: { ProjectionType: 'ALL' },
  })),
});

/** Creates the table with its indexes and TTL if it does not exist yet (local stack and tests). */
export const ensureTable = async (client: DynamoDBClient, tableName: string): Promise<void> => {
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
    return;
  } catch (error) {
    if ((error as { name?: string }).name !== 'ResourceNotFoundException') throw error;
  }
  try {
    await client.send(new CreateTableCommand(tableDefinition(tableName)));
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
  }
  await client.send(
    new UpdateTimeToLiveCommand({
      TableName: tableName,
      TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true },
    }),
  );
};

export const tableProbe = (client: DynamoDBClient, tableName: string) => () =>
  client.send(new DescribeTableCommand({ TableName: tableName }));
