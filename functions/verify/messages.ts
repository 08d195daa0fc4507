// What the verification page says, in the languages of the region (docs/network.md §5): English,
// Macedonian and Albanian here, the other eleven in messages/<lang>.ts, each `satisfies Messages`. The language
// comes from ?lang= or Accept-Language; every outcome has its own headline and a sentence telling the reader
// what to do.
import type { CertificateType } from '../core/applications/application.ts';
import type { RevocationReason } from '../core/certificates/certificate.ts';
import { CAPTION_LANGUAGES, type CaptionLanguage } from '../core/rendering/caption-languages.ts';
import type { VerificationStatus } from '../core/verification/verify-certificate.ts';
import { chooseLanguage as negotiate } from '../http/languages.ts';
import { bg } from './messages/bg.ts';
import { bs } from './messages/bs.ts';
import { cnr } from './messages/cnr.ts';
import { de } from './messages/de.ts';
import { el } from './messages/el.ts';
import { hr } from './messages/hr.ts';
import { ro } from './messages/ro.ts';
import { sl } from './messages/sl.ts';
import { srCyrl } from './messages/sr-Cyrl.ts';
import { srLatn } from './messages/sr-Latn.ts';
import { tr } from './messages/tr.ts';

/**
 * The page's languages as BCP 47 tags, in the order the language picker lists them: every language of the
 * region (docs/network.md §5, docs/captions.md), then German.
 */
export const LANGUAGES: readonly CaptionLanguage[] = [
  'en',
  ...CAPTION_LANGUAGES.filter((language) => language !== 'en'),
];
/** The page speaks every language certificates have captions in. */
export type Language = CaptionLanguage;

/** UNKNOWN_ISSUER: the issuer is not (or no longer) a member of the trusted network (docs/network.md §6). */
export type PageStatus = VerificationStatus | 'OFFLINE' | 'UNKNOWN_ISSUER';

