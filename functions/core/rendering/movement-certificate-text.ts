// The words printed in each box of a movement certificate EUR.1 (boxes 1–12), from the frozen content.
// Box 11 is the customs endorsement: only the certifying body, the verification code and the QR are printed.
import type { CertificateContent } from '../certificates/certificate.ts';
import {
  consigneeText,
  exporterText,
  formatQuantity,
  grossMassTotal,
  invoicesText,
  issuerNames,
  type PrintedCertificate,
  packagesTotal,
  printedDate,
  remarksText,
  transportText,
  verificationFields,
} from './printed-text.ts';
import type { Wording } from './wording.ts';

type EurOneContent = Extract<CertificateContent, { type: 'eur1' }>;
type EurOneLine = EurOneContent['data']['goods'][number];

const UNIT_SYMBOLS: Record<string, string> = { m3: 'm³', m2: 'm²' };

/** Box 9: the gross mass, another measure, or both. */
const measureText = (line: EurOneLine): string =>
  [
    line.grossMassKg === undefined ? '' : `${formatQuantity(line.grossMassKg)} kg`,
    line.otherMeasure
      ? `${formatQuantity(line.otherMeasure.value)} ${UNIT_SYMBOLS[line.otherMeasure.unit] ?? line.otherMeasure.unit}`
      : '',
  ]
    .filter(Boolean)
    .join('\n');

export const movementCertificateText = (
  content: EurOneContent,
  wording: Wording,
  verifyUrl: string,
): PrintedCertificate => {
  const { data } = content;
  const mass = grossMassTotal(data.goods);
  return {
    title: `Movement certificate EUR.1 ${content.serial}`,
    fields: {
      serial: content.serial,
      issuerName: issuerNames(content, wording),
      exporter: exporterText(content, wording),
      tradeBetween: wording.country(data.preferentialTrade.between),
      tradeAnd: wording.country(data.preferentialTrade.and),
      consignee: consigneeText(data.consignee, wording),
      originCountry: wording.country(data.originCountry),
      destinationCountry: wording.country(data.destinationCountry),
      transport: transportText(data.transport, wording),
      remarks: remarksText(content, wording),
      invoices: invoicesText(data.invoices).replaceAll('; ', '\n'),
      placeDate: `${data.declaration.place}, ${printedDate(data.declaration.date)}`,
      ...verificationFields(content, wording, verifyUrl),
    },
    goods: {
      rows: data.goods.map((line, index) => ({
        item: String(index + 1),
        marks: line.marks || '—',
        description: `${line.packages.count} × ${line.packages.kind}; ${line.description}`,
        measure: measureText(line),
      })),
      total: { description: packagesTotal(data.goods, wording), measure: mass ? `${mass} kg` : '' },
    },
  };
};
