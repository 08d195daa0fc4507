// The words printed on the forms, per language: box captions and the phrases the renderer fills in.
// build-templates.ts writes them into each manifest's `labels`; the issuer picks a pair with
// ISSUER_LABEL_LANGUAGES (local language first). Box wording follows the official forms (EUR.1: the EU
// model in Annex 22-10 of Regulation (EU) 2015/2447 and its Macedonian version; certificate of origin:
// the ICC model). The Albanian wording awaits review by a native speaker before a chamber uses it.
// English, Macedonian and Albanian are here; the other languages of the region (docs/network.md §5) each
// have a file in wording/, and docs/captions.md names every language's source.
import { CAPTION_LANGUAGES, type CaptionLanguage } from '../functions/core/rendering/caption-languages.ts';
import { bg } from './wording/bg.ts';
import { bs } from './wording/bs.ts';
import type { CaptionSet, Wording } from './wording/caption-set.ts';
import { cnr } from './wording/cnr.ts';
import { de } from './wording/de.ts';
import { el } from './wording/el.ts';
import { hr } from './wording/hr.ts';
import { ro } from './wording/ro.ts';
import { sl } from './wording/sl.ts';
import { srCyrl } from './wording/sr-Cyrl.ts';
import { srLatn } from './wording/sr-Latn.ts';
import { tr } from './wording/tr.ts';

/** Every language with a complete caption set: all of CAPTION_LANGUAGES. */
export const LANGUAGES = CAPTION_LANGUAGES;
export type Language = CaptionLanguage;
type Core = 'mk' | 'en' | 'sq';

/** Phrases every certificate type uses. */
const common: Record<Core, Wording> = {
  mk: {
    taxId: 'ЕДБ',
    'transport.road': 'Друмски',
    'transport.rail': 'Железнички',
    'transport.sea': 'Поморски',
    'transport.air': 'Воздушен',
    'transport.multimodal': 'Мултимодален',
    replaces: 'Го заменува уверението бр.',
    continued: 'Продолжува на следната страна.',
    page: 'Страна {page} од {pages}',
    total: 'Вкупно: {packages}\u00A0колети',
    'preview.notIssued': 'Преглед пред издавање: не е издадено и не е запечатено.',
    'preview.noCode': 'Преглед — без код за проверка',
    issuedBy: 'Издадено електронски и запечатено од {issuer}.',
    declaredElectronically: 'Изјавено електронски од {name}, {function}, во {place} на {date}',
    verifyAt: 'Проверете го со QR-кодот или на',
    verificationCode: 'Код за проверка',
    placeDate: 'Место и датум',
  },
  en: {
    taxId: 'Tax ID',
    'transport.road': 'Road',
    'transport.rail': 'Rail',
    'transport.sea': 'Sea',
    'transport.air': 'Air',
    'transport.multimodal': 'Multimodal',
    replaces: 'Replaces certificate No.',
    continued: 'Continued on the next page.',
    page: 'Page {page} of {pages}',
    total: 'Total: {packages}\u00A0packages',
    'preview.notIssued': 'Preview before issue: not issued and not sealed.',
    'preview.noCode': 'Preview — no verification code',
    issuedBy: 'Issued electronically and sealed by {issuer}.',
    declaredElectronically: 'Declared electronically by {name}, {function}, at {place} on {date}',
    verifyAt: 'Verify it with the QR code or at',
    verificationCode: 'Verification code',
    placeDate: 'Place and date',
  },
  sq: {
    taxId: 'Nr. tatimor',
    'transport.road': 'Rrugor',
    'transport.rail': 'Hekurudhor',
    'transport.sea': 'Detar',
    'transport.air': 'Ajror',
    'transport.multimodal': 'Multimodal',
    replaces: 'Zëvendëson certifikatën nr.',
    continued: 'Vazhdon në faqen tjetër.',
    page: 'Faqja {page} nga {pages}',
    total: 'Gjithsej: {packages}\u00A0koli',
    'preview.notIssued': 'Parapamje para lëshimit: e palëshuar dhe e pavulosur.',
    'preview.noCode': 'Parapamje — pa kod verifikimi',
    issuedBy: 'Lëshuar elektronikisht dhe vulosur nga {issuer}.',
    declaredElectronically: 'Deklaruar elektronikisht nga {name}, {function}, në {place} më {date}',
    verifyAt: 'Verifikojeni me kodin QR ose në',
    verificationCode: 'Kodi i verifikimit',
    placeDate: 'Vendi dhe data',
  },
};

