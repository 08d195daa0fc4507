// Approval issues exactly one certificate (docs/architecture.md §3): reserve → render → store → commit.
// Reserve fixes serial, date, verification code and QR seal in one transaction; after it the rendering is
// deterministic and the seal's non-deterministic parts are settled on the certificate (docs/legal.md §3), so a
// crash anywhere later is repaired by running the remaining steps again, which store the same bytes.
import type { Actor, Declaration, Issuer, Organisation } from '../accounts.ts';
import { type Application, assertVersion, transitionFor } from '../applications/application.ts';
import { advance } from '../applications/audit-event.ts';
import { loadApplication } from '../applications/manage-applications.ts';
import { requireRole } from '../authorization.ts';
import { sha256Hex } from '../canonical-json.ts';
import {
  asReplaced,
  type Certificate,
  type CertificateContent,
  type CertificateData,
  certificateObjectKey,
  encodeVerificationCode,
  formatSerial,
  replacementRefusal,
  type SerialSeries,
  VERIFICATION_CODE_BYTES,
  verifyUrl,
} from '../certificates/certificate.ts';
import { buildCredential } from '../credentials/credential.ts';
import { didWebOf } from '../credentials/did-web.ts';
import { signCredential } from '../credentials/secure-credential.ts';
import { statusIndexOf } from '../credentials/status-list-credential.ts';
import { AppError } from '../errors.ts';
import type {
  AccountRepository,
  ApplicationRepository,
  CertificateRepository,
  ChamberRepository,
  Clock,
  KeyRing,
  ObjectStore,
  RandomSource,
  RevocationSource,
  SealKey,
  Sleep,
  TemplateSource,
  TimestampAuthority,
} from '../ports.ts';
import { jitteredPause, retryingTimestamps } from '../retry.ts';
import { buildSealClaims } from '../sealing/qr-seal.ts';
import { SEAL_TYP } from '../sealing/token-types.ts';
import { settlerFor } from './settle.ts';

export interface IssuanceDeps {
  issuer: Issuer;
  /** Re-signs the public revocation list after a certificate was superseded. */
  afterStatusChange: () => Promise<void>;
  accounts: AccountRepository;
  applications: ApplicationRepository;
  certificates: CertificateRepository;
  objects: ObjectStore;
  keys: KeyRing;
  /** The PAdES seal; without it the PDF is stored as rendered. */
  seal?: SealKey;
  /** The TSA of the seal's signature timestamp (B-T); without it the seal is B-B. */
  timestamps?: TimestampAuthority;
  /** With the TSA, the CRLs of the DSS make the PDF B-LTA (docs/legal.md §4, §5). */
  revocation?: RevocationSource;
  templates: TemplateSource;
  clock: Clock;
  random: RandomSource;
  sleep: Sleep;
  /** The chamber's record, read at each approval: a suspension counts at once, not after a cache's minute. */
  chambers: Pick<ChamberRepository, 'get'>;
}

const MAX_RESERVE_ATTEMPTS = 12;

/** The calendar date and year at the issuer's seat, which is what the certificate shows. */
const localDate = (at: Date, timeZone: string): string =>
  new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    at,
  );

/**
 * Runs the work for one key after the work before it for that key has settled. Approvals in one process
 * take their serial one after another instead of all racing for the same counter value and retrying; across
 * processes (one Lambda instance per request) the conditional write in the reservation still decides.
 */
const oneAtATime = () => {
  const tails = new Map<string, Promise<void>>();
  return async <T>(key: string, work: () => Promise<T>): Promise<T> => {
    const before = tails.get(key) ?? Promise.resolve();
    const result = before.then(work);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    tails.set(key, tail);
    void tail.then(() => {
      if (tails.get(key) === tail) tails.delete(key);
    });
    return result;
  };
};

