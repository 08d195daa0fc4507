// Building blocks for API suites: applications brought into a given status through the API, uploads,
// snapshots of what is stored, and the problem+json assertion every error answer must pass.
import { expect } from 'vitest';
import type { ApplicationStatus } from '../../functions/core/applications/application.ts';
import { sampleCertificateOfOrigin } from '../fixtures/certificate-of-origin.ts';
import { multipartFile, sampleInvoicePdf } from '../fixtures/documents.ts';
import { type Json, readJson } from './json.ts';
import type { TestStack } from './test-stack.ts';

export interface Stored {
  id: string;
  version: number;
}

export interface IssuedApplication extends Stored {
  serial: string;
  code: string;
}

/** Asserts an RFC 9457 problem answer with the given status and code; returns its body. */
export const expectProblem = async (response: Response, status: number, code?: string): Promise<Json> => {
  const text = await response.text();
  expect(response.status, text).toBe(status);
  expect(response.headers.get('Content-Type')).toBe('application/problem+json');
  const body = JSON.parse(text) as Json;
  expect(body).toMatchObject({ status, type: expect.any(String), title: expect.any(String) });
  expect(body.code).toMatch(/^[A-Z_]+$/);
  if (code) expect(body.code).toBe(code);
  return body;
};

/** Paths of the field errors of a problem answer. */
export const errorPaths = (problem: Json): string[] =>
  ((problem.errors ?? []) as { path: string }[]).map((error) => error.path);

