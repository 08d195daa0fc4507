// CertificateRepository in memory, with the transactions of functions/adapters/dynamodb/certificate-repository.ts:
// reserve = application SUBMITTED → ISSUING on its version + the series counter moved only if it still holds the
// value read (created if it was 0) + the serial claimed + the certificate created, all or nothing; commit =
// application ISSUING → ISSUED + certificate written only if still ISSUING + the PDF-hash copy (+ the superseded
// one), its settled parts dropped; settleIssuancePart = the part kept only if absent and the certificate ISSUING; changeStatus = the certificate only if still in `expectedStatus` (and, when the write links it to a
// replacement, not yet replaced), with its application's event. A reservation of a replacement also checks that
// the replaced certificate is unchanged and unreplaced (ALREADY_REPLACED / REPLACEMENT_FORBIDDEN / VERSION_CONFLICT)
// and takes its replacement lock for this application (REPLACEMENT_IN_PROGRESS when another holds it).
import {
  type Certificate,
  replacedCertificateChanged,
  type SerialSeries,
} from '../../../functions/core/certificates/certificate.ts';
import { AppError } from '../../../functions/core/errors.ts';
import type { CertificateRepository, Commit, Reservation } from '../../../functions/core/ports.ts';
import {
  explainRefusedTransition,
  takeReplacementLock,
  transactTransition,
  transitionWrites,
} from './memory-applications.ts';
import { readPage } from './memory-pages.ts';
import {
  copy,
  key,
  type MemoryTables,
  roundTrip,
  TransactionCancelled,
  transact,
  type Write,
} from './memory-tables.ts';

export const seriesKey = (series: SerialSeries) => key(series.issuerId, series.type, series.year);
const certificateKey = (issuerId: string, code: string) => key(issuerId, code);

type StatusChange = Parameters<CertificateRepository['changeStatus']>[0];

