// The portal's side of docs/mail.md: "Forgot password?" and the page its link opens (before login), and each
// user's mail notifications (after). The same core verbs as POST /api/auth/password-reset and /api/me/notifications.
import { Hono } from 'hono';
import { isAppError } from '../../core/errors.ts';
import { isMailLanguage } from '../../core/mail/mail.ts';
import { PORTAL, type PortalEnv } from '../context.ts';
import { setFlash, takeFlash } from '../flash.ts';
import { field, postedForm } from '../form-body.ts';
import { actorOf } from '../portal-session.ts';
import {
  ForgotPasswordPage,
  NotificationsPage,
  ResetDonePage,
  ResetPasswordPage,
} from '../views/mail-pages.tsx';
import { viewOf } from '../views/view-context.ts';
import { passwordFieldErrors } from './auth.tsx';

/**
 * The reset link carries a secret: the page it opens is not cached, and the portal's Referrer-Policy
 * (same-origin) keeps its address from any other site; the page loads nothing from elsewhere (its CSP).
 */
const noReferrer = { 'Cache-Control': 'no-store' };

export const passwordResetRoutes = new Hono<PortalEnv>()
  .get('/password-reset', (c) => c.html(<ForgotPasswordPage v={viewOf(c)} sent={false} />))
  .post('/password-reset', async (c) => {
    const form = await postedForm(c);
    try {
      await c.var.core.requestPasswordReset({
        email: field(form, 'email'),
        clientAddress: c.var.clientAddress,
      });
    } catch (error) {
      if (!isAppError(error, 'RATE_LIMITED')) throw error;
      return c.html(
        <ForgotPasswordPage v={viewOf(c)} sent={false} error={c.var.m.mail.forgotThrottled} />,
        429,
      );
    }
    // the same page whether or not the address has an account (docs/security.md, account enumeration)
    return c.html(<ForgotPasswordPage v={viewOf(c)} sent />, 202);
  })
  .get('/password-reset/confirm', (c) => {
    const token = c.req.query('token') ?? '';
    return c.html(
      <ResetPasswordPage v={viewOf(c)} token={token} errors={new Map()} invalid={token === ''} />,
      200,
      noReferrer,
    );
  })
  .post('/password-reset/confirm', async (c) => {
    const form = await postedForm(c);
    const token = field(form, 'token');
    const password = typeof form.password === 'string' ? form.password : '';
    try {
      await c.var.core.confirmPasswordReset({ token, password });
      return c.html(<ResetDonePage v={viewOf(c)} />, 200, noReferrer);
    } catch (error) {
      if (isAppError(error, 'RESET_TOKEN_INVALID')) {
        return c.html(
          <ResetPasswordPage v={viewOf(c)} token="" errors={new Map()} invalid />,
          400,
          noReferrer,
        );
      }
      if (!isAppError(error, 'WEAK_PASSWORD') && !isAppError(error, 'VALIDATION_FAILED')) throw error;
      return c.html(
        <ResetPasswordPage
          v={viewOf(c)}
          token={token}
          errors={passwordFieldErrors(c, error.errors)}
          invalid={false}
        />,
        400,
        noReferrer,
      );
    }
  });

export const notificationRoutes = new Hono<PortalEnv>()
  .get('/settings/notifications', async (c) =>
    c.html(
      <NotificationsPage
        v={viewOf(c, takeFlash(c))}
        settings={await c.var.core.getNotificationSettings({ actor: actorOf(c) })}
      />,
    ),
  )
  .post('/settings/notifications', async (c) => {
    const form = await postedForm(c);
    const actor = actorOf(c);
    if (field(form, 'retryDelivery') === 'true') {
      await c.var.core.updateNotificationSettings({ actor, retryDelivery: true });
    } else {
      const language = field(form, 'language');
      // an unchecked box is absent from the form: only the boxes the page showed for this role change
      await c.var.core.updateNotificationSettings({
        actor,
        ...(actor.role === 'exporter'
          ? { applicationUpdates: field(form, 'applicationUpdates') === 'on' }
          : {}),
        ...(actor.role === 'staff' ? { dailyDigest: field(form, 'dailyDigest') === 'on' } : {}),
        language: isMailLanguage(language) ? language : null,
      });
    }
    setFlash(c, 'saved');
    return c.redirect(`${PORTAL}/settings/notifications`, 303);
  });
