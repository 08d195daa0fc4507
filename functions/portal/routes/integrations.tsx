// An exporter organisation's API keys and webhooks. A new secret is rendered on the response to the form
// that created it (never put in a URL or a cookie) and is not shown again.
import { type Context, Hono } from 'hono';
import * as z from 'zod';
import { AppError, isAppError } from '../../core/errors.ts';
import { fieldErrorsOf } from '../../core/field-issues.ts';
import { formErrors } from '../application-form.ts';
import { PORTAL, type PortalEnv } from '../context.ts';
import { setFlash, takeFlash } from '../flash.ts';
import { field, postedForm } from '../form-body.ts';
import { actorOf } from '../portal-session.ts';
import { allowRoles } from '../roles.ts';
import { ApiKeysPage, WebhooksPage } from '../views/integration-pages.tsx';
import { viewOf } from '../views/view-context.ts';

const KeyName = z.string().trim().min(1, 'is required').max(80, 'must be at most 80 characters');
const WebhookUrl = z.string().trim().min(1, 'is required').max(2000, 'must be at most 2000 characters');

const renderKeys = async (
  c: Context<PortalEnv>,
  state: { secret?: string; errors?: Map<string, string>; status?: 200 | 201 | 400 } = {},
) => {
  const actor = actorOf(c);
  const [keys, signatories] = await Promise.all([
    c.var.core.listApiKeys({ actor }),
    c.var.core.listSignatories({ actor }),
  ]);
  return c.html(
    <ApiKeysPage
      v={viewOf(c, takeFlash(c))}
      keys={keys}
      secret={state.secret}
      errors={state.errors ?? new Map()}
      signatory={signatories.find((user) => user.id === actor.userId)?.signatory}
    />,
    state.status ?? 200,
  );
};

const renderWebhooks = async (
  c: Context<PortalEnv>,
  state: { secret?: string; errors?: Map<string, string>; status?: 200 | 201 | 400 } = {},
) => {
  const actor = actorOf(c);
  const [webhooks, deliveries] = await Promise.all([
    c.var.core.listWebhooks({ actor }),
    c.var.core.listDeliveries({ actor }),
  ]);
  return c.html(
    <WebhooksPage
      v={viewOf(c, takeFlash(c))}
      webhooks={webhooks}
      deliveries={deliveries.items}
      secret={state.secret}
      errors={state.errors ?? new Map()}
    />,
    state.status ?? 200,
  );
};

/** The first issue of one field's schema, in the reader's words. */
const issuesOn = (c: Context<PortalEnv>, name: string, error: z.ZodError, typed: string) =>
  formErrors(fieldErrorsOf(error.issues.slice(0, 1), typed, name), c.var.m);

export const integrationRoutes = new Hono<PortalEnv>()
  .use('/settings/*', allowRoles('exporter'))
  .get('/settings/api-keys', (c) => renderKeys(c))
  .post('/settings/api-keys', async (c) => {
    const form = await postedForm(c);
    const typed = field(form, 'name');
    const name = KeyName.safeParse(typed);
    if (!name.success) return renderKeys(c, { errors: issuesOn(c, 'name', name.error, typed), status: 400 });
    const actor = actorOf(c);
    // ticked, the key signs the exporter's declaration in the name of the signatory who makes it
    const { secret } = await c.var.core.createApiKey({
      actor,
      name: name.data,
      ...(field(form, 'declares') === 'yes' ? { signatoryId: actor.userId } : {}),
    });
    return renderKeys(c, { secret, status: 201 });
  })
  .post('/settings/api-keys/:id/revoke', async (c) => {
    const id = c.req.param('id');
    if (!/^[A-Za-z0-9_-]{22}$/.test(id)) throw new AppError('NOT_FOUND', 'API key not found.');
    await c.var.core.revokeApiKey({ actor: actorOf(c), id });
    setFlash(c, 'done');
    return c.redirect(`${PORTAL}/settings/api-keys`, 303);
  })
  .get('/settings/webhooks', (c) => renderWebhooks(c))
  .post('/settings/webhooks', async (c) => {
    const typed = field(await postedForm(c), 'url');
    const url = WebhookUrl.safeParse(typed);
    if (!url.success) return renderWebhooks(c, { errors: issuesOn(c, 'url', url.error, typed), status: 400 });
    try {
      const webhook = await c.var.core.createWebhook({ actor: actorOf(c), url: url.data });
      return renderWebhooks(c, { secret: webhook.secret, status: 201 });
    } catch (error) {
      if (!isAppError(error, 'VALIDATION_FAILED')) throw error;
      return renderWebhooks(c, { errors: formErrors(error.errors, c.var.m), status: 400 });
    }
  })
  .post('/settings/webhooks/:id/revoke', async (c) => {
    const id = z.string().uuid().safeParse(c.req.param('id'));
    if (!id.success) throw new AppError('NOT_FOUND', 'Webhook not found.');
    await c.var.core.revokeWebhook({ actor: actorOf(c), id: id.data });
    setFlash(c, 'done');
    return c.redirect(`${PORTAL}/settings/webhooks`, 303);
  });
