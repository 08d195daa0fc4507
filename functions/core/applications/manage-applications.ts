// The lifecycle of an application (docs/architecture.md §2): create, edit, submit, cancel (exporters); request changes,
// reject (staff); the audit trail and lists. Approval, which issues the certificate, is in issuance/.
import type { z } from 'zod';
import type { Actor, Organisation } from '../accounts.ts';
import { declarationOf } from '../auth/signatories.ts';
import { requireRole, visibleOrNotFound } from '../authorization.ts';
import { canonicalJson } from '../canonical-json.ts';
import { AppError, type FieldError } from '../errors.ts';
import { fieldErrorsOf } from '../field-issues.ts';
import type {
  AccountRepository,
  ApiKeyRepository,
  ApplicationList,
  ApplicationQuery,
  ApplicationRepository,
  AttachmentRepository,
  Clock,
  RandomSource,
} from '../ports.ts';
import {
  type Application,
  type ApplicationStatus,
  assertVersion,
  type CertificateType,
  transitionFor,
} from './application.ts';
import { type AuditEvent, advance, chainEvent, GENESIS_HASH } from './audit-event.ts';
import { CertificateOfOriginData, CertificateOfOriginDraft } from './certificate-of-origin.ts';
import { EurOneData, EurOneDraft } from './movement-certificate-eur1.ts';
import { withEmptyBoxes } from './schema-shapes.ts';

export interface ApplicationDeps {
  issuerId: string;
  applications: ApplicationRepository;
  attachments: Pick<AttachmentRepository, 'list'>;
  accounts: AccountRepository;
  apiKeys: Pick<ApiKeyRepository, 'get'>;
  clock: Clock;
  random: RandomSource;
}

/** Per type: what a draft may hold, and what a complete (submittable, issuable) application must. */
export const SCHEMAS: Record<CertificateType, { draft: z.ZodType; complete: z.ZodType }> = {
  co: { draft: CertificateOfOriginDraft, complete: CertificateOfOriginData },
  eur1: { draft: EurOneDraft, complete: EurOneData },
};

/**
 * Everything that keeps an application from being submitted, at once: each missing or invalid field (a
 * missing box counts as empty, so each of its fields is named) and the missing invoice document.
 */
export const submissionCheck = (
  type: CertificateType,
  data: unknown,
  attachments: readonly { kind: string }[],
): { data?: Record<string, unknown>; errors: FieldError[] } => {
  const checked = withEmptyBoxes(SCHEMAS[type].complete, data);
  const parsed = SCHEMAS[type].complete.safeParse(checked);
  const errors: FieldError[] = [
    ...(parsed.success ? [] : fieldErrorsOf(parsed.error.issues, checked, 'data')),
    ...(attachments.some((attachment) => attachment.kind === 'invoice')
      ? []
      : [
          {
            path: 'attachments',
            message: 'needs at least one invoice',
            code: 'invoice_document_missing' as const,
          },
        ]),
  ];
  return parsed.success ? { data: parsed.data as Record<string, unknown>, errors } : { errors };
};

/** A draft's data: it may be incomplete, but what it holds must be valid. */
const parseDraft = (type: CertificateType, data: unknown): Record<string, unknown> => {
  const result = SCHEMAS[type].draft.safeParse(data);
  if (!result.success) {
    throw new AppError('VALIDATION_FAILED', 'Some fields are not valid.', {
      errors: fieldErrorsOf(result.error.issues, data, 'data'),
    });
  }
  return result.data as Record<string, unknown>;
};

/**
 * A draft is the exporter's work in progress: until it is submitted only its organisation (and whoever started
 * it, e.g. staff starting a replacement) sees it. CHANGES_REQUESTED was submitted before and stays visible.
 * See docs/security.md, "Who sees drafts".
 */
const isPrivateDraft = (actor: Actor, application: Application): boolean =>
  application.status === 'DRAFT' &&
  actor.orgId !== application.orgId &&
  actor.userId !== application.createdBy;

export const loadApplication = async (
  deps: Pick<ApplicationDeps, 'issuerId' | 'applications'>,
  actor: Actor,
  id: string,
): Promise<Application> => {
  const application = visibleOrNotFound(actor, await deps.applications.get(deps.issuerId, id), 'Application');
  if (isPrivateDraft(actor, application)) throw new AppError('NOT_FOUND', 'Application not found.');
  return application;
};

