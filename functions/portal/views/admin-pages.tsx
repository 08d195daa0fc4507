// Administrators: organisations and users (create, disable, enable), and the signing keys in use.
import type { JWK } from 'jose';
import type { Organisation, User } from '../../core/accounts.ts';
import { fieldId } from '../application-form.ts';
import { PORTAL } from '../context.ts';
import type { AccountNotice } from '../flash.ts';
import { ErrorSummary, errorId, Field } from './components.tsx';
import { countryOptions } from './form-labels.ts';
import { Layout } from './layout.tsx';
import { StackTable } from './stack-table.tsx';
import type { View } from './view-context.ts';

const ToggleForm = (props: { v: View; action: string; disabled: boolean; label: string }) => (
  <form method="post" action={`${props.action}/${props.disabled ? 'enable' : 'disable'}`} class="inline">
    <button type="submit" class={props.disabled ? 'secondary' : 'danger'}>
      {props.disabled ? props.v.m.admin.enable : props.v.m.admin.disable}
      <span class="sr-only"> {props.label}</span>
    </button>
  </form>
);

export const OrganisationsPage = (props: {
  v: View;
  organisations: Organisation[];
  errors: Map<string, string>;
  values: Record<string, string>;
}) => {
  const { v, errors, values } = props;
  const a = v.m.admin;
  const labels = new Map([
    ['name', a.name],
    ['address.street', a.street],
    ['address.city', a.city],
    ['address.postcode', a.postcode],
    ['address.country', a.country],
    ['taxId', a.taxId],
  ]);
  return (
    <Layout v={v} title={a.organisationsTitle}>
      <section class="card">
        <StackTable
          id="organisations"
          rows={props.organisations}
          columns={[
            {
              label: a.name,
              cell: (org) => <a href={`${PORTAL}/admin/users?orgId=${org.id}`}>{org.name}</a>,
            },
            { label: a.city, cell: (org) => org.address.city },
            { label: a.taxId, cell: (org) => org.taxId ?? '—' },
            { label: v.m.dashboard.status, cell: (org) => (org.disabled ? a.disabled : a.active) },
            {
              label: a.disable,
              actions: true,
              cell: (org) => (
                <ToggleForm
                  v={v}
                  action={`${PORTAL}/admin/organisations/${org.id}`}
                  disabled={org.disabled ?? false}
                  label={org.name}
                />
              ),
            },
          ]}
        />
      </section>
      <ErrorSummary v={v} errors={errors} labels={labels} />
      <form method="post" action={`${PORTAL}/admin/organisations`} class="card" novalidate>
        <h2>{a.newOrganisation}</h2>
        <div class="grid">
          {[...labels].map(([name, label]) =>
            name === 'address.country' ? (
              <Field
                v={v}
                name={name}
                label={label}
                options={countryOptions(v)}
                value={values[name] ?? 'MK'}
                errors={errors}
              />
            ) : (
              <Field v={v} name={name} label={label} value={values[name]} errors={errors} />
            ),
          )}
        </div>
        <div class="actions">
          <button type="submit">{a.create}</button>
        </div>
      </form>
    </Layout>
  );
};

/** An address that, where it must wrap, wraps after its @ rather than inside a word. */
const EmailAddress = (props: { email: string }) => {
  const at = props.email.lastIndexOf('@');
  if (at < 0) return <>{props.email}</>;
  return (
    <>
      {props.email.slice(0, at + 1)}
      <wbr />
      {props.email.slice(at + 1)}
    </>
  );
};

