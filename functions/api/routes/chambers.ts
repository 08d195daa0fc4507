// The platform operator's routes (docs/network.md §2): the chambers of the deployment, each created with its first
// administrator, suspended, withdrawn or reactivated. Every other role is refused by the core (403).
import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import * as z from 'zod';
import { UserFields } from '../../core/auth/account-fields.ts';
import { CHAMBER_STATUSES, ChamberFields, ChamberId } from '../../core/network/chamber.ts';
import { ChamberSettings } from '../../core/network/manage-chambers.ts';
import { validate } from '../../http/validate.ts';
import type { ApiEnv } from '../context.ts';
import { actorOf } from '../middleware/authenticate.ts';

const CreateBody = ChamberFields.extend({
  admin: UserFields.pick({ email: true, name: true }).strict(),
});
const IdParam = z.object({ id: ChamberId });
const StatusBody = z.strictObject({
  status: z.enum(CHAMBER_STATUSES),
  version: z.number().int().min(1),
});

export const chamberRoutes = new Hono<ApiEnv>()
  .post(
    '/',
    describeRoute({
      tags: ['network'],
      summary: 'Create a chamber and its first administrator (platform operator); the password is shown once',
    }),
    validate('json', CreateBody),
    async (c) => {
      const created = await c.var.core.network.createChamber({ actor: actorOf(c), ...c.req.valid('json') });
      return c.json(created, 201);
    },
  )
  .get(
    '/',
    describeRoute({ tags: ['network'], summary: 'The chambers of this deployment (operator)' }),
    async (c) => c.json({ items: await c.var.core.network.listChambers({ actor: actorOf(c) }) }),
  )
  .get('/:id', validate('param', IdParam), async (c) =>
    c.json(await c.var.core.network.getChamber({ actor: actorOf(c), id: c.req.valid('param').id })),
  )
  .post(
    '/:id/status',
    describeRoute({
      tags: ['network'],
      summary: 'Suspend, withdraw or reactivate a chamber (operator; optimistic on its version)',
    }),
    validate('param', IdParam),
    validate('json', StatusBody),
    async (c) =>
      c.json(
        await c.var.core.network.setChamberStatus({
          actor: actorOf(c),
          id: c.req.valid('param').id,
          ...c.req.valid('json'),
        }),
      ),
  );

/** The administrator's own chamber: GET and PATCH /api/chamber. */
export const ownChamberRoutes = new Hono<ApiEnv>()
  .get(
    '/',
    describeRoute({ tags: ['network'], summary: 'This chamber’s record (its administrators)' }),
    async (c) => c.json(await c.var.core.getOwnChamber({ actor: actorOf(c) })),
  )
  .patch(
    '/',
    describeRoute({
      tags: ['network'],
      summary:
        'Change this chamber’s names, contact or caption languages (administrators; optimistic on version)',
    }),
    validate('json', ChamberSettings),
    async (c) => c.json(await c.var.core.updateOwnChamber({ actor: actorOf(c), ...c.req.valid('json') })),
  );
