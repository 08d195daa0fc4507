// Authorised signatories and the exporter's declaration (docs/legal.md §8): who may submit, in person or through a
// key bound to them; who registers them; what the declaration records, who sees it, and the printed line.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { sampleMovementCertificate } from '../fixtures/movement-certificate-eur1.ts';
import { createDraft, expectProblem, firstLogin, type Stored, snapshot } from '../support/api-fixtures.ts';
import { type Json, readJson } from '../support/json.ts';
import { pdfToText } from '../support/pdf-tools.ts';
import { createTestStack, type TestStack } from '../support/test-stack.ts';

let stack: TestStack;
/** Org A's admin, who registers signatories; not a signatory themselves. */
let orgAdmin: string;

beforeAll(async () => {
  stack = await createTestStack();
  orgAdmin = (await person({ orgAdmin: true })).token;
});

const admin = () => stack.login('admin');

/** A new person of organisation A (or `orgId`), logged in with their own password. */
const person = async (fields: Json = {}): Promise<{ id: string; token: string }> => {
  const email = `${randomUUID().slice(0, 8)}@a.test`;
  const created = await stack.request('/api/users', {
    token: await admin(),
    json: { email, name: 'Јована Трајковска', role: 'exporter', orgId: stack.orgA.id, ...fields },
  });
  expect(created.status).toBe(201);
  const user = await readJson(created);
  return { id: user.id, token: await firstLogin(stack, email, user.initialPassword) };
};

const grant = (
  token: string,
  userId: string,
  body: Json = { fullName: 'Јована Трајковска', function: 'Управител' },
) => stack.request(`/api/users/${userId}/signatory`, { token, json: body });

const revoke = (token: string, userId: string) =>
  stack.request(`/api/users/${userId}/signatory`, { token, method: 'DELETE' });

/** A signatory of org A, registered by its organisation admin. */
const signatory = async (fullName = 'Јована Трајковска', role = 'Извршен директор') => {
  const user = await person();
  expect((await grant(orgAdmin, user.id, { fullName, function: role })).status).toBe(200);
  return user;
};

const submit = (token: string, application: Stored, extra: Json = {}) =>
  stack.request(`/api/applications/${application.id}/submit`, {
    token,
    json: { version: application.version, ...extra },
  });

const keyFor = async (token: string, signatoryId?: string) => {
  const response = await stack.request('/api/api-keys', {
    token,
    json: { name: 'ERP', ...(signatoryId ? { signatoryId } : {}) },
  });
  return { response, key: response.status === 201 ? await readJson(response) : undefined };
};

const userIdOf = async (token: string): Promise<string> =>
  (await readJson(await stack.request('/api/me', { token }))).userId;

/** Submits refused with SIGNATORY_REQUIRED, and the application as it was: no event, no new version. */
const expectRefusedAndUntouched = async (token: string, application: Stored) => {
  const before = await snapshot(stack, application.id);
  const problem = await expectProblem(await submit(token, application), 403, 'SIGNATORY_REQUIRED');
  expect(await snapshot(stack, application.id)).toEqual(before);
  return problem;
};

