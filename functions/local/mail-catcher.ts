// The local mail catcher (MailDev, in-process): an SMTP server that keeps every mail the service sends and a web
// page to read them, both on loopback and free ports, so that `npm start` mails nobody for real and the tests
// can read what was sent through its REST API (docs/mail.md, "Locally").
import { mkdir } from 'node:fs/promises';
import { MailDev } from 'maildev';
import { freePort } from './storage-processes.ts';

export interface MailCatcher {
  /** Where the service sends: smtp://127.0.0.1:<port>. */
  smtpUrl: string;
  /** The web page of caught mails; its REST API is under /api (GET /api/email). */
  webUrl: string;
  stop(): Promise<void>;
}

/** Caught mails live under `dir`, kept across restarts. */
export const startMailCatcher = async (dir: string): Promise<MailCatcher> => {
  const [smtp, web] = await Promise.all([freePort(), freePort()]);
  await mkdir(dir, { recursive: true });
  const catcher = new MailDev({
    smtp,
    web,
    ip: '127.0.0.1',
    webIp: '127.0.0.1',
    maxEmails: 500,
    mailDirectory: dir,
  });
  await catcher.start();
  return {
    smtpUrl: `smtp://127.0.0.1:${smtp}`,
    webUrl: `http://127.0.0.1:${web}`,
    stop: () => catcher.stop(),
  };
};

/** One mail as the catcher's REST API gives it (the fields the tests read). */
export interface CaughtMail {
  id: string;
  subject: string;
  text: string;
  html: string;
  to: { address: string }[];
  from: { address: string; name: string }[];
  headers: Record<string, string>;
}

/** The mail as it went over the wire: every header (the parsed form leaves some out). */
export const caughtSource = async (webUrl: string, id: string): Promise<string> => {
  const response = await fetch(`${webUrl}/api/email/${id}/source`);
  if (!response.ok) throw new Error(`mail catcher answered ${response.status}`);
  return response.text();
};

export const caughtMails = async (webUrl: string): Promise<CaughtMail[]> => {
  const response = await fetch(`${webUrl}/api/email`);
  if (!response.ok) throw new Error(`mail catcher answered ${response.status}`);
  return (await response.json()) as CaughtMail[];
};
