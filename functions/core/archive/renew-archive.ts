// Archive timestamp renewal (PAdES B-LTA, ETSI EN 319 142-1 §5.5; docs/legal.md §5): a document timestamp proves
// the file existed when it was made only while its TSA certificate can be validated. Before that certificate
// expires, each certificate's PDF gets a new DSS (validation data for the timestamps it carries, CRLs fetched now)
// and a new document timestamp over all of it, as incremental updates: the new file starts with the old one's
// bytes. It is stored as a new version under its own key; the certificate's serial, code, QR seal and credential
// stay as they are, and the hash of every version keeps verifying. Due certificates are read by range from their
// due items (one per certificate, keyed by the TSA certificate's expiry), not found by a scan. A run that crashes
// loses nothing: the commit is one conditional transaction, a renewed certificate leaves the due range, and a
// file stored but not committed is overwritten by the next run.
import { sha256Hex } from '../canonical-json.ts';
import type { Certificate } from '../certificates/certificate.ts';
import type {
  CertificateRepository,
  Clock,
  ObjectStore,
  RevocationSource,
  TimestampAuthority,
} from '../ports.ts';

export interface ArchiveRenewalDeps {
  issuerId: string;
  certificates: Pick<CertificateRepository, 'listArchiveDue' | 'renewArchive'>;
  objects: ObjectStore;
  timestamps: TimestampAuthority;
  revocation: RevocationSource;
  clock: Clock;
  /** CA certificates of the TSA that its tokens leave out, for the DSS. */
  extraCertificates?: readonly Uint8Array[];
}

export interface RenewalOptions {
  /** Renew when the newest archive timestamp's TSA certificate expires within this many days. */
  withinDays: number;
  /** List what is due, change nothing. */
  dryRun?: boolean;
  /** At most this many certificates in one run (the rest in the next). */
  limit?: number;
  progress?: (line: string) => void;
}

export interface RenewalOutcome {
  due: number;
  renewed: { serial: string; version: number; sha256: string; expiresAt: string }[];
  skipped: { serial: string; why: string }[];
}

const DAY_MS = 86_400_000;
const DEFAULT_LIMIT = 500;

/** Where version `version` (2 and later) of a certificate's PDF is stored; version 1 is certificateObjectKey. */
export const archiveVersionObjectKey = (issuerId: string, serial: string, version: number): string =>
  `certificates/${issuerId}/${serial}.v${version}.pdf`;

const renewOne = async (
  deps: ArchiveRenewalDeps,
  certificate: Certificate,
  cutoff: Date,
): Promise<RenewalOutcome['renewed'][number] | { why: string }> => {
  const { objectKey, sha256 } = certificate;
  const pdf = objectKey ? await deps.objects.get(objectKey) : undefined;
  if (!pdf || !sha256 || !objectKey) return { why: 'its PDF is not stored' };
  if (sha256Hex(pdf) !== sha256) return { why: 'the stored PDF does not match its recorded SHA-256' };
  // by import(): pdf-lib and the ASN.1 schemas load only when a renewal runs (docs/architecture.md §12)
  const { renewedArchivePdf } = await import('./archive-pdf.ts');
  const renewed = await renewedArchivePdf(deps, pdf);
  if (!renewed.expiresAt || renewed.expiresAt <= cutoff) {
    return {
      why: "the TSA's own certificate expires within the window too: renew the TSA certificate first",
    };
  }
  const earlier = certificate.archiveVersions ?? [];
  const version = earlier.length + 2;
  const stored = await deps.objects.put(
    archiveVersionObjectKey(certificate.issuerId, certificate.serial, version),
    renewed.pdf,
    'application/pdf',
  );
  const { objectVersionId, ...rest } = certificate;
  const next: Certificate = {
    ...rest,
    sha256: sha256Hex(renewed.pdf),
    objectKey: stored.key,
    ...(stored.versionId ? { objectVersionId: stored.versionId } : {}),
    archiveTimestampExpiresAt: renewed.expiresAt.toISOString(),
    archiveVersions: [
      ...earlier,
      {
        sha256,
        objectKey,
        ...(objectVersionId ? { objectVersionId } : {}),
        renewedAt: deps.clock.now().toISOString(),
      },
    ],
  };
  if (!(await deps.certificates.renewArchive({ certificate: next, previous: certificate }))) {
    return { why: 'it changed meanwhile (renewed by another run, or revoked): the next run looks again' };
  }
  return {
    serial: certificate.serial,
    version,
    sha256: next.sha256 as string,
    expiresAt: next.archiveTimestampExpiresAt as string,
  };
};

/** Renews the archive timestamps of every certificate of the issuer that is due (see the file's comment). */
export const renewArchiveTimestamps =
  (deps: ArchiveRenewalDeps) =>
  async (options: RenewalOptions): Promise<RenewalOutcome> => {
    const progress = options.progress ?? (() => undefined);
    const cutoff = new Date(deps.clock.now().getTime() + options.withinDays * DAY_MS);
    const due = await deps.certificates.listArchiveDue(
      deps.issuerId,
      cutoff.toISOString(),
      options.limit ?? DEFAULT_LIMIT,
    );
    progress(`${due.length} certificate(s) of ${deps.issuerId} due by ${cutoff.toISOString()}`);
    const outcome: RenewalOutcome = { due: due.length, renewed: [], skipped: [] };
    for (const [index, certificate] of due.entries()) {
      const at = `[${index + 1}/${due.length}] ${certificate.serial}`;
      if (options.dryRun) {
        progress(`${at}: due (archive timestamp expires ${certificate.archiveTimestampExpiresAt}); dry run`);
        continue;
      }
      const result = await renewOne(deps, certificate, cutoff);
      if ('why' in result) {
        outcome.skipped.push({ serial: certificate.serial, why: result.why });
        progress(`${at}: skipped, ${result.why}`);
      } else {
        outcome.renewed.push(result);
        progress(
          `${at}: version ${result.version} stored, archive timestamp valid until ${result.expiresAt}`,
        );
      }
    }
    return outcome;
  };
