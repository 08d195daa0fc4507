// The Mailer on AWS: SES v2 SendEmail (simple content: SES builds the MIME), through the deployment's configuration
// set, so that bounces and complaints reach the api function (infra/constructs/mail.ts, docs/mail.md). SES gives
// each mail its own Message-ID; ours is kept in X-Tradecert-Mail-Id.
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { AppError } from '../../core/errors.ts';
import type { MailAddress } from '../../core/mail/mail.ts';
import type { Mailer } from '../../core/ports.ts';

/** `"Name" <address>`, the name as an RFC 2047 encoded word when it is not plain ASCII (SES requires it). */
export const fromHeader = (from: MailAddress): string => {
  if (!from.name) return from.address;
  const plain = /^[\x20-\x7e]*$/.test(from.name) && !/["\\]/.test(from.name);
  const name = plain ? `"${from.name}"` : `=?UTF-8?B?${Buffer.from(from.name, 'utf8').toString('base64')}?=`;
  return `${name} <${from.address}>`;
};

export const createSesMailer = (options: {
  region: string;
  configurationSet?: string | undefined;
}): Mailer => {
  const client = new SESv2Client({ region: options.region });
  return {
    send: async (message) => {
      try {
        await client.send(
          new SendEmailCommand({
            FromEmailAddress: fromHeader(message.from),
            Destination: { ToAddresses: [message.to] },
            ...(message.replyTo ? { ReplyToAddresses: [message.replyTo] } : {}),
            Content: {
              Simple: {
                Subject: { Data: message.subject, Charset: 'UTF-8' },
                Body: {
                  Text: { Data: message.text, Charset: 'UTF-8' },
                  Html: { Data: message.html, Charset: 'UTF-8' },
                },
                Headers: [
                  { Name: 'X-Tradecert-Mail-Id', Value: message.messageId },
                  ...Object.entries(message.headers).map(([Name, Value]) => ({ Name, Value })),
                ],
              },
            },
            ...(options.configurationSet ? { ConfigurationSetName: options.configurationSet } : {}),
          }),
        );
      } catch (error) {
        throw new AppError(
          'INTERNAL',
          `SES refused the mail: ${(error as { name?: string }).name ?? 'error'}`,
          {
            cause: error,
          },
        );
      }
    },
  };
};
