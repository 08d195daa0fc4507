// The history of an application in the portal: one event per thing a person did (a submit from the form is one
// "Submitted", a failed submit or a save that changes nothing is no event, no "Submitted — Submitted"), and the
// revocation as staff enter it: the reason chosen on purpose, the comment kept and shown to staff.
// Through app.request(), against DynamoDB Local and s3rver.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../functions/core/accounts.ts';
import { sampleCertificateOfOrigin } from '../fixtures/certificate-of-origin.ts';
import { createDraft } from '../support/api-fixtures.ts';
import { readJson } from '../support/json.ts';
import { createTestStack, portalLogIn, submittedApplication, type TestStack } from '../support/test-stack.ts';

const ORIGIN = 'http://localhost';
let stack: TestStack;
let exporter: string;
let staff: string;
let reader: Actor;

const logIn = (email: string): Promise<string> => portalLogIn(stack, email);

const post = (path: string, cookie: string, fields: Record<string, string>) =>
  stack.app.request(path, {
    method: 'POST',
    headers: { Cookie: cookie, Origin: ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields),
  });

const get = (path: string, cookie: string) => stack.app.request(path, { headers: { Cookie: cookie } });

/** The data as the form posts it: `consignee.name`, `goods.0.quantity.value`, numbers as text. */
const formFields = (value: unknown, prefix = ''): Record<string, string> => {
  if (value === null || value === undefined) return {};
  if (typeof value !== 'object') return { [prefix]: String(value) };
  return Object.entries(value).reduce<Record<string, string>>(
    (fields, [key, inner]) => Object.assign(fields, formFields(inner, prefix ? `${prefix}.${key}` : key)),
    {},
  );
};

const actionsOf = async (applicationId: string) =>
  (await stack.core.applicationEvents({ actor: reader, applicationId })).map((event) => event.action);

/** The timeline entries of a page: each one's action and whether it shows a status badge. */
const timeline = (html: string) =>
  [...html.matchAll(/<li data-action="([a-z-]+)">([\s\S]*?)<\/li>/g)].map((match) => ({
    action: match[1],
    badge: (match[2] ?? '').includes('class="badge"'),
    text: match[2] ?? '',
  }));

beforeAll(async () => {
  stack = await createTestStack();
  [exporter, staff] = await Promise.all([
    logIn(stack.users.exporterA?.email ?? ''),
    logIn(stack.users.staff?.email ?? ''),
  ]);
  reader = { userId: 'reader', email: 'reader@example.test', role: 'exporter', orgId: stack.orgA.id };
});

describe('one event per user action', () => {
  it('records a submit from the form, which saves the form too, as one "Submitted" without a repeated status', async () => {
    const { id } = await createDraft(stack, { data: {} });
    const data = { ...sampleCertificateOfOrigin(1), remarks: 'Typed in the portal.' };
    const submitted = await post(`/portal/applications/${id}`, exporter, {
      version: '1',
      action: 'submit',
      declare: 'yes',
      ...formFields(data),
    });
    expect(submitted.status, await submitted.clone().text()).toBe(303);
    expect(await actionsOf(id)).toEqual(['create', 'attach', 'submit']);
    const stored = await stack.core.getApplication({ actor: reader, applicationId: id });
    expect(stored).toMatchObject({ status: 'SUBMITTED', data: { remarks: 'Typed in the portal.' } });

    const page = await (await get(`/portal/applications/${id}`, exporter)).text();
    const submit = timeline(page).find((entry) => entry.action === 'submit');
    expect(submit?.badge).toBe(false);
  });

  it('records nothing for a submit that fails, nor for a save that changes nothing', async () => {
    const { id } = await createDraft(stack, { data: sampleCertificateOfOrigin(1), withInvoice: false });
    const fields = formFields(sampleCertificateOfOrigin(1));
    const refused = await post(`/portal/applications/${id}`, exporter, {
      version: '1',
      action: 'submit',
      declare: 'yes',
      ...fields,
      remarks: 'Changed before a failed submit',
    });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('name="version" value="1"');
    expect(await actionsOf(id)).toEqual(['create']);

    for (let save = 0; save < 3; save++) {
      const saved = await post(`/portal/applications/${id}`, exporter, {
        version: '1',
        action: 'save',
        ...fields,
      });
      expect(saved.status).toBe(303);
    }
    expect(await actionsOf(id)).toEqual(['create']);
    const changed = await post(`/portal/applications/${id}`, exporter, {
      version: '1',
      action: 'save',
      ...fields,
      remarks: 'Changed',
    });
    expect(changed.status).toBe(303);
    expect(await actionsOf(id)).toEqual(['create', 'edit']);
  });

  it('shows the status beside an event only when its name does not already say it', async () => {
    const { id, version } = await submittedApplication(stack, sampleCertificateOfOrigin(1));
    const approved = await stack.request(`/api/applications/${id}/approve`, {
      token: await stack.login('staff'),
      json: { version },
    });
    expect(approved.status).toBe(201);
    const entries = timeline(await (await get(`/portal/queue/${id}`, staff)).text());
    expect(entries.map((entry) => entry.action)).toEqual(['issue', 'approve', 'submit', 'attach', 'create']);
    expect(entries.filter((entry) => entry.badge)).toEqual([]);
  });
});

