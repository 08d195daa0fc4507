// Organisations and users (admins; an exporter organisation's admin for its own people).
import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import * as z from 'zod';
import { userView } from '../../core/auth/manage-accounts.ts';
import { CountryCode } from '../../core/countries.ts';
import { validate } from '../../http/validate.ts';
import type { ApiEnv } from '../env.ts';
import { actorOf } from '../middleware/authenticate.ts';

const text = (max: number) => z.string().trim().min(1, 'is required').max(max);

export const OrganisationBody = z.strictObject({
  name: text(200),
  address: z.strictObject({
    street: text(200),
    city: text(100),
    postcode: z.string().trim().max(20).optional(),
    country: CountryCode,
  }),
  taxId: z.string().trim().max(40).optional(),
});

export const UserBody = z.strictObject({
  email: z.string().trim().email('must be an email address').max(254),
  name: text(120),
  role: z.enum(['exporter', 'staff', 'admin']),
  orgId: z.string().uuid().optional(),
  orgAdmin: z.boolean().optional(),
  password: z.string().max(1024).optional(),
});

const IdParam = z.object({ id: z.string().uuid('is not an id') });
const OrgQuery = z.object({ orgId: z.string().uuid().optional() });

export const accountRoutes = new Hono<ApiEnv>()
  .post('/orgs', validate('json', OrganisationBody), async (c) => {
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
  .post('/users', validate('json', UserBody), async (c) => {
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
