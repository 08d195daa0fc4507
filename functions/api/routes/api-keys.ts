// API keys for an exporter organisation's ERP: the secret is in the creation response only.
import { Hono } from 'hono';
import * as z from 'zod';
import { apiKeyView } from '../../core/auth/api-keys.ts';
import { validate } from '../../http/validate.ts';
import type { ApiEnv } from '../context.ts';
import { actorOf } from '../middleware/authenticate.ts';

const KeyBody = z.strictObject({ name: z.string().trim().min(1, 'is required').max(80) });
const KeyParam = z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{22}$/, 'is not an API key id') });

export const apiKeyRoutes = new Hono<ApiEnv>()
  .post('/', validate('json', KeyBody), async (c) => {
    const { key, secret } = await c.var.core.createApiKey({
      actor: actorOf(c),
      name: c.req.valid('json').name,
    });
    return c.json({ ...apiKeyView(key), secret }, 201);
  })
  .get('/', async (c) =>
    c.json({ items: (await c.var.core.listApiKeys({ actor: actorOf(c) })).map(apiKeyView) }),
  )
  .delete('/:id', validate('param', KeyParam), async (c) =>
    c.json(apiKeyView(await c.var.core.revokeApiKey({ actor: actorOf(c), id: c.req.valid('param').id }))),
  );
