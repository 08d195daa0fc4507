// Webhook endpoints of an exporter organisation and their delivery log. The signing secret is shown once.
import { Hono } from 'hono';
import * as z from 'zod';
import type { Webhook } from '../../core/webhooks/webhook.ts';
import { json, problems } from '../../http/problem-responses.ts';
import { validate } from '../../http/validate.ts';
import { apiRoute } from '../api-route.ts';
import type { ApiEnv } from '../context.ts';
import { actorOf } from '../middleware/authenticate.ts';
import {
  CreatedWebhookSchema,
  WebhookDeliverySchema,
  WebhookSchema,
} from '../views/account-representations.ts';
import { pageOf } from '../views/representations.ts';

const WebhookBody = z
  .strictObject({ url: z.string().trim().min(1, 'is required').max(2000) })
  .meta({ examples: [{ url: 'https://erp.example.com/hooks/tradecert' }] });
const tags: ['webhooks'] = ['webhooks'];
const IdParam = z.object({ id: z.string().uuid('is not a webhook id') });
const CursorQuery = z.strictObject({ cursor: z.string().max(2000).optional() });

const webhookView = (webhook: Webhook): z.output<typeof WebhookSchema> => ({
  id: webhook.id,
  url: webhook.url,
  createdAt: webhook.createdAt,
  revokedAt: webhook.revokedAt ?? null,
});

export const webhookRoutes = new Hono<ApiEnv>()
  .post(
    '/',
    apiRoute('post', {
      operationId: 'createWebhook',
      tags,
      summary: 'Register a webhook endpoint (exporters); the signing secret is shown once',
      description: 'Public HTTPS only: the URL is checked now and at every delivery (docs/security.md).',
      responses: { 201: json('The endpoint, with its secret', CreatedWebhookSchema), ...problems(400, 409) },
    }),
    validate('json', WebhookBody),
    async (c) => {
      const webhook = await c.var.core.createWebhook({ actor: actorOf(c), url: c.req.valid('json').url });
      return c.json({ ...webhookView(webhook), secret: webhook.secret }, 201);
    },
  )
  .get(
    '/',
    apiRoute('get', {
      operationId: 'listWebhooks',
      tags,
      summary: "The organisation's webhook endpoints (exporters)",
      description:
        "Exporters of the organisation, a person or its ERP's API key (403 for other roles). Every endpoint " +
        'in one answer, removed ones with their `revokedAt`; never the signing secret.',
      responses: { 200: json('The endpoints', pageOf(WebhookSchema, 'WebhookList')) },
    }),
    async (c) => c.json({ items: (await c.var.core.listWebhooks({ actor: actorOf(c) })).map(webhookView) }),
  )
  .get(
    '/deliveries',
    apiRoute('get', {
      operationId: 'listWebhookDeliveries',
      tags,
      summary: 'The delivery log, newest first (exporters)',
      description:
        'Exporters of the organisation. Each delivery with its event id and payload, status (PENDING, ' +
        'DELIVERED, FAILED), attempts, next attempt and the last HTTP status or error, so that an ' +
        "integrator can see why events did not arrive. Paged, 50 at a time: pass the answer's `cursor` back " +
        'for the next page; no `cursor` on the last.',
      responses: {
        200: json('A page of deliveries', pageOf(WebhookDeliverySchema, 'WebhookDeliveryList')),
        ...problems(400),
      },
    }),
    validate('query', CursorQuery),
    async (c) => {
      const page = await c.var.core.listDeliveries({
        actor: actorOf(c),
        cursor: c.req.valid('query').cursor,
      });
      return c.json({
        items: page.items.map(({ issuerId: _issuer, payload, ...delivery }) => ({
          ...delivery,
          payload: JSON.parse(payload),
        })),
        ...(page.cursor ? { cursor: page.cursor } : {}),
      });
    },
  )
  .delete(
    '/:id',
    apiRoute('delete', {
      operationId: 'revokeWebhook',
      tags,
      summary: 'Remove a webhook endpoint (exporters)',
      description:
        'Exporters of the organisation. Nothing more is sent to the endpoint: deliveries still pending for ' +
        "it fail instead. Removing it again answers the first removal unchanged; another organisation's " +
        'endpoint, or an unknown one, is 404 NOT_FOUND.',
      responses: { 200: json('The removed endpoint', WebhookSchema), ...problems(400) },
    }),
    validate('param', IdParam),
    async (c) =>
      c.json(webhookView(await c.var.core.revokeWebhook({ actor: actorOf(c), id: c.req.valid('param').id }))),
  );