export const UsersPage = (props: {
  v: View;
  users: User[];
  organisations: Organisation[];
  orgId: string | undefined;
  errors: Map<string, string>;
  values: Record<string, string>;
  notice?: (AccountNotice & { user: User }) | undefined;
}) => {
  const { v, errors, values } = props;
  const a = v.m.admin;
  const orgName = new Map(props.organisations.map((org) => [org.id, org.name]));
  const orgOptions = [
    { value: '', label: a.none },
    ...props.organisations.map((org) => ({ value: org.id, label: org.name })),
  ];
  const labels = new Map([
    ['email', a.email],
    ['name', a.personName],
    ['role', a.role],
    ['orgId', a.organisation],
    ['password', a.password],
  ]);
  return (
    <Layout v={v} title={a.usersTitle}>
      {props.notice ? <AccountNoticeBox v={v} notice={props.notice} /> : null}
      <form method="get" action={`${PORTAL}/admin/users`} class="card filters">
        <Field
          v={v}
          name="orgId"
          label={a.organisation}
          value={props.orgId ?? ''}
          options={[{ value: '', label: a.all }, ...orgOptions.slice(1)]}
        />
        <button type="submit">{v.m.queue.apply}</button>
      </form>
      <section class="card mt">
        <StackTable
          id="users"
          rows={props.users}
          columns={[
            { label: a.personName, cell: (user) => user.name },
            { label: a.email, cell: (user) => <EmailAddress email={user.email} /> },
            { label: a.role, cell: (user) => v.m.roles[user.role] },
            {
              label: a.organisation,
              cell: (user) => (user.orgId ? (orgName.get(user.orgId) ?? '—') : '—'),
            },
            {
              label: v.m.dashboard.status,
              cell: (user) =>
                user.disabled ? a.disabled : user.passwordChangeRequired ? a.mustChangePassword : a.active,
            },
            {
              label: a.signatory,
              cell: (user) =>
                user.role !== 'exporter' ? (
                  '—'
                ) : (
                  <>
                    {user.signatory ? `${user.signatory.fullName}, ${user.signatory.function} ` : null}
                    <a class="button secondary" href={`${PORTAL}/admin/users/${user.id}/signatory`}>
                      {user.signatory ? a.signatoryChange : a.signatoryGrant}
                      <span class="sr-only"> {user.email}</span>
                    </a>
                  </>
                ),
            },
            {
              label: a.disable,
              actions: true,
              cell: (user) => (
                <>
                  <ToggleForm
                    v={v}
                    action={`${PORTAL}/admin/users/${user.id}`}
                    disabled={user.disabled ?? false}
                    label={user.email}
                  />
                  {user.id === v.actor?.userId ? null : (
                    <a class="button secondary" href={`${PORTAL}/admin/users/${user.id}/reset-password`}>
                      {a.resetPassword}
                      <span class="sr-only"> {user.email}</span>
                    </a>
                  )}
                </>
              ),
            },
          ]}
        />
      </section>
      <ErrorSummary v={v} errors={errors} labels={labels} />
      <form method="post" action={`${PORTAL}/admin/users`} class="card" novalidate>
        <h2>{a.newUser}</h2>
        <div class="grid">
          <Field
            v={v}
            name="email"
            label={a.email}
            kind="email"
            value={values.email}
            errors={errors}
            required
          />
          <Field v={v} name="name" label={a.personName} value={values.name} errors={errors} required />
          <Field
            v={v}
            name="role"
            label={a.role}
            value={values.role ?? 'exporter'}
            errors={errors}
            options={(['exporter', 'staff', 'admin'] as const).map((role) => ({
              value: role,
              label: v.m.roles[role],
            }))}
          />
          <Field
            v={v}
            name="orgId"
            label={a.organisation}
            value={values.orgId ?? props.orgId ?? ''}
            errors={errors}
            options={orgOptions}
          />
          <Field
            v={v}
            name="password"
            label={a.password}
            kind="password"
            errors={errors}
            autocomplete="new-password"
          />
          <div class="field">
            <label>
              <input type="checkbox" name="orgAdmin" value="yes" checked={values.orgAdmin === 'yes'} />
              {a.orgAdmin}
            </label>
          </div>
        </div>
        <div class="actions">
          <button type="submit">{a.create}</button>
        </div>
      </form>
    </Layout>
  );
};

/** `{name}` and `{email}` in a catalogue string, filled in with the user's. */
const aboutUser = (template: string, user: User) =>
  template.replace('{name}', user.name).replace('{email}', user.email);

/** Once, after a redirect: the account just created or reset, named, and the password to hand over. */
const AccountNoticeBox = (props: { v: View; notice: AccountNotice & { user: User } }) => {
  const a = props.v.m.admin;
  const { kind, user, password } = props.notice;
  const passwordText = kind === 'reset' ? a.temporaryPasswordFor : a.initialPasswordFor;
  return (
    <div class="note" role="status" id="account-notice">
      {kind === 'created' ? <p>{aboutUser(a.userCreated, user)}</p> : null}
      {password ? (
        <>
          <p>{aboutUser(passwordText, user)}</p>
          <code class="secret">{password}</code>
        </>
      ) : null}
    </div>
  );
};

/** Asks before a password reset, which logs the user out everywhere; a plain form, no script needed. */
export const ResetPasswordPage = (props: { v: View; user: User }) => {
  const { v, user } = props;
  const a = v.m.admin;
  return (
    <Layout v={v} title={a.resetPassword}>
      <form method="post" action={`${PORTAL}/admin/users/${user.id}/reset-password`} class="card">
        <p>
          <strong>{aboutUser(a.resetConfirmQuestion, user)}</strong>
        </p>
        <p>{a.resetConsequences}</p>
        <input type="hidden" name="confirm" value="yes" />
        <div class="actions">
          <button type="submit" class="danger">
            {a.resetConfirm}
          </button>
          <a
            class="button secondary"
            href={`${PORTAL}/admin/users${user.orgId ? `?orgId=${user.orgId}` : ''}`}
          >
            {a.cancel}
          </a>
        </div>
      </form>
    </Layout>
  );
};

