// Sessions: log in (bearer token + HttpOnly cookie), log out, who am I, change my password.
import { Hono } from 'hono';
import * as z from 'zod';
import { MAX_EMAIL_LENGTH, MAX_PASSWORD_LENGTH } from '../../core/auth/sessions.ts';
import { empty, headerDocs, json, problems } from '../../http/problem-responses.ts';
import { clearSessionCookie, setSessionCookie } from '../../http/session-cookie.ts';
import { validate } from '../../http/validate.ts';
import { apiRoute } from '../api-route.ts';
import type { ApiEnv } from '../context.ts';
import { actorEvenBeforePasswordChange } from '../middleware/authenticate.ts';
import { ActorSchema, SessionSchema } from '../views/account-representations.ts';

const LoginBody = z
  .strictObject({
    email: z.string().trim().email('must be an email address').max(MAX_EMAIL_LENGTH),
    password: z.string().min(1, 'is required').max(MAX_PASSWORD_LENGTH),
  })
  .meta({ examples: [{ email: 'exporter@demo.test', password: 'correct horse battery staple' }] });

const PasswordChangeBody = z
  .strictObject({
    currentPassword: z.string().min(1, 'is required').max(MAX_PASSWORD_LENGTH),
    newPassword: z.string().min(1, 'is required').max(MAX_PASSWORD_LENGTH),
  })
  .meta({
    examples: [{ currentPassword: 'Temporary-4821-kiwi', newPassword: 'my own long pass phrase 2026' }],
  });

const SET_COOKIE = { 'Set-Cookie': 'The session cookie tc_session (HttpOnly, SameSite=Lax)' };

export const authRoutes = (options: { secureCookies: boolean }) =>
  new Hono<ApiEnv>()
    .post(
      '/auth/login',
      apiRoute('post', {
        operationId: 'logIn',
        tags: ['sessions'],
        summary: 'Log in: a bearer token and an HttpOnly session cookie',
        description:
          'Throttled per address, and per account and address (429 RATE_LIMITED with Retry-After); an account is ' +
          'only slowed, never locked. A wrong e-mail or password is 401 INVALID_CREDENTIALS, whichever it was.',
        security: [],
        anonymous: true,
        responses: {
          200: { ...json('The session', SessionSchema), headers: headerDocs(SET_COOKIE) },
          ...problems(400, 401, 429),
        },
      }),
      validate('json', LoginBody),
      async (c) => {
        const result = await c.var.core.login({ ...c.req.valid('json'), clientAddress: c.var.clientAddress });
        setSessionCookie(c, result, options.secureCookies);
        return c.json(result);
      },
    )
    .post(
      '/auth/logout',
      apiRoute('post', {
        operationId: 'logOut',
        tags: ['sessions'],
        summary: 'End this session (token or cookie); the cookie is cleared',
        description:
          'Deletes the session behind the bearer token or the tc_session cookie and clears the cookie; ' +
          'other sessions of the user stay. Sending an API key here does not revoke it (DELETE ' +
          '/api/api-keys/{id} does). Safe to repeat.',
        anonymous: true,
        responses: { 204: empty('Logged out (also when there was no session)') },
      }),
      async (c) => {
        const token = c.var.sessionToken;
        if (token) await c.var.core.logout(token);
        clearSessionCookie(c, options.secureCookies);
        return c.body(null, 204);
      },
    )
    .get(
      '/me',
      apiRoute('get', {
        operationId: 'getMe',
        tags: ['sessions'],
        summary: 'Who is calling (also while the password must be changed)',
        description:
          'The user id, e-mail, role (exporter, staff, admin or operator), organisation and `orgAdmin`; ' +
          '`apiKeyId` is set when the caller is an ERP with an API key. Answers also while ' +
          '`passwordChangeRequired` is true, so a client can see that it must send the user to POST ' +
          '/api/me/password first.',
        anonymous: true,
        responses: { 200: json('The caller', ActorSchema) },
      }),
      (c) => c.json(actorEvenBeforePasswordChange(c)),
    )
    .post(
      '/me/password',
      apiRoute('post', {
        operationId: 'changeMyPassword',
        tags: ['sessions'],
        summary: 'Change my password',
        description:
          'Needs the current password; the new one must pass the password policy (400 WEAK_PASSWORD with a ' +
          '`reason`: TOO_SHORT, TOO_LONG, BLANK, REPETITIVE, COMMON, PERSONAL, SAME_AS_CURRENT). Every session of the user ' +
          'ends, this one too: the answer is a new session (token and cookie), as from /api/auth/login. A wrong ' +
          'current password is 400 VALIDATION_FAILED on `currentPassword`; more than 5 wrong ones in 15 minutes ' +
          'get 429 RATE_LIMITED. The only call, besides GET /api/me and logout, that a session may make while ' +
          'its user must change the password (403 PASSWORD_CHANGE_REQUIRED elsewhere).',
        anonymous: true,
        responses: {
          200: { ...json('Changed; a new session', SessionSchema), headers: headerDocs(SET_COOKIE) },
          ...problems(400, 429),
        },
      }),
      validate('json', PasswordChangeBody),
      async (c) => {
        const result = await c.var.core.changePassword({
          actor: actorEvenBeforePasswordChange(c),
          token: c.var.sessionToken,
          ...c.req.valid('json'),
        });
        setSessionCookie(c, result, options.secureCookies);
        return c.json(result);
      },
    );
