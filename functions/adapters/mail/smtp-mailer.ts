// The Mailer over SMTP (nodemailer): the local catching server of `npm start`, or any relay (MAIL_SMTP_URL).
import nodemailer from 'nodemailer';
import type { Mailer } from '../../core/ports.ts';
import { mailOptionsOf } from './mime-message.ts';

/** `smtp://host:port` (plain, as the local catcher speaks) or `smtps://user:pass@host:465`. */
export const createSmtpMailer = (url: string): Mailer => {
  const transport = nodemailer.createTransport(url, {});
  return {
    send: async (message) => {
      await transport.sendMail(mailOptionsOf(message));
    },
  };
};
