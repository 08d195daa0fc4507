// Creating, reading and submitting applications: the exporter's side of the lifecycle.

import type { z } from 'zod';
import type { Actor } from '../accounts.ts';
import { requireRole, visibleOrNotFound } from '../authorization.ts';
import { AppError, type FieldError } from '../errors.ts';
import type { ApplicationRepository, Clock, RandomSource } from '../ports.ts';
import { type Application, assertVersion, type CertificateType, transitionFor } from './application.ts';
import { advance, chainEvent, GENESIS_HASH } from './audit-event.ts';
import { CertificateOfOriginData, CertificateOfOriginDraft } from './certificate-of-origin.ts';

export interface ApplicationDeps {
  issuerId: string;
  applications: ApplicationRepository;
  clock: Clock;
  random: RandomSource;
}

const SCHEMAS: Record<CertificateType, { draft: z.ZodType; complete: z.ZodType }> = {
  co: { draft: CertificateOfOriginDraft, complete: CertificateOfOriginData },
};

export const fieldErrors = (error: z.ZodError, prefix = 'data'): FieldError[] =>
  error.issues.map((issue) => ({
    path: [prefix, ...issue.path.map(String)].filter(Boolean).join('.'),
    message: issue.message,
  }));

const parseData = (
  type: CertificateType,
  data: unknown,
  stage: 'draft' | 'complete',
): Record<string, unknown> => {
  const result = SCHEMAS[type][stage].safeParse(data);
  if (!result.success) {
    throw new AppError(
      'VALIDATION_FAILED',
      stage === 'draft'
        ? 'Some fields are not valid.'
        : 'The application is not complete; correct the listed fields.',
      { errors: fieldErrors(result.error) },
    );
  }
  return result.data as Record<string, unknown>;
};

export const loadApplication = async (
  deps: ApplicationDeps,
  actor: Actor,
  id: string,
): Promise<Application> =>
  visibleOrNotFound(actor, await deps.applications.get(deps.issuerId, id), 'Application');

export const createApplication =
  (deps: ApplicationDeps) =>
  async (input: { actor: Actor; type: CertificateType; data: unknown }): Promise<Application> => {
    const { actor } = input;
    requireRole(actor, 'exporter');
    if (!actor.orgId)
      throw new AppError('FORBIDDEN', 'Your account is not linked to an exporter organisation.');
    const data = parseData(input.type, input.data, 'draft');
    const now = deps.clock.now().toISOString();
    const id = deps.random.id();
    const event = chainEvent({
      applicationId: id,
      seq: 1,
      at: now,
      actorId: actor.userId,
      actorRole: actor.role,
      action: 'create',
      from: null,
      to: 'DRAFT',
      prevHash: GENESIS_HASH,
    });
    const application: Application = {
      id,
      issuerId: deps.issuerId,
      orgId: actor.orgId,
      type: input.type,
      status: 'DRAFT',
      version: 1,
      data,
      createdBy: actor.userId,
      createdAt: now,
      updatedAt: now,
      lastEventHash: event.hash,
    };
    await deps.applications.create(application, event);
    return application;
  };

export const getApplication =
  (deps: ApplicationDeps) =>
  (input: { actor: Actor; applicationId: string }): Promise<Application> =>
    loadApplication(deps, input.actor, input.applicationId);

export const submitApplication =
  (deps: ApplicationDeps) =>
  async (input: { actor: Actor; applicationId: string; version: number }): Promise<Application> => {
    const { actor } = input;
    const current = await loadApplication(deps, actor, input.applicationId);
    requireRole(actor, 'exporter');
    assertVersion(current, input.version);
    const { to } = transitionFor(current, 'submit');
    const data = parseData(current.type, current.data, 'complete');
    const transition = advance(current, {
      action: 'submit',
      to,
      actor,
      at: deps.clock.now().toISOString(),
      changes: { data, submittedBy: actor.userId },
    });
    await deps.applications.transition(transition);
    return transition.next;
  };
