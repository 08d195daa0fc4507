// The words the application form shows around its fields: country choices, and every field's label for the
// error summary at the top of the page.
import type { Application } from '../../core/applications/application.ts';
import { COUNTRY_CODES } from '../../core/countries.ts';
import type { View } from './view-context.ts';

type Type = Application['type'];

export const countryOptions = (v: View, extra: string[] = []) => [
  { value: '', label: v.m.form.chooseCountry },
  ...extra.map((code) => ({ value: code, label: code })),
  ...COUNTRY_CODES.map((code) => ({ value: code, label: `${v.format.country(code)} (${code})` })).sort(
    (a, b) => a.label.localeCompare(b.label, v.format.locale),
  ),
];

/**
 * A unit or kind of package in the reader's words ("pcs" is "парчиња"): the EUR.1's unit codes, and the same
 * common words typed into a certificate of origin's free text; anything else is shown as typed. The PDF keeps
 * its own fixed wording (core/rendering).
 */
export const unitWord = (v: View, unit: string): string => {
  const known = unit.trim().toLowerCase();
  return Object.hasOwn(v.m.units, known) ? v.m.units[known as keyof View['m']['units']] : unit;
};

/** The label of each field of a goods line, by its path in the line. */
export const goodsLabels = (v: View): Record<string, string> => {
  const f = v.m.form;
  return {
    marks: f.marks,
    'packages.count': f.packagesCount,
    'packages.kind': f.packagesKind,
    description: f.description,
    hsCode: f.hsCode,
    'quantity.value': f.quantity,
    'quantity.unit': f.unit,
    grossMassKg: f.grossMass,
    'otherMeasure.value': f.otherMeasure,
    'otherMeasure.unit': f.unit,
  };
};

const topLabels = (v: View, type: Type): Record<string, string> => {
  const f = v.m.form;
  return {
    'consignee.name': `${f.boxConsignee}: ${f.name}`,
    'consignee.address': `${f.boxConsignee}: ${f.address}`,
    'consignee.country': `${f.boxConsignee}: ${f.country}`,
    'preferentialTrade.between': `${f.boxTrade}: ${f.between}`,
    'preferentialTrade.and': `${f.boxTrade}: ${f.and}`,
    originCountry: type === 'co' ? f.originCountry : f.boxOriginEur1,
    destinationCountry: type === 'co' ? f.destinationCountry : f.boxDestinationEur1,
    'transport.mode': f.transportMode,
    'transport.details': f.transportDetails,
    remarks: type === 'co' ? f.remarks : f.boxRemarksEur1,
    'declaration.place': `${f.boxDeclaration}: ${f.place}`,
    'declaration.date': `${f.boxDeclaration}: ${f.date}`,
    goods: type === 'co' ? f.boxGoods : f.boxGoodsEur1,
    invoices: type === 'co' ? f.boxInvoices : f.boxInvoicesEur1,
    attachments: v.m.attachments.title,
  };
};

/** The label of every field the form can show, for the error summary. */
export const fieldLabels = (v: View, type: Type, goodsLines: number, invoiceRows: number) => {
  const f = v.m.form;
  const line = goodsLabels(v);
  const labels = new Map(Object.entries(topLabels(v, type)));
  for (let index = 0; index < goodsLines; index++) {
    for (const [key, label] of Object.entries(line))
      labels.set(`goods.${index}.${key}`, `${f.goodsLine} ${index + 1}: ${label}`);
  }
  for (let index = 0; index < invoiceRows; index++) {
    labels.set(`invoices.${index}.number`, `${f.invoiceNumber} ${index + 1}`);
    labels.set(`invoices.${index}.date`, `${f.invoiceDate} ${index + 1}`);
  }
  return labels;
};
