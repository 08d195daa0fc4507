// The pages of docs/mail.md in the portal: asking for a password-reset mail, choosing the new password from its
// link, and each user's choice of mail notifications.

import { MAIL_LANGUAGES } from '../../core/mail/mail.ts';
import type { NotificationSettings } from '../../core/mail/manage-notifications.ts';
import { PORTAL } from '../context.ts';
import { PORTAL_MESSAGES } from '../messages/index.ts';
import { ErrorSummary, Field } from './components.tsx';
import { Layout } from './layout.tsx';
import type { View } from './view-context.ts';

const Notice = (props: { text: string; alert?: boolean }) => (
  <div class={props.alert ? 'summary' : 'flash'} role={props.alert ? 'alert' : 'status'} tabindex={-1}>
    <p>{props.text}</p>
  </div>
);

export const ForgotPasswordPage = (props: { v: View; sent: boolean; error?: string | undefined }) => {
  const { v } = props;
  const t = v.m.mail;
  return (
    <Layout v={v} title={t.forgotTitle}>
      {props.sent ? <Notice text={t.forgotSent} /> : <p>{t.forgotIntro}</p>}
      {props.error ? <Notice text={props.error} alert /> : null}
      <form method="post" action={`${PORTAL}/password-reset`} class="card">
        <div class="grid">
          <Field v={v} name="email" label={v.m.login.email} kind="email" autocomplete="username" required />
        </div>
        <div class="actions">
          <button type="submit">{t.forgotSubmit}</button>
        </div>
      </form>
      <p>
        <a href={`${PORTAL}/login`}>{t.toLogin}</a>
      </p>
    </Layout>
  );
};

/** The new password, with the token from the link carried in a hidden field (never echoed into a URL again). */
export const ResetPasswordPage = (props: {
  v: View;
  token: string;
  errors: Map<string, string>;
  invalid: boolean;
}) => {
  const { v, errors } = props;
  const t = v.m.mail;
  if (props.invalid) {
    return (
      <Layout v={v} title={t.resetTitle}>
        <Notice text={t.resetInvalid} alert />
        <p>
          <a href={`${PORTAL}/password-reset`}>{t.resetAgain}</a>
        </p>
      </Layout>
    );
  }
  return (
    <Layout v={v} title={t.resetTitle}>
      <p>{t.resetIntro}</p>
      <ErrorSummary v={v} errors={errors} labels={new Map([['password', v.m.password.new]])} />
      <form method="post" action={`${PORTAL}/password-reset/confirm`} class="card" novalidate>
        <input type="hidden" name="token" value={props.token} />
        <div class="grid">
          <Field
            v={v}
            name="password"
            label={v.m.password.new}
            kind="password"
            autocomplete="new-password"
            hint={v.m.password.hint}
            errors={errors}
            required
          />
        </div>
        <div class="actions">
          <button type="submit">{t.resetSubmit}</button>
        </div>
      </form>
    </Layout>
  );
};

export const ResetDonePage = (props: { v: View }) => (
  <Layout v={props.v} title={props.v.m.mail.resetTitle}>
    <Notice text={props.v.m.mail.resetDone} />
    <p>
      <a href={`${PORTAL}/login`}>{props.v.m.mail.toLogin}</a>
    </p>
  </Layout>
);

export const NotificationsPage = (props: { v: View; settings: NotificationSettings }) => {
  const { v, settings } = props;
  const t = v.m.mail;
  const role = v.actor?.role;
  return (
    <Layout v={v} title={t.notificationsTitle}>
      {v.flash ? <Notice text={v.flash} /> : null}
      <p>
        {t.notificationsIntro} <strong>{settings.email}</strong>.
      </p>
      {settings.undeliverable ? (
        <form method="post" action={`${PORTAL}/settings/notifications`} class="summary" role="alert">
          <p>
            {t.undeliverable} {settings.undeliverable.reason === 'bounce' ? t.bounce : t.complaint} (
            {v.format.date(settings.undeliverable.at)})
          </p>
          <input type="hidden" name="retryDelivery" value="true" />
          <button type="submit">{t.retry}</button>
        </form>
      ) : null}
      <form method="post" action={`${PORTAL}/settings/notifications`} class="card">
        <input type="hidden" name="choices" value="1" />
        {role === 'exporter' ? (
          <div class="field">
            <label>
              <input
                type="checkbox"
                name="applicationUpdates"
                value="on"
                checked={settings.applicationUpdates}
              />{' '}
              {t.applicationUpdates}
            </label>
          </div>
        ) : null}
        {role === 'staff' ? (
          <div class="field">
            <label>
              <input type="checkbox" name="dailyDigest" value="on" checked={settings.dailyDigest} />{' '}
              {t.dailyDigest}
            </label>
          </div>
        ) : null}
        <Field
          v={v}
          name="language"
          label={t.language}
          value={settings.language ?? ''}
          options={[
            { value: '', label: t.chamberLanguage },
            ...MAIL_LANGUAGES.map((language) => ({
              value: language,
              label: PORTAL_MESSAGES[language].languageName,
            })),
          ]}
        />
        <div class="actions">
          <button type="submit">{t.save}</button>
        </div>
      </form>
    </Layout>
  );
};
