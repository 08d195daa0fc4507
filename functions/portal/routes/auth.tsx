// Logging in and out of the portal with the same sessions as the API (scrypt passwords, HttpOnly cookie), and
// changing one's password: forced after a login with a password an administrator set.
import { type Context, Hono } from 'hono';
import { getCookie } from 'hono/cookie';
import type { FieldError } from '../../core/errors.ts';
import { isAppError } from '../../core/errors.ts';
import { clearSessionCookie, SESSION_COOKIE, setSessionCookie } from '../../http/session-cookie.ts';
import { PORTAL, type PortalEnv } from '../context.ts';
import { fieldMessage } from '../field-messages.ts';
import { setFlash } from '../flash.ts';
import { field, postedForm } from '../form-body.ts';
import { actorOf } from '../portal-session.ts';
import { homeOf } from '../roles.ts';
import { LoginPage, PasswordPage } from '../views/auth-pages.tsx';
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
        if (result.passwordChangeRequired) return c.redirect(`${PORTAL}/password`, 303);
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

/** Field errors of a refused change, in the reader's language (WEAK_PASSWORD says why by `reason`). */
export const passwordFieldErrors = (
  c: Context<PortalEnv>,
  errors: readonly FieldError[] | undefined,
): Map<string, string> => {
  const m = c.var.m;
  return new Map(
    (errors ?? []).map((error) => [
      error.path,
      error.path === 'currentPassword' ? m.password.wrongCurrent : fieldMessage(error, m, error.path),
    ]),
  );
};

/** Mounted after the login check: only people who are logged in change their password. */
export const passwordRoutes = (options: { secureCookies: boolean }) =>
  new Hono<PortalEnv>()
    .get('/password', (c) =>
      c.html(
        <PasswordPage v={viewOf(c)} forced={actorOf(c).passwordChangeRequired ?? false} errors={new Map()} />,
      ),
    )
    .post('/password', async (c) => {
      const form = await postedForm(c);
      const text = (name: string) => (typeof form[name] === 'string' ? (form[name] as string) : '');
      const actor = actorOf(c);
      try {
        const result = await c.var.core.changePassword({
          actor,
          token: getCookie(c, SESSION_COOKIE),
          currentPassword: text('currentPassword'),
          newPassword: text('newPassword'),
        });
        setSessionCookie(c, result, options.secureCookies);
        setFlash(c, 'passwordChanged');
        return c.redirect(homeOf(actor), 303);
      } catch (error) {
        if (!isAppError(error, 'WEAK_PASSWORD') && !isAppError(error, 'VALIDATION_FAILED')) throw error;
        return c.html(
          <PasswordPage
            v={viewOf(c)}
            forced={actor.passwordChangeRequired ?? false}
            errors={passwordFieldErrors(c, error.errors)}
          />,
          400,
        );
      }
    });
