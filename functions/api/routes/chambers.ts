// The platform operator's routes (docs/network.md §2): the chambers of the deployment, each created with its first
// administrator, suspended, withdrawn or reactivated. Every other role is refused by the core (403).
import { Hono } from 'hono';
import * as z from 'zod';
import { UserFields } from '../../core/auth/account-fields.ts';
import { CHAMBER_STATUSES, ChamberFields, ChamberId } from '../../core/network/chamber.ts';
import { ChamberSettings } from '../../core/network/manage-chambers.ts';
import { json, problems } from '../../http/problem-responses.ts';
import { validate } from '../../http/validate.ts';
import { apiRoute } from '../api-route.ts';
import type { ApiEnv } from '../context.ts';
import { actorOf } from '../middleware/authenticate.ts';
import { ChamberSchema, CreatedChamberSchema } from '../views/account-representations.ts';
import { pageOf } from '../views/representations.ts';

const CreateBody = ChamberFields.extend({
  admin: UserFields.pick({ email: true, name: true }).strict(),
});
const IdParam = z.object({ id: ChamberId });
const tags: ['network'] = ['network'];
const StatusBody = z.strictObject({
  status: z.enum(CHAMBER_STATUSES),
  version: z.number().int().min(1),
});

export const chamberRoutes = new Hono<ApiEnv>()
  .post(
    '/',
    apiRoute('post', {
      operationId: 'createChamber',
      tags,
      summary: 'Create a chamber and its first administrator (platform operator); the password is shown once',
      description:
        'The platform operator only (403 for every chamber role). Creates the chamber as active with its ' +
        'first administrator, whose generated `initialPassword` is in the answer only once and must be ' +
        'changed at the first login. An id, serial prefix or host already taken is 400 VALIDATION_FAILED ' +
        '(already_registered), as is any invalid field, `admin.email` included.',
      responses: {
        201: json('The chamber and its administrator', CreatedChamberSchema),
        ...problems(400, 409),
      },
    }),
    validate('json', CreateBody),
    async (c) => {
      const created = await c.var.core.network.createChamber({ actor: actorOf(c), ...c.req.valid('json') });
      return c.json(created, 201);
    },
  )
  .get(
    '/',
    apiRoute('get', {
      operationId: 'listChambers',
      tags,
      summary: 'The chambers of this deployment (operator)',
      description:
        'The platform operator only (403 for every chamber role). Every chamber of the deployment in one ' +
        'answer (`items`, no paging), whatever its status.',
      responses: { 200: json('Every chamber', pageOf(ChamberSchema, 'ChamberList')) },
    }),
    async (c) => c.json({ items: await c.var.core.network.listChambers({ actor: actorOf(c) }) }),
  )
  .get(
    '/:id',
    apiRoute('get', {
      operationId: 'getChamber',
      tags,
      summary: 'One chamber (operator)',
      description:
        'The platform operator only (403 for every chamber role). Its names, serial prefix, hosts, public ' +
        'base URL, status and `version` (send it to change the status); 404 NOT_FOUND for an unknown id.',
      responses: { 200: json('The chamber', ChamberSchema), ...problems(400) },
    }),
    validate('param', IdParam),
    async (c) =>
      c.json(await c.var.core.network.getChamber({ actor: actorOf(c), id: c.req.valid('param').id })),
  )
  .post(
    '/:id/status',
    apiRoute('post', {
      operationId: 'setChamberStatus',
      tags,
      summary: 'Suspend, withdraw or reactivate a chamber (operator; optimistic on its version)',
      description:
        'The platform operator only. Suspended: its certificates still verify, with a warning, and it ' +
        'approves nothing (409 CHAMBER_NOT_ACTIVE); withdrawn: it leaves the network; active: back to ' +
        'normal. 409 VERSION_CONFLICT when `version` is not the current one; asking for the status it ' +
        'already has answers the chamber unchanged.',
      responses: { 200: json('The chamber', ChamberSchema), ...problems(400, 409) },
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
    apiRoute('get', {
      operationId: 'getOwnChamber',
      tags,
      summary: 'This chamber’s record (its administrators)',
      description:
        "The chamber's administrators only (403 for other roles). Its record as the operator set it up, " +
        'with the `version` to send with PATCH /api/chamber.',
      responses: { 200: json('The chamber', ChamberSchema) },
    }),
    async (c) => c.json(await c.var.core.getOwnChamber({ actor: actorOf(c) })),
  )
  .patch(
    '/',
    apiRoute('patch', {
      operationId: 'updateOwnChamber',
      tags,
      summary:
        'Change this chamber’s names, contact or caption languages (administrators; optimistic on version)',
      description:
        "The chamber's administrators only (403 for other roles). Send the current `version` and any of " +
        '`name`, `nameLocal`, `city`, `contact`, `labelLanguages`; fields left out stay as they are. 409 ' +
        "VERSION_CONFLICT on a stale version; the id, serial prefix, hosts and status are the operator's to " +
        'change.',
      responses: { 200: json('The chamber', ChamberSchema), ...problems(400, 409) },
    }),
    validate('json', ChamberSettings),
    async (c) => c.json(await c.var.core.updateOwnChamber({ actor: actorOf(c), ...c.req.valid('json') })),
  );
