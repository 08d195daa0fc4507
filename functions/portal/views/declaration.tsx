// The exporter's declaration in the portal (docs/legal.md §8): on the form, its wording of the certificate type in
// the reader's language and the box the signatory ticks to sign it; for a colleague who may not sign, why not and
// who may; for staff, who declared, in what function, where and when.
import type { Declaration } from '../../core/accounts.ts';
import type { CertificateType } from '../../core/applications/application.ts';
import { fieldId } from '../application-form.ts';
import type { View } from './view-context.ts';

/** What the form needs to know of who may sign: the reader's own right, and their organisation's signatories. */
export interface Signing {
  own?: { fullName: string; function: string } | undefined;
  signatories: { fullName: string; function: string }[];
}

/** `{key}` in a catalogue string, each filled in with its value. */
export const filled = (template: string, values: Record<string, string>): string =>
  template.replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole);

/**
 * Above the Submit button: the declaration and the box that signs it (ticked, it goes with the form's Submit), or,
 * for someone who may not sign, the signatories to ask.
 */
export const SubmitDeclaration = (props: {
  v: View;
  type: CertificateType;
  signing: Signing;
  error?: string | undefined;
}) => {
  const { v, signing } = props;
  const d = v.m.declaration;
  return (
    <section class="card" aria-labelledby="declaration-title" id="declaration">
      <h2 id="declaration-title">{d.title}</h2>
      <p data-declaration-text>{d.text[props.type]}</p>
      {signing.own ? (
        <div class={props.error ? 'field invalid' : 'field'}>
          {props.error ? (
            <p class="error" id="declare-error">
              {props.error}
            </p>
          ) : null}
          <label>
            <input
              type="checkbox"
              name="declare"
              value="yes"
              form="application-form"
              id={fieldId('declare')}
              {...(props.error ? { 'aria-invalid': 'true', 'aria-describedby': 'declare-error' } : {})}
            />
            {filled(d.confirm, { name: signing.own.fullName, function: signing.own.function })}
          </label>
        </div>
      ) : (
        <div class="note" role="note" id="not-signatory">
          <p>{d.notSignatory}</p>
          {signing.signatories.length > 0 ? (
            <>
              <p>{d.signatories}</p>
              <ul>
                {signing.signatories.map((each) => (
                  <li>
                    {each.fullName}, {each.function}
                  </li>
                ))}
              </ul>
            </>
          ) : (
            <p>{d.noSignatories}</p>
          )}
        </div>
      )}
    </section>
  );
};

/** For staff reviewing: who declared, in what function, where and when; older submits have none. */
export const DeclarationFacts = (props: { v: View; declaration: Declaration | undefined }) => {
  const { v, declaration } = props;
  const d = v.m.declaration;
  return (
    <section class="card" aria-labelledby="declared-title" id="declared">
      <h2 id="declared-title">{d.title}</h2>
      {declaration ? (
        <>
          <p data-declared>
            {filled(d.declaredBy, {
              name: declaration.name,
              function: declaration.function,
              place: declaration.place,
              date: v.format.dateTime(declaration.at),
            })}
          </p>
          {declaration.apiKeyId ? <p class="muted">{d.viaKey}</p> : null}
        </>
      ) : (
        <p class="muted">{d.none}</p>
      )}
    </section>
  );
};