export const uploadFile = async (
  stack: TestStack,
  token: string,
  applicationId: string,
  bytes: Uint8Array,
  fileName: string,
  kind?: string,
  /** The chamber's path form, such as `/c/al-chamber`; the first chamber's address when absent. */
  base = '',
): Promise<Response> =>
  stack.app.request(`${base}/api/applications/${applicationId}/attachments`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}` },
    body: multipartFile(bytes, fileName, kind),
  });

/** A DRAFT of exporter A (or of the holder of `token`), complete and with an invoice attached unless told otherwise. */
export const createDraft = async (
  stack: TestStack,
  options: { token?: string; withInvoice?: boolean; data?: unknown; type?: 'co' | 'eur1' } = {},
): Promise<Stored> => {
  const token = options.token ?? (await stack.login('exporterA'));
  const created = await stack.request('/api/applications', {
    token,
    json: { type: options.type ?? 'co', data: options.data ?? sampleCertificateOfOrigin(1) },
  });
  if (created.status !== 201) throw new Error(`create failed: ${created.status} ${await created.text()}`);
  const { id } = await readJson(created);
  if (options.withInvoice ?? true) {
    const uploaded = await uploadFile(stack, token, id, await sampleInvoicePdf(), 'invoice.pdf', 'invoice');
    if (uploaded.status !== 201) throw new Error(`upload failed: ${uploaded.status}`);
  }
  return { id, version: 1 };
};

const step = async (
  stack: TestStack,
  who: 'exporterA' | 'staff',
  application: Stored,
  action: string,
  extra: Record<string, unknown> = {},
): Promise<Stored> => {
  const response = await stack.request(`/api/applications/${application.id}/${action}`, {
    token: await stack.login(who),
    json: { version: application.version, ...extra },
  });
  if (response.status >= 300)
    throw new Error(`${action} failed: ${response.status} ${await response.text()}`);
  return { id: application.id, version: (await readJson(response)).version };
};

export const submitted = async (stack: TestStack): Promise<Stored> =>
  step(stack, 'exporterA', await createDraft(stack), 'submit');

/** Approves a SUBMITTED application of exporter A as `staff`; returns the certificate's serial and code. */
export const issued = async (stack: TestStack): Promise<IssuedApplication> => {
  const application = await submitted(stack);
  const response = await stack.request(`/api/applications/${application.id}/approve`, {
    token: await stack.login('staff'),
    json: { version: application.version },
  });
  if (response.status !== 201) throw new Error(`approve failed: ${response.status} ${await response.text()}`);
  const { certificate } = await readJson(response);
  return {
    id: application.id,
    version: application.version + 2,
    serial: certificate.serial,
    code: certificate.code,
  };
};

/** An issued certificate of exporter A, revoked by staff; the application is REVOKED. */
export const revoked = async (stack: TestStack): Promise<IssuedApplication> => {
  const application = await issued(stack);
  const response = await stack.request(`/api/certificates/${application.serial}/revoke`, {
    token: await stack.login('staff'),
    json: { reason: 'issued-in-error' },
  });
  if (response.status !== 200) throw new Error(`revoke failed: ${response.status} ${await response.text()}`);
  return { ...application, version: application.version + 1 };
};

/** An issued certificate of exporter A whose replacement has been issued; the old application is SUPERSEDED. */
export const superseded = async (stack: TestStack): Promise<IssuedApplication> => {
  const application = await issued(stack);
  const exporter = await stack.login('exporterA');
  const started = await stack.request(`/api/certificates/${application.serial}/replace`, {
    token: exporter,
    method: 'POST',
  });
  if (started.status !== 201) throw new Error(`replace failed: ${started.status} ${await started.text()}`);
  const replacement = { id: (await readJson(started)).id as string, version: 1 };
  const uploaded = await uploadFile(
    stack,
    exporter,
    replacement.id,
    await sampleInvoicePdf(),
    'invoice.pdf',
    'invoice',
  );
  if (uploaded.status !== 201) throw new Error(`upload failed: ${uploaded.status}`);
  const submittedReplacement = await step(stack, 'exporterA', replacement, 'submit');
  const approved = await stack.request(`/api/applications/${replacement.id}/approve`, {
    token: await stack.login('staff'),
    json: { version: submittedReplacement.version },
  });
  if (approved.status !== 201) throw new Error(`approve failed: ${approved.status} ${await approved.text()}`);
  const old = await readJson(await stack.request(`/api/applications/${application.id}`, { token: exporter }));
  if (old.status !== 'SUPERSEDED') throw new Error(`expected SUPERSEDED, got ${old.status}`);
  return { ...application, version: old.version };
};

/** An application of exporter A in the given status, reached through the API only (docs/architecture.md §2). */
export const applicationIn = async (stack: TestStack, status: ApplicationStatus): Promise<Stored> => {
  switch (status) {
    case 'DRAFT':
      return createDraft(stack);
    case 'SUBMITTED':
      return submitted(stack);
    case 'CHANGES_REQUESTED':
      return step(stack, 'staff', await submitted(stack), 'request-changes', {
        comment: 'Box 8: add the HS code of line 2.',
      });
    case 'REJECTED':
      return step(stack, 'staff', await submitted(stack), 'reject', {
        comment: 'The goods are not of Macedonian origin.',
      });
    case 'CANCELLED':
      return step(stack, 'exporterA', await createDraft(stack), 'cancel');
    case 'ISSUED':
      return issued(stack);
    case 'REVOKED':
      return revoked(stack);
    case 'SUPERSEDED':
      return superseded(stack);
    default:
      throw new Error(`cannot bring an application into ${status} through the API`);
  }
};

/**
 * What a reader sees of one of exporter A's applications: the stored representation and the audit trail, as raw
 * text. Read as exporter A, who sees every status (staff do not see drafts).
 */
export const snapshot = async (stack: TestStack, id: string) => {
  const token = await stack.login('exporterA');
  const application = await stack.request(`/api/applications/${id}`, { token });
  const events = await stack.request(`/api/applications/${id}/events`, { token });
  const eventsText = await events.text();
  return {
    application: await application.text(),
    events: eventsText,
    eventCount: (JSON.parse(eventsText) as { items: unknown[] }).items.length,
  };
};

export const createApiKey = async (stack: TestStack, token: string, name = 'ERP'): Promise<Json> => {
  const response = await stack.request('/api/api-keys', { token, json: { name } });
  if (response.status !== 201) throw new Error(`api key failed: ${response.status} ${await response.text()}`);
  return readJson(response);
};

/** A fresh token for a user of the stack, not the cached one (for tests that end sessions). */
export const freshLogin = async (stack: TestStack, email: string, password: string): Promise<string> => {
  const response = await stack.request('/api/auth/login', { json: { email, password } });
  if (response.status !== 200) throw new Error(`login of ${email} failed: ${response.status}`);
  return (await readJson(response)).token;
};

/** The password the people of these suites choose when an administrator's one must be changed. */
export const CHOSEN_PASSWORD = 'ochre lantern above the quiet river';

/**
 * The first login of a user an administrator created: logs in with the given password and, as the service asks
 * (PASSWORD_CHANGE_REQUIRED), chooses CHOSEN_PASSWORD; returns the token of the new session.
 */
export const firstLogin = async (stack: TestStack, email: string, password: string): Promise<string> => {
  const token = await freshLogin(stack, email, password);
  const changed = await stack.request('/api/me/password', {
    token,
    json: { currentPassword: password, newPassword: CHOSEN_PASSWORD },
  });
  if (changed.status !== 200)
    throw new Error(`password change failed: ${changed.status} ${await changed.text()}`);
  return (await readJson(changed)).token;
};
