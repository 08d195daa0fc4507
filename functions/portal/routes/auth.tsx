// Logging in and out of the portal with the same sessions as the API (scrypt passwords, HttpOnly cookie).
import { Hono } from 'hono';
import { getCookie } from 'hono/cookie';
import { isAppError } from '../../core/errors.ts';
import { clearSessionCookie, setSessionCookie } from '../../http/session-cookie.ts';
import { PORTAL, type PortalEnv, SESSION_COOKIE } from '../env.ts';
import { field, homeOf, postedForm } from '../session.ts';
import { LoginPage } from '../views/auth-pages.tsx';
import { viewOf } from '../views/view-context.ts';

export const authRoutes = (options: { secureCookies: boolean }) =>
  new Hono<PortalEnv>()
    .get('/', (c) => c.redirect(c.var.actor ? homeOf(c.var.actor) : `${PORTAL}/login`, 303))
    .get('/login', (c) => {
      if (c.var.actor) return c.redirect(homeOf(c.var.actor), 303);
      return c.html(<LoginPage v={viewOf(c)} email="" error={undefined} />);
    })
    .post('/login', async (c) => {
      const form = await postedForm(c);
      const email = field(form, 'email');
      const password = typeof form.password === 'string' ? form.password : '';
      try {
        const result = await c.var.core.login({ email, password, clientAddress: c.var.clientAddress });
        setSessionCookie(c, result, options.secureCookies);
        return c.redirect(
          homeOf({ userId: result.user.id, email: result.user.email, role: result.user.role }),
          303,
        );
      } catch (error) {
        if (!isAppError(error, 'INVALID_CREDENTIALS') && !isAppError(error, 'RATE_LIMITED')) throw error;
        const m = c.var.m;
        return c.html(
          <LoginPage
            v={viewOf(c)}
            email={email}
            error={error.code === 'RATE_LIMITED' ? m.login.throttled : m.login.failed}
          />,
          error.code === 'RATE_LIMITED' ? 429 : 401,
        );
      }
    })
    .post('/logout', async (c) => {
      const token = getCookie(c, SESSION_COOKIE);
      if (token) await c.var.core.logout(token);
      clearSessionCookie(c, options.secureCookies);
      return c.redirect(`${PORTAL}/login`, 303);
    });
