// Sessions: log in (bearer token + HttpOnly cookie), log out, who am I, change my password.
import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import * as z from 'zod';
import { MAX_EMAIL_LENGTH, MAX_PASSWORD_LENGTH } from '../../core/auth/sessions.ts';
import { clearSessionCookie, setSessionCookie } from '../../http/session-cookie.ts';
import { validate } from '../../http/validate.ts';
import type { ApiEnv } from '../context.ts';
import { actorEvenBeforePasswordChange } from '../middleware/authenticate.ts';

const LoginBody = z.strictObject({
  email: z.string().trim().email('must be an email address').max(MAX_EMAIL_LENGTH),
  password: z.string().min(1, 'is required').max(MAX_PASSWORD_LENGTH),
});

const PasswordChangeBody = z.strictObject({
  currentPassword: z.string().min(1, 'is required').max(MAX_PASSWORD_LENGTH),
  newPassword: z.string().min(1, 'is required').max(MAX_PASSWORD_LENGTH),
});

export const authRoutes = (options: { secureCookies: boolean }) =>
  new Hono<ApiEnv>()
    .post('/auth/login', validate('json', LoginBody), async (c) => {
      const result = await c.var.core.login({ ...c.req.valid('json'), clientAddress: c.var.clientAddress });
      setSessionCookie(c, result, options.secureCookies);
      return c.json(result);
    })
    .post('/auth/logout', async (c) => {
      const token = c.var.sessionToken;
      if (token) await c.var.core.logout(token);
      clearSessionCookie(c, options.secureCookies);
      return c.body(null, 204);
    })
    .get('/me', (c) => c.json(actorEvenBeforePasswordChange(c)))
    .post(
      '/me/password',
      describeRoute({
        summary: 'Change my password',
        description:
          'Needs the current password; the new one must pass the password policy (400 WEAK_PASSWORD with a ' +
          '`reason`: TOO_SHORT, TOO_LONG, BLANK, REPETITIVE, COMMON, PERSONAL, SAME_AS_CURRENT). Every session of the user ' +
          'ends, this one too: the answer is a new session (token and cookie), as from /api/auth/login. A wrong ' +
          'current password is 400 VALIDATION_FAILED on `currentPassword`; more than 5 wrong ones in 15 minutes ' +
          'get 429 RATE_LIMITED. The only call, besides GET /api/me and logout, that a session may make while ' +
          'its user must change the password (403 PASSWORD_CHANGE_REQUIRED elsewhere).',
        responses: {
          200: { description: 'Changed; a new session' },
          400: { description: 'WEAK_PASSWORD or VALIDATION_FAILED' },
          429: { description: 'RATE_LIMITED' },
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
