// Logging in, changing one's password, and the page shown when something is refused or goes wrong.
import { PORTAL } from '../context.ts';
import { ErrorSummary, Field } from './components.tsx';
import { Layout } from './layout.tsx';
import type { View } from './view-context.ts';

export const LoginPage = (props: { v: View; email: string; error: string | undefined }) => {
  const { v } = props;
  const l = v.m.login;
  return (
    <Layout v={v} title={l.title}>
      <p>{l.intro}</p>
      {props.error ? (
        <div class="summary" role="alert" tabindex={-1}>
          <p>{props.error}</p>
        </div>
      ) : null}
      <form method="post" action={`${PORTAL}/login`} class="card">
        <div class="grid">
          <Field
            v={v}
            name="email"
            label={l.email}
            kind="email"
            value={props.email}
            autocomplete="username"
            required
          />
          <Field
            v={v}
            name="password"
            label={l.password}
            kind="password"
            autocomplete="current-password"
            required
          />
        </div>
        <div class="actions">
          <button type="submit">{l.submit}</button>
        </div>
      </form>
      <p>
        <a href={`${PORTAL}/password-reset`}>{v.m.mail.forgotLink}</a>
      </p>
    </Layout>
  );
};

export const ErrorPage = (props: { v: View; title: string; detail?: string | undefined }) => (
  <Layout v={props.v} title={props.title}>
    <div class="summary" role="alert">
      <p>{props.detail ?? props.v.m.errors.title}</p>
    </div>
    <p>
      <a href={PORTAL}>{props.v.m.errors.back}</a>
    </p>
  </Layout>
);

/** Changing one's own password; `forced` when an administrator set it and nothing else may be done first. */
export const PasswordPage = (props: { v: View; forced: boolean; errors: Map<string, string> }) => {
  const { v, errors } = props;
  const p = v.m.password;
  const labels = new Map([
    ['currentPassword', p.current],
    ['newPassword', p.new],
  ]);
  return (
    <Layout v={v} title={p.title}>
      <p>{props.forced ? p.forcedIntro : p.intro}</p>
      <ErrorSummary v={v} errors={errors} labels={labels} />
      <form method="post" action={`${PORTAL}/password`} class="card" novalidate>
        <div class="grid">
          <Field
            v={v}
            name="currentPassword"
            label={p.current}
            kind="password"
            autocomplete="current-password"
            errors={errors}
            required
          />
          <Field
            v={v}
            name="newPassword"
            label={p.new}
            kind="password"
            autocomplete="new-password"
            hint={p.hint}
            errors={errors}
            required
          />
        </div>
        <div class="actions">
          <button type="submit">{p.submit}</button>
        </div>
      </form>
      {v.actor && v.actor.role !== 'operator' && !props.forced ? (
        <p>
          <a href={`${PORTAL}/settings/notifications`}>{v.m.mail.notificationsTitle}</a>
        </p>
      ) : null}
    </Layout>
  );
};
