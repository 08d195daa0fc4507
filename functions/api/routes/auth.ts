// Sessions: log in (bearer token + HttpOnly cookie), log out, who am I.
import { Hono } from 'hono';
import * as z from 'zod';
import { MAX_EMAIL_LENGTH, MAX_PASSWORD_LENGTH } from '../../core/auth/sessions.ts';
import { clearSessionCookie, setSessionCookie } from '../../http/session-cookie.ts';
import { validate } from '../../http/validate.ts';
import type { ApiEnv } from '../env.ts';
import { actorOf } from '../middleware/authenticate.ts';

const LoginBody = z.strictObject({
  email: z.string().trim().email('must be an email address').max(MAX_EMAIL_LENGTH),
  password: z.string().min(1, 'is required').max(MAX_PASSWORD_LENGTH),
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
    .get('/me', (c) => c.json(actorOf(c)));
