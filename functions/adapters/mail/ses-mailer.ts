// The Mailer on AWS: SES v2 SendEmail with the raw MIME message, through the deployment's configuration set (so
// that bounces and complaints reach the api function: infra/constructs/mail.ts, docs/mail.md).
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { AppError } from '../../core/errors.ts';
import type { Mailer } from '../../core/ports.ts';
import { rawMimeOf } from './mime-message.ts';

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
            FromEmailAddress: message.from.address,
            Destination: { ToAddresses: [message.to] },
            Content: { Raw: { Data: await rawMimeOf(message) } },
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