export const approveApplication = (deps: IssuanceDeps) => {
  const reserving = oneAtATime();
  // the counter of each series as this process last left it: the next reservation need not read it first
  // (if another process took a serial since, the reservation's condition fails and the retry reads it)
  const counters: SeriesCounters = new Map();
  return async (input: { actor: Actor; applicationId: string; version: number }): Promise<Certificate> => {
    const { actor } = input;
    requireRole(actor, 'staff');
    let application = await loadForStaff(deps, actor, input.applicationId);
    if (application.status === 'ISSUING' && application.version === input.version) {
      return completeIssuance(deps, application, actor);
    }
    await deps.templates.load(application.type);
    const chamberStatus = (await deps.chambers.get(deps.issuer.id))?.status ?? deps.issuer.status ?? 'active';
    const organisation = await deps.accounts.getOrganisation(deps.issuer.id, application.orgId);
    if (!organisation)
      throw new AppError('INTERNAL', `Organisation ${application.orgId} of the application is missing.`);
    for (let attempt = 1; attempt <= MAX_RESERVE_ATTEMPTS; attempt++) {
      assertVersion(application, input.version);
      transitionFor(application, 'approve');
      if (application.createdBy === actor.userId || application.submittedBy === actor.userId) {
        throw new AppError(
          'SEPARATION_OF_DUTIES',
          'You cannot approve an application that you created or submitted.',
        );
      }
      if (chamberStatus !== 'active') {
        throw new AppError(
          'CHAMBER_NOT_ACTIVE',
          `The chamber is ${chamberStatus} in the network: it issues no certificates until the operator reactivates it.`,
        );
      }
      if (organisation.disabled) {
        throw new AppError(
          'ORGANISATION_DISABLED',
          `The exporter organisation ${organisation.name} is disabled; enable it before approving its applications.`,
        );
      }
      const current = application;
      const replacing = await replacedCertificate(deps, current);
      const { reservation, result } = await reserving(current.type, async () => {
        const prepared = {
          ...(await prepareReservation(deps, current, organisation, actor, counters)),
          ...(replacing ? { replacing: { certificate: replacing } } : {}),
        };
        const reserved = await deps.certificates.reserve(prepared).catch((error: unknown) => {
          counters.delete(seriesKey(prepared.series));
          throw error;
        });
        if (reserved.reserved) counters.set(seriesKey(prepared.series), prepared.counter + 1);
        else counters.delete(seriesKey(prepared.series));
        return { reservation: prepared, result: reserved };
      });
      if (result.reserved) return completeIssuance(deps, reservation.next, actor, reservation.certificate);
      await jitteredPause(deps, attempt, { baseMs: 5 });
      application = await loadForStaff(deps, actor, input.applicationId);
    }
    throw new AppError(
      'STORAGE_UNAVAILABLE',
      'Too many certificates are being issued at this moment; try again.',
    );
  };
};

/**
 * The certificate a replacement replaces, if it may still be replaced: a replacement of a certificate that was
 * replaced meanwhile, or revoked for a reason that forbids it, is never issued (docs/architecture.md §2). The
 * reservation holds only if the certificate is still as read here.
 */
const replacedCertificate = async (
  deps: IssuanceDeps,
  application: Application,
): Promise<Certificate | undefined> => {
  if (!application.replaces) return undefined;
  const old = await deps.certificates.findBySerial(deps.issuer.id, application.replaces.serial);
  if (!old) return undefined;
  const refusal = replacementRefusal(old);
  if (refusal) throw refusal;
  return old;
};

/** Another organisation's DRAFT is NOT_FOUND here too, as on every read (docs/security.md, "Who sees drafts"). */
const loadForStaff = (deps: IssuanceDeps, actor: Actor, applicationId: string): Promise<Application> =>
  loadApplication({ issuerId: deps.issuer.id, applications: deps.applications }, actor, applicationId);

/** A moment as the form prints it at the issuer's seat: 04.12.2026 10:15. */
const localDateTime = (at: Date, timeZone: string): string => {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((each) => each.type === type)?.value ?? '';
  return `${part('day')}.${part('month')}.${part('year')} ${part('hour')}:${part('minute')}`;
};

