// Composing the service's mails: plain text and simple HTML from the same lines, in the reader's language, with
// the headers docs/mail.md, "Headers" lists (From the chamber, Reply-To, List-Unsubscribe, a stable Message-ID).
import type { Issuer } from '../accounts.ts';
import { verifyUrl } from '../certificates/certificate.ts';
import type { MailLanguage, MailMessage, MailOutboxEntry } from './mail.ts';
import { MAIL_TEXTS, type MailTexts } from './mail-texts.ts';

/** Where the chamber's mail comes from; per chamber (docs/mail.md, "Configuration"). */
export interface MailSettings {
  /** The sending address on the deployment's verified domain (MAIL_FROM). */
  from: string;
  /** Where replies go: the chamber's contact address. */
  replyTo?: string;
  /** The chamber's first label language: the language of a user who chose none. */
  defaultLanguage: MailLanguage;
  /** The hour (chamber time) from which the day's staff digest goes out (MAIL_DIGEST_HOUR). */
  digestHour: number;
}

export interface Recipient {
  userId: string;
  email: string;
  name: string;
  language: MailLanguage;
}

/** One block of a mail: a paragraph, a quoted comment, or a link. */
type Block =
  | { kind: 'text'; text: string }
  | { kind: 'quote'; label: string; text: string }
  | { kind: 'link'; label: string; url: string }
  | { kind: 'list'; items: string[] };

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

const textOf = (blocks: readonly Block[]) =>
  blocks
    .map((block) => {
      switch (block.kind) {
        case 'text':
          return block.text;
        case 'quote':
          return `${block.label}:\n${block.text
            .split('\n')
            .map((line) => `> ${line}`)
            .join('\n')}`;
        case 'link':
          return `${block.label}:\n${block.url}`;
        case 'list':
          return block.items.map((item) => `- ${item}`).join('\n');
      }
      return '';
    })
    .join('\n\n');

const htmlOf = (language: MailLanguage, blocks: readonly Block[]) => {
  const body = blocks
    .map((block) => {
      switch (block.kind) {
        case 'text':
          return `<p>${escapeHtml(block.text)}</p>`;
        case 'quote':
          return `<p><strong>${escapeHtml(block.label)}</strong></p><blockquote style="border-left:3px solid #888;margin:0;padding-left:1em;white-space:pre-wrap">${escapeHtml(block.text)}</blockquote>`;
        case 'link':
          return `<p><a href="${escapeHtml(block.url)}">${escapeHtml(block.label)}</a></p>`;
        case 'list':
          return `<ul>${block.items.map((item) => `<li>${escapeHtml(item)}</li>`).join('')}</ul>`;
      }
      return '';
    })
    .join('\n');
  return `<!doctype html>\n<html lang="${language}"><head><meta charset="utf-8"></head><body style="font-family:sans-serif;line-height:1.4">\n${body}\n</body></html>`;
};

const preferencesUrl = (issuer: Issuer) => `${issuer.publicBaseUrl}/portal/settings/notifications`;

/** The domain of the sending address: Message-IDs are made under it. */
const domainOf = (address: string) => address.split('@')[1] ?? 'localhost';

const compose = (
  settings: MailSettings,
  issuer: Issuer,
  recipient: Recipient,
  input: { id: string; subject: string; blocks: Block[]; unsubscribe: boolean },
): MailMessage => {
  const texts = MAIL_TEXTS[recipient.language];
  const blocks: Block[] = [
    { kind: 'text', text: texts.greeting(recipient.name) },
    ...input.blocks,
    {
      kind: 'text',
      text: `— ${issuer.nameLocal === issuer.name ? issuer.name : `${issuer.nameLocal} / ${issuer.name}`}`,
    },
    ...(input.unsubscribe
      ? [
          { kind: 'text' as const, text: texts.footer },
          { kind: 'link' as const, label: texts.managePreferences, url: preferencesUrl(issuer) },
        ]
      : []),
  ];
  return {
    messageId: `<${input.id}@${domainOf(settings.from)}>`,
    from: { name: issuer.nameLocal, address: settings.from },
    to: recipient.email,
    ...(settings.replyTo ? { replyTo: settings.replyTo } : {}),
    subject: input.subject,
    text: textOf(blocks),
    html: htmlOf(recipient.language, blocks),
    headers: input.unsubscribe ? { 'List-Unsubscribe': `<${preferencesUrl(issuer)}>` } : {},
  };
};