/** Writes one transition (the repository records it in the webhook outbox in the same transaction). */
const commit = async (
  deps: ApplicationDeps,
  transition: { current: Application; next: Application; event: AuditEvent },
) => {
  await deps.applications.transition(transition);
  return transition.next;
};

/** A new DRAFT and its first audit event. */
export const newDraft = (input: {
  id: string;
  issuerId: string;
  orgId: string;
  type: CertificateType;
  data: Record<string, unknown>;
  actor: Actor;
  at: string;
  comment?: string;
  replaces?: Application['replaces'];
}): { application: Application; event: AuditEvent } => {
  const event = chainEvent({
    applicationId: input.id,
    seq: 1,
    at: input.at,
    actorId: input.actor.userId,
    actorRole: input.actor.role,
    action: 'create',
    from: null,
    to: 'DRAFT',
    ...(input.comment ? { comment: input.comment } : {}),
    prevHash: GENESIS_HASH,
  });
  const application: Application = {
    id: input.id,
    issuerId: input.issuerId,
    orgId: input.orgId,
    type: input.type,
    status: 'DRAFT',
    version: 1,
    eventSeq: 1,
    data: input.data,
    createdBy: input.actor.userId,
    createdAt: input.at,
    updatedAt: input.at,
    ...(input.replaces ? { replaces: input.replaces } : {}),
    lastEventHash: event.hash,
  };
  return { application, event };
};

export const createApplication =
  (deps: ApplicationDeps) =>
  async (input: { actor: Actor; type: CertificateType; data: unknown }): Promise<Application> => {
    const { actor } = input;
    requireRole(actor, 'exporter');
    if (!actor.orgId)
      throw new AppError('FORBIDDEN', 'Your account is not linked to an exporter organisation.');
    const data = parseDraft(input.type, input.data);
    const { application, event } = newDraft({
      id: deps.random.id(),
      issuerId: deps.issuerId,
      orgId: actor.orgId,
      type: input.type,
      data,
      actor,
      at: deps.clock.now().toISOString(),
    });
    await deps.applications.create(application, event);
    return application;
  };

export const getApplication =
  (deps: ApplicationDeps) =>
  (input: { actor: Actor; applicationId: string }): Promise<Application> =>
    loadApplication(deps, input.actor, input.applicationId);

export const editApplication =
  (deps: ApplicationDeps) =>
  async (input: {
    actor: Actor;
    applicationId: string;
    version: number;
    data: unknown;
  }): Promise<Application> => {
    const { actor } = input;
    const current = await loadApplication(deps, actor, input.applicationId);
    requireRole(actor, 'exporter');
    assertVersion(current, input.version);
    const { to } = transitionFor(current, 'edit');
    const data = parseDraft(current.type, input.data);
    // a save that changes nothing is no event: the history shows what people changed (docs/architecture.md §2)
    if (canonicalJson(data) === canonicalJson(current.data)) return current;
    return commit(
      deps,
      advance(current, { action: 'edit', to, actor, at: deps.clock.now().toISOString(), changes: { data } }),
    );
  };

/**
 * Submits the application, with the form's data when given (the portal's "Submit" saves and submits): one
 * event either way, and none when the submission is refused, which stores nothing (docs/architecture.md §2).
 * Submitting is signing the exporter's declaration, so only an authorised signatory submits, in person or through
 * an API key bound to them (SIGNATORY_REQUIRED otherwise); the event and the application record the declaration,
 * made at `place` or else at the organisation's city (docs/legal.md §8).
 */
export const submitApplication =
  (deps: ApplicationDeps) =>
  async (input: {
    actor: Actor;
    applicationId: string;
    version: number;
    data?: unknown;
    place?: string | undefined;
  }): Promise<Application> => {
    const { actor } = input;
    const current = await loadApplication(deps, actor, input.applicationId);
    requireRole(actor, 'exporter');
    assertVersion(current, input.version);
    const { to } = transitionFor(current, 'submit');
    const at = deps.clock.now().toISOString();
    // who may sign is decided before anything else: a person who may not submit learns that first
    const signed = await declarationOf(deps, { actor, orgId: current.orgId, at });
    const submitted = input.data === undefined ? current.data : parseDraft(current.type, input.data);
    // every problem at once, the data's and the missing invoice, so that one round of fixes is enough
    const attachments = await deps.attachments.list(deps.issuerId, current.id);
    const { data, errors } = submissionCheck(current.type, submitted, attachments);
    if (!data || errors.length > 0) {
      throw new AppError(
        'VALIDATION_FAILED',
        data
          ? 'Attach at least one invoice before submitting.'
          : 'The application is not complete; correct the listed fields.',
        { errors },
      );
    }
    const organisation = await deps.accounts.getOrganisation(deps.issuerId, current.orgId);
    if (!organisation)
      throw new AppError('INTERNAL', `Organisation ${current.orgId} of the application is missing.`);
    const declared = {
      ...signed,
      place: input.place?.trim() || declaredPlace(current.type, data, organisation),
    };
    return commit(
      deps,
      advance(current, {
        action: 'submit',
        to,
        actor,
        at,
        declaration: declared,
        changes: { data, submittedBy: actor.userId, submittedAt: at, declaration: declared },
      }),
    );
  };

