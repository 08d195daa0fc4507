// Simulated people for the load and crash suites: exporters who create, edit, document and submit applications,
// staff who review them (two of them often pressing approve on the same one), and verifiers who check
// certificates from their own loopback addresses. Every answer is counted; a 5xx or a missing answer is recorded.
import { sampleCertificateOfOrigin } from '../../fixtures/certificate-of-origin.ts';
import { sampleInvoicePdf } from '../../fixtures/documents.ts';
import { type HttpAnswer, type HttpCall, type HttpClient, multipartBody, NoAnswer } from './http-client.ts';

export interface IssuedRecord {
  applicationId: string;
  serial: string;
  code: string;
  sha256: string;
  approvedAt: number;
}

export interface Tally {
  requests: number;
  statuses: Record<number, number>;
  serverErrors: string[];
  noAnswers: string[];
  created: string[];
  submitted: number;
  approvals: Map<string, IssuedRecord>;
  approvalConflicts: number;
  otherApprovalAnswers: string[];
  reviews: number;
  revocations: Map<string, { requestedAt: number; answeredAt?: number }>;
  verifications: number;
  verificationMismatches: string[];
  rateLimited: number;
  rateLimitedWithoutRetryAfter: number;
}

export const newTally = (): Tally => ({
  requests: 0,
  statuses: {},
  serverErrors: [],
  noAnswers: [],
  created: [],
  submitted: 0,
  approvals: new Map(),
  approvalConflicts: 0,
  otherApprovalAnswers: [],
  reviews: 0,
  revocations: new Map(),
  verifications: 0,
  verificationMismatches: [],
  rateLimited: 0,
  rateLimitedWithoutRetryAfter: 0,
});

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const chance = (p: number) => Math.random() < p;
const pick = <T>(items: readonly T[]): T | undefined => items[Math.floor(Math.random() * items.length)];

/** Sends and counts; a connection-level failure is recorded and rethrown (the caller's loop decides). */
export const counted =
  (http: HttpClient, tally: Tally) =>
  async (path: string, call: HttpCall = {}): Promise<HttpAnswer> => {
    tally.requests += 1;
    try {
      const answer = await http.send(path, call);
      tally.statuses[answer.status] = (tally.statuses[answer.status] ?? 0) + 1;
      if (answer.status >= 500)
        tally.serverErrors.push(
          `${answer.status} ${call.method ?? 'GET'} ${path}: ${answer.text().slice(0, 200)}`,
        );
      if (answer.status === 429) {
        tally.rateLimited += 1;
        if (!answer.headers['retry-after']) tally.rateLimitedWithoutRetryAfter += 1;
      }
      return answer;
    } catch (error) {
      if (error instanceof NoAnswer)
        tally.noAnswers.push(`${call.method ?? 'GET'} ${path}: ${error.message}`);
      throw error;
    }
  };

let invoice: Promise<Uint8Array> | undefined;

/** Creates a complete application with an invoice; returns its id and version, or undefined when refused. */
export const createDocumented = async (
  send: ReturnType<typeof counted>,
  tally: Tally,
  token: string,
  goodsLines = 1 + Math.floor(Math.random() * 4),
): Promise<{ id: string; version: number } | undefined> => {
  const created = await send('/api/applications', {
    token,
    json: { type: 'co', data: sampleCertificateOfOrigin(goodsLines) },
  });
  if (created.status !== 201) return undefined;
  const { id } = created.json() as { id: string };
  tally.created.push(id);
  invoice ??= sampleInvoicePdf();
  const upload = multipartBody(await invoice, 'invoice.pdf', 'invoice');
  const uploaded = await send(`/api/applications/${id}/attachments`, {
    token,
    body: upload.body,
    headers: { 'Content-Type': upload.contentType },
  });
  if (uploaded.status !== 201) return undefined;
  return { id, version: 1 };
};

export const submit = async (
  send: ReturnType<typeof counted>,
  tally: Tally,
  token: string,
  application: { id: string; version: number },
) => {
  const answer = await send(`/api/applications/${application.id}/submit`, {
    token,
    json: { version: application.version },
  });
  if (answer.status === 200) tally.submitted += 1;
  return answer;
};

/** One exporter until `deadline`: resubmits what came back, creates, sometimes edits or cancels, submits. */
export const exporterLoop = async (
  send: ReturnType<typeof counted>,
  tally: Tally,
  token: string,
  deadline: number,
) => {
  while (Date.now() < deadline) {
    try {
      const returned = await send('/api/applications?status=CHANGES_REQUESTED&limit=5', { token });
      for (const item of (returned.json().items ?? []) as { id: string; version: number }[]) {
        await submit(send, tally, token, item);
      }
      const application = await createDocumented(send, tally, token);
      if (!application) continue;
      if (chance(0.2)) {
        const edited = await send(`/api/applications/${application.id}`, {
          token,
          method: 'PATCH',
          json: { version: application.version, data: sampleCertificateOfOrigin(3) },
        });
        if (edited.status === 200) application.version = edited.json().version;
      }
      if (chance(0.06)) {
        await send(`/api/applications/${application.id}/cancel`, {
          token,
          json: { version: application.version },
        });
      } else {
        await submit(send, tally, token, application);
      }
    } catch (error) {
      if (!(error instanceof NoAnswer)) throw error;
    }
    await pause(150 + Math.random() * 200);
  }
};

