// Certificates of record in DynamoDB: gap-free serial reservation and commit, each one transaction.
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import {
  type Certificate,
  replacedCertificateChanged,
  type SerialSeries,
} from '../../core/certificates/certificate.ts';
import { AppError } from '../../core/errors.ts';
import type { CertificateRepository, Commit, Reservation, SignedStatusList } from '../../core/ports.ts';
import { guarded, isConditionFailure } from './client.ts';
import { queryAll, queryPage } from './queries.ts';
import { fromItem, GSI_BY_ORG, GSI_BY_STATUS, keys } from './table.ts';
import {
  cancellationCodes,
  explainRefusedTransition,
  takeReplacementLock,
  transitionWrites,
} from './transactions.ts';

/**
 * Settled issuance parts live on the ISSUING certificate item as `settled#<part>` binary attributes (docs/legal.md
 * §3); the commit's Put replaces the whole item, which drops them. They are no part of the Certificate.
 */
const SETTLED_PREFIX = 'settled#';

const withoutSettledParts = (item: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(item).filter(([name]) => !name.startsWith(SETTLED_PREFIX)));

export const createCertificateRepository = (
  db: DynamoDBDocumentClient,
  tableName: string,
): CertificateRepository => {
  const readCounter = async (series: SerialSeries): Promise<number> => {
    const { Item } = await db.send(
      new GetCommand({ TableName: tableName, Key: keys.counter(series), ConsistentRead: true }),
    );
    return typeof Item?.value === 'number' ? Item.value : 0;
  };

  const getByCode = async (issuerId: string, code: string): Promise<Certificate | undefined> => {
    const { Item } = await db.send(
      new GetCommand({ TableName: tableName, Key: keys.certificate(issuerId, code), ConsistentRead: true }),
    );
    return Item ? fromItem<Certificate>(withoutSettledParts(Item)) : undefined;
  };

  const readSettledPart = async (issuerId: string, code: string, part: string) => {
    const { Item } = await db.send(
      new GetCommand({
        TableName: tableName,
        Key: keys.certificate(issuerId, code),
        ProjectionExpression: '#part',
        ExpressionAttributeNames: { '#part': `${SETTLED_PREFIX}${part}` },
        ConsistentRead: true,
      }),
    );
    const bytes = Item?.[`${SETTLED_PREFIX}${part}`];
    return bytes instanceof Uint8Array ? bytes : undefined;
  };

  const certificateItem = (certificate: Certificate) => ({
    ...keys.certificate(certificate.issuerId, certificate.code),
    entity: 'Certificate',
    // only issued certificates appear in the organisation's list (a sparse index)
    ...(certificate.status === 'ISSUING'
      ? {}
      : {
          [`${GSI_BY_ORG}PK`]: keys.certificatesOfOrg(certificate.issuerId, certificate.orgId),
          [`${GSI_BY_ORG}SK`]: `${certificate.issuedAt}#${certificate.serial}`,
        }),
    // withdrawn certificates feed the public revocation list (another sparse index)
    ...(certificate.status === 'REVOKED' || certificate.status === 'SUPERSEDED'
      ? {
          [`${GSI_BY_STATUS}PK`]: keys.withdrawnCertificates(certificate.issuerId),
          [`${GSI_BY_STATUS}SK`]: certificate.serial,
        }
      : {}),
    ...certificate,
  });

  /**
   * The issued PDF's hash, pointing to its certificate and carrying a copy of it, so that checking a file is one
   * read. Every write of an issued certificate rewrites the copy in the same transaction.
   */
  const pdfHashItem = (certificate: Certificate) => ({
    ...keys.pdfHash(certificate.issuerId, certificate.sha256 ?? ''),
    entity: 'PdfHash',
    code: certificate.code,
    serial: certificate.serial,
    certificate,
  });

  /** A hash of an earlier archive version: a pointer only, so that it always answers the certificate as it is now. */
  const earlierVersionItem = (certificate: Certificate, sha256: string) => ({
    ...keys.pdfHash(certificate.issuerId, sha256),
    entity: 'PdfHash',
    code: certificate.code,
    serial: certificate.serial,
  });

  const archiveDueItem = (certificate: Certificate, expiresAt: string) => ({
    ...keys.archiveDue(certificate.issuerId, expiresAt, certificate.code),
    entity: 'ArchiveDue',
    code: certificate.code,
  });

  /** A condition that the certificate is still in the status it was read in and has not been replaced. */
  const stillUnreplaced = (certificate: Certificate) => ({
    ConditionExpression:
      '#status = :expected AND attribute_not_exists(replacedBy) AND attribute_not_exists(supersededBy)',
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: { ':expected': certificate.status },
  });

  /** The certificate written only if it is still in the status it was read in, with its application's event. */
  const statusChangeWrites = (change: Parameters<CertificateRepository['changeStatus']>[0]) => [
    ...transitionWrites(tableName, change),
    {
      Put: {
        TableName: tableName,
        Item: certificateItem(change.certificate),
        // the write that links a certificate to its replacement holds only if no other replacement got there first;
        // and only over the PDF version it was read with, so that an archive renewal meanwhile is not undone
        ConditionExpression: [
          '#status = :expected',
          ...(change.certificate.replacedBy ? ['attribute_not_exists(replacedBy)'] : []),
          ...(change.certificate.sha256 ? ['sha256 = :sha256'] : []),
        ].join(' AND '),
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':expected': change.expectedStatus,
          ...(change.certificate.sha256 ? { ':sha256': change.certificate.sha256 } : {}),
        },
      },
    },
    ...(change.certificate.sha256
      ? [{ Put: { TableName: tableName, Item: pdfHashItem(change.certificate) } }]
      : []),
  ];

  return {
    currentSerialNumber: (series) => guarded('reading the serial counter', () => readCounter(series)),

    reserve: (reservation: Reservation) =>
      guarded('reserving a serial', async () => {
        const { series, counter, certificate } = reservation;
        const counterWrite =
          counter === 0
            ? {
                Put: {
                  TableName: tableName,
                  Item: { ...keys.counter(series), entity: 'SerialCounter', value: 1 },
                  ConditionExpression: 'attribute_not_exists(PK)',
                },
              }
            : {
                Update: {
                  TableName: tableName,
                  Key: keys.counter(series),
                  UpdateExpression: 'SET #value = :next',
                  ConditionExpression: '#value = :current',
                  ExpressionAttributeNames: { '#value': 'value' },
                  ExpressionAttributeValues: { ':current': counter, ':next': counter + 1 },
                },
              };
        const issuance = [
          ...transitionWrites(tableName, reservation),
          counterWrite,
          {
            Put: {
              TableName: tableName,
              Item: {
                ...keys.serial(certificate.issuerId, certificate.serial),
                entity: 'Serial',
                code: certificate.code,
              },
              ConditionExpression: 'attribute_not_exists(PK)',
            },
          },
          {
            Put: {
              TableName: tableName,
              Item: certificateItem(certificate),
              ConditionExpression: 'attribute_not_exists(PK)',
            },
          },
          // its bit in the status list is its alone; a taken index fails the transaction and the retry draws anew
          ...(certificate.statusListIndex === undefined
            ? []
            : [
                {
                  Put: {
                    TableName: tableName,
                    Item: {
                      ...keys.statusListIndex(certificate.issuerId, certificate.statusListIndex),
                      entity: 'StatusListIndex',
                      code: certificate.code,
                    },
                    ConditionExpression: 'attribute_not_exists(PK)',
                  },
                },
              ]),
        ];
        const replaced = reservation.replacing?.certificate;
        const replacing = replaced
          ? [
              {
                ConditionCheck: {
                  TableName: tableName,
                  Key: keys.certificate(replaced.issuerId, replaced.code),
                  ...stillUnreplaced(replaced),
                },
              },
              takeReplacementLock(tableName, reservation.current),
            ]
          : [];
        try {
          await db.send(new TransactWriteCommand({ TransactItems: [...issuance, ...replacing] }));
          return { reserved: true };
        } catch (error) {
          const codes = cancellationCodes(error);
          if (!codes) throw error;
          if (codes[0] === 'ConditionalCheckFailed') {
            throw await explainRefusedTransition(db, tableName, reservation.current, error);
          }
          if (replaced && codes[issuance.length] === 'ConditionalCheckFailed') {
            throw replacedCertificateChanged(
              await getByCode(replaced.issuerId, replaced.code),
              replaced,
              error,
            );
          }
          if (replaced && codes[issuance.length + 1] === 'ConditionalCheckFailed') {
            throw new AppError(
              'REPLACEMENT_IN_PROGRESS',
              `Another replacement of certificate ${replaced.serial} is open or being issued.`,
              { cause: error },
            );
          }
          // Another issuance took this serial or status-list index, or the transactions collided: the caller
          // re-reads and retries (with a new random index).
          return { reserved: false, reason: 'SERIAL_TAKEN' };
        }
      }),

    commit: (commit: Commit) =>
      guarded('recording the issued certificate', async () => {
        const { certificate } = commit;
        try {
          await db.send(
            new TransactWriteCommand({
              TransactItems: [
                ...transitionWrites(tableName, commit),
                {
                  Put: {
                    TableName: tableName,
                    Item: certificateItem(certificate),
                    ConditionExpression: '#status = :issuing',
                    ExpressionAttributeNames: { '#status': 'status' },
                    ExpressionAttributeValues: { ':issuing': 'ISSUING' },
                  },
                },
                { Put: { TableName: tableName, Item: pdfHashItem(certificate) } },
                ...(certificate.archiveTimestampExpiresAt
                  ? [
                      {
                        Put: {
                          TableName: tableName,
                          Item: archiveDueItem(certificate, certificate.archiveTimestampExpiresAt),
                        },
                      },
                    ]
                  : []),
                ...(commit.supersede ? statusChangeWrites(commit.supersede) : []),
              ],
            }),
          );
        } catch (error) {
          if (!cancellationCodes(error)) throw error;
          throw await explainRefusedTransition(db, tableName, commit.current, error);
        }
      }),

    settledIssuancePart: (issuerId, code, part) =>
      guarded('reading a settled issuance part', () => readSettledPart(issuerId, code, part)),

    settleIssuancePart: (issuerId, code, part, bytes) =>
      guarded('settling an issuance part', async () => {
        try {
          await db.send(
            new UpdateCommand({
              TableName: tableName,
              Key: keys.certificate(issuerId, code),
              UpdateExpression: 'SET #part = :bytes',
              ConditionExpression: 'attribute_not_exists(#part) AND #status = :issuing',
              ExpressionAttributeNames: { '#part': `${SETTLED_PREFIX}${part}`, '#status': 'status' },
              ExpressionAttributeValues: { ':bytes': bytes, ':issuing': 'ISSUING' },
            }),
          );
          return bytes;
        } catch (error) {
          if (!isConditionFailure(error)) throw error;
          // another run settled it first, or the certificate was committed (which dropped its parts)
          const settled = await readSettledPart(issuerId, code, part);
          if (settled) return settled;
          throw new AppError(
            'INVALID_TRANSITION',
            `Certificate ${code} is no longer being issued: its ${part} was not settled.`,
            { cause: error },
          );
        }
      }),

    changeStatus: (change) =>
      guarded('changing a certificate', async () => {
        try {
          await db.send(new TransactWriteCommand({ TransactItems: statusChangeWrites(change) }));
        } catch (error) {
          if (!cancellationCodes(error)) throw error;
          throw new AppError(
            'VERSION_CONFLICT',
            'The certificate or its application changed meanwhile; reload and try again.',
            {
              cause: error,
            },
          );
        }
      }),

    listWithdrawn: (issuerId) =>
      guarded('listing withdrawn certificates', () =>
        queryAll<Certificate>(db, {
          tableName,
          indexName: GSI_BY_STATUS,
          partition: keys.withdrawnCertificates(issuerId),
        }),
      ),

    saveStatusList: (issuerId, list) =>
      guarded('publishing the revocation list', async () => {
        await db.send(
          new PutCommand({
            TableName: tableName,
            Item: { ...keys.statusList(issuerId), entity: 'StatusList', ...list },
          }),
        );
      }),

    getStatusList: (issuerId) =>
      guarded('reading the revocation list', async () => {
        const { Item } = await db.send(
          new GetCommand({ TableName: tableName, Key: keys.statusList(issuerId) }),
        );
        return Item ? fromItem<SignedStatusList>(Item) : undefined;
      }),

    findByPdfHash: (issuerId, sha256) =>
      guarded('looking up a PDF', async () => {
        const { Item } = await db.send(
          new GetCommand({ TableName: tableName, Key: keys.pdfHash(issuerId, sha256) }),
        );
        if (Item?.certificate) return Item.certificate as Certificate;
        // a pointer written before it carried the certificate
        return typeof Item?.code === 'string' ? getByCode(issuerId, Item.code) : undefined;
      }),

    listArchiveDue: (issuerId, before, limit) =>
      guarded('listing archive renewals', async () => {
        const { Items } = await db.send(
          new QueryCommand({
            TableName: tableName,
            KeyConditionExpression: 'PK = :pk AND SK <= :before',
            ExpressionAttributeValues: {
              ':pk': keys.archiveDue(issuerId, '', '').PK,
              // every due item of that instant too: "#" and the code sort below "~"
              ':before': `${before}~`,
            },
            Limit: limit,
          }),
        );
        const found = await Promise.all((Items ?? []).map(({ code }) => getByCode(issuerId, String(code))));
        return found.filter((certificate): certificate is Certificate => certificate !== undefined);
      }),

    renewArchive: ({ certificate, previous }) =>
      guarded('recording an archive renewal', async () => {
        const previousSha256 = previous.sha256 ?? '';
        try {
          await db.send(
            new TransactWriteCommand({
              TransactItems: [
                {
                  Put: {
                    TableName: tableName,
                    Item: certificateItem(certificate),
                    ConditionExpression: 'sha256 = :previous AND #status = :status',
                    ExpressionAttributeNames: { '#status': 'status' },
                    ExpressionAttributeValues: { ':previous': previousSha256, ':status': previous.status },
                  },
                },
                { Put: { TableName: tableName, Item: pdfHashItem(certificate) } },
                { Put: { TableName: tableName, Item: earlierVersionItem(certificate, previousSha256) } },
                ...(previous.archiveTimestampExpiresAt
                  ? [
                      {
                        Delete: {
                          TableName: tableName,
                          Key: keys.archiveDue(
                            certificate.issuerId,
                            previous.archiveTimestampExpiresAt,
                            certificate.code,
                          ),
                        },
                      },
                    ]
                  : []),
                ...(certificate.archiveTimestampExpiresAt
                  ? [
                      {
                        Put: {
                          TableName: tableName,
                          Item: archiveDueItem(certificate, certificate.archiveTimestampExpiresAt),
                        },
                      },
                    ]
                  : []),
              ],
            }),
          );
          return true;
        } catch (error) {
          if (cancellationCodes(error)?.[0] === 'ConditionalCheckFailed') return false;
          throw error;
        }
      }),

    findByCode: (issuerId, code) => guarded('reading a certificate', () => getByCode(issuerId, code)),

    findBySerial: (issuerId, serial) =>
      guarded('reading a certificate', async () => {
        const { Item } = await db.send(
          new GetCommand({ TableName: tableName, Key: keys.serial(issuerId, serial), ConsistentRead: true }),
        );
        return typeof Item?.code === 'string' ? getByCode(issuerId, Item.code) : undefined;
      }),

    listByOrg: (issuerId, orgId, cursor) =>
      guarded('listing certificates', () =>
        queryPage<Certificate>(db, {
          tableName,
          indexName: GSI_BY_ORG,
          partition: keys.certificatesOfOrg(issuerId, orgId),
          limit: 25,
          cursor,
          ascending: false,
        }),
      ),
  };
};