/**
 * Registering an exporter as an authorised signatory of the exporter's declaration, or correcting their name or
 * function as printed, and revoking the right (docs/legal.md §8).
 */
export const SignatoryPage = (props: {
  v: View;
  user: User;
  values: Record<string, string>;
  errors: Map<string, string>;
}) => {
  const { v, user, errors } = props;
  const a = v.m.admin;
  const labels = new Map([
    ['fullName', a.signatoryFullName],
    ['function', a.signatoryFunction],
  ]);
  const action = `${PORTAL}/admin/users/${user.id}/signatory`;
  return (
    <Layout v={v} title={a.signatoryTitle}>
      <p>{aboutUser(a.signatoryIntro, user)}</p>
      <ErrorSummary v={v} errors={errors} labels={labels} />
      <form method="post" action={action} class="card" novalidate>
        <Field
          v={v}
          name="fullName"
          label={a.signatoryFullName}
          value={props.values.fullName ?? user.signatory?.fullName ?? user.name}
          errors={errors}
          required
          maxlength={120}
        />
        <Field
          v={v}
          name="function"
          label={a.signatoryFunction}
          hint={a.signatoryFunctionHint}
          value={props.values.function ?? user.signatory?.function ?? ''}
          errors={errors}
          required
          maxlength={80}
        />
        <div class="actions">
          <button type="submit">{a.signatorySave}</button>
          <a
            class="button secondary"
            href={`${PORTAL}/admin/users${user.orgId ? `?orgId=${user.orgId}` : ''}`}
          >
            {a.cancel}
          </a>
        </div>
      </form>
      {user.signatory ? (
        <form method="post" action={`${action}/revoke`} class="card mt">
          <p>{a.signatoryRevokeConsequences}</p>
          <button type="submit" class="danger">
            {a.signatoryRevoke}
          </button>
        </form>
      ) : null}
    </Layout>
  );
};

/** Local key rings say when each key was active; others are listed newest first. */
type PublishedKey = JWK & { status?: string; validFrom?: string; validUntil?: string };

export const KeysPage = (props: {
  v: View;
  keys: PublishedKey[];
  /** The service holds its keys (files) and may rotate them here; KMS keys rotate by deployment. */
  canRotate: boolean;
  errors?: Map<string, string>;
}) => {
  const { v } = props;
  const a = v.m.admin;
  const errors = props.errors ?? new Map<string, string>();
  const confirmError = errors.get('confirm');
  return (
    <Layout v={v} title={a.keysTitle}>
      <section class="card">
        <StackTable
          id="keys"
          rows={props.keys}
          columns={[
            { label: a.keyId, cell: (key) => <code>{key.kid}</code> },
            {
              label: a.keyState,
              cell: (key, index) =>
                `${(key.status ?? (index === 0 ? 'active' : 'retired')) === 'active' ? a.keyActive : a.keyRetired}${
                  typeof key.validFrom === 'string' ? ` · ${v.format.date(key.validFrom)}` : ''
                }${typeof key.validUntil === 'string' ? ` – ${v.format.date(key.validUntil)}` : ''}`,
            },
          ]}
        />
      </section>
      {props.canRotate ? (
        <form method="post" action={`${PORTAL}/admin/keys/rotate`} class="card" novalidate>
          <ErrorSummary v={v} errors={errors} labels={new Map([['confirm', a.rotateConfirm]])} />
          <h2>{a.rotateTitle}</h2>
          <p>{a.rotateExplain}</p>
          <div class="field">
            <label>
              <input
                type="checkbox"
                name="confirm"
                value="yes"
                id={fieldId('confirm')}
                aria-invalid={confirmError ? 'true' : undefined}
                aria-describedby={confirmError ? errorId('confirm') : undefined}
              />
              {a.rotateConfirm}
            </label>
            {confirmError ? (
              <span class="error-text" id={errorId('confirm')}>
                {confirmError}
              </span>
            ) : null}
          </div>
          <div class="actions">
            <button type="submit" class="danger">
              {a.rotate}
            </button>
          </div>
        </form>
      ) : (
        <p class="note">{a.rotateHelp}</p>
      )}
    </Layout>
  );
};
