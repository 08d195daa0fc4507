// A composed message as nodemailer's options and as raw MIME: both adapters send the same bytes and headers.
import type { SendMailOptions } from 'nodemailer';
import MailComposer from 'nodemailer/lib/mail-composer';
import type { MailMessage } from '../../core/mail/mail.ts';

export const mailOptionsOf = (message: MailMessage): SendMailOptions => ({
  messageId: message.messageId,
  from: message.from.name ? { name: message.from.name, address: message.from.address } : message.from.address,
  to: message.to,
  ...(message.replyTo ? { replyTo: message.replyTo } : {}),
  subject: message.subject,
  text: message.text,
  html: message.html,
  headers: message.headers,
});

export const rawMimeOf = (message: MailMessage): Promise<Uint8Array> =>
  new Promise((resolve, reject) => {
    new MailComposer(mailOptionsOf(message)).compile().build((error, raw) => {
      if (error) reject(error);
      else resolve(new Uint8Array(raw));
    });
  });