export interface Messages {
  languageName: string;
  outcomes: Record<PageStatus, { headline: string; advice: string }>;
  /** The certificate types and revocation reasons in words: the page never shows the codes. */
  types: Record<CertificateType, string>;
  reasons: Record<RevocationReason, string>;
  labels: {
    certificate: string;
    serial: string;
    type: string;
    issuedBy: string;
    issueDate: string;
    exporter: string;
    consignee: string;
    origin: string;
    destination: string;
    goods: string;
    hsCode: string;
    quantity: string;
    revokedAt: string;
    reason: string;
    replacedBy: string;
    /** On a revoked certificate that was replaced: the revocation stands; the replacement is another document. */
    revokedReplaced: string;
    compare: string;
    sealChecked: string;
    fileTitle: string;
    fileHint: string;
    /** The link that downloads the certificate as a W3C Verifiable Credential, and what it is for. */
    credentialDownload: string;
    credentialHint: string;
    fileMatches: string;
    fileNoMatch: string;
    fileChecking: string;
    /** {file} and {page} are serial numbers. */
    fileOther: string;
    fileOpenOther: string;
    chamber: string;
    address: string;
    phone: string;
    email: string;
    web: string;
    formTitle: string;
    formHint: string;
    formSubmit: string;
    formInvalid: string;
    formAnother: string;
    code: string;
    key: string;
    privacy: string;
    /** The issuer is suspended from the network (docs/network.md §6); {date} is the suspension date. */
    suspendedWarning: string;
    /** A certificate of another network member: {name} is its chamber, {date} its revocation list's date. */
    networkStatusFrom: string;
    /** The checked file is an earlier archive version (docs/legal.md §5): {version} of {versions}. */
    earlierArchiveVersion: string;
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
          'Check that the code was typed exactly as printed. If you scanned the QR code of a document and see this, treat the document as suspect and contact the chamber below.',
      },
      TAMPERED: {
        headline: 'Altered — does not match the record',
        advice:
          'The data presented does not match what the chamber issued. Do not accept the document; contact the chamber below.',
      },
      UNKNOWN_KEY: {
        headline: 'Signed by an unknown key',
        advice:
          'The seal was not made with any key this chamber has published. Treat the document as forged and contact the chamber below.',
      },
      OFFLINE: {
        headline: 'Could not check now',
        advice:
          'There is no connection to the chamber’s service. This says nothing about the document: try again when you are online.',
      },
      UNKNOWN_ISSUER: {
        headline: 'Issuer not recognised',
        advice:
          'This certificate names an issuer that is not a member of the network this service trusts, or one that has been withdrawn. Do not rely on it; contact the chamber named on the certificate.',
      },
    },
    types: {
      co: 'Certificate of origin (non-preferential)',
      eur1: 'Movement certificate EUR.1',
    },
    reasons: {
      'issued-in-error': 'Issued in error',
      'incorrect-data': 'The certificate contains incorrect data',
      'goods-not-originating': 'The goods do not originate where the certificate says',
      fraud: 'Fraud',
      'exporter-request': 'At the exporter’s request',
      other: 'Other reason',
    },
    labels: {
      certificate: 'Certificate',
      serial: 'Serial number',
      type: 'Type',
      issuedBy: 'Issued by',
      issueDate: 'Issue date',
      exporter: 'Exporter',
      consignee: 'Consignee',
      origin: 'Country of origin',
      destination: 'Destination',
      goods: 'Goods',
      hsCode: 'HS code',
      quantity: 'Quantity',
      revokedAt: 'Revoked on',
      reason: 'Reason',
      replacedBy: 'Replaced by',
      revokedReplaced:
        'The revocation stands: this document is not valid. The chamber later issued the replacement named here; it is a different document, with its own code, to be checked on its own page.',
      compare:
        'Compare on the paper: the serial number, the exporter, the consignee, the countries and the goods lines. Any difference means the paper is not this certificate.',
      sealChecked: 'The QR seal was checked in this browser against the chamber’s published key.',
      credentialDownload: 'Download the data as a verifiable credential',
      credentialHint:
        'For customs, bank and ERP systems: the certificate’s data as a W3C Verifiable Credential (JSON, signed by the chamber).',
      fileTitle: 'Check a PDF file',
      fileHint:
        'Choose or drop the PDF you received. It is not uploaded: only its fingerprint (SHA-256) is sent.',
      fileMatches: 'This file is exactly the certificate as issued:',
      fileNoMatch: 'This file is not an issued certificate, or it was changed after issue.',
      fileChecking: 'Checking…',
      fileOther: 'This file is certificate {file}, not certificate {page} shown on this page.',
      fileOpenOther: 'Open the page of certificate {file}',
      chamber: 'The issuing chamber',
      address: 'Address',
      phone: 'Phone',
      email: 'E-mail',
      web: 'Web',
      formTitle: 'Check a certificate by its code',
      formHint:
        'Type the verification code printed next to the QR code: 16 letters and digits. Spaces, dashes and capitals do not matter.',
      formSubmit: 'Check',
      formInvalid:
        'This is not a verification code. A code has 16 letters and digits, for example 7K2M‑9QXD‑4TNB‑E8WH; check what you typed against the paper.',
      formAnother: 'Check another code',
      code: 'Verification code',
      key: 'sealed with key',
      privacy: 'This page checks the chamber’s own record; it never lists or searches certificates.',
      suspendedWarning:
        'The issuing chamber is suspended from the network since {date}. The certificate’s seal checks out, but ask the chamber before relying on it.',
      earlierArchiveVersion:
        'This file is archive version {version} of {versions} of the certificate: the same document before later archive timestamps were added. The status shown is the certificate’s current one.',
      networkStatusFrom:
        'Issued by {name}, a member of the network; status from its revocation list of {date}.',
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
          'Комората го повлече ова уверение. Не го прифаќајте; побарајте важечко уверение од извозникот.',
      },
      SUPERSEDED: {
        headline: 'Заменето со поново уверение',
        advice: 'Ова уверение повеќе не важи. Побарајте го уверението што го заменува, наведено подолу.',
      },
      NOT_FOUND: {
        headline: 'Нема уверение со овој код',
        advice:
          'Проверете дали кодот е внесен точно како што е отпечатен. Ако сте го скенирале QR-кодот на документ и го гледате ова, сметајте го документот за сомнителен и контактирајте ја комората наведена подолу.',
      },
      TAMPERED: {
        headline: 'Изменето — не одговара на евиденцијата',
        advice:
          'Прикажаните податоци не одговараат на она што го издала комората. Не го прифаќајте документот; контактирајте ја комората наведена подолу.',
      },
      UNKNOWN_KEY: {
        headline: 'Потпишано со непознат клуч',
        advice:
          'Печатот не е направен со ниту еден клуч што комората го објавила. Сметајте го документот за фалсификат и контактирајте ја комората наведена подолу.',
      },
      OFFLINE: {
        headline: 'Проверката не е можна сега',
        advice:
          'Нема врска со услугата на комората. Ова не кажува ништо за документот: обидете се повторно кога ќе имате интернет.',
      },
      UNKNOWN_ISSUER: {
        headline: 'Непознат издавач',
        advice:
          'Уверението наведува издавач што не е член на мрежата на која ѝ верува оваа услуга или што е исклучен од неа. Не потпирајте се на уверението; контактирајте ја комората наведена на него.',
      },
    },
    types: {
      co: 'Уверение за потекло (непреференцијално)',
      eur1: 'Уверение за движење на стоки EUR.1',
    },
    reasons: {
      'issued-in-error': 'Издадено по грешка',
      'incorrect-data': 'Уверението содржи неточни податоци',
      'goods-not-originating': 'Стоките не потекнуваат од земјата наведена во уверението',
      fraud: 'Измама',
      'exporter-request': 'На барање на извозникот',
      other: 'Друга причина',
    },
    labels: {
      certificate: 'Уверение',
      serial: 'Сериски број',
      type: 'Вид',
      issuedBy: 'Издадено од',
      issueDate: 'Датум на издавање',
      exporter: 'Извозник',
      consignee: 'Примач',
      origin: 'Земја на потекло',
      destination: 'Земја на одредиште',
      goods: 'Стоки',
      hsCode: 'Тарифен број',
      quantity: 'Количина',
      revokedAt: 'Поништено на',
      reason: 'Причина',
      replacedBy: 'Заменето со',
      revokedReplaced:
        'Поништувањето важи: овој документ не е важечки. Комората подоцна го издаде уверението за замена наведено тука; тоа е друг документ, со свој код, кој се проверува на неговата страница.',
      compare:
        'Споредете на хартијата: серискиот број, извозникот, примачот, земјите и редовите со стоки. Секоја разлика значи дека хартијата не е ова уверение.',
      sealChecked: 'QR-печатот е проверен во овој прелистувач со објавениот клуч на комората.',
      credentialDownload: 'Преземете ги податоците како проверлив дигитален акредитив',
      credentialHint:
        'За царински, банкарски и ERP-системи: податоците од уверението како W3C Verifiable Credential (JSON, потпишан од комората).',
      fileTitle: 'Проверете PDF-датотека',
      fileHint:
        'Изберете ја или довлечете ја овде PDF-датотеката што ја добивте. Датотеката не се испраќа: се испраќа само нејзиниот отпечаток (SHA-256).',
      fileMatches: 'Оваа датотека е точно уверението како што е издадено:',
      fileNoMatch: 'Оваа датотека не е издадено уверение или е изменета по издавањето.',
      fileChecking: 'Се проверува…',
      fileOther: 'Оваа датотека е уверението {file}, а не уверението {page} прикажано на оваа страница.',
      fileOpenOther: 'Отворете ја страницата на уверението {file}',
      chamber: 'Комората што го издава уверението',
      address: 'Адреса',
      phone: 'Телефон',
      email: 'Е-пошта',
      web: 'Веб-страница',
      formTitle: 'Проверете уверение според кодот',
      formHint:
        'Внесете го кодот за проверка отпечатен до QR-кодот: 16 букви и бројки. Празните места, цртичките и големите букви не се важни.',
      formSubmit: 'Провери',
      formInvalid:
        'Ова не е код за проверка. Кодот има 16 латинични букви и бројки, на пример 7K2M‑9QXD‑4TNB‑E8WH; споредете го внесеното со хартијата.',
      formAnother: 'Проверете друг код',
      code: 'Код за проверка',
      key: 'запечатено со клуч',
      privacy:
        'Оваа страница ја проверува евиденцијата на комората; никогаш не прикажува листи и не пребарува уверенија.',
      suspendedWarning:
        'Комората што го издала уверението е суспендирана од мрежата од {date}. Печатот на уверението е исправен, но прашајте ја комората пред да се потпрете на него.',
      earlierArchiveVersion:
        'Оваа датотека е архивска верзија {version} од {versions} на уверението: истиот документ пред да се додадат подоцнежните архивски временски жигови. Прикажаниот статус е тековниот статус на уверението.',
      networkStatusFrom:
        'Издадено од {name}, членка на мрежата; статус според нејзината листа на отповикувања од {date}.',
    },
  },
  sq: {
    languageName: 'Shqip',
    outcomes: {
      VALID: {
        headline: 'E vërtetë dhe e vlefshme',
        advice:
          'Kjo certifikatë është lëshuar nga oda e përmendur më poshtë dhe është në fuqi. Krahasoni të dhënat më poshtë me dokumentin para jush.',
      },
      REVOKED: {
        headline: 'E revokuar — e pavlefshme',
        advice:
          'Oda e ka tërhequr këtë certifikatë. Mos e pranoni; kërkoni nga eksportuesi një certifikatë të vlefshme.',
      },
      SUPERSEDED: {
        headline: 'E zëvendësuar nga një certifikatë më e re',
        advice:
          'Kjo certifikatë nuk është më në fuqi. Kërkoni certifikatën zëvendësuese të përmendur më poshtë.',
      },
      NOT_FOUND: {
        headline: 'Nuk ka certifikatë me këtë kod',
        advice:
          'Kontrolloni që kodi të jetë shkruar saktësisht siç është shtypur. Nëse e keni skanuar kodin QR të një dokumenti dhe shihni këtë, konsiderojeni dokumentin si të dyshimtë dhe kontaktoni odën e përmendur më poshtë.',
      },
      TAMPERED: {
        headline: 'E ndryshuar — nuk përputhet me regjistrin',
        advice:
          'Të dhënat e paraqitura nuk përputhen me ato që lëshoi oda. Mos e pranoni dokumentin; kontaktoni odën e përmendur më poshtë.',
      },
      UNKNOWN_KEY: {
        headline: 'E nënshkruar me një çelës të panjohur',
        advice:
          'Vula nuk është bërë me asnjë çelës të publikuar nga kjo odë. Konsiderojeni dokumentin si të falsifikuar dhe kontaktoni odën e përmendur më poshtë.',
      },
      OFFLINE: {
        headline: 'Nuk mund të kontrollohet tani',
        advice:
          'Nuk ka lidhje me shërbimin e odës. Kjo nuk thotë asgjë për dokumentin: provoni përsëri kur të keni lidhje me internetin.',
      },
      UNKNOWN_ISSUER: {
        headline: 'Lëshuesi nuk njihet',
        advice:
          'Kjo certifikatë përmend një lëshues që nuk është anëtar i rrjetit të cilit i beson ky shërbim, ose që është tërhequr prej tij. Mos u mbështetni te ajo; kontaktoni odën e përmendur në certifikatë.',
      },
    },
    types: {
      co: 'Certifikatë e origjinës (jopreferenciale)',
      eur1: 'Certifikatë e qarkullimit të mallrave EUR.1',
    },
    reasons: {
      'issued-in-error': 'Lëshuar gabimisht',
      'incorrect-data': 'Certifikata përmban të dhëna të pasakta',
      'goods-not-originating': 'Mallrat nuk e kanë origjinën që shënon certifikata',
      fraud: 'Mashtrim',
      'exporter-request': 'Me kërkesë të eksportuesit',
      other: 'Arsye tjetër',
    },
    labels: {
      certificate: 'Certifikata',
      serial: 'Numri serik',
      type: 'Lloji',
      issuedBy: 'Lëshuar nga',
      issueDate: 'Data e lëshimit',
      exporter: 'Eksportuesi',
      consignee: 'Marrësi',
      origin: 'Vendi i origjinës',
      destination: 'Vendi i destinacionit',
      goods: 'Mallrat',
      hsCode: 'Kodi tarifor (HS)',
      quantity: 'Sasia',
      revokedAt: 'Revokuar më',
      reason: 'Arsyeja',
      replacedBy: 'Zëvendësuar nga',
      revokedReplaced:
        'Revokimi mbetet në fuqi: ky dokument nuk është i vlefshëm. Dhoma më vonë lëshoi certifikatën zëvendësuese të përmendur këtu; ajo është një dokument tjetër, me kodin e vet, që verifikohet në faqen e vet.',
      compare:
        'Krahasoni në letër: numrin serik, eksportuesin, marrësin, vendet dhe rreshtat e mallrave. Çdo ndryshim do të thotë se letra nuk është kjo certifikatë.',
      sealChecked: 'Vula QR u kontrollua në këtë shfletues me çelësin e publikuar të odës.',
      credentialDownload: 'Shkarkoni të dhënat si kredencial të verifikueshëm',
      credentialHint:
        'Për sistemet doganore, bankare dhe ERP: të dhënat e certifikatës si W3C Verifiable Credential (JSON, i nënshkruar nga dhoma).',
      fileTitle: 'Kontrolloni një skedar PDF',
      fileHint:
        'Zgjidhni skedarin PDF që keni marrë ose tërhiqeni këtu. Skedari nuk ngarkohet: dërgohet vetëm gjurma e tij (SHA-256).',
      fileMatches: 'Ky skedar është saktësisht certifikata siç është lëshuar:',
      fileNoMatch: 'Ky skedar nuk është certifikatë e lëshuar, ose është ndryshuar pas lëshimit.',
      fileChecking: 'Duke kontrolluar…',
      fileOther: 'Ky skedar është certifikata {file}, jo certifikata {page} që shfaqet në këtë faqe.',
      fileOpenOther: 'Hapni faqen e certifikatës {file}',
      chamber: 'Oda që e lëshon certifikatën',
      address: 'Adresa',
      phone: 'Telefoni',
      email: 'E-mail',
      web: 'Uebi',
      formTitle: 'Kontrolloni një certifikatë me kodin e saj',
      formHint:
        'Shkruani kodin e verifikimit të shtypur pranë kodit QR: 16 shkronja dhe shifra. Hapësirat, vizat dhe shkronjat e mëdha nuk kanë rëndësi.',
      formSubmit: 'Kontrollo',
      formInvalid:
        'Ky nuk është kod verifikimi. Kodi ka 16 shkronja latine dhe shifra, për shembull 7K2M‑9QXD‑4TNB‑E8WH; krahasoni atë që shkruat me letrën.',
      formAnother: 'Kontrolloni një kod tjetër',
      code: 'Kodi i verifikimit',
      key: 'vulosur me çelësin',
      privacy: 'Kjo faqe kontrollon regjistrin e vetë odës; nuk shfaq lista dhe nuk kërkon certifikata.',
      suspendedWarning:
        'Oda lëshuese është pezulluar nga rrjeti që nga {date}. Vula e certifikatës është e rregullt, por pyesni odën përpara se të mbështeteni te ajo.',
      earlierArchiveVersion:
        'Ky skedar është versioni arkivor {version} nga {versions} i certifikatës: i njëjti dokument para se të shtoheshin vulat kohore arkivore të mëvonshme. Statusi i shfaqur është statusi aktual i certifikatës.',
      networkStatusFrom:
        'Lëshuar nga {name}, anëtare e rrjetit; statusi sipas listës së saj të revokimeve të {date}.',
    },
  },
  'sr-Cyrl': srCyrl,
  'sr-Latn': srLatn,
  hr,
  bs,
  cnr,
  bg,
  el,
  ro,
  sl,
  tr,
  de,
};

/** ?lang= wins; then the first supported language of Accept-Language; English otherwise. */
export const chooseLanguage = (query: string | undefined, acceptLanguage: string | undefined): Language =>
  negotiate(LANGUAGES, [query], acceptLanguage, 'en');
