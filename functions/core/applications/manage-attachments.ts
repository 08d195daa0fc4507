// Supporting documents of an application: uploaded by its exporter while it is editable, read by owner and staff.
// The file type is decided by content; every addition and removal is an audit event.
import type { Actor } from '../accounts.ts';
import { requireRole } from '../authorization.ts';
import { sha256Hex } from '../canonical-json.ts';
import { AppError, isAppError } from '../errors.ts';
import type {
  ApplicationRepository,
  AttachmentRepository,
  Clock,
  ObjectStore,
  RandomSource,
  Sleep,
} from '../ports.ts';
import { jitteredPause } from '../retry.ts';
import { type Application, isEditable } from './application.ts';
import {
  type Attachment,
  type AttachmentKind,
  isWholeDocument,
  sanitiseFileName,
  sniffContentType,
} from './attachment.ts';
import { advance } from './audit-event.ts';
import { loadApplication } from './manage-applications.ts';

export interface AttachmentDeps {
  issuerId: string;
  applications: ApplicationRepository;
  attachments: AttachmentRepository;
  objects: ObjectStore;
  clock: Clock;
  random: RandomSource;
  sleep: Sleep;
  maxAttachmentBytes: number;
}

export const MAX_ATTACHMENTS = 20;

const editableByOwner = async (deps: AttachmentDeps, actor: Actor, applicationId: string) => {
  const application = await loadApplication(deps, actor, applicationId);
  requireRole(actor, 'exporter');
  if (!isEditable(application)) {
    throw new AppError(
      'INVALID_TRANSITION',
      `Documents can only be changed while the application is a draft or returned for changes; it is ${application.status}.`,
    );
  }
  return application;
};

/**
 * Each lost race means another document event got in first; an upload can lose at most once per free place
 * before the limit stops it, so this many attempts let every upload that fits succeed.
 */
const CONCURRENT_ATTEMPTS = MAX_ATTACHMENTS + 5;

/**
 * Documents carry no version: several uploads at once are normal (a browser sends them in parallel), so when
 * another event got in first the write is retried on the fresh application, as long as it is still editable.
 */
const recordWithRetry = async (
  deps: AttachmentDeps,
  actor: Actor,
  first: Application,
  write: (current: Application) => Promise<void>,
): Promise<void> => {
  let current = first;
  for (let attempt = 1; ; attempt++) {
    try {
      return await write(current);
    } catch (error) {
      if (!isAppError(error, 'VERSION_CONFLICT') || attempt >= CONCURRENT_ATTEMPTS) throw error;
      await jitteredPause(deps, attempt);
      current = await editableByOwner(deps, actor, first.id);
    }
  }
};

/**
 * The limit holds under parallel uploads: the count is read after `current`, and the write is conditional on
 * `current`'s event sequence, which every attach and detach advances. A document added after that read makes the
 * write fail (VERSION_CONFLICT), and the retry counts again. See docs/security.md, "Attachments".
 */
const assertRoomFor = async (deps: AttachmentDeps, current: Application): Promise<void> => {
  const existing = await deps.attachments.list(deps.issuerId, current.id);
  if (existing.length >= MAX_ATTACHMENTS) {
    throw new AppError('ATTACHMENT_LIMIT', `At most ${MAX_ATTACHMENTS} documents per application.`, {
      errors: [
        {
          path: 'file',
          message: `at most ${MAX_ATTACHMENTS} documents`,
          code: 'too_many',
          params: { maximum: MAX_ATTACHMENTS },
        },
      ],
    });
  }
};