const recordApproval = (tally: Tally, id: string, answer: HttpAnswer) => {
  if (answer.status === 201) {
    const { certificate } = answer.json();
    tally.approvals.set(id, {
      applicationId: id,
      serial: certificate.serial,
      code: certificate.code,
      sha256: certificate.sha256,
      approvedAt: Date.now(),
    });
  } else if (answer.status === 409) tally.approvalConflicts += 1;
  else tally.otherApprovalAnswers.push(`${answer.status} ${answer.text().slice(0, 200)}`);
};

/** One staff member until `deadline`: takes the oldest submissions (so two staff often collide), mostly approves. */
export const staffLoop = async (
  send: ReturnType<typeof counted>,
  tally: Tally,
  token: string,
  deadline: number,
) => {
  while (Date.now() < deadline) {
    try {
      const queue = (await send('/api/applications?status=SUBMITTED&limit=3', { token })).json().items as {
        id: string;
        version: number;
      }[];
      const target = chance(0.7) ? queue[0] : pick(queue);
      if (!target) {
        await pause(100);
        continue;
      }
      const roll = Math.random();
      if (roll < 0.07 || roll > 0.97) {
        const action = roll < 0.07 ? 'request-changes' : 'reject';
        const answer = await send(`/api/applications/${target.id}/${action}`, {
          token,
          json: { version: target.version, comment: 'Box 8: the HS code of line 1 is missing.' },
        });
        if (answer.status === 200) tally.reviews += 1;
        continue;
      }
      recordApproval(
        tally,
        target.id,
        await send(`/api/applications/${target.id}/approve`, {
          token,
          json: { version: target.version },
        }),
      );
      if (chance(0.03)) {
        const victim = pick(
          [...tally.approvals.values()].filter((issued) => !tally.revocations.has(issued.serial)),
        );
        if (victim) {
          const revocation: { requestedAt: number; answeredAt?: number } = { requestedAt: Date.now() };
          tally.revocations.set(victim.serial, revocation);
          const answer = await send(`/api/certificates/${victim.serial}/revoke`, {
            token,
            json: { reason: 'issued-in-error' },
          });
          if (answer.status === 200) revocation.answeredAt = Date.now();
        }
      }
    } catch (error) {
      if (!(error instanceof NoAnswer)) throw error;
    }
  }
};

/** What verification must say about a certificate at the moment a request started and ended. */
const expectedStatuses = (tally: Tally, issued: IssuedRecord, startedAt: number): string[] => {
  const revocation = tally.revocations.get(issued.serial);
  if (!revocation) return ['VALID'];
  if (revocation.answeredAt !== undefined && revocation.answeredAt < startedAt) return ['REVOKED'];
  return ['VALID', 'REVOKED'];
};

const UNKNOWN_CODE = () =>
  Array.from({ length: 16 }, () => '0123456789ABCDEFGHJKMNPQRSTVWXYZ'[Math.floor(Math.random() * 32)]).join(
    '',
  );

/** One verifier at `from` (a loopback address of its own), at most `perSecond` requests a second. */
export const verifierLoop = async (
  send: ReturnType<typeof counted>,
  tally: Tally,
  from: string,
  deadline: number,
  perSecond: number,
) => {
  while (Date.now() < deadline) {
    const startedAt = Date.now();
    try {
      const issued = pick([...tally.approvals.values()]);
      const roll = Math.random();
      if (!issued || roll < 0.15) {
        const answer = await send(`/api/verify/${UNKNOWN_CODE()}`, { from });
        if (answer.status !== 404 && answer.status !== 429)
          tally.verificationMismatches.push(`unknown code answered ${answer.status}`);
      } else {
        const answer =
          roll < 0.6
            ? await send(`/api/verify/${issued.code}`, { from })
            : roll < 0.85
              ? await send('/api/verify/hash', { from, json: { sha256: issued.sha256 } })
              : await send(`/v/${issued.code}`, { from, headers: { Accept: 'application/json' } });
        if (answer.status !== 429) {
          tally.verifications += 1;
          const status = answer.status === 200 ? answer.json().status : `HTTP ${answer.status}`;
          const expected = expectedStatuses(tally, issued, startedAt);
          if (!expected.includes(status))
            tally.verificationMismatches.push(
              `${issued.serial}: ${status}, expected ${expected.join(' or ')}`,
            );
        }
      }
    } catch (error) {
      if (!(error instanceof NoAnswer)) throw error;
    }
    await pause(Math.max(0, 1000 / perSecond - (Date.now() - startedAt)));
  }
};
