// Supporting documents (functions/core/applications/manage-attachments.ts) on the in-memory adapters: what is
// accepted and how it is recorded, what is refused and with which code, the per-application limit under parallel
// uploads, removal, and the clean-up of stored bytes when the record cannot be written.
import { describe, expect, it } from 'vitest';
import type { Actor } from '../../../functions/core/accounts.ts';
import type { AttachmentKind } from '../../../functions/core/applications/attachment.ts';
import { verifyAuditChain } from '../../../functions/core/applications/audit-event.ts';
import { MAX_ATTACHMENTS } from '../../../functions/core/applications/manage-attachments.ts';
import { sha256Hex } from '../../../functions/core/canonical-json.ts';
import { type ErrorCode, isAppError } from '../../../functions/core/errors.ts';
import { FAKE_EXECUTABLE, PNG_1X1 } from '../../fixtures/documents.ts';
import { invoicePdf, type MemoryCore, memoryCore, TEST_ISSUER } from '../../support/memory/memory-core.ts';

const codeOf = async (work: Promise<unknown>): Promise<ErrorCode | 'OK'> => {
  try {
    await work;
    return 'OK';
  } catch (error) {
    if (isAppError(error)) return error.code;
    throw error;
  }
};

const upload = async (
  world: MemoryCore,
  applicationId: string,
  options: { bytes?: Uint8Array; fileName?: string; kind?: AttachmentKind; actor?: Actor } = {},
) =>
  world.core.addAttachment({
    actor: options.actor ?? world.actors.exporterA,
    applicationId,
    kind: options.kind ?? 'invoice',
    fileName: options.fileName ?? 'invoice.pdf',
    bytes: options.bytes ?? (await invoicePdf()),
  });

const attachmentObjects = (world: MemoryCore) =>
  [...world.objects.objects.keys()].filter((key) => key.startsWith('attachments/'));

/** An application of exporter A returned for changes: editable, and visible to staff. */
const returnedForChanges = async (world: MemoryCore) => {
  const submitted = await world.submitted();
  return world.core.reviewApplication({
    actor: world.actors.staff,
    applicationId: submitted.id,
    version: submitted.version,
    decision: 'request-changes',
    comment: 'Attach the packing list.',
  });
};

