// The Mailer over SMTP (nodemailer): the local catching server of `npm start` and the tests (docs/mail.md). Only
// the local server wires it, so that the Lambda bundles carry no SMTP client.
import nodemailer from 'nodemailer';
import type { Mailer } from '../../core/ports.ts';

/** `smtp://host:port` (plain, as the local catcher speaks) or `smtps://user:pass@host:465`. */
export const createSmtpMailer = (url: string): Mailer => {
  const transport = nodemailer.createTransport(url);
  return {
    send: async (message) => {
      await transport.sendMail({
        messageId: message.messageId,
        from: message.from.name
          ? { name: message.from.name, address: message.from.address }
          : message.from.address,
        to: message.to,
        ...(message.replyTo ? { replyTo: message.replyTo } : {}),
        subject: message.subject,
        text: message.text,
        html: message.html,
        headers: message.headers,
      });
    },
  };
};
