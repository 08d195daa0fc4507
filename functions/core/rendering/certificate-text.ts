// The words printed in each box of a certificate of origin, from the frozen certificate content.
import { formatAddress } from '../accounts.ts';
import type { GoodsLine } from '../applications/certificate-of-origin.ts';
import type { CertificateContent } from '../certificates/certificate.ts';

const englishRegion = new Intl.DisplayNames(['en'], { type: 'region' });
const macedonianRegion = new Intl.DisplayNames(['mk'], { type: 'region' });
const quantityFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 3 });

export const bilingualCountry = (code: string): string => {
  const local = macedonianRegion.of(code) ?? code;
  const english = englishRegion.of(code) ?? code;
  return local === english ? `${english} (${code})` : `${local} / ${english} (${code})`;
};

const TRANSPORT_MODES: Record<string, string> = {
  road: 'Друмски / Road',
  rail: 'Железнички / Rail',
  sea: 'Поморски / Sea',
  air: 'Воздушен / Air',
  multimodal: 'Мултимодален / Multimodal',
};

/** 2026-11-23 → 23.11.2026, the way dates are written on the form. */
export const printedDate = (isoDate: string): string => isoDate.split('-').reverse().join('.');

export const groupedCode = (code: string): string => code.match(/.{1,4}/g)?.join('-') ?? code;

export const boxTexts = (content: CertificateContent, verifyUrl: string) => {
  const { data, exporter, issuer } = content;
  return {
    issuerName: `${issuer.nameLocal}\n${issuer.name}`,
    serial: content.serial,
    exporter: [exporter.name, formatAddress(exporter.address), bilingualCountry(exporter.address.country)]
      .concat(exporter.taxId ? [`ЕДБ / Tax ID: ${exporter.taxId}`] : [])
      .join('\n'),
    consignee: [data.consignee.name, data.consignee.address, bilingualCountry(data.consignee.country)].join(
      '\n',
    ),
    originCountry: bilingualCountry(data.originCountry),
    destinationCountry: bilingualCountry(data.destinationCountry),
    transport: [TRANSPORT_MODES[data.transport.mode] ?? data.transport.mode, data.transport.details]
      .filter(Boolean)
      .join('\n'),
    remarks: [
      content.replaces ? `Го заменува уверението бр. / Replaces certificate No. ${content.replaces}` : '',
      data.remarks ?? '',
    ]
      .filter(Boolean)
      .join('\n'),
    invoices: data.invoices.map((invoice) => `${invoice.number} / ${printedDate(invoice.date)}`).join('; '),
    certification:
      'Се потврдува дека стоките опишани погоре потекнуваат од земјата наведена во рубрика 3.\n' +
      'It is hereby certified that the goods described above originate in the country shown in box 3.',
    placeDate: `${issuer.city}, ${printedDate(content.issueDate)}`,
    verificationCode: groupedCode(verifyUrl.slice(verifyUrl.lastIndexOf('/') + 1)),
    verifyHint:
      `Издадено електронски и запечатено од ${issuer.nameLocal}. Проверете со QR-кодот или на ${verifyUrl}\n` +
      `Issued electronically and sealed by ${issuer.name}. Verify with the QR code or at ${verifyUrl}`,
  };
};

export const continuedText = 'Продолжува на следната страна. / Continued on the next page.';

export const pageInfo = (serial: string, page: number, pages: number): string =>
  `${serial} — Страна ${page} од ${pages} / Page ${page} of ${pages}`;

export const goodsCells = (line: GoodsLine, index: number): Record<string, string> => ({
  item: String(index + 1),
  marks: line.marks || '—',
  description: `${line.packages.count} × ${line.packages.kind}; ${line.description}`,
  hsCode: line.hsCode,
  quantity: `${quantityFormat.format(line.quantity.value)} ${line.quantity.unit}`,
  grossMass: line.grossMassKg === undefined ? '' : quantityFormat.format(line.grossMassKg),
});

export const totalCells = (goods: readonly GoodsLine[]): Record<string, string> => {
  const packages = goods.reduce((sum, line) => sum + line.packages.count, 0);
  const masses = goods.map((line) => line.grossMassKg).filter((mass): mass is number => mass !== undefined);
  return {
    item: '',
    marks: '',
    description: `Вкупно / Total: ${packages} пакувања / packages`,
    hsCode: '',
    quantity: '',
    grossMass: masses.length > 0 ? quantityFormat.format(masses.reduce((a, b) => a + b, 0)) : '',
  };
};