export const addAttachment =
  (deps: AttachmentDeps) =>
  async (input: {
    actor: Actor;
    applicationId: string;
    kind: AttachmentKind;
    fileName: string;
    bytes: Uint8Array;
  }): Promise<Attachment> => {
    const { actor } = input;
    const application = await editableByOwner(deps, actor, input.applicationId);
    if (input.bytes.length > deps.maxAttachmentBytes) {
      throw new AppError('PAYLOAD_TOO_LARGE', `Files are limited to ${deps.maxAttachmentBytes} bytes.`);
    }
    if (input.bytes.length === 0) {
      throw new AppError('VALIDATION_FAILED', 'The file is empty.', {
        errors: [{ path: 'file', message: 'is empty', code: 'empty' }],
      });
    }
    const contentType = sniffContentType(input.bytes);
    if (!contentType) {
      throw new AppError(
        'UNSUPPORTED_MEDIA_TYPE',
        'Only PDF, PNG and JPEG files are accepted (judged by their content).',
      );
    }
    if (!isWholeDocument(input.bytes, contentType)) {
      throw new AppError(
        'DOCUMENT_DAMAGED',
        'The file is damaged or incomplete (it may have been cut off while uploading); upload it again.',
        { errors: [{ path: 'file', message: 'is damaged or incomplete', code: 'damaged' }] },
      );
    }
    await assertRoomFor(deps, application);
    const id = deps.random.id();
    const at = deps.clock.now().toISOString();
    const objectKey = `attachments/${deps.issuerId}/${application.id}/${id}`;
    const attachment: Attachment = {
      id,
      applicationId: application.id,
      kind: input.kind,
      fileName: sanitiseFileName(input.fileName, contentType),
      contentType,
      size: input.bytes.length,
      sha256: sha256Hex(input.bytes),
      objectKey,
      uploadedBy: actor.userId,
      uploadedAt: at,
    };
    await deps.objects.put(objectKey, input.bytes, contentType);
    try {
      await recordWithRetry(deps, actor, application, async (current) => {
        await assertRoomFor(deps, current);
        await deps.attachments.add({
          ...advance(current, {
            action: 'attach',
            to: current.status,
            actor,
            at,
            comment: `${attachment.kind}: ${attachment.fileName} (sha256 ${attachment.sha256})`,
            bumpsVersion: false,
          }),
          attachment,
        });
      });
    } catch (error) {
      await deps.objects.delete(objectKey).catch(() => undefined);
      throw error;
    }
    return attachment;
  };

export const listAttachments =
  (deps: AttachmentDeps) =>
  async (input: { actor: Actor; applicationId: string }): Promise<Attachment[]> => {
    const application = await loadApplication(deps, input.actor, input.applicationId);
    return deps.attachments.list(deps.issuerId, application.id);
  };

const loadAttachment = async (deps: AttachmentDeps, applicationId: string, attachmentId: string) => {
  const attachment = await deps.attachments.get(deps.issuerId, applicationId, attachmentId);
  if (!attachment) throw new AppError('NOT_FOUND', 'Document not found.');
  return attachment;
};

export const getAttachmentFile =
  (deps: AttachmentDeps) =>
  async (input: {
    actor: Actor;
    applicationId: string;
    attachmentId: string;
  }): Promise<{ attachment: Attachment; bytes: Uint8Array }> => {
    const application = await loadApplication(deps, input.actor, input.applicationId);
    const attachment = await loadAttachment(deps, application.id, input.attachmentId);
    const bytes = await deps.objects.get(attachment.objectKey);
    if (!bytes) throw new AppError('INTERNAL', `The stored file of document ${attachment.id} is missing.`);
    return { attachment, bytes };
  };

export const removeAttachment =
  (deps: AttachmentDeps) =>
  async (input: { actor: Actor; applicationId: string; attachmentId: string }): Promise<void> => {
    const { actor } = input;
    const application = await editableByOwner(deps, actor, input.applicationId);
    const attachment = await loadAttachment(deps, application.id, input.attachmentId);
    const at = deps.clock.now().toISOString();
    await recordWithRetry(deps, actor, application, (current) =>
      deps.attachments.remove({
        ...advance(current, {
          action: 'detach',
          to: current.status,
          actor,
          at,
          comment: `${attachment.kind}: ${attachment.fileName}`,
          bumpsVersion: false,
        }),
        attachment,
      }),
    );
    await deps.objects.delete(attachment.objectKey);
  };
