// Every verification outcome from real issued certificates: revoked, replaced, exact and altered PDFs,
// the signed revocation list for offline verifiers, and per-client rate limiting.
import { compactVerify, createLocalJWKSet } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { sampleCertificateOfOrigin } from '../fixtures/certificate-of-origin.ts';
import { expectProblem } from '../support/api-fixtures.ts';
import { readJson } from '../support/json.ts';
import { pdfToText } from '../support/pdf-tools.ts';
import {
  attachInvoice,
  createTestStack,
  submittedApplication,
  type TestStack,
} from '../support/test-stack.ts';

let stack: TestStack;

const issue = async () => {
  const { id, version } = await submittedApplication(stack, sampleCertificateOfOrigin(1));
  const approved = await readJson(
    await stack.request(`/api/applications/${id}/approve`, {
      token: await stack.login('staff'),
      json: { version },
    }),
  );
  return approved.certificate as { serial: string; code: string; sha256: string };
};

const pdfOf = async (serial: string) =>
  new Uint8Array(
    await (
      await stack.request(`/api/certificates/${serial}/pdf`, { token: await stack.login('staff') })
    ).arrayBuffer(),
  );

beforeAll(async () => {
  stack = await createTestStack();
});

describe('revocation', () => {
  it('turns the certificate REVOKED at once, with date and reason, on the API and on the page', async () => {
    const certificate = await issue();
    const refused = await stack.request(`/api/certificates/${certificate.serial}/revoke`, {
      token: await stack.login('exporterA'),
      json: { reason: 'fraud' },
    });
    expect(refused.status).toBe(403);
    const revoked = await stack.request(`/api/certificates/${certificate.serial}/revoke`, {
      token: await stack.login('staff'),
      json: { reason: 'incorrect-data', comment: 'Wrong HS code on line 1' },
    });
    expect(revoked.status).toBe(200);

    const verified = await stack.request(`/api/verify/${certificate.code}`);
    expect(verified.status).toBe(200);
    const result = await readJson(verified);
    expect(result).toMatchObject({
      status: 'REVOKED',
      reason: 'incorrect-data',
      certificate: { serial: certificate.serial },
    });
    expect(result.revokedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(result.expectedSeal).toBeUndefined();
    const page = await (await stack.request(`/v/${certificate.code}`)).text();
    expect(page).toContain('data-status="REVOKED"');
    // the file's hash answers the same at once: it carries a copy of the certificate, rewritten with it
    const byHash = await readJson(
      await stack.request('/api/verify/hash', { json: { sha256: certificate.sha256 } }),
    );
    expect(byHash).toMatchObject({
      status: 'REVOKED',
      reason: 'incorrect-data',
      revokedAt: result.revokedAt,
    });

    const again = await stack.request(`/api/certificates/${certificate.serial}/revoke`, {
      token: await stack.login('staff'),
      json: { reason: 'fraud' },
    });
    expect(again.status).toBe(409);
  });
});

describe('replacement', () => {
  it('issues a new certificate that names the old one, and the old one becomes SUPERSEDED and links forward', async () => {
    const old = await issue();
    const exporter = await stack.login('exporterA');
    const started = await stack.request(`/api/certificates/${old.serial}/replace`, {
      token: exporter,
      json: {},
    });
    expect(started.status).toBe(201);
    const replacement = await readJson(started);
    expect(replacement).toMatchObject({ status: 'DRAFT', replaces: { serial: old.serial } });

    await stack.request(`/api/applications/${replacement.id}`, {
      token: exporter,
      method: 'PATCH',
      json: {
        version: 1,
        data: { ...sampleCertificateOfOrigin(1), remarks: 'Corrected consignee address.' },
      },
    });
    await attachInvoice(stack.app.request, exporter, replacement.id);
    expect(
      (
        await stack.request(`/api/applications/${replacement.id}/submit`, {
          token: exporter,
          json: { version: 2 },
        })
      ).status,
    ).toBe(200);
    const approved = await readJson(
      await stack.request(`/api/applications/${replacement.id}/approve`, {
        token: await stack.login('staff2'),
        json: { version: 3 },
      }),
    );
    const fresh = approved.certificate as { serial: string; code: string };

    const oldStatus = await readJson(await stack.request(`/api/verify/${old.code}`));
    expect(oldStatus).toMatchObject({
      status: 'SUPERSEDED',
      supersededBy: { serial: fresh.serial, code: fresh.code },
    });
    const page = await (await stack.request(`/v/${old.code}`)).text();
    expect(page).toContain('data-status="SUPERSEDED"');
    expect(page).toContain(`/v/${fresh.code}`);
    expect(
      await readJson(await stack.request('/api/verify/hash', { json: { sha256: old.sha256 } })),
    ).toMatchObject({
      status: 'SUPERSEDED',
      supersededBy: { serial: fresh.serial, code: fresh.code },
    });
    expect((await readJson(await stack.request(`/api/verify/${fresh.code}`))).status).toBe('VALID');

    // box 5 (remarks) sits beside box 4 on the form, so the two boxes' lines interleave in the extracted text
    const text = (await pdfToText(await pdfOf(fresh.serial))).replace(/\s+/g, ' ');
    expect(text).toContain('Го заменува уверението бр. / Replaces certificate');
    expect(text).toContain(`No. ${old.serial} Corrected consignee address.`);

    const events = await readJson(
      await stack.request(
        `/api/applications/${(await readJson(await stack.request(`/api/certificates/${old.serial}`, { token: exporter }))).applicationId}/events`,
        { token: exporter },
      ),
    );
    expect(events.items.at(-1)).toMatchObject({ action: 'supersede', to: 'SUPERSEDED' });
  });
});

describe('verifying a file', () => {
  it('recognises the exact issued PDF by its hash or its bytes, and nothing else', async () => {
    const certificate = await issue();
    const pdf = await pdfOf(certificate.serial);
    const byHash = await stack.request('/api/verify/hash', { json: { sha256: certificate.sha256 } });
    expect((await readJson(byHash)).status).toBe('VALID');
    const byBytes = await stack.app.request('/api/verify/pdf', {
      method: 'POST',
      headers: { 'Content-Type': 'application/pdf' },
      body: pdf,
    });
    expect((await readJson(byBytes)).certificate.serial).toBe(certificate.serial);

    const altered = pdf.slice();
    const middle = Math.floor(altered.length / 2);
    altered[middle] = (altered[middle] ?? 0) ^ 0x01;
    const changed = await stack.app.request('/api/verify/pdf', {
      method: 'POST',
      headers: { 'Content-Type': 'application/pdf' },
      body: altered,
    });
    expect(changed.status).toBe(404);
    expect((await readJson(changed)).status).toBe('NOT_FOUND');
    const malformed = await stack.request('/api/verify/hash', { json: { sha256: 'not-a-hash' } });
    expect(malformed.status).toBe(400);
  });
});

describe('the revocation list for offline verifiers', () => {
  it('is a JWS signed with a published key listing every revoked and superseded serial, with nextUpdate', async () => {
    const revoked = await issue();
    await stack.request(`/api/certificates/${revoked.serial}/revoke`, {
      token: await stack.login('staff'),
      json: { reason: 'fraud' },
    });
    const response = await stack.request('/status/revocations');
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Type')).toBe('application/jose');
    expect(response.headers.get('Cache-Control')).toMatch(/^public, max-age=\d+$/);
    const jwks = await readJson(await stack.request('/.well-known/jwks.json'));
    const { payload } = await compactVerify(await response.text(), createLocalJWKSet(jwks as never));
    const list = JSON.parse(new TextDecoder().decode(payload));
    expect(list.iss).toBe(stack.config.issuer.id);
    expect(Date.parse(list.nextUpdate)).toBeGreaterThan(Date.now());
    expect(list.entries).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ sn: revoked.serial, status: 'REVOKED', reason: 'fraud' }),
      ]),
    );
  });
});