/** What the certificate keeps of a declaration: what it prints, not the ids behind it. */
const printedDeclaration = (declaration: Declaration, issuer: Issuer) => ({
  name: declaration.name,
  function: declaration.function,
  place: declaration.place,
  at: declaration.at,
  printedAt: localDateTime(new Date(declaration.at), issuer.timeZone),
});

/**
 * What the certificate says, frozen at issue: the application's data, the serial, the issue date at the issuer's
 * seat, the issuer and the exporter as their records stand now, and the exporter's declaration of the submit. Being
 * content, the declaration is covered by the QR seal's content hash (docs/legal.md §8). The staff preview prints
 * the same with a mark in place of the serial.
 */
export const frozenContent = (input: {
  application: Application;
  data: unknown;
  organisation: Organisation;
  issuer: Issuer;
  now: Date;
  serial: string;
}): CertificateContent => {
  const { application, organisation, issuer, now } = input;
  return {
    ...({ type: application.type, data: input.data } as CertificateData),
    serial: input.serial,
    issuedAt: now.toISOString(),
    issueDate: localDate(now, issuer.timeZone),
    issuer: {
      id: issuer.id,
      name: issuer.name,
      nameLocal: issuer.nameLocal,
      country: issuer.country,
      city: issuer.city,
    },
    exporter: {
      name: organisation.name,
      address: organisation.address,
      ...(organisation.taxId ? { taxId: organisation.taxId } : {}),
    },
    ...(application.replaces ? { replaces: application.replaces.serial } : {}),
    ...(application.declaration ? { declaration: printedDeclaration(application.declaration, issuer) } : {}),
  };
};

type SeriesCounters = Map<string, number>;
const seriesKey = (series: SerialSeries) => `${series.issuerId}/${series.type}/${series.year}`;

const prepareReservation = async (
  deps: IssuanceDeps,
  application: Application,
  organisation: Organisation,
  actor: Actor,
  counters: SeriesCounters,
) => {
  const { issuer } = deps;
  const now = deps.clock.now();
  const issueDate = localDate(now, issuer.timeZone);
  const series = { issuerId: issuer.id, type: application.type, year: Number(issueDate.slice(0, 4)) };
  const counter = counters.get(seriesKey(series)) ?? (await deps.certificates.currentSerialNumber(series));
  const serial = formatSerial(issuer.serialPrefix, series, counter + 1);
  const content = frozenContent({ application, data: application.data, organisation, issuer, now, serial });
  const signer = await deps.keys.activeSigner();
  const jws = await signer.sign(new TextEncoder().encode(JSON.stringify(buildSealClaims(content))), {
    typ: SEAL_TYP,
  });
  const code = encodeVerificationCode(deps.random.bytes(VERIFICATION_CODE_BYTES));
  // random, so that the status list leaks no issue order; the reservation claims it (a taken one retries)
  const statusListIndex = statusIndexOf(deps.random.bytes(4));
  const certificate: Certificate = {
    code,
    serial,
    issuerId: issuer.id,
    orgId: application.orgId,
    applicationId: application.id,
    type: application.type,
    status: 'ISSUING',
    issuedAt: content.issuedAt,
    keyId: signer.kid,
    jws,
    content,
    statusListIndex,
  };
  const transition = advance(application, {
    action: 'approve',
    to: 'ISSUING',
    actor,
    at: content.issuedAt,
    changes: { certificate: { serial, code } },
  });
  return { ...transition, series, counter, certificate };
};

