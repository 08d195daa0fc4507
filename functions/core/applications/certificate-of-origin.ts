// The data an exporter supplies for a non-preferential certificate of origin (boxes 2–7 of the form).
// The exporter box (1) is not here: it comes from the verified organisation record. Every text box must
// be printable by the certificate fonts (printable-text.ts).
import * as z from 'zod';
import { CountryCode } from '../countries.ts';
import { namedPattern } from '../field-issues.ts';
import { optionalText, requiredText } from './printable-text.ts';
import { draftOf, positiveAmount } from './schema-shapes.ts';

export const IsoDate = z.iso.date({ message: 'must be a date as YYYY-MM-DD' });

export const TransportMode = z.enum(['road', 'rail', 'sea', 'air', 'multimodal']);

export const Consignee = z.strictObject({
  name: requiredText(200),
  address: requiredText(500),
  country: CountryCode,
});

export const Transport = z.strictObject({
  mode: TransportMode,
  details: optionalText(300).optional(),
});

export const GoodsLine = z.strictObject({
  marks: optionalText(200),
  packages: z.strictObject({
    count: z.number().int().positive().max(10_000_000),
    kind: requiredText(50),
  }),
  description: requiredText(1000),
  hsCode: z
    .string()
    .trim()
    .regex(
      namedPattern('not_an_hs_code', /^\d{4}(?:\.?\d{2}){0,3}$/),
      'must be an HS code of 4 to 10 digits, e.g. 6109.10',
    ),
  quantity: z.strictObject({
    value: positiveAmount(1e12),
    unit: requiredText(20),
  }),
  grossMassKg: positiveAmount(1e9).optional(),
});

export const Invoice = z.strictObject({
  number: requiredText(50),
  date: IsoDate,
});

export const CertificateOfOriginData = z.strictObject({
  consignee: Consignee,
  originCountry: CountryCode,
  destinationCountry: CountryCode,
  transport: Transport,
  remarks: optionalText(1000).optional(),
  goods: z.array(GoodsLine).min(1, 'needs at least one goods line').max(500, 'at most 500 goods lines'),
  invoices: z.array(Invoice).min(1, 'needs at least one invoice').max(20, 'at most 20 invoices'),
});

/** A draft may be incomplete, down to a goods line's fields; but what is present must be well-formed. */
export const CertificateOfOriginDraft = draftOf(CertificateOfOriginData);

export type Consignee = z.infer<typeof Consignee>;
export type GoodsLine = z.infer<typeof GoodsLine>;
export type CertificateOfOriginData = z.infer<typeof CertificateOfOriginData>;