describe('abuse resistance', () => {
  it('answers 429 with Retry-After when one client asks too often', async () => {
    const { createVerifyApp } = await import('../../functions/verify/app.tsx');
    const { buildVerifyDeps } = await import('../../functions/config/verify-deps.ts');
    const app = createVerifyApp(await buildVerifyDeps(stack.config), { requestsPerMinute: 5 });
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await app.request('/api/verify/ABCDEFGHJKMNPQRS')).status);
    expect(statuses).toEqual([404, 404, 404, 404, 404, 429, 429]);
    const limited = await app.request('/api/verify/ABCDEFGHJKMNPQRS');
    expect(Number(limited.headers.get('Retry-After'))).toBeGreaterThan(0);
    expect((await readJson(limited)).code).toBe('RATE_LIMITED');
  });
});

// --- Revocation and replacement that cannot be laundered (docs/architecture.md §2) ---

/** Starts a replacement of `serial` as exporter A; returns the answer. */
const startReplacement = async (serial: string, who: 'exporterA' | 'staff' = 'exporterA') =>
  stack.request(`/api/certificates/${serial}/replace`, { token: await stack.login(who), json: {} });

/** Submits a replacement draft (its documents are carried over) and approves it as staff2. */
const submitAndApprove = async (replacementId: string) => {
  const exporter = await stack.login('exporterA');
  const submitted = await stack.request(`/api/applications/${replacementId}/submit`, {
    token: exporter,
    json: { version: 1 },
  });
  expect(submitted.status, await submitted.clone().text()).toBe(200);
  return stack.request(`/api/applications/${replacementId}/approve`, {
    token: await stack.login('staff2'),
    json: { version: (await readJson(submitted)).version },
  });
};