/** Render, store and commit a reserved certificate. Safe to run again after a crash at any point. */
export const completeIssuance = async (
  deps: IssuanceDeps,
  application: Application,
  actor: Actor,
  reserved?: Certificate,
): Promise<Certificate> => {
  const code = application.certificate?.code;
  if (!code)
    throw new AppError(
      'INTERNAL',
      `Application ${application.id} is ISSUING without a reserved certificate.`,
    );
  const certificate = reserved ?? (await deps.certificates.findByCode(deps.issuer.id, code));
  if (!certificate) throw new AppError('INTERNAL', `Reserved certificate ${code} is missing.`);
  const [template, fonts, { sealedCertificatePdf }] = await Promise.all([
    deps.templates.load(certificate.type),
    deps.templates.fonts(),
    // loaded on the first issuance, not at start-up: the PDF libraries are most of the bundle (docs/architecture.md §12)
    import('./certificate-pdf.ts'),
  ]);
  const { pdf, archiveTimestampExpiresAt } = await sealedCertificatePdf({
    template,
    fonts,
    certificate,
    verifyUrl: verifyUrl(deps.issuer.publicBaseUrl, certificate.code),
    ...(deps.seal ? { seal: deps.seal } : {}),
    // a TSA that fails every attempt fails the approval with 503, the application still ISSUING and nothing stored
    ...(deps.timestamps ? { timestamps: retryingTimestamps(deps.timestamps, deps) } : {}),
    settle: settlerFor(deps.certificates, certificate),
    ...(deps.revocation ? { archive: { revocation: deps.revocation } } : {}),
  });
  const stored = await deps.objects.put(
    certificateObjectKey(certificate.issuerId, certificate.serial),
    pdf,
    'application/pdf',
  );
  const sealed: Certificate = {
    ...certificate,
    status: 'ISSUED',
    sha256: sha256Hex(pdf),
    objectKey: stored.key,
    ...(stored.versionId ? { objectVersionId: stored.versionId } : {}),
    ...(archiveTimestampExpiresAt ? { archiveTimestampExpiresAt } : {}),
  };
  const credential = await credentialOf(deps, sealed);
  const issued: Certificate = { ...sealed, ...(credential ? { credential } : {}) };
  const { to } = transitionFor(application, 'issue');
  const at = deps.clock.now().toISOString();
  const transition = advance(application, { action: 'issue', to, actor, at });
  const supersede = application.replaces
    ? await supersession(deps, application.replaces.serial, issued, actor, at)
    : undefined;
  await deps.certificates.commit({ ...transition, certificate: issued, ...(supersede ? { supersede } : {}) });
  if (supersede) await deps.afterStatusChange();
  return issued;
};

/**
 * The certificate's Verifiable Credential, signed now: it carries the sealed PDF's SHA-256, known only after
 * rendering. ES256 signatures are randomized, but only the commit stores it, once, so a resumed issuance still
 * stores one credential (docs/architecture.md §3). None for a certificate reserved before credentials existed.
 */
const credentialOf = async (deps: IssuanceDeps, certificate: Certificate): Promise<string | undefined> => {
  if (certificate.credential) return certificate.credential;
  const { sha256, statusListIndex } = certificate;
  if (sha256 === undefined || statusListIndex === undefined) return undefined;
  const vc = buildCredential({ ...certificate, sha256, statusListIndex }, deps.issuer);
  return signCredential(await deps.keys.activeSigner(), vc, didWebOf(deps.issuer.publicBaseUrl));
};

/**
 * The replaced certificate links forward: a valid one becomes SUPERSEDED, a revoked one stays REVOKED with its
 * reason (docs/architecture.md §2). Read afresh on every run, so a resumed issuance writes what is true now; a
 * certificate revoked for fraud while its replacement was being issued gets no link (the reservation checked it).
 */
const supersession = async (
  deps: IssuanceDeps,
  serial: string,
  replacement: Certificate,
  actor: Actor,
  at: string,
) => {
  const old = await deps.certificates.findBySerial(deps.issuer.id, serial);
  const oldApplication = old && (await deps.applications.get(deps.issuer.id, old.applicationId));
  if (!old || !oldApplication || replacementRefusal(old)) return undefined;
  const { to } = transitionFor(oldApplication, 'supersede');
  const replaced = asReplaced(old, replacement, at);
  return {
    ...advance(oldApplication, {
      action: 'supersede',
      // a revoked application stays REVOKED: the event records the replacement, not a new status
      to: replaced.status === 'REVOKED' ? oldApplication.status : to,
      actor,
      at,
      comment: `replaced by ${replacement.serial}`,
    }),
    certificate: replaced,
    expectedStatus: old.status,
  };
};
