// Supporting documents: typed by content, size-limited, stored under a safe name, readable by owner and staff only,
// changeable only while the application is editable, and every change in the audit trail.
import { createHash, randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AuditEvent } from '../../functions/core/applications/audit-event.ts';
import { FAKE_EXECUTABLE, PNG_1X1, sampleInvoicePdf } from '../fixtures/documents.ts';
import {
  applicationIn,
  createDraft,
  errorPaths,
  expectProblem,
  snapshot,
  uploadFile,
} from '../support/api-fixtures.ts';
import { type Json, readJson } from '../support/json.ts';
import { createTestStack, type TestStack } from '../support/test-stack.ts';

let stack: TestStack;
let exporter: string;
let pdf: Uint8Array;

beforeAll(async () => {
  stack = await createTestStack();
  exporter = await stack.login('exporterA');
  pdf = await sampleInvoicePdf();
});

const MB = 1024 * 1024;
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
/** A minimal JPEG: start-of-image marker, a JFIF APP0 segment and end-of-image. */
const JPEG = Uint8Array.from([
  0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01,
  0x00, 0x00, 0xff, 0xd9,
]);
/** A PDF of exactly `size` bytes: a real header, padding, and the end of a PDF (xref pointer and %%EOF). */
const pdfOfSize = (size: number) => {
  const bytes = new Uint8Array(size).fill(0x20);
  const end = new TextEncoder().encode('\nstartxref\n9\n%%EOF\n');
  bytes.set(new TextEncoder().encode('%PDF-1.7\n'));
  bytes.set(end, size - end.length);
  return bytes;
};

const draft = async () => (await createDraft(stack, { withInvoice: false })).id;
const list = async (id: string, token = exporter): Promise<Json[]> =>
  (await readJson(await stack.request(`/api/applications/${id}/attachments`, { token }))).items;
const events = async (id: string): Promise<AuditEvent[]> =>
  (await readJson(await stack.request(`/api/applications/${id}/events`, { token: exporter }))).items;