export const createMemoryCertificateRepository = (tables: MemoryTables): CertificateRepository => {
  const putCertificate = (certificate: Certificate, condition?: () => boolean): Write => {
    const at = certificateKey(certificate.issuerId, certificate.code);
    return {
      ...(condition ? { condition } : {}),
      apply: () => tables.certificates.set(at, copy(certificate)),
    };
  };
  const statusOf = (certificate: Certificate) =>
    tables.certificates.get(certificateKey(certificate.issuerId, certificate.code))?.status;
  const putPdfHash = (certificate: Certificate): Write => ({
    apply: () => tables.pdfHashes.set(key(certificate.issuerId, certificate.sha256 ?? ''), copy(certificate)),
  });

  const storedOf = (certificate: Certificate) =>
    tables.certificates.get(certificateKey(certificate.issuerId, certificate.code));

  /** Still in the status it was read in and not replaced (the reservation's ConditionCheck). */
  const stillUnreplaced = (certificate: Certificate) => () => {
    const stored = storedOf(certificate);
    return (
      stored?.status === certificate.status &&
      stored.replacedBy === undefined &&
      stored.supersededBy === undefined
    );
  };

  const statusChangeWrites = (change: StatusChange): Write[] => [
    ...transitionWrites(tables, change),
    // the write that links a certificate to its replacement holds only if no other replacement got there first
    putCertificate(change.certificate, () => {
      const stored = storedOf(change.certificate);
      return (
        stored?.status === change.expectedStatus &&
        (!change.certificate.replacedBy || stored.replacedBy === undefined) &&
        (!change.certificate.sha256 || stored.sha256 === change.certificate.sha256)
      );
    }),
    ...(change.certificate.sha256 ? [putPdfHash(change.certificate)] : []),
  ];

  const getByCode = (issuerId: string, code: string) => {
    const certificate = tables.certificates.get(certificateKey(issuerId, code));
    return certificate && copy(certificate);
  };

  return {
    currentSerialNumber: async (series) => {
      await roundTrip();
      return tables.counters.get(seriesKey(series)) ?? 0;
    },

    reserve: async (reservation: Reservation) => {
      await roundTrip();
      const { series, counter, certificate } = reservation;
      const counterAt = seriesKey(series);
      const serialAt = key(certificate.issuerId, certificate.serial);
      const issuance: Write[] = [
        ...transitionWrites(tables, reservation),
        {
          condition: () =>
            counter === 0 ? !tables.counters.has(counterAt) : tables.counters.get(counterAt) === counter,
          apply: () => tables.counters.set(counterAt, counter + 1),
        },
        {
          condition: () => !tables.serials.has(serialAt),
          apply: () => tables.serials.set(serialAt, certificate.code),
        },
        putCertificate(certificate, () => statusOf(certificate) === undefined),
        ...(certificate.statusListIndex === undefined
          ? []
          : [
              {
                condition: () =>
                  !tables.statusListIndices.has(
                    key(certificate.issuerId, String(certificate.statusListIndex)),
                  ),
                apply: () =>
                  tables.statusListIndices.set(
                    key(certificate.issuerId, String(certificate.statusListIndex)),
                    certificate.code,
                  ),
              },
            ]),
      ];
      const replaced = reservation.replacing?.certificate;
      const replacing: Write[] = replaced
        ? [
            { condition: stillUnreplaced(replaced), apply: () => undefined },
            takeReplacementLock(tables, reservation.current),
          ]
        : [];
      try {
        transact([...issuance, ...replacing]);
        return { reserved: true };
      } catch (error) {
        if (!(error instanceof TransactionCancelled)) throw error;
        // the application moved on: explained as the DynamoDB adapter does
        if (error.failed[0]) throw explainRefusedTransition(tables, reservation.current, error);
        if (replaced && error.failed[issuance.length]) {
          throw replacedCertificateChanged(getByCode(replaced.issuerId, replaced.code), replaced, error);
        }
        if (replaced && error.failed[issuance.length + 1]) {
          throw new AppError(
            'REPLACEMENT_IN_PROGRESS',
            `Another replacement of certificate ${replaced.serial} is open or being issued.`,
            { cause: error },
          );
        }
        // another issuance took this serial: the caller re-reads the counter and retries
        return { reserved: false, reason: 'SERIAL_TAKEN' };
      }
    },

    commit: async (commit: Commit) => {
      await roundTrip();
      const { certificate } = commit;
      const partsOf = key(certificate.issuerId, certificate.code, '');
      transactTransition(tables, commit.current, [
        ...transitionWrites(tables, commit),
        putCertificate(certificate, () => statusOf(certificate) === 'ISSUING'),
        {
          apply: () => {
            for (const at of [...tables.settledParts.keys()]) {
              if (at.startsWith(partsOf)) tables.settledParts.delete(at);
            }
          },
        },
        putPdfHash(certificate),
        ...(commit.supersede ? statusChangeWrites(commit.supersede) : []),
      ]);
    },

    settledIssuancePart: async (issuerId, code, part) => {
      await roundTrip();
      const bytes = tables.settledParts.get(key(issuerId, code, part));
      return bytes && new Uint8Array(bytes);
    },

    settleIssuancePart: async (issuerId, code, part, bytes) => {
      await roundTrip();
      const at = key(issuerId, code, part);
      const settled = tables.settledParts.get(at);
      if (settled) return new Uint8Array(settled);
      if (tables.certificates.get(certificateKey(issuerId, code))?.status !== 'ISSUING') {
        throw new AppError(
          'INVALID_TRANSITION',
          `Certificate ${code} is no longer being issued: its ${part} was not settled.`,
        );
      }
      tables.settledParts.set(at, new Uint8Array(bytes));
      return new Uint8Array(bytes);
    },

    findByCode: async (issuerId, code) => {
      await roundTrip();
      return getByCode(issuerId, code);
    },

    findBySerial: async (issuerId, serial) => {
      await roundTrip();
      const code = tables.serials.get(key(issuerId, serial));
      return code === undefined ? undefined : getByCode(issuerId, code);
    },

    changeStatus: async (change) => {
      await roundTrip();
      try {
        transact(statusChangeWrites(change));
      } catch (error) {
        if (!(error instanceof TransactionCancelled)) throw error;
        throw new AppError(
          'VERSION_CONFLICT',
          'The certificate or its application changed meanwhile; reload and try again.',
          { cause: error },
        );
      }
    },

    listWithdrawn: async (issuerId) => {
      await roundTrip();
      return [...tables.certificates.values()]
        .filter(
          (certificate) =>
            certificate.issuerId === issuerId &&
            (certificate.status === 'REVOKED' || certificate.status === 'SUPERSEDED'),
        )
        .sort((a, b) => (a.serial < b.serial ? -1 : a.serial > b.serial ? 1 : 0))
        .map(copy);
    },

    saveStatusList: async (issuerId, list) => {
      await roundTrip();
      tables.statusLists.set(issuerId, copy(list));
    },

    getStatusList: async (issuerId) => {
      await roundTrip();
      const list = tables.statusLists.get(issuerId);
      return list && copy(list);
    },

    findByPdfHash: async (issuerId, sha256) => {
      await roundTrip();
      const certificate = tables.pdfHashes.get(key(issuerId, sha256));
      if (certificate) return copy(certificate);
      const code = tables.earlierPdfHashes.get(key(issuerId, sha256));
      return code === undefined ? undefined : getByCode(issuerId, code);
    },

    listArchiveDue: async (issuerId, before, limit) => {
      await roundTrip();
      return [...tables.certificates.values()]
        .filter(
          ({ issuerId: of, archiveTimestampExpiresAt: due }) =>
            of === issuerId && due !== undefined && due <= before,
        )
        .sort((a, b) =>
          String(a.archiveTimestampExpiresAt).localeCompare(String(b.archiveTimestampExpiresAt)),
        )
        .slice(0, limit)
        .map(copy);
    },

    renewArchive: async ({ certificate, previous }) => {
      await roundTrip();
      try {
        transact([
          putCertificate(certificate, () => {
            const stored = storedOf(certificate);
            return stored?.sha256 === previous.sha256 && stored?.status === previous.status;
          }),
          putPdfHash(certificate),
          {
            apply: () => {
              tables.pdfHashes.delete(key(certificate.issuerId, previous.sha256 ?? ''));
              tables.earlierPdfHashes.set(key(certificate.issuerId, previous.sha256 ?? ''), certificate.code);
            },
          },
        ]);
        return true;
      } catch (error) {
        if (error instanceof TransactionCancelled) return false;
        throw error;
      }
    },

    listByOrg: async (issuerId, orgId, cursor) => {
      await roundTrip();
      // only issued certificates are in the organisation's index (a sparse index in DynamoDB)
      const entries = [...tables.certificates.values()]
        .filter((c) => c.issuerId === issuerId && c.orgId === orgId && c.status !== 'ISSUING')
        .map((c) => ({ sortKey: `${c.issuedAt}#${c.serial}`, item: copy(c) }));
      return readPage(entries, { partition: `ORG#${orgId}#CERTS`, limit: 25, cursor, ascending: false });
    },
  };
};