describe('who may submit', () => {
  it('lets an authorised signatory submit with their own login, which records the declaration', async () => {
    const token = await stack.login('exporterA');
    const draft = await createDraft(stack);
    const response = await submit(token, draft);
    expect(response.status).toBe(200);
    const application = await readJson(response);
    expect(application.declaration).toEqual({
      signatoryId: await userIdOf(token),
      name: 'Ана Петровска',
      function: 'Управител',
      place: 'Скопје',
      at: application.submittedAt,
    });
    const { items } = await readJson(await stack.request(`/api/applications/${draft.id}/events`, { token }));
    expect(items.at(-1)).toMatchObject({ action: 'submit', declaration: application.declaration });
  });

  it('refuses a person who is not a signatory with 403 SIGNATORY_REQUIRED and leaves the application as it was', async () => {
    const colleague = await person();
    const draft = await createDraft(stack, { token: colleague.token });
    const problem = await expectRefusedAndUntouched(colleague.token, draft);
    expect(problem.detail).toMatch(/authorised signatory/);
  });

  it('takes the place from the submit when given: the old body without it still works', async () => {
    const { token } = await signatory();
    const draft = await createDraft(stack, { token });
    const application = await readJson(await submit(token, draft, { place: 'Битола' }));
    expect(application.declaration).toMatchObject({
      name: 'Јована Трајковска',
      function: 'Извршен директор',
      place: 'Битола',
    });
  });

  it("declares at EUR.1 box 12's place when the submit names none, and prints it whole in box 12", async () => {
    const { token } = await signatory();
    const draft = await createDraft(stack, { token, type: 'eur1', data: sampleMovementCertificate(1) });
    const application = await readJson(await submit(token, draft));
    const place = application.data.declaration.place;
    expect(application.declaration.place).toBe(place);
    const approved = await stack.request(`/api/applications/${draft.id}/approve`, {
      token: await stack.login('staff'),
      json: { version: application.version },
    });
    expect(approved.status).toBe(201);
    const { certificate } = await readJson(approved);
    const pdf = await stack.request(`/api/certificates/${certificate.serial}/pdf`, { token });
    const text = (await pdfToText(new Uint8Array(await pdf.arrayBuffer()))).replace(/\s+/g, ' ');
    // whole, to the minute: a line cut short ends in "…" before its time
    expect(text).toMatch(
      new RegExp(
        `Declared electronically by Јована Трајковска, Извршен директор, at ${place} on \\d{2}\\.\\d{2}\\.\\d{4} \\d{2}:\\d{2}`,
      ),
    );
  });

  it('declares again on a resubmission after changes were requested', async () => {
    const token = await stack.login('exporterA');
    const draft = await createDraft(stack);
    const first = await readJson(await submit(token, draft));
    const back = await stack.request(`/api/applications/${draft.id}/request-changes`, {
      token: await stack.login('staff'),
      json: { version: first.version, comment: 'Box 6: the HS code is incomplete.' },
    });
    expect(back.status).toBe(200);
    const again = await readJson(await submit(token, { id: draft.id, version: first.version + 1 }));
    expect(again.declaration.at).toBe(again.submittedAt);
    expect(again.declaration.at > first.declaration.at).toBe(true);
    const { items } = await readJson(await stack.request(`/api/applications/${draft.id}/events`, { token }));
    expect(items.filter((event: Json) => event.action === 'submit' && event.declaration)).toHaveLength(2);
  });
});

describe('API keys and signatories', () => {
  it('lets a key bound to its signatory submit in their name, and refuses an unbound key', async () => {
    const exporter = await stack.login('exporterA');
    const exporterId = await userIdOf(exporter);
    const bound = await keyFor(exporter, exporterId);
    expect(bound.response.status).toBe(201);
    expect(bound.key?.signatoryId).toBe(exporterId);
    const unbound = await keyFor(exporter);
    expect(unbound.key?.signatoryId).toBeNull();

    const refused = await createDraft(stack, { token: unbound.key?.secret });
    const problem = await expectRefusedAndUntouched(unbound.key?.secret, refused);
    expect(problem.detail).toMatch(/not bound to an authorised signatory/);

    const draft = await createDraft(stack, { token: bound.key?.secret });
    const response = await submit(bound.key?.secret, draft);
    expect(response.status).toBe(200);
    expect((await readJson(response)).declaration).toMatchObject({
      signatoryId: exporterId,
      name: 'Ана Петровска',
      apiKeyId: bound.key?.id,
    });
  });

  it("binds a key only to its creator: a colleague's id is 403, another organisation's user 404, a non-signatory 403", async () => {
    const exporter = await stack.login('exporterA');
    const colleague = await signatory();
    await expectProblem((await keyFor(exporter, colleague.id)).response, 403, 'FORBIDDEN');
    const foreign = await userIdOf(await stack.login('exporterB'));
    await expectProblem((await keyFor(exporter, foreign)).response, 404, 'NOT_FOUND');
    await expectProblem((await keyFor(exporter, randomUUID())).response, 404, 'NOT_FOUND');
    const plain = await person();
    await expectProblem((await keyFor(plain.token, plain.id)).response, 403, 'SIGNATORY_REQUIRED');
  });
});

