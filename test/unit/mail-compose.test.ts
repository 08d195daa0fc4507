// Composing mails (docs/mail.md): the reader's language, escaped HTML, the headers of a notification and of a
// reset, and the sender's name as SES needs it.
import { describe, expect, it } from 'vitest';
import { fromHeader } from '../../functions/adapters/mail/ses-mailer.ts';
import type { Issuer } from '../../functions/core/accounts.ts';
import {
  composeApplicationMail,
  composePasswordResetMail,
  type MailSettings,
} from '../../functions/core/mail/compose-mail.ts';
import { notifiesByMail } from '../../functions/core/mail/mail.ts';

const issuer: Issuer = {
  id: 'demo-chamber',
  name: 'Demo Economic Chamber',
  nameLocal: 'Демо Стопанска комора',
  country: 'MK',
  city: 'Скопје',
  timeZone: 'Europe/Skopje',
  serialPrefix: 'MK',
  publicBaseUrl: 'https://verify.chamber.test',
};
const settings: MailSettings = {
  from: 'no-reply@mail.chamber.test',
  replyTo: 'certificates@chamber.test',
  defaultLanguage: 'mk',
  digestHour: 7,
};
const entry = {
  issuerId: 'demo-chamber',
  orgId: 'org-a',
  applicationId: '0f8fad5b-d9cb-469f-a165-70867728950e',
  type: 'co',
  seq: 4,
  action: 'reject',
  from: 'SUBMITTED',
  to: 'REJECTED',
  at: '2026-11-23T10:00:00.000Z',
  version: 3,
  comment: 'Goods <b>not</b> originating & "wrong"',
};
const recipient = (language: 'en' | 'mk' | 'sq') => ({
  userId: 'u1',
  email: 'exporter@a.test',
  name: 'Ана',
  language,
});

describe('composed mails', () => {
  it('escape the staff comment in the HTML and quote it in the text', () => {
    const mail = composeApplicationMail(settings, issuer, recipient('en'), entry, 'id-1');
    expect(mail.html).toContain('Goods &lt;b&gt;not&lt;/b&gt; originating &amp; &quot;wrong&quot;');
    expect(mail.html).not.toContain('<b>not</b>');
    expect(mail.text).toContain('> Goods <b>not</b> originating & "wrong"');
  });

  it('are in the reader’s language: Macedonian in Cyrillic, Albanian with ë', () => {
    expect(composeApplicationMail(settings, issuer, recipient('mk'), entry, 'id').subject).toMatch(
      /одбиено$/,
    );
    const sq = composeApplicationMail(settings, issuer, recipient('sq'), entry, 'id');
    expect(sq.subject).toMatch(/u refuzua$/);
    expect(sq.text).toMatch(/^Përshëndetje Ана,/);
  });

  it('come from the chamber, answer to its contact, and say where to unsubscribe', () => {
    const mail = composeApplicationMail(settings, issuer, recipient('en'), entry, 'app.4.u1');
    expect(mail.from).toEqual({ name: 'Демо Стопанска комора', address: 'no-reply@mail.chamber.test' });
    expect(mail.replyTo).toBe('certificates@chamber.test');
    expect(mail.messageId).toBe('<app.4.u1@mail.chamber.test>');
    expect(mail.headers['List-Unsubscribe']).toBe(
      '<https://verify.chamber.test/portal/settings/notifications>',
    );
  });

  it('leave the unsubscribe header off the password reset and carry its link', () => {
    const mail = composePasswordResetMail(settings, issuer, recipient('en'), 'tok_en-1', 'reset.1');
    expect(mail.headers).toEqual({});
    expect(mail.text).toContain('https://verify.chamber.test/portal/password-reset/confirm?token=tok_en-1');
  });

  it('are sent for requests for changes, rejections and issuance only', () => {
    expect(
      ['create', 'edit', 'submit', 'request-changes', 'reject', 'issue', 'cancel'].filter(notifiesByMail),
    ).toEqual(['request-changes', 'reject', 'issue']);
  });
});

describe('the sender as SES takes it', () => {
  it('encodes a name that is not plain ASCII as an RFC 2047 word', () => {
    expect(fromHeader({ name: 'Демо', address: 'a@b.test' })).toBe(
      `=?UTF-8?B?${Buffer.from('Демо').toString('base64')}?= <a@b.test>`,
    );
    expect(fromHeader({ name: 'Demo Chamber', address: 'a@b.test' })).toBe('"Demo Chamber" <a@b.test>');
    expect(fromHeader({ address: 'a@b.test' })).toBe('a@b.test');
  });
});
