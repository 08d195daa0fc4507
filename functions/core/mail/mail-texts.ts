// The wording of every mail in English, Macedonian (Cyrillic) and Albanian (docs/mail.md, "Languages").
import type { MailLanguage } from './mail.ts';

export interface MailTexts {
  greeting: (name: string) => string;
  requestChangesSubject: (reference: string) => string;
  requestChangesBody: string;
  rejectSubject: (reference: string) => string;
  rejectBody: string;
  commentLabel: string;
  issueSubject: (serial: string) => string;
  issueBody: (serial: string) => string;
  verifyLabel: string;
  downloadLabel: string;
  openApplication: string;
  digestSubject: (count: number) => string;
  digestBody: (count: number) => string;
  digestOldest: string;
  openQueue: string;
  resetSubject: string;
  resetBody: string;
  resetAction: string;
  resetIgnore: string;
  footer: string;
  managePreferences: string;
  typeName: Record<string, string>;
}

const en: MailTexts = {
  greeting: (name) => `Hello ${name},`,
  requestChangesSubject: (reference) => `Changes needed: application ${reference}`,
  requestChangesBody:
    'The chamber has reviewed your application and asks you to change it before it can be issued.',
  rejectSubject: (reference) => `Application ${reference} rejected`,
  rejectBody: 'The chamber has rejected your application.',
  commentLabel: 'Comment from the chamber',
  issueSubject: (serial) => `Certificate ${serial} issued`,
  issueBody: (serial) => `Your certificate ${serial} has been issued and sealed.`,
  verifyLabel: 'Verification page',
  downloadLabel: 'Download the PDF in the portal',
  openApplication: 'Open the application',
  digestSubject: (count) => `${count} application${count === 1 ? '' : 's'} waiting for review`,
  digestBody: (count) => `${count} application${count === 1 ? ' is' : 's are'} waiting in the review queue.`,
  digestOldest: 'Waiting longest',
  openQueue: 'Open the review queue',
  resetSubject: 'Reset your password',
  resetBody: 'Someone asked to reset the password of your account. The link works once, for 30 minutes.',
  resetAction: 'Choose a new password',
  resetIgnore: 'If it was not you, ignore this mail: your password stays as it is.',
  footer: 'You get this mail because of your account with the chamber.',
  managePreferences: 'Choose which mails you get',
  typeName: { co: 'Certificate of origin', eur1: 'Movement certificate EUR.1' },
};

const mk: MailTexts = {
  greeting: (name) => `Почитувани ${name},`,
  requestChangesSubject: (reference) => `Потребни се измени: барање ${reference}`,
  requestChangesBody:
    'Комората го прегледа вашето барање и бара да го измените пред да може да биде издадено.',
  rejectSubject: (reference) => `Барањето ${reference} е одбиено`,
  rejectBody: 'Комората го одби вашето барање.',
  commentLabel: 'Коментар од комората',
  issueSubject: (serial) => `Издаден е сертификатот ${serial}`,
  issueBody: (serial) => `Вашиот сертификат ${serial} е издаден и запечатен.`,
  verifyLabel: 'Страница за проверка',
  downloadLabel: 'Преземете го PDF-от во порталот',
  openApplication: 'Отворете го барањето',
  digestSubject: (count) => `Барања што чекаат преглед: ${count}`,
  digestBody: (count) => `Во редот за преглед чекаат ${count} барања.`,
  digestOldest: 'Најдолго чекаат',
  openQueue: 'Отворете го редот за преглед',
  resetSubject: 'Поставете нова лозинка',
  resetBody: 'Некој побара нова лозинка за вашата сметка. Врската важи еднаш, 30 минути.',
  resetAction: 'Изберете нова лозинка',
  resetIgnore: 'Ако не сте вие, занемарете ја оваа порака: лозинката останува иста.',
  footer: 'Ја добивате оваа порака поради вашата сметка кај комората.',
  managePreferences: 'Изберете кои пораки ги добивате',
  typeName: { co: 'Уверение за потекло', eur1: 'Уверение за движење EUR.1' },
};

const sq: MailTexts = {
  greeting: (name) => `Përshëndetje ${name},`,
  requestChangesSubject: (reference) => `Kërkohen ndryshime: kërkesa ${reference}`,
  requestChangesBody: 'Dhoma e shqyrtoi kërkesën tuaj dhe ju kërkon ta ndryshoni para se të lëshohet.',
  rejectSubject: (reference) => `Kërkesa ${reference} u refuzua`,
  rejectBody: 'Dhoma e refuzoi kërkesën tuaj.',
  commentLabel: 'Koment nga dhoma',
  issueSubject: (serial) => `Certifikata ${serial} u lëshua`,
  issueBody: (serial) => `Certifikata juaj ${serial} u lëshua dhe u vulos.`,
  verifyLabel: 'Faqja e verifikimit',
  downloadLabel: 'Shkarkoni PDF-në në portal',
  openApplication: 'Hapni kërkesën',
  digestSubject: (count) => `Kërkesa që presin shqyrtim: ${count}`,
  digestBody: (count) => `Në radhën e shqyrtimit presin ${count} kërkesa.`,
  digestOldest: 'Presin më gjatë',
  openQueue: 'Hapni radhën e shqyrtimit',
  resetSubject: 'Rivendosni fjalëkalimin',
  resetBody:
    'Dikush kërkoi rivendosjen e fjalëkalimit të llogarisë suaj. Lidhja vlen një herë, për 30 minuta.',
  resetAction: 'Zgjidhni një fjalëkalim të ri',
  resetIgnore: 'Nëse nuk ishit ju, injorojeni këtë mesazh: fjalëkalimi mbetet i njëjtë.',
  footer: 'Këtë mesazh e merrni për shkak të llogarisë suaj pranë dhomës.',
  managePreferences: 'Zgjidhni cilat mesazhe i merrni',
  typeName: { co: 'Certifikatë origjine', eur1: 'Certifikatë lëvizjeje EUR.1' },
};

export const MAIL_TEXTS: Record<MailLanguage, MailTexts> = { en, mk, sq };
