// The data an exporter supplies for a non-preferential certificate of origin (boxes 2–7 of the form).
// The exporter box (1) is not here: it comes from the verified organisation record.
import * as z from 'zod';
import { CountryCode } from '../countries.ts';

const text = (max: number) =>
  z.string().trim().min(1, 'is required').max(max, `must be at most ${max} characters`);

export const IsoDate = z.iso.date({ message: 'must be a date as YYYY-MM-DD' });

export const TransportMode = z.enum(['road', 'rail', 'sea', 'air', 'multimodal']);

export const Consignee = z.strictObject({
  name: text(200),
  address: text(500),
  country: CountryCode,
});

export const Transport = z.strictObject({
  mode: TransportMode,
  details: z.string().trim().max(300, 'must be at most 300 characters').optional(),
});

export const GoodsLine = z.strictObject({
  marks: z.string().trim().max(200, 'must be at most 200 characters'),
  packages: z.strictObject({
    count: z.number().int().positive().max(10_000_000),
    kind: text(50),
  }),
  description: text(1000),
  hsCode: z
    .string()
    .trim()
    .regex(/^\d{4}(?:\.?\d{2}){0,3}$/, 'must be an HS code of 4 to 10 digits, e.g. 6109.10'),
  quantity: z.strictObject({
    value: z.number().positive().max(1e12),
    unit: text(20),
  }),
  grossMassKg: z.number().positive().max(1e9).optional(),
});

export const Invoice = z.strictObject({
  number: text(50),
  date: IsoDate,
});

export const CertificateOfOriginData = z.strictObject({
  consignee: Consignee,
  originCountry: CountryCode,
  destinationCountry: CountryCode,
  transport: Transport,
  remarks: z.string().trim().max(1000, 'must be at most 1000 characters').optional(),
  goods: z.array(GoodsLine).min(1, 'needs at least one goods line').max(500, 'at most 500 goods lines'),
  invoices: z.array(Invoice).min(1, 'needs at least one invoice').max(20, 'at most 20 invoices'),
});

/** A draft may be incomplete: every box optional, but what is present must be well-formed. */
export const CertificateOfOriginDraft = CertificateOfOriginData.partial();

export type Consignee = z.infer<typeof Consignee>;
export type GoodsLine = z.infer<typeof GoodsLine>;
export type CertificateOfOriginData = z.infer<typeof CertificateOfOriginData>;
export type CertificateOfOriginDraft = z.infer<typeof CertificateOfOriginDraft>;
