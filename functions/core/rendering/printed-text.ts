// What every certificate type prints the same way: dates, codes, the exporter and issuer boxes, the
// verification hint, quantities. The per-type text functions build on these.
import { formatAddress } from '../accounts.ts';
import type { CertificateContent } from '../certificates/certificate.ts';
import type { Wording } from './wording.ts';

/** The words of one certificate: field name → text, and the goods table's rows by column key. */
export interface PrintedCertificate {
  /** Document title for the PDF metadata. */
  title: string;
  fields: Record<string, string>;
  goods: { rows: Record<string, string>[]; total: Record<string, string> };
}

/** Binds a number to its unit: the line breaker never parts them. */
export const NBSP = '\u00A0';

// One writing for both label languages (README, "Numbers and dates"): "," groups thousands, "." marks
// decimals ("3,850.5"). Neither is a space, so a number is never wrapped inside either.
const quantityFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 3 });

export const formatQuantity = (value: number): string => quantityFormat.format(value);

/** "720 г": the value and its unit, never wrapped apart. */
export const formatMeasure = (value: number, unit: string): string =>
  `${formatQuantity(value)}${NBSP}${unit}`;

/** Sums per unit, in the order each unit first appears: "1 250 pcs", "200 l"; never one unit for all. */
export const totalsPerUnit = (measures: readonly { value: number; unit: string }[]): string[] => {
  const sums = new Map<string, number>();
  for (const { value, unit } of measures) sums.set(unit, (sums.get(unit) ?? 0) + value);
  return [...sums].map(([unit, sum]) => formatMeasure(roundedSum(sum), unit));
};

/** Sums of decimals drift in the last bits (0.1 + 0.2); the inputs have at most three decimals. */
const roundedSum = (sum: number): number => Math.round(sum * 1000) / 1000;

/** 2026-11-23 → 23.11.2026, the way dates are written on the form. */
export const printedDate = (isoDate: string): string => isoDate.split('-').reverse().join('.');

export const groupedCode = (code: string): string => code.match(/.{1,4}/g)?.join('-') ?? code;

export const issuerName =
  (issuer: CertificateContent['issuer']) =>
  (language: string): string =>
    language === 'en' ? issuer.name : issuer.nameLocal;

export const issuerNames = (content: CertificateContent, wording: Wording): string => {
  const names = wording.languages.map(issuerName(content.issuer));
  return names.filter((name, index) => names.indexOf(name) === index).join('\n');
};

export const exporterText = (content: CertificateContent, wording: Wording): string => {
  const { exporter } = content;
  return [exporter.name, formatAddress(exporter.address), wording.country(exporter.address.country)]
    .concat(exporter.taxId ? [`${wording.inline('taxId')}: ${exporter.taxId}`] : [])
    .join('\n');
};

export const consigneeText = (
  consignee: { name: string; address: string; country: string } | undefined,
  wording: Wording,
): string =>
  consignee ? [consignee.name, consignee.address, wording.country(consignee.country)].join('\n') : '';

export const transportText = (
  transport: { mode: string; details?: string | undefined } | undefined,
  wording: Wording,
): string =>
  transport
    ? [wording.inline(`transport.${transport.mode}`), transport.details ?? ''].filter(Boolean).join('\n')
    : '';

export const remarksText = (content: CertificateContent, wording: Wording): string =>
  [content.replaces ? `${wording.inline('replaces')} ${content.replaces}` : '', content.data.remarks ?? '']
    .filter(Boolean)
    .join('\n');

/** "Declared electronically by …, …, at … on …" in each print language; '' for a certificate without one. */
export const declarationText = (content: CertificateContent, wording: Wording): string =>
  content.declaration
    ? wording.lines('declaredElectronically', {
        name: content.declaration.name,
        function: content.declaration.function,
        place: content.declaration.place,
        date: content.declaration.printedAt,
      })
    : '';

export const invoicesText = (invoices: readonly { number: string; date: string }[] | undefined): string =>
  (invoices ?? []).map((invoice) => `${invoice.number} / ${printedDate(invoice.date)}`).join('; ');

/**
 * The verification code and the hint beside the QR; a staff preview (no `verifyUrl`) prints neither a code
 * nor an address, only that it is a preview, so nothing on it looks as if it verifies.
 */
export const verificationFields = (
  content: CertificateContent,
  wording: Wording,
  verifyUrl: string | undefined,
) =>
  verifyUrl === undefined
    ? { verificationCode: '—', verifyHint: wording.lines('preview.notIssued') }
    : {
        verificationCode: groupedCode(verifyUrl.slice(verifyUrl.lastIndexOf('/') + 1)),
        verifyHint: `${wording.lines('issuedBy', { issuer: issuerName(content.issuer) })}\n${wording.inline('verifyAt')} ${verifyUrl}`,
      };

/** "10 × cartons; …": the count bound to its kind of package. */
export const packagesText = (line: { packages: { count: number; kind: string }; description: string }) =>
  `${formatQuantity(line.packages.count)}${NBSP}×${NBSP}${line.packages.kind}; ${line.description}`;

export const packagesTotal = (goods: readonly { packages: { count: number } }[], wording: Wording): string =>
  wording.inline('total', {
    packages: formatQuantity(goods.reduce((sum, line) => sum + line.packages.count, 0)),
  });

/** The sum of the gross masses given, or '' when no line gives one. */
export const grossMassTotal = (goods: readonly { grossMassKg?: number | undefined }[]): string => {
  const masses = goods.map((line) => line.grossMassKg).filter((mass): mass is number => mass !== undefined);
  return masses.length > 0 ? formatQuantity(roundedSum(masses.reduce((a, b) => a + b, 0))) : '';
};
