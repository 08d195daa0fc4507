// E-mail at the API (docs/mail.md): a forgotten password reset by mail, and each user's choice of notifications.
import { Hono } from 'hono';
import * as z from 'zod';
import { MAX_EMAIL_LENGTH, MAX_PASSWORD_LENGTH } from '../../core/auth/sessions.ts';
import { MAIL_LANGUAGES } from '../../core/mail/mail.ts';
import { empty, json, problems } from '../../http/problem-responses.ts';
import { validate } from '../../http/validate.ts';
import { apiRoute } from '../api-route.ts';
import type { ApiEnv } from '../context.ts';
import { actorOf } from '../middleware/authenticate.ts';

const ResetRequestBody = z
  .strictObject({
    email: z.string().trim().email('must be an email address').max(MAX_EMAIL_LENGTH),
  })
  .meta({ examples: [{ email: 'exporter@demo.test' }] });

const ResetConfirmBody = z
  .strictObject({
    token: z.string().min(1, 'is required').max(200),
    password: z.string().min(1, 'is required').max(MAX_PASSWORD_LENGTH),
  })
  .meta({ examples: [{ token: 'Zq3…from-the-mail-link', password: 'my own long pass phrase 2026' }] });

const AcceptedSchema = z.strictObject({ status: z.literal('accepted') }).meta({ id: 'ResetAccepted' });

const NotificationSettingsSchema = z
  .strictObject({
    applicationUpdates: z.boolean(),
    dailyDigest: z.boolean(),
    language: z.enum(MAIL_LANGUAGES).optional().meta({ description: "Absent: the chamber's" }),
    effectiveLanguage: z.enum(MAIL_LANGUAGES),
    email: z.string(),
    deliverable: z.boolean(),
    undeliverable: z
      .strictObject({ reason: z.enum(['bounce', 'complaint']), at: z.string() })
      .optional()
      .meta({
        description: 'Why no mail goes to the address (a permanent bounce or a complaint), and since when',
      }),
  })
  .meta({
    id: 'NotificationSettings',
    examples: [
      {
        applicationUpdates: true,
        dailyDigest: true,
        effectiveLanguage: 'mk',
        email: 'exporter@demo.test',
        deliverable: true,
      },
    ],
  });
const tags: ['mail'] = ['mail'];

const NotificationsPatch = z
  .strictObject({
    applicationUpdates: z.boolean().optional(),
    dailyDigest: z.boolean().optional(),
    language: z.enum(MAIL_LANGUAGES).nullable().optional(),
    retryDelivery: z.literal(true).optional(),
  })
  .refine((body) => Object.keys(body).length > 0, 'give at least one setting to change');

export const mailRoutes = new Hono<ApiEnv>()
  .post(
    '/auth/password-reset',
    apiRoute('post', {
      operationId: 'requestPasswordReset',
      tags,
      security: [],
      anonymous: true,
      summary: 'Ask for a password-reset mail',
      description:
        'Always 202 with the same body, whether or not the address has an account (docs/security.md, account ' +
        'enumeration). An account gets a mail with a single-use link valid for 30 minutes; at most 3 such mails ' +
        'per address and hour (further requests are answered the same and send nothing). More than 30 requests ' +
        'an hour from one client get 429 RATE_LIMITED.',
      responses: {
        202: json('Accepted (whether or not the address has an account)', AcceptedSchema),
        ...problems(429),
      },
    }),
    validate('json', ResetRequestBody),
    async (c) => {
      await c.var.core.requestPasswordReset({ ...c.req.valid('json'), clientAddress: c.var.clientAddress });
      return c.json({ status: 'accepted' }, 202);
    },
  )
  .post(
    '/auth/password-reset/confirm',
    apiRoute('post', {
      operationId: 'confirmPasswordReset',
      tags,
      security: [],
      anonymous: true,
      summary: 'Set a new password with the token from the reset mail',
      description:
        'The token works once and for 30 minutes; an unknown, used or expired one is 400 RESET_TOKEN_INVALID. ' +
        'The password must pass the policy (400 WEAK_PASSWORD with a `reason`). Every session of the user ends; ' +
        'log in with the new password.',
      responses: { 204: empty('Password set; log in with it'), ...problems(400) },
    }),
    validate('json', ResetConfirmBody),
    async (c) => {
      await c.var.core.confirmPasswordReset(c.req.valid('json'));
      return c.body(null, 204);
    },
  )
  .get(
    '/me/notifications',
    apiRoute('get', {
      operationId: 'getNotificationSettings',
      tags,
      summary: 'Which mails I get',
      description:
        '`applicationUpdates` (exporters: changes requested, rejection, issuance), `dailyDigest` (staff: the ' +
        "review queue), `language` (absent: the chamber's), and whether the address is deliverable: after a " +
        'permanent bounce or a complaint no mail goes to it (`deliverable: false`, `undeliverable`).',
      responses: { 200: json('The settings', NotificationSettingsSchema) },
    }),
    async (c) => c.json(await c.var.core.getNotificationSettings({ actor: actorOf(c) })),
  )
  .patch(
    '/me/notifications',
    apiRoute('patch', {
      operationId: 'updateNotificationSettings',
      tags,
      summary: 'Choose which mails I get',
      description:
        'Any of `applicationUpdates`, `dailyDigest` (booleans), `language` (en, mk, sq; null for the ' +
        "chamber's), and `retryDelivery: true` after fixing a mailbox that bounced. Answers the settings.",
      responses: { 200: json('The settings', NotificationSettingsSchema), ...problems(400) },
    }),
    validate('json', NotificationsPatch),
    async (c) =>
      c.json(await c.var.core.updateNotificationSettings({ actor: actorOf(c), ...c.req.valid('json') })),
  );