describe('revoking in the portal', () => {
  const issuedCertificate = async () => {
    const { id, version } = await submittedApplication(stack, sampleCertificateOfOrigin(1));
    const approved = await stack.request(`/api/applications/${id}/approve`, {
      token: await stack.login('staff'),
      json: { version },
    });
    return { id, ...((await readJson(approved)).certificate as { serial: string; code: string }) };
  };

  it('offers no preselected reason, and a revocation without one gets a field error and revokes nothing', async () => {
    const certificate = await issuedCertificate();
    const page = await (await get(`/portal/certificates/${certificate.serial}`, staff)).text();
    const select = /<select[^>]*name="reason"[\s\S]*?<\/select>/.exec(page)?.[0] ?? '';
    expect(select).toContain('<option value="" selected="">');
    expect(select).not.toMatch(/<option value="[a-z-]+" selected/);

    const refused = await post(`/portal/certificates/${certificate.serial}/revoke`, staff, {
      confirm: 'yes',
      reason: '',
      comment: 'Customs reported it',
    });
    expect(refused.status).toBe(400);
    const html = await refused.text();
    expect(html).toMatch(/id="f-reason-error">[^<]+</);
    expect(html).toContain('value="Customs reported it"');
    expect((await readJson(await stack.request(`/api/verify/${certificate.code}`))).status).toBe('VALID');
  });

  it.each([
    ['en', 'The exporter can read this comment'],
    ['mk', 'Извозникот може да го прочита коментаров'],
    ['sq', 'Eksportuesi mund ta lexojë këtë koment'],
  ])('%s: tells staff under the comment field that the exporter reads it', async (language, words) => {
    const certificate = await issuedCertificate();
    const page = await (
      await get(`/portal/certificates/${certificate.serial}?lang=${language}`, staff)
    ).text();
    const comment =
      /<textarea[^>]*name="comment"[^>]*>|<input[^>]*name="comment"[^>]*>/.exec(page)?.[0] ?? '';
    const hintId = /aria-describedby="([^" ]+)/.exec(comment)?.[1] ?? 'none';
    expect(page).toMatch(new RegExp(`id="${hintId}">${words}`));
  });

  it('keeps the comment typed with the revocation and shows it to staff on the certificate and in the history', async () => {
    const certificate = await issuedCertificate();
    const revoked = await post(`/portal/certificates/${certificate.serial}/revoke`, staff, {
      confirm: 'yes',
      reason: 'incorrect-data',
      comment: 'Consignee address belongs to another company',
    });
    expect(revoked.status).toBe(303);
    const events = await stack.core.applicationEvents({ actor: reader, applicationId: certificate.id });
    expect(events.at(-1)).toMatchObject({
      action: 'revoke',
      comment: expect.stringContaining('Consignee address belongs to another company'),
    });
    const certificatePage = await (await get(`/portal/certificates/${certificate.serial}`, staff)).text();
    expect(certificatePage).toContain('Consignee address belongs to another company');
    const review = timeline(await (await get(`/portal/queue/${certificate.id}`, staff)).text());
    expect(review.find((entry) => entry.action === 'revoke')?.text).toContain(
      'Consignee address belongs to another company',
    );
  });
});