describe('uploading', () => {
  it.each([
    ['a PDF', () => pdf, 'invoice.pdf', 'invoice', 'application/pdf', 'invoice.pdf'],
    ['a PNG', () => PNG_1X1, 'scan.png', 'packing-list', 'image/png', 'scan.png'],
    ['a JPEG', () => JPEG, 'photo.jpeg', 'transport-document', 'image/jpeg', 'photo.jpg'],
    [
      'a PNG named .pdf (extension from content)',
      () => PNG_1X1,
      'stamp.pdf',
      'other',
      'image/png',
      'stamp.png',
    ],
  ])(
    'accepts %s with 201, its sha256, size and a sanitised name',
    async (_what, bytes, name, kind, type, stored) => {
      const id = await draft();
      const response = await uploadFile(stack, exporter, id, bytes(), name, kind);
      expect(response.status).toBe(201);
      const attachment = await readJson(response);
      expect(attachment).toEqual({
        id: expect.any(String),
        kind,
        fileName: stored,
        contentType: type,
        size: bytes().length,
        sha256: sha256(bytes()),
        uploadedAt: expect.any(String),
        url: `/api/applications/${id}/attachments/${attachment.id}`,
      });
    },
  );

  it('refuses a renamed executable called invoice.pdf with 415 UNSUPPORTED_MEDIA_TYPE and stores nothing', async () => {
    const id = await draft();
    const before = await snapshot(stack, id);
    await expectProblem(
      await uploadFile(stack, exporter, id, FAKE_EXECUTABLE, 'invoice.pdf', 'invoice'),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    );
    expect(await list(id)).toEqual([]);
    expect((await snapshot(stack, id)).events).toBe(before.events);
  });

  it.each([
    ['an HTML page', new TextEncoder().encode('<html><script>alert(1)</script></html>')],
    ['an SVG', new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"/>')],
    ['a ZIP (docx)', Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0])],
    ['a truncated PDF signature', new TextEncoder().encode('%PDF')],
  ])('refuses %s with 415', async (_what, bytes) => {
    await expectProblem(
      await uploadFile(stack, exporter, await draft(), bytes, 'file.pdf'),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    );
  });

  it.each([
    ['a PDF cut off in the middle', () => pdf.subarray(0, Math.floor(pdf.length / 2)), 'invoice.pdf'],
    ['a PDF of 40 bytes', () => pdf.subarray(0, 40), 'invoice.pdf'],
    ['a PNG signature alone', () => PNG_1X1.subarray(0, 8), 'scan.png'],
    ['a PNG without its end', () => PNG_1X1.subarray(0, PNG_1X1.length - 12), 'scan.png'],
    ['a JPEG start marker alone', () => JPEG.subarray(0, 4), 'photo.jpg'],
  ])('refuses %s with 422 DOCUMENT_DAMAGED and stores nothing', async (_what, bytes, name) => {
    const id = await draft();
    const before = await snapshot(stack, id);
    await expectProblem(await uploadFile(stack, exporter, id, bytes(), name), 422, 'DOCUMENT_DAMAGED');
    expect(await list(id)).toEqual([]);
    expect((await snapshot(stack, id)).events).toBe(before.events);
  });

  it('refuses an 11 MB file with 413 PAYLOAD_TOO_LARGE (limit 10 MB) and stores nothing', async () => {
    const id = await draft();
    await expectProblem(
      await uploadFile(stack, exporter, id, pdfOfSize(11 * MB), 'big.pdf'),
      413,
      'PAYLOAD_TOO_LARGE',
    );
    expect(await list(id)).toEqual([]);
  });

  it('refuses a file one byte over 10 MB with 413 and accepts one of exactly 10 MB', async () => {
    const id = await draft();
    await expectProblem(
      await uploadFile(stack, exporter, id, pdfOfSize(10 * MB + 1), 'over.pdf'),
      413,
      'PAYLOAD_TOO_LARGE',
    );
    const exact = await uploadFile(stack, exporter, id, pdfOfSize(10 * MB), 'exact.pdf');
    expect(exact.status).toBe(201);
    expect((await readJson(exact)).size).toBe(10 * MB);
  });

  it('refuses an empty file with 400 naming the file', async () => {
    const problem = await expectProblem(
      await uploadFile(stack, exporter, await draft(), new Uint8Array(0), 'empty.pdf'),
      400,
      'VALIDATION_FAILED',
    );
    expect(errorPaths(problem)).toEqual(['file']);
  });

  it('refuses a form without a file field with 400 naming the file', async () => {
    const form = new FormData();
    form.set('document', 'not a file');
    const response = await stack.app.request(`/api/applications/${await draft()}/attachments`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${exporter}` },
      body: form,
    });
    expect(errorPaths(await expectProblem(response, 400, 'VALIDATION_FAILED'))).toEqual(['file']);
  });

  it('refuses an unknown document kind with 400 naming the kind', async () => {
    const problem = await expectProblem(
      await uploadFile(stack, exporter, await draft(), pdf, 'invoice.pdf', 'passport'),
      400,
      'VALIDATION_FAILED',
    );
    expect(errorPaths(problem)).toEqual(['kind']);
  });

  it('refuses the 21st document with 409 ATTACHMENT_LIMIT', async () => {
    const id = await draft();
    for (let index = 0; index < 20; index++) {
      expect((await uploadFile(stack, exporter, id, PNG_1X1, `page-${index}.png`)).status).toBe(201);
    }
    await expectProblem(
      await uploadFile(stack, exporter, id, PNG_1X1, 'page-21.png'),
      409,
      'ATTACHMENT_LIMIT',
    );
    expect(await list(id)).toHaveLength(20);
  });

  it('keeps the limit under 20 parallel uploads to an application with 11: exactly 20, the rest ATTACHMENT_LIMIT', async () => {
    const id = await draft();
    for (let index = 0; index < 11; index++) {
      expect((await uploadFile(stack, exporter, id, PNG_1X1, `page-${index}.png`)).status).toBe(201);
    }

    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        uploadFile(stack, exporter, id, PNG_1X1, `burst-${index}.png`),
      ),
    );

    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 201)).toHaveLength(9);
    for (const response of responses.filter((answer) => answer.status !== 201)) {
      await expectProblem(response, 409, 'ATTACHMENT_LIMIT');
    }
    expect(await list(id)).toHaveLength(20);
    expect((await events(id)).filter((event) => event.action === 'attach')).toHaveLength(20);
  });
});

describe('file names', () => {
  const longStem = 'ф'.repeat(296);
  it.each([
    ['../../etc/passwd.pdf', 'passwd.pdf'],
    ['..\\..\\boot.ini', 'boot.pdf'],
    ['C:\\Users\\ana\\Desktop\\invoice 42.pdf', 'invoice 42.pdf'],
    ['in\u0000voi\u001fce\u007f.pdf', 'invoice.pdf'],
    ['bad\u202Efdp.exe', 'badfdp.pdf'],
    ['.htaccess', 'htaccess.pdf'],
    ['...', 'document.pdf'],
    ['  ..  hidden.pdf', 'hidden.pdf'],
    ['<script>"x"|*?:.pdf', 'scriptx.pdf'],
    ['фактура бр. 42.pdf', 'фактура бр. 42.pdf'],
    [`${longStem}.pdf`, `${'ф'.repeat(110)}.pdf`],
  ])('stores %j as %j', async (name, expected) => {
    const id = await draft();
    const response = await uploadFile(stack, exporter, id, pdf, name, 'invoice');
    expect(response.status).toBe(201);
    const { fileName } = await readJson(response);
    expect(fileName).toBe(expected);
    expect(fileName).not.toMatch(/[/\\]|^\.|[\p{Cc}\p{Cf}]/u);
    expect(fileName.length).toBeLessThanOrEqual(120);
    expect(fileName.endsWith('.pdf')).toBe(true);
  });

  it('sends the safe name back in a Content-Disposition without quotes or line breaks in the ASCII part', async () => {
    const id = await draft();
    const uploaded = await readJson(
      await uploadFile(stack, exporter, id, pdf, 'фактура "42"\r\n.pdf', 'invoice'),
    );
    const download = await stack.request(uploaded.url, { token: exporter });
    const disposition = download.headers.get('Content-Disposition') ?? '';
    expect(disposition).toMatch(/^attachment; filename="[\x20-\x21\x23-\x7e]*"; filename\*=UTF-8''\S+$/);
    expect(decodeURIComponent(disposition.split("UTF-8''")[1] ?? '')).toBe(uploaded.fileName);
  });
});

describe('downloading', () => {
  let id: string;
  let attachment: Json;

  // submitted, so that staff see it (a draft is private to its organisation: docs/security.md, "Who sees drafts")
  beforeAll(async () => {
    id = await draft();
    attachment = await readJson(await uploadFile(stack, exporter, id, pdf, 'invoice.pdf', 'invoice'));
    const submitted = await stack.request(`/api/applications/${id}/submit`, {
      token: exporter,
      json: { version: 1 },
    });
    expect(submitted.status).toBe(200);
  });

  it.each(['exporterA', 'staff', 'admin'] as const)(
    'returns the same bytes to %s with Content-Disposition and nosniff',
    async (who) => {
      const response = await stack.request(attachment.url, { token: await stack.login(who) });
      expect(response.status).toBe(200);
      expect(new Uint8Array(await response.arrayBuffer())).toEqual(pdf);
      expect(response.headers.get('Content-Type')).toBe('application/pdf');
      expect(response.headers.get('Content-Disposition')).toBe(
        `attachment; filename="invoice.pdf"; filename*=UTF-8''invoice.pdf`,
      );
      expect(response.headers.get('X-Content-Type-Options')).toBe('nosniff');
      expect(response.headers.get('Cache-Control')).toBe('private, no-store');
    },
  );

  it('answers 404 to another organisation, for the file and for the list', async () => {
    const other = await stack.login('exporterB');
    await expectProblem(await stack.request(attachment.url, { token: other }), 404, 'NOT_FOUND');
    await expectProblem(
      await stack.request(`/api/applications/${id}/attachments`, { token: other }),
      404,
      'NOT_FOUND',
    );
  });

  it('answers 404 for an unknown document id and for a document of another application', async () => {
    await expectProblem(
      await stack.request(`/api/applications/${id}/attachments/${randomUUID()}`, { token: exporter }),
      404,
      'NOT_FOUND',
    );
    const elsewhere = await draft();
    await expectProblem(
      await stack.request(`/api/applications/${elsewhere}/attachments/${attachment.id}`, { token: exporter }),
      404,
      'NOT_FOUND',
    );
  });
});

describe('removing and listing', () => {
  it('deletes a document of a DRAFT with 204; it is gone from the list and the download', async () => {
    const id = await draft();
    const uploaded = await readJson(await uploadFile(stack, exporter, id, pdf, 'invoice.pdf', 'invoice'));
    const removed = await stack.request(uploaded.url, { token: exporter, method: 'DELETE' });
    expect(removed.status).toBe(204);
    expect(await list(id)).toEqual([]);
    await expectProblem(await stack.request(uploaded.url, { token: exporter }), 404, 'NOT_FOUND');
  });

  it('refuses to delete or add documents after submission with 409 INVALID_TRANSITION', async () => {
    const { id, version } = await createDraft(stack);
    const [invoice] = await list(id);
    expect(
      (await stack.request(`/api/applications/${id}/submit`, { token: exporter, json: { version } })).status,
    ).toBe(200);
    const before = await snapshot(stack, id);

    await expectProblem(
      await stack.request(invoice?.url, { token: exporter, method: 'DELETE' }),
      409,
      'INVALID_TRANSITION',
    );
    await expectProblem(
      await uploadFile(stack, exporter, id, pdf, 'late.pdf', 'invoice'),
      409,
      'INVALID_TRANSITION',
    );

    expect(await list(id)).toHaveLength(1);
    expect((await snapshot(stack, id)).events).toBe(before.events);
  });

  it('allows adding and removing documents again while CHANGES_REQUESTED', async () => {
    const { id } = await applicationIn(stack, 'CHANGES_REQUESTED');
    const added = await uploadFile(stack, exporter, id, PNG_1X1, 'corrected.png', 'packing-list');
    expect(added.status).toBe(201);
    const removed = await stack.request((await readJson(added)).url, { token: exporter, method: 'DELETE' });
    expect(removed.status).toBe(204);
    expect((await events(id)).slice(-2).map((event) => [event.action, event.from, event.to])).toEqual([
      ['attach', 'CHANGES_REQUESTED', 'CHANGES_REQUESTED'],
      ['detach', 'CHANGES_REQUESTED', 'CHANGES_REQUESTED'],
    ]);
  });

  it('lists every document with its kind (other when none is given), to staff once submitted', async () => {
    const id = await draft();
    await uploadFile(stack, exporter, id, pdf, 'invoice.pdf', 'invoice');
    await uploadFile(stack, exporter, id, PNG_1X1, 'packing.png', 'packing-list');
    await uploadFile(stack, exporter, id, JPEG, 'cmr.jpg', 'transport-document');
    await uploadFile(stack, exporter, id, PNG_1X1, 'misc.png');
    const items = await list(id);
    expect(items.map((item) => [item.fileName, item.kind]).sort()).toEqual(
      [
        ['cmr.jpg', 'transport-document'],
        ['invoice.pdf', 'invoice'],
        ['misc.png', 'other'],
        ['packing.png', 'packing-list'],
      ].sort(),
    );
    await expectProblem(
      await stack.request(`/api/applications/${id}/attachments`, { token: await stack.login('staff') }),
      404,
      'NOT_FOUND',
    );
    const submitted = await stack.request(`/api/applications/${id}/submit`, {
      token: exporter,
      json: { version: 1 },
    });
    expect(submitted.status).toBe(200);
    expect(await list(id, await stack.login('staff'))).toEqual(items);
  });

  it('records every upload and removal in the audit trail without bumping the version', async () => {
    const id = await draft();
    const invoice = await readJson(await uploadFile(stack, exporter, id, pdf, 'invoice.pdf', 'invoice'));
    const png = await readJson(await uploadFile(stack, exporter, id, PNG_1X1, 'scan.png', 'packing-list'));
    await stack.request(png.url, { token: exporter, method: 'DELETE' });

    const trail = await events(id);
    expect(trail.map((event) => [event.action, event.from, event.to])).toEqual([
      ['create', null, 'DRAFT'],
      ['attach', 'DRAFT', 'DRAFT'],
      ['attach', 'DRAFT', 'DRAFT'],
      ['detach', 'DRAFT', 'DRAFT'],
    ]);
    expect(trail[1]?.comment).toBe(`invoice: invoice.pdf (sha256 ${invoice.sha256})`);
    expect(trail[2]?.comment).toContain('packing-list: scan.png');
    expect(trail[3]?.comment).toBe('packing-list: scan.png');
    const application = await readJson(await stack.request(`/api/applications/${id}`, { token: exporter }));
    expect(application.version).toBe(1);
  });
});
