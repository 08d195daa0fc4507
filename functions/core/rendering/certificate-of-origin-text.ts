// The words printed in each box of a certificate of origin (boxes 1–8), from the frozen certificate content.
import type { CertificateContent } from '../certificates/certificate.ts';
import {
  consigneeText,
  declarationText,
  exporterText,
  formatMeasure,
  formatQuantity,
  grossMassTotal,
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

export const certificateOfOriginText = (
  content: Extract<CertificateContent, { type: 'co' }>,
  wording: Wording,
  verifyUrl: string | undefined,
): PrintedCertificate => {
  const { data } = content;
  return {
    title: `Certificate of origin ${content.serial}`,
    fields: {
      serial: content.serial,
      issuerName: issuerNames(content, wording),
      exporter: exporterText(content, wording),
      consignee: consigneeText(data.consignee, wording),
      originCountry: wording.country(data.originCountry),
      destinationCountry: wording.country(data.destinationCountry),
      transport: transportText(data.transport, wording),
      // the form has no box of the exporter's own: their declaration is a remark beside the goods they declare
      remarks: [remarksText(content, wording), declarationText(content, wording)].filter(Boolean).join('\n'),
      invoices: invoicesText(data.invoices),
      placeDate: `${content.issuer.city}, ${printedDate(content.issueDate)}`,
      ...verificationFields(content, wording, verifyUrl),
    },
    goods: {
      rows: data.goods.map((line, index) => ({
        item: String(index + 1),
        marks: line.marks || '—',
        description: packagesText(line),
        hsCode: line.hsCode,
        quantity: formatMeasure(line.quantity.value, line.quantity.unit),
        grossMass: line.grossMassKg === undefined ? '' : formatQuantity(line.grossMassKg),
      })),
      total: {
        description: packagesTotal(data.goods, wording),
        quantity: totalsPerUnit(data.goods.map((line) => line.quantity)).join('\n'),
        grossMass: grossMassTotal(data.goods),
      },
    },
  };
};
