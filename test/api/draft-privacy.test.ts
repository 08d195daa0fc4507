// Who sees drafts (docs/security.md, "Who sees drafts"): a draft is the exporter's work in progress, private to its
// organisation until it is submitted. Staff get 404 for it, its documents and its preview, and no list shows it;
// once submitted, staff see it with its whole history. CHANGES_REQUESTED was submitted before and stays visible.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../functions/core/accounts.ts';
import { applicationIn, createDraft, expectProblem, issued } from '../support/api-fixtures.ts';
import { readJson } from '../support/json.ts';
import { createTestStack, type TestStack } from '../support/test-stack.ts';

let stack: TestStack;
let staff: string;
let exporter: string;

beforeAll(async () => {
  stack = await createTestStack();
  staff = await stack.login('staff');
  exporter = await stack.login('exporterA');
});

const attachmentsOf = async (id: string, token: string) =>
  readJson(await stack.request(`/api/applications/${id}/attachments`, { token }));

describe("an exporter's draft", () => {
  it('answers staff and admins 404 NOT_FOUND for the application, its events, documents and preview', async () => {
    const draft = await createDraft(stack);
    const [document] = (await attachmentsOf(draft.id, exporter)).items;
    const paths = [
      `/api/applications/${draft.id}`,
      `/api/applications/${draft.id}/events`,
      `/api/applications/${draft.id}/attachments`,
      `/api/applications/${draft.id}/attachments/${document.id}`,
    ];
    for (const who of ['staff', 'admin'] as const) {
      const token = await stack.login(who);
      for (const path of paths) await expectProblem(await stack.request(path, { token }), 404, 'NOT_FOUND');
    }
    await expect(
      stack.core.previewCertificate({
        actor: (await readJson(await stack.request('/api/me', { token: staff }))) as Actor,
        applicationId: draft.id,
      }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    for (const path of paths) expect((await stack.request(path, { token: exporter })).status).toBe(200);
  });

  it('is in no staff list, whatever the filter', async () => {
    const draft = await createDraft(stack);
    for (const query of [
      '',
      'status=DRAFT',
      `status=DRAFT&orgId=${stack.orgA.id}`,
      `orgId=${stack.orgA.id}`,
    ]) {
      const { items } = await readJson(
        await stack.request(`/api/applications?limit=100&${query}`, { token: staff }),
      );
      expect(items.map((item: { id: string }) => item.id)).not.toContain(draft.id);
    }
  });

  it('is visible to staff once submitted, with its history from creation', async () => {
    const draft = await createDraft(stack);
    const submit = await stack.request(`/api/applications/${draft.id}/submit`, {
      token: exporter,
      json: { version: draft.version },
    });
    expect(submit.status).toBe(200);

    expect(
      await readJson(await stack.request(`/api/applications/${draft.id}`, { token: staff })),
    ).toMatchObject({
      status: 'SUBMITTED',
    });
    const { items } = await readJson(
      await stack.request(`/api/applications/${draft.id}/events`, { token: staff }),
    );
    expect(items.map((event: { action: string }) => event.action)).toEqual(['create', 'attach', 'submit']);
    expect((await attachmentsOf(draft.id, staff)).items).toHaveLength(1);
  });

  it('stays visible to staff when returned for changes (CHANGES_REQUESTED)', async () => {
    const returned = await applicationIn(stack, 'CHANGES_REQUESTED');
    const response = await stack.request(`/api/applications/${returned.id}`, { token: staff });
    expect(response.status).toBe(200);
    expect(await readJson(response)).toMatchObject({ status: 'CHANGES_REQUESTED' });
  });

  it('started by staff as a replacement is visible to the staff member who started it', async () => {
    const certificate = await issued(stack);
    const started = await stack.request(`/api/certificates/${certificate.serial}/replace`, {
      token: staff,
      method: 'POST',
    });
    expect(started.status).toBe(201);
    const { id } = await readJson(started);
    expect((await stack.request(`/api/applications/${id}`, { token: staff })).status).toBe(200);
    expect((await stack.request(`/api/applications/${id}`, { token: exporter })).status).toBe(200);
  });
});
