// An application for a certificate and the lifecycle it moves through (DESIGN §2).
import type { Role } from '../accounts.ts';
import { AppError } from '../errors.ts';

export const CERTIFICATE_TYPES = ['co'] as const;
export type CertificateType = (typeof CERTIFICATE_TYPES)[number];

export type ApplicationStatus =
  | 'DRAFT'
  | 'SUBMITTED'
  | 'CHANGES_REQUESTED'
  | 'REJECTED'
  | 'CANCELLED'
  | 'ISSUING'
  | 'ISSUED';

export type ApplicationAction = 'create' | 'submit' | 'approve' | 'issue';

export interface Application {
  id: string;
  issuerId: string;
  orgId: string;
  type: CertificateType;
  status: ApplicationStatus;
  /** Optimistic-concurrency version; every transition increments it and appends audit event number `version`. */
  version: number;
  data: Record<string, unknown>;
  createdBy: string;
  submittedBy?: string;
  createdAt: string;
  updatedAt: string;
  certificate?: { serial: string; code: string };
  lastEventHash: string;
}

/** Which action moves an application from which status to which, and who may take it. */
const TRANSITIONS: Record<
  Exclude<ApplicationAction, 'create'>,
  { from: ApplicationStatus; to: ApplicationStatus; roles: Role[] }
> = {
  submit: { from: 'DRAFT', to: 'SUBMITTED', roles: ['exporter'] },
  approve: { from: 'SUBMITTED', to: 'ISSUING', roles: ['staff'] },
  issue: { from: 'ISSUING', to: 'ISSUED', roles: ['staff'] },
};

export const transitionFor = (application: Application, action: keyof typeof TRANSITIONS) => {
  const transition = TRANSITIONS[action];
  if (application.status !== transition.from) {
    throw new AppError(
      'INVALID_TRANSITION',
      `Cannot ${action} an application in status ${application.status}; it must be ${transition.from}.`,
    );
  }
  return transition;
};

export const assertVersion = (application: Application, version: number): void => {
  if (application.version !== version) {
    throw new AppError(
      'VERSION_CONFLICT',
      `The application was changed by someone else (version ${application.version}, you sent ${version}). Reload and try again.`,
    );
  }
};