const certificateOfOrigin: Record<Core, Wording> = {
  mk: {
    title: 'УВЕРЕНИЕ ЗА ПОТЕКЛО',
    number: 'Бр.',
    exporter: 'Извозник (име, адреса, земја)',
    consignee: 'Примач (име, адреса, земја)',
    origin: 'Земја на потекло',
    destination: 'Земја на одредиште',
    transport: 'Податоци за превозот',
    remarks: 'Забелешки',
    goods: 'Реден број; ознаки, броеви, број и вид на колети; опис на стоките',
    'goods.item': 'Бр.',
    'goods.marks': 'Ознаки и броеви',
    'goods.description': 'Број и вид на колети; опис на стоките',
    'goods.hsCode': 'Тарифен број',
    'goods.quantity': 'Количина',
    'goods.grossMass': 'Бруто маса (kg)',
    invoices: 'Фактури',
    certification: 'Заверка',
    'certification.text':
      'Се потврдува дека стоките опишани погоре потекнуваат од земјата наведена во рубрика 3.',
  },
  en: {
    title: 'CERTIFICATE OF ORIGIN',
    number: 'No.',
    exporter: 'Exporter (name, address, country)',
    consignee: 'Consignee (name, address, country)',
    origin: 'Country of origin',
    destination: 'Country of destination',
    transport: 'Transport details',
    remarks: 'Remarks',
    goods: 'Item number; marks, numbers, number and kind of packages; description of goods',
    'goods.item': 'No.',
    'goods.marks': 'Marks and numbers',
    'goods.description': 'Number and kind of packages; description of goods',
    'goods.hsCode': 'HS code',
    'goods.quantity': 'Quantity',
    'goods.grossMass': 'Gross mass (kg)',
    invoices: 'Invoices',
    certification: 'Certification',
    'certification.text':
      'It is hereby certified that the goods described above originate in the country shown in box 3.',
  },
  sq: {
    title: 'CERTIFIKATË ORIGJINE',
    number: 'Nr.',
    exporter: 'Eksportuesi (emri, adresa, vendi)',
    consignee: 'Marrësi (emri, adresa, vendi)',
    origin: 'Vendi i origjinës',
    destination: 'Vendi i destinacionit',
    transport: 'Të dhënat e transportit',
    remarks: 'Vërejtje',
    goods: 'Numri rendor; shenjat, numrat, numri dhe lloji i koleve; përshkrimi i mallrave',
    'goods.item': 'Nr.',
    'goods.marks': 'Shenjat dhe numrat',
    'goods.description': 'Numri dhe lloji i koleve; përshkrimi i mallrave',
    'goods.hsCode': 'Kodi HS',
    'goods.quantity': 'Sasia',
    'goods.grossMass': 'Masa bruto (kg)',
    invoices: 'Faturat',
    certification: 'Vërtetimi',
    'certification.text':
      'Vërtetohet se mallrat e përshkruara më sipër e kanë origjinën në vendin e treguar në kutinë 3.',
  },
};

