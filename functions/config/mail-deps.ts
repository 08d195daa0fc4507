// The api function's way out for mail on AWS (MAIL_TRANSPORT=ses). Kept apart from deps.ts so that only the
// function that sends carries the SES client: the portal only queues mail (docs/mail.md).
import { createSesMailer } from '../adapters/mail/ses-mailer.ts';
import type { Mailer } from '../core/ports.ts';
import { type Config, ConfigError } from './config.ts';

export const lambdaMailer = (config: Config): Mailer | undefined => {
  if (config.mail.transport === 'smtp') {
    throw new ConfigError(
      'Invalid configuration:\n  MAIL_TRANSPORT: smtp is for the local server (npm start); on AWS use ses',
    );
  }
  return config.mail.transport === 'ses'
    ? createSesMailer({ region: config.region, configurationSet: config.mail.sesConfigurationSet })
    : undefined;
};
