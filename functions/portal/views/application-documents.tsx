// Below the application form: its documents (listed, uploaded with progress by the script, or a plain post
// without it), the form's save and submit buttons, and cancelling the application.

import type { Attachment } from '../../core/applications/attachment.ts';
import { ATTACHMENT_KINDS } from '../../core/applications/attachment.ts';
import { GroupError } from './application-form-boxes.tsx';
import { AttachmentItem } from './components.tsx';
import type { View } from './view-context.ts';

const UploadForm = (props: { v: View; action: string }) => {
  const a = props.v.m.attachments;
  return (
    <form
      method="post"
      action={`${props.action}/attachments`}
      enctype="multipart/form-data"
      data-upload
      data-uploading-text={a.uploading}
      data-uploaded-text={a.uploaded}
      data-failed-text={a.failed}
      class="no-print"
    >
      <div class="grid">
        <div class="field">
          <label for="attachment-kind">{a.kind}</label>
          <select id="attachment-kind" name="kind">
            {ATTACHMENT_KINDS.map((kind) => (
              <option value={kind}>{a.kinds[kind]}</option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="attachment-file">{a.file}</label>
          <input
            id="attachment-file"
            name="file"
            type="file"
            accept="application/pdf,image/png,image/jpeg"
            required
          />
        </div>
      </div>
      <progress max={100} value={0} hidden aria-label={a.uploading} />
      <p class="upload-status" role="status" />
      <div class="actions">
        <button type="submit" class="secondary">
          {a.upload}
        </button>
      </div>
    </form>
  );
};

/** The documents of a stored application; an unsaved form says to save first. */
export const DocumentsSection = (props: {
  v: View;
  /** The stored application's form address and version; undefined before the first save. */
  stored: { action: string; version: number } | undefined;
  attachments: Attachment[];
  errors: Map<string, string>;
}) => {
  const { v, stored } = props;
  const a = v.m.attachments;
  return (
    <section class="card" aria-labelledby="documents-title">
      <h2 id="documents-title">{a.title}</h2>
      <p>{a.intro}</p>
      <GroupError v={v} name="attachments" errors={props.errors} />
      {stored ? (
        <>
          <ul class="files" id="attachment-list">
            {props.attachments.length === 0 ? (
              <li data-empty class="muted">
                {a.none}
              </li>
            ) : null}
            {props.attachments.map((attachment) => (
              <AttachmentItem v={v} attachment={attachment} removable={{ version: stored.version }} />
            ))}
          </ul>
          <UploadForm v={v} action={stored.action} />
        </>
      ) : (
        <p class="note" data-save-first>
          {a.saveFirst}
        </p>
      )}
    </section>
  );
};

/** "Save draft" and "Submit", outside the form (after the documents) and posting it by its id. */
/** Save, and Submit for an authorised signatory: submitting is signing the declaration (docs/legal.md §8). */
export const FormButtons = (props: { v: View; canSubmit: boolean }) => (
  <div class="actions">
    <button type="submit" form="application-form" name="action" value="save" class="secondary">
      {props.v.m.form.save}
    </button>
    {props.canSubmit ? (
      <button type="submit" form="application-form" name="action" value="submit">
        {props.v.m.form.submit}
      </button>
    ) : null}
  </div>
);

/** Cancelling a stored application, behind a confirmation box. */
export const CancelForm = (props: { v: View; action: string; version: number }) => {
  const f = props.v.m.form;
  return (
    <form method="post" action={`${props.action}/cancel`} class="no-print mt">
      <input type="hidden" name="version" value={String(props.version)} />
      <details>
        <summary>{f.cancelApplication}</summary>
        <div class="field mt">
          <label>
            <input type="checkbox" name="confirm" value="yes" required />
            {f.cancelConfirm}
          </label>
        </div>
        <button type="submit" class="danger">
          {f.cancelApplication}
        </button>
      </details>
    </form>
  );
};