describe('revoking signatory rights and disabling the signatory', () => {
  it('stops the next submit of the person and of their bound key at once; a new grant does not revive the key', async () => {
    const holder = await signatory();
    const { key } = await keyFor(holder.token, holder.id);
    const draft = await createDraft(stack, { token: holder.token });
    const revoked = await readJson(await revoke(orgAdmin, holder.id));
    expect(revoked.signatory).toBeNull();
    await expectRefusedAndUntouched(holder.token, draft);
    await expectRefusedAndUntouched(key?.secret, draft);

    expect((await grant(orgAdmin, holder.id)).status).toBe(200);
    const problem = await expectRefusedAndUntouched(key?.secret, draft);
    expect(problem.detail).toMatch(/no longer sign/);
    expect((await submit(holder.token, draft)).status).toBe(200);
  });

  it('keeps the grant when only the name or function is corrected, so bound keys keep working', async () => {
    const holder = await signatory();
    const { key } = await keyFor(holder.token, holder.id);
    const corrected = await readJson(
      await grant(orgAdmin, holder.id, { fullName: 'Јована Трајковска-Илиевска', function: 'Управител' }),
    );
    expect(corrected.signatory).toMatchObject({
      fullName: 'Јована Трајковска-Илиевска',
      function: 'Управител',
    });
    const draft = await createDraft(stack, { token: key?.secret });
    const application = await readJson(await submit(key?.secret, draft));
    expect(application.declaration.name).toBe('Јована Трајковска-Илиевска');
  });

  it('ends the bound key of a signatory an administrator disables', async () => {
    const holder = await signatory();
    const { key } = await keyFor(holder.token, holder.id);
    const draft = await createDraft(stack, { token: key?.secret });
    expect(
      (await stack.request(`/api/users/${holder.id}/disable`, { token: await admin(), json: {} })).status,
    ).toBe(200);
    await expectProblem(await submit(key?.secret, draft), 401);
    await expectProblem(await submit(holder.token, draft), 401);
  });
});

describe('who registers signatories', () => {
  it('lets an organisation admin and a chamber administrator register one; colleagues and staff may not', async () => {
    const colleague = await person();
    const plain = await person();
    await expectProblem(await grant(plain.token, colleague.id), 403, 'FORBIDDEN');
    await expectProblem(await grant(await stack.login('staff'), colleague.id), 403, 'FORBIDDEN');
    await expectProblem(await revoke(await stack.login('exporterA'), colleague.id), 403, 'FORBIDDEN');
    const byAdmin = await readJson(
      await grant(await admin(), colleague.id, { fullName: 'Ј. Т.', function: 'Прокурист' }),
    );
    expect(byAdmin.signatory).toMatchObject({
      fullName: 'Ј. Т.',
      function: 'Прокурист',
      grantedAt: expect.any(String),
    });
  });

  it("answers 404 to an organisation admin for another organisation's user, and 400 for staff", async () => {
    const foreign = await userIdOf(await stack.login('exporterB'));
    await expectProblem(await grant(orgAdmin, foreign), 404, 'NOT_FOUND');
    await expectProblem(await revoke(orgAdmin, foreign), 404, 'NOT_FOUND');
    const staffId = await userIdOf(await stack.login('staff'));
    await expectProblem(await grant(orgAdmin, staffId), 404, 'NOT_FOUND');
    await expectProblem(await grant(await admin(), staffId), 400, 'VALIDATION_FAILED');
    await expectProblem(
      await grant(orgAdmin, randomUUID(), { fullName: '', function: 'x' }),
      400,
      'VALIDATION_FAILED',
    );
  });

  it('an API key cannot register signatories, even its creator organisation admin', async () => {
    const { key } = await keyFor(orgAdmin);
    const colleague = await person();
    await expectProblem(await grant(key?.secret, colleague.id), 403, 'FORBIDDEN');
  });
});

describe('what staff see and what the certificate prints', () => {
  it('shows staff the declaration and prints "Declared electronically by …" in both print languages', async () => {
    const exporter = await stack.login('exporterA');
    const draft = await createDraft(stack);
    const submitted = await readJson(await submit(exporter, draft, { place: 'Скопје' }));
    const staff = await stack.login('staff');
    const seen = await readJson(await stack.request(`/api/applications/${draft.id}`, { token: staff }));
    expect(seen.declaration).toEqual(submitted.declaration);
    const { items } = await readJson(
      await stack.request(`/api/applications/${draft.id}/events`, { token: staff }),
    );
    expect(items.find((event: Json) => event.action === 'submit').declaration).toEqual(submitted.declaration);

    const approved = await stack.request(`/api/applications/${draft.id}/approve`, {
      token: staff,
      json: { version: submitted.version },
    });
    expect(approved.status).toBe(201);
    const { certificate } = await readJson(approved);
    const pdf = await stack.request(`/api/certificates/${certificate.serial}/pdf`, { token: exporter });
    const text = (await pdfToText(new Uint8Array(await pdf.arrayBuffer()))).replace(/\s+/g, ' ');
    const when = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/Skopje',
      dateStyle: 'short',
      timeStyle: 'short',
    })
      .format(new Date(submitted.declaration.at))
      .replaceAll('/', '.')
      .replace(',', '');
    expect(text).toContain(`Declared electronically by Ана Петровска, Управител, at Скопје on ${when}`);
    expect(text).toContain(`Изјавено електронски од Ана Петровска, Управител, во Скопје на ${when}`);
  });
});
