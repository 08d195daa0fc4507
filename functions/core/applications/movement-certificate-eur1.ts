// The data an exporter supplies for a movement certificate EUR.1 (boxes 2–10 and 12). Box 1 (exporter)
// comes from the organisation record; box 11 is the customs endorsement, never the exporter's to fill.
import * as z from 'zod';
import { CountryCode } from '../countries.ts';
import { issueParams } from '../field-issues.ts';
import { Consignee, Invoice, IsoDate, Transport } from './certificate-of-origin.ts';
import { optionalText, requiredText } from './printable-text.ts';
import { draftOf, positiveAmount } from './schema-shapes.ts';

const text = requiredText;

/** Box 2, 4 and 5 name a country, or a group of countries in a preferential agreement. */
export const OriginArea = z.union([CountryCode, z.enum(['EU', 'EFTA', 'CEFTA'])], {
  message: 'must be an ISO country code or one of EU, EFTA, CEFTA',
});

export const MeasureUnit = z.enum(['kg', 'l', 'm3', 'm2', 'm', 'pcs', 'pairs']);

export const EurOneGoodsLine = z
  .strictObject({
    marks: optionalText(200),
    packages: z.strictObject({ count: z.number().int().positive().max(10_000_000), kind: text(50) }),
    description: text(1000),
    grossMassKg: positiveAmount(1e9).optional(),
    otherMeasure: z.strictObject({ value: positiveAmount(1e12), unit: MeasureUnit }).optional(),
  })
  .refine((line) => line.grossMassKg !== undefined || line.otherMeasure !== undefined, {
    message: 'needs the gross mass or another measure (box 9)',
    params: issueParams('gross_mass_or_measure'),
    path: ['grossMassKg'],
    // said together with the line's other problems, not after they are fixed (it reads only these two)
    when: () => true,
  });

const EurOneShape = {
  preferentialTrade: z
    .strictObject({ between: OriginArea, and: OriginArea })
    .refine((trade) => trade.between !== trade.and, {
      message: 'must name two different parties',
      params: issueParams('same_parties'),
      path: ['and'],
    }),
  consignee: Consignee.optional(),
  originCountry: OriginArea,
  destinationCountry: OriginArea,
  transport: Transport.optional(),
  remarks: optionalText(1000).optional(),
  goods: z.array(EurOneGoodsLine).min(1, 'needs at least one goods line').max(500, 'at most 500 goods lines'),
  invoices: z.array(Invoice).max(20, 'at most 20 invoices').optional(),
  declaration: z.strictObject({ place: text(100), date: IsoDate }),
};

/** Box 4 must be one of the two parties of box 2, box 5 the other. */
export const EurOneData = z.strictObject(EurOneShape).superRefine((data, context) => {
  const parties = [data.preferentialTrade.between, data.preferentialTrade.and];
  if (!parties.includes(data.originCountry)) {
    context.addIssue({
      code: 'custom',
      path: ['originCountry'],
      message: 'must be one of the parties named in box 2',
      params: issueParams('origin_not_a_party'),
    });
  }
  if (!parties.includes(data.destinationCountry) || data.destinationCountry === data.originCountry) {
    context.addIssue({
      code: 'custom',
      path: ['destinationCountry'],
      message: 'must be the other party named in box 2',
      params: issueParams('destination_not_other_party'),
    });
  }
});

/** A draft may be incomplete, down to a goods line's fields; what is present must be well-formed. */
export const EurOneDraft = draftOf(z.strictObject(EurOneShape));

export type EurOneData = z.infer<typeof EurOneData>;
