// What the verification page says, in English, Macedonian and Albanian. The language comes from ?lang= or
// Accept-Language; every outcome has its own headline and a sentence telling the reader what to do.
import type { VerificationStatus } from '../core/verification/verify-certificate.ts';

export const LANGUAGES = ['en', 'mk', 'sq'] as const;
export type Language = (typeof LANGUAGES)[number];

export type PageStatus = VerificationStatus | 'OFFLINE';

export interface Messages {
  languageName: string;
  outcomes: Record<PageStatus, { headline: string; advice: string }>;
  labels: {
    certificate: string;
    serial: string;
    type: string;
    coType: string;
    issuedBy: string;
    issueDate: string;
    exporter: string;
    consignee: string;
    origin: string;
    destination: string;
    goods: string;
    description: string;
    hsCode: string;
    quantity: string;
    revokedAt: string;
    reason: string;
    replacedBy: string;
    compare: string;
    sealChecked: string;
    fileTitle: string;
    fileHint: string;
    fileMatches: string;
    fileNoMatch: string;
    fileChecking: string;
    code: string;
    key: string;
    privacy: string;
  };
}

export const MESSAGES: Record<Language, Messages> = {
  en: {
    languageName: 'English',
    outcomes: {
      VALID: {
        headline: 'Genuine and valid',
        advice:
          'This certificate was issued by the chamber named below and is in force. Compare the facts below with the document in front of you.',
      },
      REVOKED: {
        headline: 'Revoked — not valid',
        advice:
          'The chamber has withdrawn this certificate. Do not accept it; ask the exporter for a valid certificate.',
      },
      SUPERSEDED: {
        headline: 'Replaced by a newer certificate',
        advice: 'This certificate is no longer in force. Ask for the replacement certificate named below.',
      },
      NOT_FOUND: {
        headline: 'No certificate with this code',
        advice:
          'Check that the code was typed exactly as printed. If you scanned the QR code of a document and see this, treat the document as suspect and contact the issuing chamber.',
      },
      TAMPERED: {
        headline: 'Altered — does not match the record',
        advice:
          'The data presented does not match what the chamber issued. Do not accept the document; contact the issuing chamber.',
      },
      UNKNOWN_KEY: {
        headline: 'Signed by an unknown key',
        advice:
          'The seal was not made with any key this chamber has published. Treat the document as forged.',
      },
      OFFLINE: {
        headline: 'Could not check now',
        advice:
          'There is no connection to the chamber’s service. This says nothing about the document: try again when you are online.',
      },
    },
    labels: {
      certificate: 'Certificate',
      serial: 'Serial number',
      type: 'Type',
      coType: 'Certificate of origin (non-preferential)',
      issuedBy: 'Issued by',
      issueDate: 'Issue date',
      exporter: 'Exporter',
      consignee: 'Consignee',
      origin: 'Country of origin',
      destination: 'Destination',
      goods: 'Goods',
      description: 'Description',
      hsCode: 'HS code',
      quantity: 'Quantity',
      revokedAt: 'Revoked on',
      reason: 'Reason',
      replacedBy: 'Replaced by',
      compare:
        'Compare on the paper: the serial number, the exporter, the consignee, the countries and the goods lines. Any difference means the paper is not this certificate.',
      sealChecked: 'The QR seal was checked in this browser against the chamber’s published key.',
      fileTitle: 'Check a PDF file',
      fileHint:
        'Choose or drop the PDF you received. It is not uploaded: only its fingerprint (SHA-256) is sent.',
      fileMatches: 'This file is exactly the certificate as issued:',
      fileNoMatch: 'This file is not an issued certificate, or it was changed after issue.',
      fileChecking: 'Checking…',
      code: 'Verification code',
      key: 'sealed with key',
      privacy: 'This page checks the chamber’s own record; it never lists or searches certificates.',
    },
  },
  mk: {
    languageName: 'Македонски',
    outcomes: {
      VALID: {
        headline: 'Автентично и важечко',
        advice:
          'Уверението е издадено од комората наведена подолу и е важечко. Споредете ги податоците подолу со документот пред вас.',
      },
      REVOKED: {
        headline: 'Поништено — не важи',
        advice:
          'Комората го повлече ова уверение. Не прифаќајте го; побарајте важечко уверение од извозникот.',
      },
      SUPERSEDED: {
        headline: 'Заменето со поново уверение',
        advice: 'Ова уверение повеќе не важи. Побарајте го уверението што го заменува, наведено подолу.',
      },
      NOT_FOUND: {
        headline: 'Нема уверение со овој код',
        advice:
          'Проверете дали кодот е внесен точно како што е отпечатен. Ако сте го скенирале QR-кодот на документ и го гледате ова, сметајте го документот за сомнителен и контактирајте ја комората.',
      },
      TAMPERED: {
        headline: 'Изменето — не одговара на евиденцијата',
        advice:
          'Прикажаните податоци не одговараат на издаденото. Не го прифаќајте документот; контактирајте ја комората.',
      },
      UNKNOWN_KEY: {
        headline: 'Потпишано со непознат клуч',
        advice:
          'Печатот не е направен со клуч што комората го објавила. Сметајте го документот за фалсификат.',
      },
      OFFLINE: {
        headline: 'Проверката не е можна сега',
        advice:
          'Нема врска со услугата на комората. Ова не кажува ништо за документот: обидете се повторно кога ќе имате врска.',
      },
    },
    labels: {
      certificate: 'Уверение',
      serial: 'Сериски број',
      type: 'Вид',
      coType: 'Уверение за потекло (непреференцијално)',
      issuedBy: 'Издадено од',
      issueDate: 'Датум на издавање',
      exporter: 'Извозник',
      consignee: 'Примач',
      origin: 'Земја на потекло',
      destination: 'Одредиште',
      goods: 'Стоки',
      description: 'Опис',
      hsCode: 'Тарифен број',
      quantity: 'Количина',
      revokedAt: 'Поништено на',
      reason: 'Причина',
      replacedBy: 'Заменето со',
      compare:
        'Споредете на хартијата: серискиот број, извозникот, примачот, земјите и стоките. Секоја разлика значи дека хартијата не е ова уверение.',
      sealChecked: 'QR-печатот е проверен во овој прелистувач со објавениот клуч на комората.',
      fileTitle: 'Проверете PDF-датотека',
      fileHint:
        'Изберете ја или пуштете ја PDF-датотеката што ја добивте. Таа не се праќа: се праќа само нејзиниот отпечаток (SHA-256).',
      fileMatches: 'Оваа датотека е точно издаденото уверение:',
      fileNoMatch: 'Оваа датотека не е издадено уверение или е изменета по издавањето.',
      fileChecking: 'Се проверува…',
      code: 'Код за проверка',
      key: 'запечатено со клуч',
      privacy:
        'Оваа страница ја проверува евиденцијата на комората; никогаш не прикажува листи ниту пребарува уверенија.',
    },
  },
  sq: {
    languageName: 'Shqip',
    outcomes: {
      VALID: {
        headline: 'I vërtetë dhe i vlefshëm',
        advice:
          'Ky certifikatë është lëshuar nga oda e përmendur më poshtë dhe është në fuqi. Krahasoni të dhënat më poshtë me dokumentin para jush.',
      },
      REVOKED: {
        headline: 'I revokuar — i pavlefshëm',
        advice:
          'Oda e ka tërhequr këtë certifikatë. Mos e pranoni; kërkoni nga eksportuesi një certifikatë të vlefshme.',
      },
      SUPERSEDED: {
        headline: 'I zëvendësuar nga një certifikatë më e re',
        advice:
          'Kjo certifikatë nuk është më në fuqi. Kërkoni certifikatën zëvendësuese të përmendur më poshtë.',
      },
      NOT_FOUND: {
        headline: 'Nuk ka certifikatë me këtë kod',
        advice:
          'Kontrolloni që kodi të jetë shkruar saktësisht si në letër. Nëse e keni skanuar kodin QR të një dokumenti dhe shihni këtë, konsiderojeni dokumentin të dyshimtë dhe kontaktoni odën.',
      },
      TAMPERED: {
        headline: 'I ndryshuar — nuk përputhet me regjistrin',
        advice:
          'Të dhënat e paraqitura nuk përputhen me atë që lëshoi oda. Mos e pranoni dokumentin; kontaktoni odën.',
      },
      UNKNOWN_KEY: {
        headline: 'I nënshkruar me çelës të panjohur',
        advice:
          'Vula nuk është bërë me asnjë çelës të publikuar nga kjo odë. Konsiderojeni dokumentin të falsifikuar.',
      },
      OFFLINE: {
        headline: 'Nuk mund të kontrollohet tani',
        advice:
          'Nuk ka lidhje me shërbimin e odës. Kjo nuk thotë asgjë për dokumentin: provoni përsëri kur të jeni në linjë.',
      },
    },
    labels: {
      certificate: 'Certifikata',
      serial: 'Numri serik',
      type: 'Lloji',
      coType: 'Certifikatë e origjinës (jo preferenciale)',
      issuedBy: 'Lëshuar nga',
      issueDate: 'Data e lëshimit',
      exporter: 'Eksportuesi',
      consignee: 'Marrësi',
      origin: 'Vendi i origjinës',
      destination: 'Destinacioni',
      goods: 'Mallrat',
      description: 'Përshkrimi',
      hsCode: 'Kodi HS',
      quantity: 'Sasia',
      revokedAt: 'Revokuar më',
      reason: 'Arsyeja',
      replacedBy: 'Zëvendësuar nga',
      compare:
        'Krahasoni në letër: numrin serik, eksportuesin, marrësin, vendet dhe mallrat. Çdo ndryshim do të thotë se letra nuk është kjo certifikatë.',
      sealChecked: 'Vula QR u kontrollua në këtë shfletues me çelësin e publikuar të odës.',
      fileTitle: 'Kontrolloni një skedar PDF',
      fileHint:
        'Zgjidhni ose lëshoni PDF-në që keni marrë. Ajo nuk ngarkohet: dërgohet vetëm gjurma e saj (SHA-256).',
      fileMatches: 'Ky skedar është saktësisht certifikata e lëshuar:',
      fileNoMatch: 'Ky skedar nuk është certifikatë e lëshuar, ose është ndryshuar pas lëshimit.',
      fileChecking: 'Duke kontrolluar…',
      code: 'Kodi i verifikimit',
      key: 'vulosur me çelësin',
      privacy: 'Kjo faqe kontrollon regjistrin e vetë odës; kurrë nuk liston apo kërkon certifikata.',
    },
  },
};

/** ?lang= wins; then the first supported language of Accept-Language; English otherwise. */
export const chooseLanguage = (query: string | undefined, acceptLanguage: string | undefined): Language => {
  if (query && (LANGUAGES as readonly string[]).includes(query)) return query as Language;
  const preferred = (acceptLanguage ?? '')
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = Number(params.find((param) => param.trim().startsWith('q='))?.split('=')[1] ?? 1);
      return { language: tag.toLowerCase().split('-')[0] ?? '', q: Number.isNaN(q) ? 0 : q };
    })
    .sort((a, b) => b.q - a.q);
  const match = preferred.find(({ language }) => (LANGUAGES as readonly string[]).includes(language));
  return (match?.language as Language | undefined) ?? 'en';
};
