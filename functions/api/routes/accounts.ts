// Organisations and users (admins; an exporter organisation's admin for its own people).
import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import * as z from 'zod';
import { OrganisationFields, UserFields } from '../../core/auth/account-fields.ts';
import { userView } from '../../core/auth/manage-accounts.ts';
import { validate } from '../../http/validate.ts';
import type { ApiEnv } from '../context.ts';
import { actorOf } from '../middleware/authenticate.ts';

const IdParam = z.object({ id: z.string().uuid('is not an id') });
const OrgQuery = z.object({ orgId: z.string().uuid().optional() });

export const accountRoutes = new Hono<ApiEnv>()
  .post('/orgs', validate('json', OrganisationFields), async (c) => {
    const organisation = await c.var.core.createOrganisation({ actor: actorOf(c), ...c.req.valid('json') });
    return c.json(organisation, 201);
  })
  .get('/orgs', async (c) => c.json({ items: await c.var.core.listOrganisations({ actor: actorOf(c) }) }))
  .post('/orgs/:id/disable', validate('param', IdParam), async (c) =>
    c.json(
      await c.var.core.setOrganisationDisabled({
        actor: actorOf(c),
        orgId: c.req.valid('param').id,
        disabled: true,
      }),
    ),
  )
  .post('/orgs/:id/enable', validate('param', IdParam), async (c) =>
    c.json(
      await c.var.core.setOrganisationDisabled({
        actor: actorOf(c),
        orgId: c.req.valid('param').id,
        disabled: false,
      }),
    ),
  )
  .post('/users', validate('json', UserFields), async (c) => {
    const { user, initialPassword } = await c.var.core.createUser({
      actor: actorOf(c),
      ...c.req.valid('json'),
    });
    return c.json({ ...userView(user), ...(initialPassword ? { initialPassword } : {}) }, 201);
  })
  .get('/users', validate('query', OrgQuery), async (c) => {
    const users = await c.var.core.listUsers({ actor: actorOf(c), orgId: c.req.valid('query').orgId });
    return c.json({ items: users.map(userView) });
  })
  .post(
    '/users/:id/reset-password',
    describeRoute({
      summary: "Reset a user's password (administrators)",
      description:
        'Sets a generated temporary password, returned once as `temporaryPassword`; the user’s sessions end, and ' +
        'at the next login the user must choose a new password (PASSWORD_CHANGE_REQUIRED until then).',
      responses: { 200: { description: 'The user, with the temporary password' } },
    }),
    validate('param', IdParam),
    async (c) => {
      const { user, temporaryPassword } = await c.var.core.resetPassword({
        actor: actorOf(c),
        userId: c.req.valid('param').id,
      });
      return c.json({ ...userView(user), temporaryPassword });
    },
  )
  .post('/users/:id/disable', validate('param', IdParam), async (c) =>
    c.json(
      userView(
        await c.var.core.setUserDisabled({
          actor: actorOf(c),
          userId: c.req.valid('param').id,
          disabled: true,
        }),
      ),
    ),
  )
  .post('/users/:id/enable', validate('param', IdParam), async (c) =>
    c.json(
      userView(
        await c.var.core.setUserDisabled({
          actor: actorOf(c),
          userId: c.req.valid('param').id,
          disabled: false,
        }),
      ),
    ),
  );