const revoke = async (serial: string, reason: string, comment?: string) => {
  const response = await stack.request(`/api/certificates/${serial}/revoke`, {
    token: await stack.login('staff'),
    json: { reason, ...(comment ? { comment } : {}) },
  });
  expect(response.status, await response.clone().text()).toBe(200);
};

const signedList = async () => {
  const jwks = await readJson(await stack.request('/.well-known/jwks.json'));
  const { payload } = await compactVerify(
    await (await stack.request('/status/revocations')).text(),
    createLocalJWKSet(jwks as never),
  );
  return JSON.parse(new TextDecoder().decode(payload)) as { entries: Record<string, unknown>[] };
};

const applicationOf = async (serial: string) => {
  const token = await stack.login('exporterA');
  const certificate = await readJson(await stack.request(`/api/certificates/${serial}`, { token }));
  return readJson(await stack.request(`/api/applications/${certificate.applicationId}`, { token }));
};

/** Removes the replacement lock of a certificate, as for a draft opened before there were locks. */
const forgetReplacementLock = async (serial: string) => {
  const { DeleteCommand } = await import('@aws-sdk/lib-dynamodb');
  const { keys } = await import('../../functions/adapters/dynamodb/table.ts');
  await stack.db.send(
    new DeleteCommand({
      TableName: stack.config.tableName,
      Key: keys.replacementLock(stack.config.issuer.id, serial),
    }),
  );
};

