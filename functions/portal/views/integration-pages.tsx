// An exporter organisation's API keys and webhooks; secrets are shown once, on the page that created them.
import type { ApiKey } from '../../core/accounts.ts';
import type { Webhook, WebhookDelivery } from '../../core/webhooks/webhook.ts';
import { PORTAL } from '../context.ts';
import { ErrorSummary, Field } from './components.tsx';
import { filled } from './declaration.tsx';
import { Layout } from './layout.tsx';
import { StackTable } from './stack-table.tsx';
import type { View } from './view-context.ts';

const Secret = (props: { v: View; secret: string | undefined }) =>
  props.secret ? (
    <div class="note" role="status">
      <p>
        <strong>{props.v.m.integrations.secretOnce}</strong>
      </p>
      <code class="secret" data-secret>
        {props.secret}
      </code>
    </div>
  ) : null;

export const ApiKeysPage = (props: {
  v: View;
  keys: ApiKey[];
  secret?: string | undefined;
  errors: Map<string, string>;
  /** The reader's own signatory grant: they may bind a new key to themselves (docs/legal.md §8). */
  signatory?: { fullName: string; function: string } | undefined;
}) => {
  const { v } = props;
  const t = v.m.integrations;
  return (
    <Layout v={v} title={t.apiKeysTitle}>
      <p>{t.apiKeysIntro}</p>
      <Secret v={v} secret={props.secret} />
      <ErrorSummary v={v} errors={props.errors} labels={new Map([['name', t.name]])} />
      <form method="post" action={`${PORTAL}/settings/api-keys`} class="card filters">
        <Field v={v} name="name" label={t.name} errors={props.errors} required maxlength={80} />
        {props.signatory ? (
          <div class="field">
            <label>
              <input type="checkbox" name="declares" value="yes" id="f-declares" />
              {filled(t.bindToMe, { name: props.signatory.fullName, function: props.signatory.function })}
            </label>
          </div>
        ) : null}
        <button type="submit">{t.create}</button>
      </form>
      <section class="card mt">
        {props.keys.length === 0 ? (
          <p>{t.none}</p>
        ) : (
          <StackTable
            rows={props.keys}
            columns={[
              { label: t.name, cell: (key) => key.name },
              { label: t.created, cell: (key) => v.format.dateTime(key.createdAt) },
              { label: t.submits, cell: (key) => (key.signatory ? t.submitsYes : t.submitsNo) },
              {
                label: t.lastUsed,
                cell: (key) => (key.lastUsedAt ? v.format.dateTime(key.lastUsedAt) : t.never),
              },
              {
                label: t.revoke,
                actions: true,
                cell: (key) =>
                  key.revokedAt ? (
                    `${t.revoked} ${v.format.date(key.revokedAt)}`
                  ) : (
                    <form
                      method="post"
                      action={`${PORTAL}/settings/api-keys/${key.id}/revoke`}
                      class="inline"
                    >
                      <button type="submit" class="secondary">
                        {t.revoke}
                        <span class="sr-only"> {key.name}</span>
                      </button>
                    </form>
                  ),
              },
            ]}
          />
        )}
      </section>
    </Layout>
  );
};

export const WebhooksPage = (props: {
  v: View;
  webhooks: Webhook[];
  deliveries: WebhookDelivery[];
  secret?: string | undefined;
  errors: Map<string, string>;
}) => {
  const { v } = props;
  const t = v.m.integrations;
  return (
    <Layout v={v} title={t.webhooksTitle}>
      <p>{t.webhooksIntro}</p>
      <Secret v={v} secret={props.secret} />
      <ErrorSummary v={v} errors={props.errors} labels={new Map([['url', t.url]])} />
      <form method="post" action={`${PORTAL}/settings/webhooks`} class="card filters">
        <Field v={v} name="url" label={t.url} kind="url" errors={props.errors} required maxlength={2000} />
        <button type="submit">{t.add}</button>
      </form>
      <section class="card mt">
        {props.webhooks.length === 0 ? (
          <p>{t.none}</p>
        ) : (
          <ul class="files">
            {props.webhooks.map((webhook) => (
              <li>
                <span class="name">{webhook.url}</span>
                <span class="muted">{v.format.dateTime(webhook.createdAt)}</span>
                {webhook.revokedAt ? (
                  <span>{t.revoked}</span>
                ) : (
                  <form
                    method="post"
                    action={`${PORTAL}/settings/webhooks/${webhook.id}/revoke`}
                    class="inline"
                  >
                    <button type="submit" class="secondary">
                      {t.revoke}
                      <span class="sr-only"> {webhook.url}</span>
                    </button>
                  </form>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section class="card">
        <h2>{t.deliveries}</h2>
        {props.deliveries.length === 0 ? (
          <p>{t.none}</p>
        ) : (
          <StackTable
            rows={props.deliveries}
            columns={[
              { label: t.created, cell: (delivery) => v.format.dateTime(delivery.createdAt) },
              { label: 'URL', cell: (delivery) => delivery.url },
              {
                label: v.m.dashboard.status,
                cell: (delivery) =>
                  `${delivery.status}${delivery.lastStatus ? ` (HTTP ${delivery.lastStatus})` : ''}`,
              },
              { label: t.attempts, numeric: true, cell: (delivery) => delivery.attempts },
            ]}
          />
        )}
      </section>
    </Layout>
  );
};