describe('adding a document', () => {
  it('stores the file and records it with an audit event, leaving the version alone', async () => {
    const world = await memoryCore();
    const draft = await world.draft();
    const bytes = await invoicePdf();

    const attachment = await upload(world, draft.id, { fileName: '../../Фактура 42.PDF' });

    expect(attachment).toEqual({
      id: expect.any(String),
      applicationId: draft.id,
      kind: 'invoice',
      fileName: 'Фактура 42.pdf',
      contentType: 'application/pdf',
      size: bytes.length,
      sha256: sha256Hex(bytes),
      objectKey: `attachments/${TEST_ISSUER.id}/${draft.id}/${attachment.id}`,
      uploadedBy: world.actors.exporterA.userId,
      uploadedAt: world.clock.now().toISOString(),
    });
    expect(world.objects.objects.get(attachment.objectKey)).toMatchObject({
      body: bytes,
      contentType: 'application/pdf',
    });
    expect(
      await world.core.listAttachments({ actor: world.actors.exporterA, applicationId: draft.id }),
    ).toEqual([attachment]);
    expect(await world.stored(draft.id)).toMatchObject({
      version: 1,
      eventSeq: 2,
      updatedAt: draft.updatedAt,
    });
    const events = await world.deps.applications.events(TEST_ISSUER.id, draft.id);
    expect(events.at(-1)).toMatchObject({
      action: 'attach',
      from: 'DRAFT',
      to: 'DRAFT',
      comment: `invoice: Фактура 42.pdf (sha256 ${attachment.sha256})`,
    });
  });

  it('judges the type by content and names the file after it', async () => {
    const world = await memoryCore();
    const draft = await world.draft();

    const png = await upload(world, draft.id, { bytes: PNG_1X1, fileName: 'scan.pdf', kind: 'other' });

    expect(png).toMatchObject({ contentType: 'image/png', fileName: 'scan.png' });
  });

  it('refuses what is too large, empty, not a PDF, PNG or JPEG, or cut off, and stores none of it', async () => {
    const world = await memoryCore({ maxAttachmentBytes: 4096 });
    const draft = await world.draft();
    const pdf = await invoicePdf();
    const refused = (bytes: Uint8Array) => codeOf(upload(world, draft.id, { bytes }));

    expect(await refused(new Uint8Array(4097).fill(0x25))).toBe('PAYLOAD_TOO_LARGE');
    expect(await refused(new Uint8Array(0))).toBe('VALIDATION_FAILED');
    expect(await refused(FAKE_EXECUTABLE)).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(await refused(pdf.subarray(0, Math.floor(pdf.length / 2)))).toBe('DOCUMENT_DAMAGED');
    expect(attachmentObjects(world)).toEqual([]);
    expect((await world.stored(draft.id)).eventSeq).toBe(1);
  });

  it('is possible while the application is editable, and only for its own exporters', async () => {
    const world = await memoryCore();
    const draft = await world.draft();
    const returned = await returnedForChanges(world);
    const submitted = await world.submitted();

    expect(await codeOf(upload(world, returned.id))).toBe('OK');
    expect(await codeOf(upload(world, draft.id, { actor: world.actors.exporterA2 }))).toBe('OK');
    expect(await codeOf(upload(world, submitted.id))).toBe('INVALID_TRANSITION');
    expect(await codeOf(upload(world, draft.id, { actor: world.actors.exporterB }))).toBe('NOT_FOUND');
    expect(await codeOf(upload(world, draft.id, { actor: world.actors.staff }))).toBe('NOT_FOUND');
    expect(await codeOf(upload(world, returned.id, { actor: world.actors.staff }))).toBe('FORBIDDEN');
  });

  it(`stops at ${MAX_ATTACHMENTS} documents per application`, async () => {
    const world = await memoryCore();
    const draft = await world.draft();
    for (let i = 0; i < MAX_ATTACHMENTS; i++)
      await upload(world, draft.id, { bytes: PNG_1X1, kind: 'other' });

    const refused = await upload(world, draft.id).catch((error) => error);

    expect(refused).toMatchObject({ code: 'ATTACHMENT_LIMIT', errors: [{ path: 'file' }] });
    expect(attachmentObjects(world)).toHaveLength(MAX_ATTACHMENTS);
  });

  it('takes parallel uploads, each recorded once in one unbroken audit chain', async () => {
    const world = await memoryCore();
    const draft = await world.draft();

    const attachments = await Promise.all(
      Array.from({ length: 5 }, (_, i) => upload(world, draft.id, { fileName: `page-${i}.pdf` })),
    );

    expect(new Set(attachments.map((attachment) => attachment.id)).size).toBe(5);
    expect(await world.stored(draft.id)).toMatchObject({ version: 1, eventSeq: 6 });
    const events = await world.deps.applications.events(TEST_ISSUER.id, draft.id);
    expect(verifyAuditChain(events)).toBe(true);
    expect(attachmentObjects(world)).toHaveLength(5);
  });

  it('holds the limit under parallel uploads and removes the bytes of the refused ones', async () => {
    const world = await memoryCore();
    const draft = await world.draft();
    for (let i = 0; i < MAX_ATTACHMENTS - 2; i++)
      await upload(world, draft.id, { bytes: PNG_1X1, kind: 'other' });

    const results = await Promise.all(Array.from({ length: 5 }, () => codeOf(upload(world, draft.id))));

    expect(results.sort()).toEqual(['ATTACHMENT_LIMIT', 'ATTACHMENT_LIMIT', 'ATTACHMENT_LIMIT', 'OK', 'OK']);
    expect(await world.deps.attachments.list(TEST_ISSUER.id, draft.id)).toHaveLength(MAX_ATTACHMENTS);
    expect(attachmentObjects(world)).toHaveLength(MAX_ATTACHMENTS);
  });

  it('removes the stored bytes when the record cannot be written', async () => {
    const world = await memoryCore();
    const draft = await world.draft();
    world.faults.fail('attachments.add', { timing: 'before' });

    expect(await codeOf(upload(world, draft.id))).toBe('STORAGE_UNAVAILABLE');
    expect(attachmentObjects(world)).toEqual([]);
    expect(world.faults.calls('objects.delete')).toBe(1);
  });
});

describe('reading and removing a document', () => {
  it('gives the bytes to the exporter and, once submitted, to staff', async () => {
    const world = await memoryCore();
    const returned = await returnedForChanges(world);
    const [attachment] = await world.deps.attachments.list(TEST_ISSUER.id, returned.id);
    const read = (actor: Actor) =>
      world.core.getAttachmentFile({ actor, applicationId: returned.id, attachmentId: attachment?.id ?? '' });

    expect((await read(world.actors.exporterA)).bytes).toEqual(await invoicePdf());
    expect((await read(world.actors.staff)).attachment).toEqual(attachment);
    expect(await codeOf(read(world.actors.exporterB))).toBe('NOT_FOUND');
    expect(
      await codeOf(
        world.core.getAttachmentFile({
          actor: world.actors.staff,
          applicationId: returned.id,
          attachmentId: 'nope',
        }),
      ),
    ).toBe('NOT_FOUND');
    world.objects.objects.clear();
    expect(await codeOf(read(world.actors.staff))).toBe('INTERNAL');
  });

  it('removes record and bytes with an audit event while editable, and not after submission', async () => {
    const world = await memoryCore();
    const draft = await world.draft();
    const attachment = await upload(world, draft.id);
    const remove = (applicationId: string, attachmentId: string) =>
      world.core.removeAttachment({ actor: world.actors.exporterA, applicationId, attachmentId });

    await remove(draft.id, attachment.id);

    expect(await world.deps.attachments.list(TEST_ISSUER.id, draft.id)).toEqual([]);
    expect(attachmentObjects(world)).toEqual([]);
    expect((await world.deps.applications.events(TEST_ISSUER.id, draft.id)).at(-1)).toMatchObject({
      action: 'detach',
      comment: `invoice: ${attachment.fileName}`,
    });
    expect(await codeOf(remove(draft.id, attachment.id))).toBe('NOT_FOUND');
    const submitted = await world.submitted();
    const [invoice] = await world.deps.attachments.list(TEST_ISSUER.id, submitted.id);
    expect(await codeOf(remove(submitted.id, invoice?.id ?? ''))).toBe('INVALID_TRANSITION');
  });
});
