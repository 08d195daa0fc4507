// Organisations and users (admins; an exporter organisation's admin for its own people).
import { type Context, Hono } from 'hono';
import * as z from 'zod';
import { OrganisationFields, SignatoryFields, UserFields } from '../../core/auth/account-fields.ts';
import { userView } from '../../core/auth/manage-accounts.ts';
import { json, problems } from '../../http/problem-responses.ts';
import { validate } from '../../http/validate.ts';
import { apiRoute } from '../api-route.ts';
import type { ApiEnv } from '../context.ts';
import { actorOf } from '../middleware/authenticate.ts';
import {
  CreatedUserSchema,
  OrganisationSchema,
  ResetUserSchema,
  UserSchema,
} from '../views/account-representations.ts';
import { pageOf } from '../views/representations.ts';

const IdParam = z.object({ id: z.string().uuid('is not an id') });
const OrgQuery = z.object({ orgId: z.string().uuid().optional() });
const OrganisationList = pageOf(OrganisationSchema, 'OrganisationList');
const UserList = pageOf(UserSchema, 'UserList');
const tags: ['accounts'] = ['accounts'];

type IdContext = Context<ApiEnv, string, { out: { param: z.output<typeof IdParam> } }>;

/** An administrator disables an organisation or enables it again (its record is the answer). */
const organisationDisabled = (disabled: boolean) => async (c: IdContext) =>
  c.json(
    await c.var.core.setOrganisationDisabled({ actor: actorOf(c), orgId: c.req.valid('param').id, disabled }),
  );

/** An administrator disables a user or enables them again (the user is the answer). */
const userDisabled = (disabled: boolean) => async (c: IdContext) =>
  c.json(
    userView(
      await c.var.core.setUserDisabled({ actor: actorOf(c), userId: c.req.valid('param').id, disabled }),
    ),
  );