describe('a revoked certificate stays REVOKED', () => {
  it('after its replacement is issued: on the API, the page (en, mk, sq), its file and the signed list, linking forward', async () => {
    const old = await issue();
    await revoke(old.serial, 'incorrect-data', 'Wrong consignee');
    const started = await startReplacement(old.serial);
    expect(started.status).toBe(201);
    const approved = await submitAndApprove((await readJson(started)).id);
    expect(approved.status, await approved.clone().text()).toBe(201);
    const fresh = (await readJson(approved)).certificate as { serial: string; code: string };

    const verified = await readJson(await stack.request(`/api/verify/${old.code}`));
    expect(verified).toMatchObject({
      status: 'REVOKED',
      reason: 'incorrect-data',
      replacedBy: { serial: fresh.serial, code: fresh.code },
    });
    expect(verified.supersededBy).toBeUndefined();
    expect(
      await readJson(await stack.request('/api/verify/hash', { json: { sha256: old.sha256 } })),
    ).toMatchObject({ status: 'REVOKED', replacedBy: { serial: fresh.serial } });
    const staffView = await readJson(
      await stack.request(`/api/certificates/${old.serial}`, { token: await stack.login('staff') }),
    );
    expect(staffView).toMatchObject({
      status: 'REVOKED',
      revocation: { reason: 'incorrect-data' },
      replacedBy: { serial: fresh.serial, code: fresh.code },
    });
    const oldApplication = await applicationOf(old.serial);
    expect(oldApplication.status).toBe('REVOKED');

    const words = {
      en: ['Revoked — not valid', 'Replaced by'],
      mk: ['Поништено', 'Заменето со'],
      sq: ['Revokuar', 'Zëvendësuar nga'],
    };
    for (const [language, [headline, replacedBy]] of Object.entries(words)) {
      const page = await (await stack.request(`/v/${old.code}?lang=${language}`)).text();
      expect(page).toContain('data-status="REVOKED"');
      expect(page).toContain(headline);
      expect(page).toContain(replacedBy);
      expect(page).toContain(`/v/${fresh.code}?lang=${language}`);
      expect(page).toContain('data-fact="replacement-note"');
    }

    const entry = (await signedList()).entries.find((candidate) => candidate.sn === old.serial);
    expect(entry).toMatchObject({ status: 'REVOKED', reason: 'incorrect-data', replacedBy: fresh.serial });
    expect((await readJson(await stack.request(`/api/verify/${fresh.code}`))).status).toBe('VALID');
  });

  it('names the replacement of a superseded certificate as replacedBy too, keeping supersededBy', async () => {
    const old = await issue();
    const approved = await submitAndApprove((await readJson(await startReplacement(old.serial))).id);
    const fresh = (await readJson(approved)).certificate as { serial: string; code: string };
    expect(await readJson(await stack.request(`/api/verify/${old.code}`))).toMatchObject({
      status: 'SUPERSEDED',
      supersededBy: { serial: fresh.serial },
      replacedBy: { serial: fresh.serial, code: fresh.code },
    });
    const entry = (await signedList()).entries.find((candidate) => candidate.sn === old.serial);
    expect(entry).toMatchObject({ status: 'SUPERSEDED', by: fresh.serial, replacedBy: fresh.serial });
  });

  it.each(['fraud', 'goods-not-originating'])(
    'refuses to replace a certificate revoked for %s with 409 REPLACEMENT_FORBIDDEN',
    async (reason) => {
      const old = await issue();
      await revoke(old.serial, reason);
      await expectProblem(await startReplacement(old.serial), 409, 'REPLACEMENT_FORBIDDEN');
      await expectProblem(await startReplacement(old.serial, 'staff'), 409, 'REPLACEMENT_FORBIDDEN');
      expect((await readJson(await stack.request(`/api/verify/${old.code}`))).status).toBe('REVOKED');
    },
  );

  it('does not issue a replacement started before its certificate was revoked for fraud', async () => {
    const old = await issue();
    const started = await readJson(await startReplacement(old.serial));
    await revoke(old.serial, 'fraud');
    await expectProblem(await submitAndApprove(started.id), 409, 'REPLACEMENT_FORBIDDEN');
    const replacement = await readJson(
      await stack.request(`/api/applications/${started.id}`, { token: await stack.login('exporterA') }),
    );
    expect(replacement.status).toBe('SUBMITTED');
    expect(replacement.certificate).toBeUndefined();
    expect(await readJson(await stack.request(`/api/verify/${old.code}`))).toMatchObject({
      status: 'REVOKED',
      reason: 'fraud',
    });
  });
});