const movementCertificate: Record<Core, Wording> = {
  mk: {
    title: 'УВЕРЕНИЕ ЗА ДВИЖЕЊЕ',
    number: 'EUR.1 Бр.',
    exporter: 'Извозник (име, целосна адреса, земја)',
    trade: 'Уверение што се користи во преференцијалната трговија помеѓу',
    'trade.and': 'и',
    'trade.note': '(внесете ги соодветните земји, групи земји или територии)',
    consignee: 'Примач (име, целосна адреса, земја) (незадолжително)',
    origin: 'Земја, група земји или територија во која производите се сметаат за производи со потекло',
    destination: 'Земја, група земји или територија на одредиште',
    transport: 'Податоци за превозот (незадолжително)',
    remarks: 'Забелешки',
    goods: 'Реден број; ознаки и броеви; број и вид на колети; наименување на стоките',
    'goods.item': 'Бр.',
    'goods.marks': 'Ознаки и броеви',
    'goods.description': 'Број и вид на колети; наименување на стоките',
    measure: 'Бруто маса (kg) или друга мерка (литри, m³ итн.)',
    invoices: 'Фактури (незадолжително)',
    endorsement: 'ЗАВЕРКА ОД ЦАРИНСКИОТ ИЛИ ДРУГ НАДЛЕЖЕН ДРЖАВЕН ОРГАН',
    'endorsement.certified': 'Декларацијата е заверена',
    'endorsement.document': 'Извозна исправа: образец … бр. …',
    'endorsement.office': 'Царинска испостава',
    'endorsement.country': 'Земја или територија на издавање',
    'endorsement.date': 'Датум',
    'endorsement.signature': '(Потпис)',
    'endorsement.stamp': 'Печат',
    'endorsement.electronic': 'Издадено електронски и запечатено',
    certifyingBody: 'Орган за заверка',
    declaration: 'ИЗЈАВА НА ИЗВОЗНИКОТ',
    'declaration.text':
      'Јас, долупотпишаниот, изјавувам дека стоките опишани погоре ги исполнуваат условите потребни за издавање на ова уверение.',
    signature: '(Потпис)',
    'area.EU': 'Европска унија',
    'area.EFTA': 'Земји на ЕФТА',
    'area.CEFTA': 'Земји на ЦЕФТА',
  },
  en: {
    title: 'MOVEMENT CERTIFICATE',
    number: 'EUR.1 No.',
    exporter: 'Exporter (name, full address, country)',
    trade: 'Certificate used in preferential trade between',
    'trade.and': 'and',
    'trade.note': '(insert appropriate countries, groups of countries or territories)',
    consignee: 'Consignee (name, full address, country) (optional)',
    origin: 'Country, group of countries or territory in which the products are considered as originating',
    destination: 'Country, group of countries or territory of destination',
    transport: 'Transport details (optional)',
    remarks: 'Remarks',
    goods: 'Item number; marks and numbers; number and kind of packages; description of goods',
    'goods.item': 'No.',
    'goods.marks': 'Marks and numbers',
    'goods.description': 'Number and kind of packages; description of goods',
    measure: 'Gross mass (kg) or other measure (litres, m³, etc.)',
    invoices: 'Invoices (optional)',
    endorsement: 'CUSTOMS OR COMPETENT GOVERNMENTAL AUTHORITY ENDORSEMENT',
    'endorsement.certified': 'Declaration certified',
    'endorsement.document': 'Export document: form … No. …',
    'endorsement.office': 'Customs office',
    'endorsement.country': 'Issuing country or territory',
    'endorsement.date': 'Date',
    'endorsement.signature': '(Signature)',
    'endorsement.stamp': 'Stamp',
    'endorsement.electronic': 'Issued electronically and sealed',
    certifyingBody: 'Certifying body',
    declaration: 'DECLARATION BY THE EXPORTER',
    'declaration.text':
      'I, the undersigned, declare that the goods described above meet the conditions required for the issue of this certificate.',
    signature: '(Signature)',
    'area.EU': 'European Union',
    'area.EFTA': 'EFTA States',
    'area.CEFTA': 'CEFTA Parties',
  },
  sq: {
    title: 'CERTIFIKATË QARKULLIMI',
    number: 'EUR.1 Nr.',
    exporter: 'Eksportuesi (emri, adresa e plotë, vendi)',
    trade: 'Certifikatë e përdorur në tregtinë preferenciale ndërmjet',
    'trade.and': 'dhe',
    'trade.note': '(shënoni vendet, grupet e vendeve ose territoret përkatëse)',
    consignee: 'Marrësi (emri, adresa e plotë, vendi) (fakultative)',
    origin: 'Vendi, grupi i vendeve ose territori ku produktet konsiderohen me origjinë',
    destination: 'Vendi, grupi i vendeve ose territori i destinacionit',
    transport: 'Të dhënat e transportit (fakultative)',
    remarks: 'Vërejtje',
    goods: 'Numri rendor; shenjat dhe numrat; numri dhe lloji i koleve; përshkrimi i mallrave',
    'goods.item': 'Nr.',
    'goods.marks': 'Shenjat dhe numrat',
    'goods.description': 'Numri dhe lloji i koleve; përshkrimi i mallrave',
    measure: 'Masa bruto (kg) ose masë tjetër (litra, m³ etj.)',
    invoices: 'Faturat (fakultative)',
    endorsement: 'VËRTETIMI I DOGANËS OSE I AUTORITETIT KOMPETENT QEVERITAR',
    'endorsement.certified': 'Deklarata u vërtetua',
    'endorsement.document': 'Dokumenti i eksportit: formulari … nr. …',
    'endorsement.office': 'Zyra doganore',
    'endorsement.country': 'Vendi ose territori lëshues',
    'endorsement.date': 'Data',
    'endorsement.signature': '(Nënshkrimi)',
    'endorsement.stamp': 'Vula',
    'endorsement.electronic': 'Lëshuar elektronikisht dhe vulosur',
    certifyingBody: 'Organi vërtetues',
    declaration: 'DEKLARATA E EKSPORTUESIT',
    'declaration.text':
      'Unë, i nënshkruari, deklaroj se mallrat e përshkruara më sipër plotësojnë kushtet e kërkuara për lëshimin e kësaj certifikate.',
    signature: '(Nënshkrimi)',
    'area.EU': 'Bashkimi Evropian',
    'area.EFTA': 'Shtetet e EFTA-s',
    'area.CEFTA': 'Palët e CEFTA-s',
  },
};

const core = (language: Core): CaptionSet => ({
  common: common[language],
  co: certificateOfOrigin[language],
  eur1: movementCertificate[language],
});

/** Each caption language's words, in CAPTION_LANGUAGES order. */
export const CAPTION_SETS: Record<Language, CaptionSet> = {
  mk: core('mk'),
  sq: core('sq'),
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
  en: core('en'),
  de,
};

/** The `labels` of a manifest: every language, common phrases plus the type's own captions. */
export const labelsOf = (type: 'co' | 'eur1'): Record<string, Wording> =>
  Object.fromEntries(
    LANGUAGES.map((language) => [
      language,
      { ...CAPTION_SETS[language].common, ...CAPTION_SETS[language][type] },
    ]),
  );

export const CERTIFICATE_OF_ORIGIN_LABELS = labelsOf('co');
export const MOVEMENT_CERTIFICATE_LABELS = labelsOf('eur1');
