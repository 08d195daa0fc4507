// E-mail (docs/mail.md): exporters hear of changes requested, rejection and issuance; staff get one digest a day;
// each user chooses; a failing mail server fails no review and loses no mail; a forgotten password is reset by a
// single-use, short-lived link. Mails go over real SMTP into MailDev, and the tests read what it caught.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createMailRepository } from '../../functions/adapters/dynamodb/mail-repository.ts';
import { createSmtpMailer } from '../../functions/adapters/mail/smtp-mailer.ts';
import { handleMailFeedback } from '../../functions/api/mail-feedback.ts';
import type { MailMessage } from '../../functions/core/mail/mail.ts';
import type { Mailer } from '../../functions/core/ports.ts';
import {
  type CaughtMail,
  caughtMails,
  caughtSource,
  type MailCatcher,
  startMailCatcher,
} from '../../functions/local/mail-catcher.ts';
import { freePort } from '../../functions/local/storage-processes.ts';
import { expectProblem, freshLogin, issued, submitted } from '../support/api-fixtures.ts';
import { readJson } from '../support/json.ts';
import { createTestStack, PASSWORD, portalLogIn, type TestStack } from '../support/test-stack.ts';

let catcher: MailCatcher;
let stack: TestStack;
let now = new Date('2026-11-23T05:00:00.000Z'); // 06:00 in Skopje: before the digest hour (7)
/** The SMTP server the service sends to: the catcher, or a closed port while a test wants the server down. */
let smtpUrl = '';
let closedSmtpUrl = '';
const sent: MailMessage[] = [];
const switchableMailer: Mailer = {
  send: async (message) => {
    await createSmtpMailer(smtpUrl).send(message);
    sent.push(message);
  },
};

beforeAll(async () => {
  catcher = await startMailCatcher(await mkdtemp(join(tmpdir(), 'tradecert-mail-')));
  smtpUrl = catcher.smtpUrl;
  closedSmtpUrl = `smtp://127.0.0.1:${await freePort()}`;
  stack = await createTestStack(
    { MAIL_FROM: 'certificates@chamber.test' },
    { clock: { now: () => now }, mailer: switchableMailer },
  );
});

afterAll(async () => {
  await catcher?.stop();
});

beforeEach(async () => {
  await fetch(`${catcher.webUrl}/api/email/all`, { method: 'DELETE' });
  sent.length = 0;
  smtpUrl = catcher.smtpUrl;
});