describe('one replacement per certificate', () => {
  it('lets exactly one of parallel replacement requests start a draft; the others get 409 REPLACEMENT_IN_PROGRESS', async () => {
    const old = await issue();
    const answers = await Promise.all(Array.from({ length: 5 }, () => startReplacement(old.serial)));
    expect(answers.map((answer) => answer.status).sort()).toEqual([201, 409, 409, 409, 409]);
    for (const refused of answers.filter((answer) => answer.status === 409)) {
      await expectProblem(refused, 409, 'REPLACEMENT_IN_PROGRESS');
    }
    const drafts = await readJson(
      await stack.request('/api/applications?status=DRAFT&limit=100', {
        token: await stack.login('exporterA'),
      }),
    );
    expect(
      drafts.items.filter(
        (draft: { replaces?: { serial: string } }) => draft.replaces?.serial === old.serial,
      ),
    ).toHaveLength(1);
  });

  it('frees the certificate for another replacement when the open one is cancelled or rejected', async () => {
    const old = await issue();
    const first = await readJson(await startReplacement(old.serial));
    await expectProblem(await startReplacement(old.serial), 409, 'REPLACEMENT_IN_PROGRESS');
    const exporter = await stack.login('exporterA');
    const cancelled = await stack.request(`/api/applications/${first.id}/cancel`, {
      token: exporter,
      json: { version: 1 },
    });
    expect(cancelled.status).toBe(200);

    const second = await startReplacement(old.serial);
    expect(second.status).toBe(201);
    const secondId = (await readJson(second)).id;
    const submitted = await stack.request(`/api/applications/${secondId}/submit`, {
      token: exporter,
      json: { version: 1 },
    });
    expect(submitted.status).toBe(200);
    await expectProblem(await startReplacement(old.serial), 409, 'REPLACEMENT_IN_PROGRESS');
    const rejected = await stack.request(`/api/applications/${secondId}/reject`, {
      token: await stack.login('staff'),
      json: { version: 2, comment: 'Not needed.' },
    });
    expect(rejected.status).toBe(200);
    expect((await startReplacement(old.serial)).status).toBe(201);
  });

  it('never issues a replacement of a certificate already replaced (drafts opened before the lock)', async () => {
    const old = await issue();
    const first = await readJson(await startReplacement(old.serial));
    await forgetReplacementLock(old.serial);
    const second = await readJson(await startReplacement(old.serial));
    const issuedSecond = await submitAndApprove(second.id);
    expect(issuedSecond.status).toBe(201);
    const fresh = (await readJson(issuedSecond)).certificate;

    await expectProblem(await submitAndApprove(first.id), 409, 'ALREADY_REPLACED');
    const firstNow = await readJson(
      await stack.request(`/api/applications/${first.id}`, { token: await stack.login('exporterA') }),
    );
    expect(firstNow).toMatchObject({ status: 'SUBMITTED' });
    expect(firstNow.certificate).toBeUndefined();
    expect(await readJson(await stack.request(`/api/verify/${old.code}`))).toMatchObject({
      status: 'SUPERSEDED',
      replacedBy: { serial: fresh.serial },
    });
    await expectProblem(await startReplacement(old.serial), 409, 'ALREADY_REPLACED');
    // the refused one can still be rejected: it holds no lock, so it lets go of none
    const rejected = await stack.request(`/api/applications/${first.id}/reject`, {
      token: await stack.login('staff'),
      json: { version: 2, comment: 'Already replaced.' },
    });
    expect(rejected.status, await rejected.clone().text()).toBe(200);
  });

  it('issues exactly one of two replacements approved at once (drafts opened before the lock)', async () => {
    const old = await issue();
    const first = await readJson(await startReplacement(old.serial));
    await forgetReplacementLock(old.serial);
    const second = await readJson(await startReplacement(old.serial));
    const exporter = await stack.login('exporterA');
    for (const draft of [first, second]) {
      const submitted = await stack.request(`/api/applications/${draft.id}/submit`, {
        token: exporter,
        json: { version: 1 },
      });
      expect(submitted.status).toBe(200);
    }
    const answers = await Promise.all(
      [first, second].map(async (draft) =>
        stack.request(`/api/applications/${draft.id}/approve`, {
          token: await stack.login('staff2'),
          json: { version: 2 },
        }),
      ),
    );
    expect(answers.map((answer) => answer.status).sort()).toEqual([201, 409]);
    const refused = await readJson(answers.find((answer) => answer.status === 409) as Response);
    expect(['REPLACEMENT_IN_PROGRESS', 'ALREADY_REPLACED']).toContain(refused.code);
    const winner = (await readJson(answers.find((answer) => answer.status === 201) as Response)).certificate;
    expect(await readJson(await stack.request(`/api/verify/${old.code}`))).toMatchObject({
      status: 'SUPERSEDED',
      replacedBy: { serial: winner.serial },
    });
  });
});

