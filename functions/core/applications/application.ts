// An application for a certificate and the lifecycle it moves through (docs/architecture.md §2).
import type { Declaration, Role } from '../accounts.ts';
import { AppError } from '../errors.ts';

export const CERTIFICATE_TYPES = ['co', 'eur1'] as const;
export type CertificateType = (typeof CERTIFICATE_TYPES)[number];

export const APPLICATION_STATUSES = [
  'DRAFT',
  'SUBMITTED',
  'CHANGES_REQUESTED',
  'REJECTED',
  'CANCELLED',
  'ISSUING',
  'ISSUED',
  'REVOKED',
  'SUPERSEDED',
] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

export type ApplicationAction =
  | 'create'
  | 'edit'
  | 'submit'
  | 'cancel'
  | 'request-changes'
  | 'reject'
  | 'approve'
  | 'issue'
  | 'attach'
  | 'detach'
  | 'revoke'
  | 'supersede';

export interface Application {
  id: string;
  issuerId: string;
  orgId: string;
  type: CertificateType;
  status: ApplicationStatus;
  /** Optimistic-concurrency version of data and status; every edit and transition increments it. */
  version: number;
  /** Number of audit events; attachments change it without changing `version`. */
  eventSeq: number;
  data: Record<string, unknown>;
  createdBy: string;
  submittedBy?: string;
  createdAt: string;
  updatedAt: string;
  submittedAt?: string;
  /** The exporter's declaration made by the latest submit; the certificate prints it (docs/legal.md §8). */
  declaration?: Declaration;
  certificate?: { serial: string; code: string };
  /** Set on an application that replaces an issued certificate; its PDF says so in the remarks. */
  replaces?: { serial: string; code: string };
  /** The latest comment from staff (request for changes or rejection), shown to the exporter. */
  staffComment?: { action: 'request-changes' | 'reject'; text: string; at: string; by: string };
  lastEventHash: string;
}

export const EDITABLE_STATUSES: readonly ApplicationStatus[] = ['DRAFT', 'CHANGES_REQUESTED'];

export const isEditable = (application: Pick<Application, 'status'>): boolean =>
  EDITABLE_STATUSES.includes(application.status);

type Step = Exclude<ApplicationAction, 'create' | 'attach' | 'detach'>;

/** Which action moves an application from which statuses to which, and which role takes it (docs/architecture.md §2). */
export const TRANSITIONS: Record<
  Step,
  { from: readonly ApplicationStatus[]; to: ApplicationStatus | 'SAME'; role: Role }
> = {
  edit: { from: EDITABLE_STATUSES, to: 'SAME', role: 'exporter' },
  submit: { from: EDITABLE_STATUSES, to: 'SUBMITTED', role: 'exporter' },
  cancel: { from: EDITABLE_STATUSES, to: 'CANCELLED', role: 'exporter' },
  'request-changes': { from: ['SUBMITTED'], to: 'CHANGES_REQUESTED', role: 'staff' },
  reject: { from: ['SUBMITTED'], to: 'REJECTED', role: 'staff' },
  approve: { from: ['SUBMITTED'], to: 'ISSUING', role: 'staff' },
  issue: { from: ['ISSUING'], to: 'ISSUED', role: 'staff' },
  revoke: { from: ['ISSUED'], to: 'REVOKED', role: 'staff' },
  supersede: { from: ['ISSUED', 'REVOKED'], to: 'SUPERSEDED', role: 'staff' },
};

/** The status an action leads to; INVALID_TRANSITION when the application is not in a status it starts from. */
export const transitionFor = (
  application: Pick<Application, 'status'>,
  action: Step,
): { to: ApplicationStatus } => {
  const transition = TRANSITIONS[action];
  if (!transition.from.includes(application.status)) {
    throw new AppError(
      'INVALID_TRANSITION',
      `Cannot ${action.replace('-', ' ')} an application that is ${application.status}; it must be ${transition.from.join(' or ')}.`,
    );
  }
  return { to: transition.to === 'SAME' ? application.status : transition.to };
};

/**
 * An open replacement holds its certificate's replacement lock, so that a certificate has one open replacement
 * at a time; it lets go when it ends without a certificate (rejected or cancelled), so another may start.
 */
export const releasesReplacementLock = (next: Pick<Application, 'replaces' | 'status'>): boolean =>
  next.replaces !== undefined && (next.status === 'REJECTED' || next.status === 'CANCELLED');

export const assertVersion = (application: Application, version: number): void => {
  if (application.version !== version) {
    throw new AppError(
      'VERSION_CONFLICT',
      `The application was changed by someone else (version ${application.version}, you sent ${version}). Reload and try again.`,
    );
  }
};

/**
 * Why a write conditional on `current` (its version and event sequence) was refused, given the application as
 * stored now: gone, changed by someone else, or in a status the step does not allow. Every store answers the same.
 */
export const transitionRefusal = (
  stored: Application | undefined,
  current: Application,
  cause: unknown,
): AppError => {
  if (!stored) return new AppError('NOT_FOUND', 'Application not found.', { cause });
  if (stored.version !== current.version || stored.eventSeq !== current.eventSeq) {
    return new AppError(
      'VERSION_CONFLICT',
      `The application was changed by someone else (now version ${stored.version}, status ${stored.status}). Reload and try again.`,
      { cause },
    );
  }
  return new AppError(
    'INVALID_TRANSITION',
    `The application is ${stored.status}; this step is not possible now.`,
    {
      cause,
    },
  );
};