export const accountRoutes = new Hono<ApiEnv>()
  .post(
    '/orgs',
    apiRoute('post', {
      operationId: 'createOrganisation',
      tags,
      summary: 'Create an exporter organisation (administrators)',
      description:
        'Chamber administrators only (403 for every other role). Creates the record exporters and their API ' +
        'keys belong to; add its people with POST /api/users. 400 VALIDATION_FAILED lists each field that ' +
        'is missing or invalid.',
      responses: { 201: json('The organisation', OrganisationSchema), ...problems(400) },
    }),
    validate('json', OrganisationFields),
    async (c) => {
      const organisation = await c.var.core.createOrganisation({ actor: actorOf(c), ...c.req.valid('json') });
      return c.json(organisation, 201);
    },
  )
  .get(
    '/orgs',
    apiRoute('get', {
      operationId: 'listOrganisations',
      tags,
      summary: 'The exporter organisations (administrators and staff)',
      description:
        'Administrators and staff (403 for exporters). Every organisation of this chamber in one answer ' +
        '(`items`, no paging), disabled ones included with `disabled: true`.',
      responses: { 200: json('Every organisation of this chamber', OrganisationList) },
    }),
    async (c) => c.json({ items: await c.var.core.listOrganisations({ actor: actorOf(c) }) }),
  )
  .post(
    '/orgs/:id/disable',
    apiRoute('post', {
      operationId: 'disableOrganisation',
      tags,
      summary: 'Disable an organisation: its sessions and API keys end for good (administrators)',
      description:
        "Chamber administrators only. Every session and API key of the organisation's people ends and its " +
        'keys are marked revoked; enabling it again brings none of them back. Repeating the call is ' +
        'harmless; an unknown id is 404 NOT_FOUND.',
      responses: { 200: json('The organisation', OrganisationSchema) },
    }),
    validate('param', IdParam),
    organisationDisabled(true),
  )
  .post(
    '/orgs/:id/enable',
    apiRoute('post', {
      operationId: 'enableOrganisation',
      tags,
      summary: 'Enable an organisation again (administrators)',
      description:
        'Chamber administrators only. Its people may log in again; sessions and API keys that ended when it ' +
        'was disabled stay ended, so its ERP needs a new key (POST /api/api-keys). An unknown id is 404 ' +
        'NOT_FOUND.',
      responses: { 200: json('The organisation', OrganisationSchema) },
    }),
    validate('param', IdParam),
    organisationDisabled(false),
  )
  .post(
    '/users',
    apiRoute('post', {
      operationId: 'createUser',
      tags,
      summary: 'Create a user (administrators; an organisation admin for exporters of its own organisation)',
      description:
        'The initial password is in the answer, once; the user must choose their own at the first login. ' +
        'An e-mail address taken anywhere is 409 EMAIL_UNAVAILABLE, which does not say where; more than 10 ' +
        'taken addresses in an hour get 429 RATE_LIMITED, so that addresses cannot be tried in bulk.',
      responses: { 201: json('The user', CreatedUserSchema), ...problems(400, 409, 429) },
    }),
    validate('json', UserFields),
    async (c) => {
      const { user, initialPassword } = await c.var.core.createUser({
        actor: actorOf(c),
        ...c.req.valid('json'),
      });
      return c.json({ ...userView(user), ...(initialPassword ? { initialPassword } : {}) }, 201);
    },
  )
  .get(
    '/users',
    apiRoute('get', {
      operationId: 'listUsers',
      tags,
      summary: "The users (administrators), or one organisation's (`orgId`)",
      description:
        "Administrators see every user of the chamber, or one organisation's with `orgId`; an organisation " +
        "admin (an exporter with `orgAdmin`, not through an API key) sees only their own organisation's, " +
        'and an empty list for any other `orgId`. All in one answer (`items`, no paging); no password or ' +
        'hash is ever returned.',
      responses: { 200: json('The users', UserList), ...problems(400) },
    }),
    validate('query', OrgQuery),
    async (c) => {
      const users = await c.var.core.listUsers({ actor: actorOf(c), orgId: c.req.valid('query').orgId });
      return c.json({ items: users.map(userView) });
    },
  )
  .post(
    '/users/:id/reset-password',
    apiRoute('post', {
      operationId: 'resetUserPassword',
      tags,
      summary: "Reset a user's password (administrators)",
      description:
        'Sets a generated temporary password, returned once as `temporaryPassword`; the user’s sessions end, and ' +
        'at the next login the user must choose a new password (PASSWORD_CHANGE_REQUIRED until then).',
      responses: { 200: json('The user, with the temporary password', ResetUserSchema), ...problems(400) },
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
  .post(
    '/users/:id/signatory',
    apiRoute('post', {
      operationId: 'grantSignatory',
      tags,
      summary: "Register a user as an authorised signatory of the exporter's declaration",
      description:
        "Chamber administrators, and an organisation admin for its own organisation's people (another " +
        "organisation's user is 404 NOT_FOUND; staff and admins cannot be signatories: 400). `fullName` and " +
        '`function` are printed in the declaration box ("Declared electronically by …"). Sending it again ' +
        'corrects the name or function and keeps the grant, so keys bound to the signatory keep working.',
      responses: { 200: json('The user', UserSchema), ...problems(400) },
    }),
    validate('param', IdParam),
    validate(
      'json',
      SignatoryFields.meta({ examples: [{ fullName: 'Ана Петровска', function: 'Управител' }] }),
    ),
    async (c) =>
      c.json(
        userView(
          await c.var.core.grantSignatory({
            actor: actorOf(c),
            userId: c.req.valid('param').id,
            ...c.req.valid('json'),
          }),
        ),
      ),
  )
  .delete(
    '/users/:id/signatory',
    apiRoute('delete', {
      operationId: 'revokeSignatory',
      tags,
      summary: 'Revoke a user’s signatory rights',
      description:
        'The same callers as granting. From the next request on, the user and every API key bound to them get ' +
        '403 SIGNATORY_REQUIRED on submit; granting the rights again does not bring the keys back. Revoking ' +
        'a user who is no signatory answers the user unchanged.',
      responses: { 200: json('The user', UserSchema), ...problems(400) },
    }),
    validate('param', IdParam),
    async (c) =>
      c.json(
        userView(await c.var.core.revokeSignatory({ actor: actorOf(c), userId: c.req.valid('param').id })),
      ),
  )
  .post(
    '/users/:id/disable',
    apiRoute('post', {
      operationId: 'disableUser',
      tags,
      summary: 'Disable a user: their sessions and API keys end',
      description:
        "Chamber administrators only. The user's sessions end and the API keys they created are revoked; " +
        "enabling them again brings back neither. 403 FORBIDDEN for one's own account, 404 NOT_FOUND for an " +
        'unknown user.',
      responses: { 200: json('The user', UserSchema), ...problems(400) },
    }),
    validate('param', IdParam),
    userDisabled(true),
  )
  .post(
    '/users/:id/enable',
    apiRoute('post', {
      operationId: 'enableUser',
      tags,
      summary: 'Enable a user again',
      description:
        'Chamber administrators only. The user may log in again with their password; sessions and API keys ' +
        'that ended when they were disabled stay ended. 404 NOT_FOUND for an unknown user.',
      responses: { 200: json('The user', UserSchema), ...problems(400) },
    }),
    validate('param', IdParam),
    userDisabled(false),
  );