describe('a replacement carries the documents over', () => {
  it('copies the original’s documents, so it can be submitted without uploading the invoice again', async () => {
    const old = await issue();
    const exporter = await stack.login('exporterA');
    const original = await applicationOf(old.serial);
    const originalDocuments = (
      await readJson(await stack.request(`/api/applications/${original.id}/attachments`, { token: exporter }))
    ).items;
    expect(originalDocuments.length).toBeGreaterThan(0);

    const replacement = await readJson(await startReplacement(old.serial));
    const copied = (
      await readJson(
        await stack.request(`/api/applications/${replacement.id}/attachments`, { token: exporter }),
      )
    ).items;
    expect(copied.map((document: { kind: string; fileName: string; sha256: string }) => document)).toEqual(
      originalDocuments.map((document: { kind: string; fileName: string; sha256: string }) =>
        expect.objectContaining({
          kind: document.kind,
          fileName: document.fileName,
          sha256: document.sha256,
        }),
      ),
    );
    const events = (
      await readJson(await stack.request(`/api/applications/${replacement.id}/events`, { token: exporter }))
    ).items;
    expect(events.map((event: { action: string }) => event.action)).toEqual(['create']);

    // the exporter may change them: removing the copy leaves the original's file alone
    const removed = await stack.app.request(
      `/api/applications/${replacement.id}/attachments/${copied[0].id}`,
      { method: 'DELETE', headers: { Authorization: `Bearer ${exporter}` } },
    );
    expect(removed.status).toBe(204);
    const originalFile = await stack.request(
      `/api/applications/${original.id}/attachments/${originalDocuments[0].id}`,
      { token: exporter },
    );
    expect(originalFile.status).toBe(200);
    await attachInvoice(stack.app.request, exporter, replacement.id);
    const approved = await stack.request(`/api/applications/${replacement.id}/submit`, {
      token: exporter,
      json: { version: 1 },
    });
    expect(approved.status).toBe(200);
  });
});

describe('a disabled organisation', () => {
  it('gets nothing approved: 409 ORGANISATION_DISABLED, the application stays SUBMITTED, nothing reserved', async () => {
    const token = await stack.login('exporterB');
    const created = await readJson(
      await stack.request('/api/applications', {
        token,
        json: { type: 'co', data: sampleCertificateOfOrigin(1) },
      }),
    );
    await attachInvoice(stack.app.request, token, created.id);
    const submitted = await stack.request(`/api/applications/${created.id}/submit`, {
      token,
      json: { version: 1 },
    });
    expect(submitted.status).toBe(200);
    const admin = await stack.login('admin');
    expect(
      (await stack.request(`/api/orgs/${stack.orgB.id}/disable`, { token: admin, json: {} })).status,
    ).toBe(200);
    const before = await issue();
    try {
      const refused = await stack.request(`/api/applications/${created.id}/approve`, {
        token: await stack.login('staff'),
        json: { version: 2 },
      });
      await expectProblem(refused, 409, 'ORGANISATION_DISABLED');
      const staffRead = await readJson(
        await stack.request(`/api/applications/${created.id}`, { token: await stack.login('staff') }),
      );
      expect(staffRead).toMatchObject({ status: 'SUBMITTED', version: 2 });
      expect(staffRead.certificate).toBeUndefined();
    } finally {
      await stack.request(`/api/orgs/${stack.orgB.id}/enable`, { token: admin, json: {} });
    }
    // nothing was reserved: once enabled, the application gets the very next serial
    const approved = await stack.request(`/api/applications/${created.id}/approve`, {
      token: await stack.login('staff'),
      json: { version: 2 },
    });
    expect(approved.status).toBe(201);
    const serialNumber = (serial: string) => Number(serial.split('-').at(-1));
    expect(serialNumber((await readJson(approved)).certificate.serial)).toBe(serialNumber(before.serial) + 1);
  });
});
