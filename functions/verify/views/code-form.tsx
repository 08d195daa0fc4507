// The form where a reader types the verification code off the paper, for when the QR is torn or smudged.
// GET /v?code=… answers with a redirect to /v/{code} (app.tsx), so it works without the page script.
import type { Language, Messages } from '../messages.ts';

export interface CodeFormProps {
  m: Messages;
  language: Language;
  /** What was typed, shown again with the error when it was not a code. */
  typed?: string | undefined;
  invalid?: boolean | undefined;
  /** The form's heading level: its own page (h1) or a part of a result page (h2). */
  heading: 'h1' | 'h2';
}

export const CodeForm = ({ m, language, typed, invalid, heading }: CodeFormProps) => {
  const label = <label for="code">{heading === 'h1' ? m.labels.formTitle : m.labels.formAnother}</label>;
  return (
    <section id="code-form">
      <form method="get" action="/v" novalidate>
        {heading === 'h1' ? <h1 class="plain">{label}</h1> : <h2>{label}</h2>}
        <input type="hidden" name="lang" value={language} />
        <div class="code-row">
          <input
            id="code"
            name="code"
            type="text"
            inputmode="text"
            autocomplete="off"
            autocapitalize="characters"
            autocorrect="off"
            spellcheck={false}
            enterkeyhint="go"
            maxlength={200}
            required
            value={typed ?? ''}
            aria-describedby={invalid ? 'code-error code-hint' : 'code-hint'}
            aria-invalid={invalid ? 'true' : undefined}
          />
          <button type="submit">{m.labels.formSubmit}</button>
        </div>
        {invalid ? (
          <p id="code-error" class="error" role="alert">
            {m.labels.formInvalid}
          </p>
        ) : null}
        <p id="code-hint" class="hint">
          {m.labels.formHint}
        </p>
      </form>
    </section>
  );
};
