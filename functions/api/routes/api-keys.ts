// API keys for an exporter organisation's ERP: the secret is in the creation response only.
import { Hono } from 'hono';
import * as z from 'zod';
import { apiKeyView } from '../../core/auth/api-keys.ts';
import { json, problems } from '../../http/problem-responses.ts';
import { validate } from '../../http/validate.ts';
import { apiRoute } from '../api-route.ts';
import type { ApiEnv } from '../context.ts';
import { actorOf } from '../middleware/authenticate.ts';
import { ApiKeySchema, CreatedApiKeySchema } from '../views/account-representations.ts';
import { pageOf } from '../views/representations.ts';

const KeyBody = z
  .strictObject({
    name: z.string().trim().min(1, 'is required').max(80),
    signatoryId: z
      .string()
      .uuid('is not a user id')
      .optional()
      .meta({ description: 'Your own user id, if you are an authorised signatory: the key may then submit' }),
  })
  .meta({
    examples: [
      { name: 'ERP production' },
      { name: 'ERP submissions', signatoryId: '3f2a1b0c-9d8e-4f7a-8b6c-5d4e3f2a1b0c' },
    ],
  });
const KeyParam = z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{22}$/, 'is not an API key id') });
const tags: ['api-keys'] = ['api-keys'];

export const apiKeyRoutes = new Hono<ApiEnv>()
  .post(
    '/',
    apiRoute('post', {
      operationId: 'createApiKey',
      tags,
      summary: "Create an API key for the organisation's ERP (exporters); the secret is shown once",
      description:
        'A person of the exporter organisation only, not an ERP with an API key (403 FORBIDDEN). The ' +
        "answer's `secret` (tck_…) is sent as Authorization: Bearer and is shown only here: store it in " +
        'your secret store, it cannot be read again. The key acts as an exporter of the organisation and ' +
        'ends when its creator or the organisation is disabled. Submitting signs the exporter’s declaration, ' +
        'so a key submits only when bound to an authorised signatory: an authorised signatory sends their own ' +
        'user id as `signatoryId` (a colleague’s is 403 FORBIDDEN, a user of another organisation 404 ' +
        'NOT_FOUND, a person who is not a signatory 403 SIGNATORY_REQUIRED). The key then declares in their ' +
        'name until their signatory rights are revoked or granted anew.',
      responses: { 201: json('The key, with its secret', CreatedApiKeySchema), ...problems(400) },
    }),
    validate('json', KeyBody),
    async (c) => {
      const { key, secret } = await c.var.core.createApiKey({
        actor: actorOf(c),
        ...c.req.valid('json'),
      });
      return c.json({ ...apiKeyView(key), secret }, 201);
    },
  )
  .get(
    '/',
    apiRoute('get', {
      operationId: 'listApiKeys',
      tags,
      summary: "The organisation's API keys, without secrets (exporters)",
      description:
        'Exporter people of the organisation (403 for other roles and for an API key). Every key in one ' +
        'answer, with `lastUsedAt` and `revokedAt` (revoked keys stay listed); never the secret.',
      responses: { 200: json('The keys', pageOf(ApiKeySchema, 'ApiKeyList')) },
    }),
    async (c) => c.json({ items: (await c.var.core.listApiKeys({ actor: actorOf(c) })).map(apiKeyView) }),
  )
  .delete(
    '/:id',
    apiRoute('delete', {
      operationId: 'revokeApiKey',
      tags,
      summary: 'Revoke an API key (exporters)',
      description:
        'Exporter people of the organisation (403 for an API key). The key is refused from the next request ' +
        "on; revoking it again answers the first revocation unchanged. Another organisation's key, or an " +
        'unknown one, is 404 NOT_FOUND.',
      responses: { 200: json('The revoked key', ApiKeySchema), ...problems(400) },
    }),
    validate('param', KeyParam),
    async (c) =>
      c.json(apiKeyView(await c.var.core.revokeApiKey({ actor: actorOf(c), id: c.req.valid('param').id }))),
  );