/** How an application is named to its exporter: its type and the first invoice number it carries, if any. */
const referenceOf = (entry: MailOutboxEntry, texts: MailTexts) =>
  `${texts.typeName[entry.type] ?? entry.type} ${entry.applicationId.slice(0, 8)}`;

/** The exporter's mail about one application change (request-changes, reject, issue). */
export const composeApplicationMail = (
  settings: MailSettings,
  issuer: Issuer,
  recipient: Recipient,
  entry: MailOutboxEntry,
  id: string,
): MailMessage => {
  const texts = MAIL_TEXTS[recipient.language];
  const reference = referenceOf(entry, texts);
  const applicationUrl = `${issuer.publicBaseUrl}/portal/applications/${entry.applicationId}`;
  const comment: Block[] = entry.comment
    ? [{ kind: 'quote', label: texts.commentLabel, text: entry.comment }]
    : [];
  if (entry.action === 'issue' && entry.certificate) {
    const { serial, code } = entry.certificate;
    return compose(settings, issuer, recipient, {
      id,
      subject: texts.issueSubject(serial),
      unsubscribe: true,
      blocks: [
        { kind: 'text', text: texts.issueBody(serial) },
        { kind: 'link', label: texts.verifyLabel, url: verifyUrl(issuer.publicBaseUrl, code) },
        {
          kind: 'link',
          label: texts.downloadLabel,
          url: `${issuer.publicBaseUrl}/portal/certificates/${encodeURIComponent(serial)}/pdf`,
        },
      ],
    });
  }
  const rejected = entry.action === 'reject';
  return compose(settings, issuer, recipient, {
    id,
    subject: rejected ? texts.rejectSubject(reference) : texts.requestChangesSubject(reference),
    unsubscribe: true,
    blocks: [
      { kind: 'text', text: rejected ? texts.rejectBody : texts.requestChangesBody },
      ...comment,
      { kind: 'link', label: texts.openApplication, url: applicationUrl },
    ],
  });
};

/** A staff member's daily digest of the review queue. */
export const composeDigestMail = (
  settings: MailSettings,
  issuer: Issuer,
  recipient: Recipient,
  queue: { count: number; oldest: readonly { type: string; id: string; submittedAt: string }[] },
  id: string,
): MailMessage => {
  const texts = MAIL_TEXTS[recipient.language];
  return compose(settings, issuer, recipient, {
    id,
    subject: texts.digestSubject(queue.count),
    unsubscribe: true,
    blocks: [
      { kind: 'text', text: texts.digestBody(queue.count) },
      { kind: 'text', text: `${texts.digestOldest}:` },
      {
        kind: 'list',
        items: queue.oldest.map(
          (item) =>
            `${texts.typeName[item.type] ?? item.type} ${item.id.slice(0, 8)} — ${item.submittedAt.slice(0, 10)}: ${issuer.publicBaseUrl}/portal/queue/${item.id}`,
        ),
      },
      { kind: 'link', label: texts.openQueue, url: `${issuer.publicBaseUrl}/portal/queue` },
    ],
  });
};

/** The password-reset mail: the single-use link, and no unsubscribe (it is not a notification). */
export const composePasswordResetMail = (
  settings: MailSettings,
  issuer: Issuer,
  recipient: Recipient,
  token: string,
  id: string,
): MailMessage => {
  const texts = MAIL_TEXTS[recipient.language];
  return compose(settings, issuer, recipient, {
    id,
    subject: texts.resetSubject,
    unsubscribe: false,
    blocks: [
      { kind: 'text', text: texts.resetBody },
      {
        kind: 'link',
        label: texts.resetAction,
        url: `${issuer.publicBaseUrl}/portal/password-reset/confirm?token=${encodeURIComponent(token)}`,
      },
      { kind: 'text', text: texts.resetIgnore },
    ],
  });
};
