// Webhook endpoints of an exporter organisation and their delivery log. The signing secret is shown once.
import { Hono } from 'hono';
import * as z from 'zod';
import type { Webhook } from '../../core/webhooks/webhook.ts';
import { validate } from '../../http/validate.ts';
import type { ApiEnv } from '../context.ts';
import { actorOf } from '../middleware/authenticate.ts';

const WebhookBody = z.strictObject({ url: z.string().trim().min(1, 'is required').max(2000) });
const IdParam = z.object({ id: z.string().uuid('is not a webhook id') });
const CursorQuery = z.strictObject({ cursor: z.string().max(2000).optional() });

const webhookView = (webhook: Webhook) => ({
  id: webhook.id,
  url: webhook.url,
  createdAt: webhook.createdAt,
  revokedAt: webhook.revokedAt ?? null,
});

export const webhookRoutes = new Hono<ApiEnv>()
  .post('/', validate('json', WebhookBody), async (c) => {
    const webhook = await c.var.core.createWebhook({ actor: actorOf(c), url: c.req.valid('json').url });
    return c.json({ ...webhookView(webhook), secret: webhook.secret }, 201);
  })
  .get('/', async (c) =>
    c.json({ items: (await c.var.core.listWebhooks({ actor: actorOf(c) })).map(webhookView) }),
  )
  .get('/deliveries', validate('query', CursorQuery), async (c) => {
    const page = await c.var.core.listDeliveries({ actor: actorOf(c), cursor: c.req.valid('query').cursor });
    return c.json({
      items: page.items.map(({ issuerId: _issuer, payload, ...delivery }) => ({
        ...delivery,
        payload: JSON.parse(payload),
      })),
      ...(page.cursor ? { cursor: page.cursor } : {}),
    });
  })
  .delete('/:id', validate('param', IdParam), async (c) =>
    c.json(webhookView(await c.var.core.revokeWebhook({ actor: actorOf(c), id: c.req.valid('param').id }))),
  );
