// Bulk-loads certificate items straight into the table with BatchWriteItem (25 per batch), in the shape the
// certificate repository writes them (functions/adapters/dynamodb/certificate-repository.ts): keyed by issuer
// and verification code, listed in the organisation's sparse index, with full content and a JWS of real size.
import { randomBytes } from 'node:crypto';
import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { GSI_BY_ORG, keys } from '../../functions/adapters/dynamodb/table.ts';
import type { Certificate } from '../../functions/core/certificates/certificate.ts';
import {
  encodeVerificationCode,
  VERIFICATION_CODE_BYTES,
} from '../../functions/core/certificates/certificate.ts';
import { benchContent } from './render-seal.ts';

const BATCH = 25;

export interface LoadedCertificate {
  code: string;
  serial: string;
}

/** A certificate of record as issuance leaves it, for the bulk-loaded series (year 2025, apart from live ones). */
const certificateItem = (
  issuerId: string,
  orgId: string,
  number: number,
  jws: string,
): { item: Record<string, unknown>; loaded: LoadedCertificate } => {
  const code = encodeVerificationCode(new Uint8Array(randomBytes(VERIFICATION_CODE_BYTES)));
  const serial = `MK-CO-2025-${String(number).padStart(6, '0')}`;
  const content = { ...benchContent(1 + (number % 4), number), serial, issuedAt: '2025-06-02T08:00:00.000Z' };
  const certificate: Certificate = {
    code,
    serial,
    issuerId,
    orgId,
    applicationId: `00000000-0000-4000-8000-${String(number).padStart(12, '0')}`,
    type: 'co',
    status: 'ISSUED',
    issuedAt: content.issuedAt,
    keyId: 'bulk-load',
    jws,
    content,
    sha256: randomBytes(32).toString('hex'),
    objectKey: `certificates/${issuerId}/${serial}.pdf`,
  };
  return {
    item: {
      ...keys.certificate(issuerId, code),
      entity: 'Certificate',
      [`${GSI_BY_ORG}PK`]: keys.certificatesOfOrg(issuerId, orgId),
      [`${GSI_BY_ORG}SK`]: `${certificate.issuedAt}#${serial}`,
      ...certificate,
    },
    loaded: { code, serial },
  };
};

export interface BulkLoadResult {
  requested: number;
  loaded: LoadedCertificate[];
  seconds: number;
  itemsPerSecond: number;
  stoppedByDeadline: boolean;
}

/**
 * Writes `count` certificate items numbered from `firstNumber`, `inFlight` batches at once, and stops starting
 * new batches at `deadline` (epoch ms). Unprocessed items are written again.
 */
export const bulkLoadCertificates = async (options: {
  db: DynamoDBDocumentClient;
  tableName: string;
  issuerId: string;
  orgId: string;
  firstNumber: number;
  count: number;
  inFlight: number;
  deadline: number;
  /** A real compact JWS, so that items have their real size. */
  jws: string;
}): Promise<BulkLoadResult> => {
  const loaded: LoadedCertificate[] = [];
  const started = performance.now();
  let next = 0;
  let stoppedByDeadline = false;
  const writeBatch = async (items: Record<string, unknown>[]) => {
    let pending = items.map((Item) => ({ PutRequest: { Item } }));
    for (let attempt = 0; pending.length > 0; attempt++) {
      const result = await options.db.send(
        new BatchWriteCommand({ RequestItems: { [options.tableName]: pending } }),
      );
      pending = (result.UnprocessedItems?.[options.tableName] ?? []) as typeof pending;
      if (pending.length > 0) await new Promise((resolve) => setTimeout(resolve, 20 * (attempt + 1)));
    }
  };
  const lane = async () => {
    while (next < options.count) {
      if (Date.now() > options.deadline) {
        stoppedByDeadline = true;
        return;
      }
      const from = next;
      next = Math.min(options.count, next + BATCH);
      const built = Array.from({ length: next - from }, (_, offset) =>
        certificateItem(options.issuerId, options.orgId, options.firstNumber + from + offset, options.jws),
      );
      await writeBatch(built.map((entry) => entry.item));
      loaded.push(...built.map((entry) => entry.loaded));
    }
  };
  await Promise.all(Array.from({ length: options.inFlight }, lane));
  const seconds = (performance.now() - started) / 1000;
  return {
    requested: options.count,
    loaded,
    seconds: Number(seconds.toFixed(1)),
    itemsPerSecond: Math.round(loaded.length / seconds),
    stoppedByDeadline,
  };
};