/**
 * Where the exporter declares when the submit names no place: EUR.1's box 12 has the exporter's own place, so the
 * printed declaration repeats it; a certificate of origin has none, so it is the organisation's city.
 */
const declaredPlace = (
  type: CertificateType,
  data: Record<string, unknown>,
  organisation: Organisation,
): string => {
  const box12 = type === 'eur1' ? (data.declaration as { place?: unknown } | undefined)?.place : undefined;
  return typeof box12 === 'string' && box12.trim() ? box12.trim() : organisation.address.city;
};

export const cancelApplication =
  (deps: ApplicationDeps) =>
  async (input: { actor: Actor; applicationId: string; version: number }): Promise<Application> => {
    const { actor } = input;
    const current = await loadApplication(deps, actor, input.applicationId);
    requireRole(actor, 'exporter');
    assertVersion(current, input.version);
    const { to } = transitionFor(current, 'cancel');
    return commit(
      deps,
      advance(current, { action: 'cancel', to, actor, at: deps.clock.now().toISOString() }),
    );
  };

/** Staff send an application back for changes, or reject it; both need a comment the exporter will read. */
export const reviewApplication =
  (deps: ApplicationDeps) =>
  async (input: {
    actor: Actor;
    applicationId: string;
    version: number;
    decision: 'request-changes' | 'reject';
    comment: string;
  }): Promise<Application> => {
    const { actor, decision } = input;
    requireRole(actor, 'staff');
    const current = await loadApplication(deps, actor, input.applicationId);
    assertVersion(current, input.version);
    const { to } = transitionFor(current, decision);
    const comment = input.comment.trim();
    if (!comment) {
      throw new AppError('VALIDATION_FAILED', 'A comment is required.', {
        errors: [{ path: 'comment', message: 'is required', code: 'required' }],
      });
    }
    const at = deps.clock.now().toISOString();
    return commit(
      deps,
      advance(current, {
        action: decision,
        to,
        actor,
        at,
        comment,
        changes: { staffComment: { action: decision, text: comment, at, by: actor.userId } },
      }),
    );
  };

export const applicationEvents =
  (deps: ApplicationDeps) =>
  async (input: { actor: Actor; applicationId: string }): Promise<AuditEvent[]> => {
    const application = await loadApplication(deps, input.actor, input.applicationId);
    return deps.applications.events(deps.issuerId, application.id);
  };

/** Exporters list their organisation's applications (newest first); staff list by status (oldest first: a queue). */
export const listApplications =
  (deps: ApplicationDeps) =>
  async (input: {
    actor: Actor;
    status?: ApplicationStatus;
    type?: CertificateType;
    /** Staff: one exporter organisation's applications in the status, oldest first. */
    orgId?: string;
    cursor?: string;
    limit?: number;
  }): Promise<ApplicationList> => {
    const { actor } = input;
    const base = {
      issuerId: deps.issuerId,
      limit: input.limit ?? 25,
      ...(input.type ? { type: input.type } : {}),
      ...(input.cursor ? { cursor: input.cursor } : {}),
    };
    let query: ApplicationQuery;
    if (actor.role === 'exporter') {
      if (!actor.orgId)
        throw new AppError('FORBIDDEN', 'Your account is not linked to an exporter organisation.');
      query = { ...base, orgId: actor.orgId, ...(input.status ? { status: input.status } : {}) };
    } else if (input.orgId) {
      query = { ...base, orgId: input.orgId, status: input.status ?? 'SUBMITTED', oldestFirst: true };
    } else {
      query = { ...base, status: input.status ?? 'SUBMITTED' };
    }
    const list = await deps.applications.list(query);
    if (query.status !== 'DRAFT' || actor.role === 'exporter') return list;
    return { ...list, items: list.items.filter((application) => !isPrivateDraft(actor, application)) };
  };