/** The mails caught for `to`, once the catcher has stored what was sent. */
const mailsTo = async (to: string, expected = 1): Promise<CaughtMail[]> => {
  for (let attempt = 0; attempt < 40; attempt += 1) {
    const mails = (await caughtMails(catcher.webUrl)).filter((mail) =>
      mail.to.some((address) => address.address === to),
    );
    if (mails.length >= expected) return mails;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return (await caughtMails(catcher.webUrl)).filter((mail) =>
    mail.to.some((address) => address.address === to),
  );
};

const review = async (decision: 'request-changes' | 'reject', comment: string) => {
  const application = await submitted(stack);
  const response = await stack.request(`/api/applications/${application.id}/${decision}`, {
    token: await stack.login('staff'),
    json: { version: application.version, comment },
  });
  expect(response.status).toBe(200);
  return application;
};

const exporterA = () => stack.users.exporterA?.email ?? '';

describe('notifications to exporters', () => {
  it('mails the exporter the staff comment when changes are requested, from the chamber, in its language', async () => {
    const application = await review('request-changes', 'Фактурата не е потпишана.');
    const report = await stack.core.dispatchMail({ digest: false });
    expect(report).toMatchObject({ sent: 1, failed: 0 });

    const [mail] = await mailsTo(exporterA());
    expect(mail?.subject).toMatch(/^Потребни се измени/);
    expect(mail?.text).toContain('> Фактурата не е потпишана.');
    expect(mail?.text).toContain(`/portal/applications/${application.id}`);
    expect(mail?.html).toContain('<blockquote');
    expect(mail?.from[0]).toMatchObject({
      address: 'certificates@chamber.test',
      name: 'Демо Стопанска комора',
    });
    expect(mail?.headers['message-id']).toMatch(
      new RegExp(`^<${application.id}\\.\\d+\\.[^@]+@chamber\\.test>$`),
    );
    const source = await caughtSource(catcher.webUrl, mail?.id ?? '');
    expect(source).toMatch(/^Reply-To: certificates@chamber\.example\r?$/m);
    expect(source).toMatch(
      /^List-Unsubscribe:\s*<https:\/\/verify\.chamber\.test\/portal\/settings\/notifications>/m,
    );
    expect(source).toMatch(/^Content-Type: multipart\/alternative/m);
  });

  it('mails the rejection with its comment', async () => {
    await review('reject', 'Goods not originating.');
    await stack.core.dispatchMail({ digest: false });
    const [mail] = await mailsTo(exporterA());
    expect(mail?.subject).toMatch(/одбиено/);
    expect(mail?.text).toContain('> Goods not originating.');
  });

  it('mails the issued certificate with its serial, verification link and portal download', async () => {
    const certificate = await issued(stack);
    await stack.core.dispatchMail({ digest: false });
    const [mail] = await mailsTo(exporterA());
    expect(mail?.subject).toContain(certificate.serial);
    expect(mail?.text).toContain(`https://verify.chamber.test/v/${certificate.code}`);
    expect(mail?.text).toContain(`/portal/certificates/${certificate.serial}/pdf`);
  });

  it('writes in the language the user chose, and sends nothing the user turned off', async () => {
    const token = await stack.login('exporterA');
    const chosen = await stack.request('/api/me/notifications', {
      method: 'PATCH',
      token,
      json: { language: 'sq' },
    });
    expect(await readJson(chosen)).toMatchObject({
      language: 'sq',
      effectiveLanguage: 'sq',
      applicationUpdates: true,
    });
    await review('reject', 'Mungon fatura.');
    await stack.core.dispatchMail({ digest: false });
    const [mail] = await mailsTo(exporterA());
    expect(mail?.subject).toBe(`Kërkesa Certifikatë origjine ${mail?.subject.split(' ')[3]} u refuzua`);
    expect(mail?.text).toContain('Përshëndetje');

    await stack.request('/api/me/notifications', {
      method: 'PATCH',
      token,
      json: { applicationUpdates: false, language: null },
    });
    await fetch(`${catcher.webUrl}/api/email/all`, { method: 'DELETE' });
    await review('request-changes', 'Once more.');
    expect(await stack.core.dispatchMail({ digest: false })).toMatchObject({ queued: 0, sent: 0 });
    await stack.request('/api/me/notifications', {
      method: 'PATCH',
      token,
      json: { applicationUpdates: true },
    });
  });

  it('never fails a review when the mail server is down, and sends the mail once it is back', async () => {
    smtpUrl = closedSmtpUrl;
    const application = await review('request-changes', 'Server down, still reviewed.');
    const stored = await readJson(
      await stack.request(`/api/applications/${application.id}`, { token: await stack.login('staff') }),
    );
    expect(stored.status).toBe('CHANGES_REQUESTED');
    expect(await stack.core.dispatchMail({ digest: false })).toMatchObject({ sent: 0, retrying: 1 });
    // not due again until the backoff has passed
    expect(await stack.core.dispatchMail({ digest: false })).toMatchObject({ sent: 0, retrying: 0 });

    smtpUrl = catcher.smtpUrl;
    now = new Date(now.getTime() + 15_000);
    expect(await stack.core.dispatchMail({ digest: false })).toMatchObject({ sent: 1 });
    const mails = await mailsTo(exporterA());
    expect(mails.map((mail) => mail.text.includes('Server down, still reviewed.'))).toEqual([true]);
  });

  it('sends each mail once when two dispatchers run at the same moment', async () => {
    await review('request-changes', 'Two dispatchers.');
    const reports = await Promise.all([
      stack.core.dispatchMail({ digest: false }),
      stack.core.dispatchMail({ digest: false }),
      stack.core.dispatchMail({ digest: false }),
    ]);
    expect(reports.reduce((total, report) => total + report.sent, 0)).toBe(1);
    expect(sent.filter((message) => message.text.includes('Two dispatchers.'))).toHaveLength(1);
  });
});

describe('notification preferences', () => {
  it('are all on by default, and refuse what is not a setting', async () => {
    const token = await freshLogin(stack, stack.users.admin?.email ?? '', PASSWORD);
    const settings = await readJson(await stack.request('/api/me/notifications', { token }));
    expect(settings).toMatchObject({
      applicationUpdates: true,
      dailyDigest: true,
      effectiveLanguage: 'mk',
      deliverable: true,
      email: stack.users.admin?.email,
    });
    await expectProblem(
      await stack.request('/api/me/notifications', { method: 'PATCH', token, json: { language: 'de' } }),
      400,
      'VALIDATION_FAILED',
    );
    await expectProblem(
      await stack.request('/api/me/notifications', { method: 'PATCH', token, json: {} }),
      400,
      'VALIDATION_FAILED',
    );
    await expectProblem(await stack.request('/api/me/notifications'), 401, 'UNAUTHENTICATED');
  });

  it('stop mail to an address SES reports as bounced, show it, and start again when the user asks', async () => {
    const address = stack.users.exporterA?.email ?? '';
    await handleMailFeedback(stack.core, {
      Records: [
        {
          EventSource: 'aws:sns',
          Sns: {
            Message: JSON.stringify({
              eventType: 'Bounce',
              bounce: {
                bounceType: 'Permanent',
                bouncedRecipients: [{ emailAddress: address.toUpperCase() }],
              },
            }),
          },
        },
      ],
    });
    const token = await freshLogin(stack, address, PASSWORD);
    expect(await readJson(await stack.request('/api/me/notifications', { token }))).toMatchObject({
      deliverable: false,
      undeliverable: { reason: 'bounce' },
    });
    await review('reject', 'Nobody will read this.');
    expect(await stack.core.dispatchMail({ digest: false })).toMatchObject({ sent: 0, suppressed: 1 });

    const retried = await stack.request('/api/me/notifications', {
      method: 'PATCH',
      token,
      json: { retryDelivery: true },
    });
    expect(await readJson(retried)).toMatchObject({ deliverable: true });
  });

  it('ignore a transient bounce', async () => {
    const outcome = await handleMailFeedback(stack.core, {
      Records: [
        {
          EventSource: 'aws:sns',
          Sns: {
            Message: JSON.stringify({
              eventType: 'Bounce',
              bounce: {
                bounceType: 'Transient',
                bouncedRecipients: [{ emailAddress: 'staff@chamber.test' }],
              },
            }),
          },
        },
      ],
    });
    expect(outcome).toEqual({ suppressed: 0 });
  });
});

describe('password reset by e-mail', () => {
  const requestReset = (email: string, client = '198.51.100.7') =>
    stack.request('/api/auth/password-reset', { json: { email }, headers: { 'X-Forwarded-For': client } });

  const tokenFrom = (mail: CaughtMail | undefined) =>
    decodeURIComponent(mail?.text.match(/password-reset\/confirm\?token=([^\s]+)/)?.[1] ?? '');

  const resetMailOf = async (email: string) => {
    await stack.core.dispatchMail({ digest: false });
    const mails = await mailsTo(email);
    return mails.at(-1);
  };

  it('answers the same for a known and an unknown address, and mails only the known one', async () => {
    const known = await requestReset(stack.users.exporterB?.email ?? '');
    const unknown = await requestReset('nobody@nowhere.test');
    expect(known.status).toBe(202);
    expect(unknown.status).toBe(202);
    expect(await known.text()).toBe(await unknown.text());
    const mail = await resetMailOf(stack.users.exporterB?.email ?? '');
    expect(mail?.subject).toBe('Поставете нова лозинка');
    expect(await caughtSource(catcher.webUrl, mail?.id ?? '')).not.toMatch(/^List-Unsubscribe:/m);
    expect(tokenFrom(mail)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await mailsTo('nobody@nowhere.test', 0)).toEqual([]);
  });

  it('sets the new password once, ends the old sessions, and refuses the link a second time', async () => {
    const email = stack.users.exporterB?.email ?? '';
    const oldSession = await stack.login('exporterB');
    await requestReset(email, '198.51.100.8');
    const token = tokenFrom(await resetMailOf(email));

    await expectProblem(
      await stack.request('/api/auth/password-reset/confirm', {
        json: { token, password: 'password123456' },
      }),
      400,
      'WEAK_PASSWORD',
    );
    const confirmed = await stack.request('/api/auth/password-reset/confirm', {
      json: { token, password: 'violet harbour under seven lamps' },
    });
    expect(confirmed.status).toBe(204);
    expect((await stack.request('/api/me', { token: oldSession })).status).toBe(401);
    const login = await stack.request('/api/auth/login', {
      json: { email, password: 'violet harbour under seven lamps' },
    });
    expect(login.status).toBe(200);
    expect((await stack.request('/api/auth/login', { json: { email, password: PASSWORD } })).status).toBe(
      401,
    );

    await expectProblem(
      await stack.request('/api/auth/password-reset/confirm', {
        json: { token, password: 'another fine sentence of words' },
      }),
      400,
      'RESET_TOKEN_INVALID',
    );
  });

  it('refuses a wrong token and one older than 30 minutes', async () => {
    await expectProblem(
      await stack.request('/api/auth/password-reset/confirm', {
        json: { token: 'A'.repeat(43), password: 'violet harbour under seven lamps' },
      }),
      400,
      'RESET_TOKEN_INVALID',
    );
    const email = stack.users.staff2?.email ?? '';
    await requestReset(email, '198.51.100.9');
    const token = tokenFrom(await resetMailOf(email));
    now = new Date(now.getTime() + 30 * 60_000 + 1000);
    await expectProblem(
      await stack.request('/api/auth/password-reset/confirm', {
        json: { token, password: 'violet harbour under seven lamps' },
      }),
      400,
      'RESET_TOKEN_INVALID',
    );
  });

  it('sends at most three reset mails an hour to one address, answering every request the same', async () => {
    const email = stack.users.admin?.email ?? '';
    const answers = [];
    for (let i = 0; i < 5; i += 1) answers.push((await requestReset(email, `203.0.113.${i}`)).status);
    expect(answers).toEqual([202, 202, 202, 202, 202]);
    await stack.core.dispatchMail({ digest: false });
    expect(await mailsTo(email, 3)).toHaveLength(3);
  });

  it('keeps no token in clear once the reset mail is sent', async () => {
    const email = stack.users.staff?.email ?? '';
    await requestReset(email, '198.51.100.10');
    const mail = await resetMailOf(email);
    const id = mail?.headers['message-id']?.match(/^<([^@]+)@/)?.[1] ?? '';
    const stored = await createMailRepository(stack.db, stack.config.tableName).getMail(
      stack.config.issuer.id,
      id,
    );
    expect(stored).toMatchObject({ status: 'SENT', kind: 'password-reset' });
    expect(stored?.message.text).toBe('');
    expect(JSON.stringify(stored)).not.toContain(tokenFrom(mail));
  });
});

describe('the portal’s mail pages', () => {
  const form = (cookie: string | undefined, path: string, body: Record<string, string>) =>
    stack.app.request(path, {
      method: 'POST',
      headers: {
        Origin: 'http://localhost',
        'Content-Type': 'application/x-www-form-urlencoded',
        ...(cookie ? { Cookie: cookie } : {}),
      },
      body: new URLSearchParams(body),
    });

  it('shows one page for a known and an unknown address after "Forgot password?"', async () => {
    const known = await form(undefined, '/portal/password-reset', { email: stack.users.staff2?.email ?? '' });
    const unknown = await form(undefined, '/portal/password-reset', { email: 'nobody@nowhere.test' });
    expect(known.status).toBe(202);
    expect(unknown.status).toBe(202);
    expect(await known.text()).toBe(await unknown.text());
  });

  it('opens the link’s page uncached and telling no other site its address, and says when a link is no good', async () => {
    const page = await stack.app.request('/portal/password-reset/confirm?token=abc');
    expect(page.headers.get('referrer-policy')).toBe('same-origin');
    expect(page.headers.get('cache-control')).toBe('no-store');
    const refused = await form(undefined, '/portal/password-reset/confirm', {
      token: 'B'.repeat(43),
      password: 'violet harbour under seven lamps',
    });
    expect(refused.status).toBe(400);
  });

  it('saves an exporter’s choices from the notifications page', async () => {
    const cookie = await portalLogIn(stack, stack.users.exporterA?.email ?? '');
    const saved = await form(cookie, '/portal/settings/notifications', { choices: '1', language: 'en' });
    expect(saved.status).toBe(303);
    const token = await freshLogin(stack, stack.users.exporterA?.email ?? '', PASSWORD);
    expect(await readJson(await stack.request('/api/me/notifications', { token }))).toMatchObject({
      applicationUpdates: false, // the box was not ticked
      language: 'en',
    });
    const page = await stack.app.request('/portal/settings/notifications', { headers: { Cookie: cookie } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('name="applicationUpdates"');
  });
});

// last: it moves the clock a day on, past the sessions of the cached logins
describe('the daily digest for staff', () => {
  it('mails each staff member the review queue once a day, from the digest hour in the chamber’s time zone', async () => {
    await submitted(stack);
    expect(await stack.core.dispatchMail()).toMatchObject({ queued: 0 }); // 06:00 in Skopje
    now = new Date('2026-11-23T06:30:00.000Z'); // 07:30 in Skopje
    const first = await stack.core.dispatchMail();
    expect(first.queued).toBe(2); // staff and staff2
    const [mail] = await mailsTo(stack.users.staff?.email ?? '');
    expect(mail?.subject).toMatch(/^Барања што чекаат преглед: \d+$/);
    expect(mail?.text).toContain('https://verify.chamber.test/portal/queue');
    expect(await stack.core.dispatchMail()).toMatchObject({ queued: 0 });
  });

  it('leaves out staff who turned the digest off', async () => {
    const token = await stack.login('staff2');
    const response = await stack.request('/api/me/notifications', {
      method: 'PATCH',
      token,
      json: { dailyDigest: false },
    });
    expect(await readJson(response)).toMatchObject({ dailyDigest: false });
    now = new Date('2026-11-24T07:00:00.000Z');
    expect(await stack.core.dispatchMail()).toMatchObject({ queued: 1 });
  });
});
