// The words printed in each box of a movement certificate EUR.1 (boxes 1–12), from the frozen content.
// Box 11, the endorsement, is completed by the issuing body as for a certificate issued electronically under
// the PEM Joint Committee's Recommendation No 1/2023 (docs/eur1-box-11.md): the body and its place in
// place of the customs office, the issuing country, the issue date, and in the stamp area the words
// "issued electronically and sealed" with the serial. The export document is not the chamber's to name.
import type { CertificateContent } from '../certificates/certificate.ts';
import {
  consigneeText,
  declarationText,
  exporterText,
  formatMeasure,
  invoicesText,
  issuerNames,
  type PrintedCertificate,
  packagesText,
  packagesTotal,
  printedDate,
  remarksText,
  totalsPerUnit,
  transportText,
  verificationFields,
} from './printed-text.ts';
import type { Wording } from './wording.ts';

type EurOneContent = Extract<CertificateContent, { type: 'eur1' }>;
type EurOneLine = EurOneContent['data']['goods'][number];

const UNIT_SYMBOLS: Record<string, string> = { m3: 'm³', m2: 'm²' };

const grossMassOf = (line: EurOneLine) =>
  line.grossMassKg === undefined ? [] : [{ value: line.grossMassKg, unit: 'kg' }];

const otherMeasureOf = (line: EurOneLine) =>
  line.otherMeasure
    ? [
        {
          value: line.otherMeasure.value,
          unit: UNIT_SYMBOLS[line.otherMeasure.unit] ?? line.otherMeasure.unit,
        },
      ]
    : [];

/**
 * Box 9's total: the gross mass, then each other measure per unit. An other measure in kg (a net mass)
 * keeps its own total rather than swelling the gross mass.
 */
const measureTotals = (goods: readonly EurOneLine[]): string =>
  [...totalsPerUnit(goods.flatMap(grossMassOf)), ...totalsPerUnit(goods.flatMap(otherMeasureOf))].join('\n');

/** Box 11 as the issuing body completes it; a preview says it is not issued. */
const endorsementFields = (content: EurOneContent, wording: Wording, preview: boolean) => ({
  endorsementDocument: '—',
  endorsementOffice: [issuerNames(content, wording), content.issuer.city].join('\n'),
  endorsementCountry: wording.country(content.issuer.country),
  endorsementDate: printedDate(content.issueDate),
  endorsementSeal: preview
    ? wording.lines('preview.notIssued')
    : `${wording.lines('endorsement.electronic')}\n${content.serial}`,
});

export const movementCertificateText = (
  content: EurOneContent,
  wording: Wording,
  verifyUrl: string | undefined,
): PrintedCertificate => {
  const { data } = content;
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
      placeDate: [
        `${data.declaration.place}, ${printedDate(data.declaration.date)}`,
        declarationText(content, wording),
      ]
        .filter(Boolean)
        .join('\n'),
      ...endorsementFields(content, wording, verifyUrl === undefined),
      ...verificationFields(content, wording, verifyUrl),
    },
    goods: {
      rows: data.goods.map((line, index) => ({
        item: String(index + 1),
        marks: line.marks || '—',
        description: packagesText(line),
        measure: [...grossMassOf(line), ...otherMeasureOf(line)]
          .map((measure) => formatMeasure(measure.value, measure.unit))
          .join('\n'),
      })),
      total: {
        description: packagesTotal(data.goods, wording),
        measure: measureTotals(data.goods),
      },
    },
  };
};
