// What keeps an application from being submitted, all at once: each field of a missing box is named, down
// to each field of each goods line, so that one round of corrections is enough.
import { describe, expect, it } from 'vitest';
import { submissionCheck } from '../../functions/core/applications/manage-applications.ts';
import { sampleCertificateOfOrigin } from '../fixtures/certificate-of-origin.ts';
import { sampleMovementCertificate } from '../fixtures/movement-certificate-eur1.ts';

const INVOICE = [{ kind: 'invoice' }];
const paths = (result: { errors: { path: string }[] }) => result.errors.map((error) => error.path).sort();

describe('checking an application before it is submitted', () => {
  it('names each field of the missing EUR.1 boxes (2 and 12) and of an empty goods line', () => {
    const result = submissionCheck(
      'eur1',
      { originCountry: 'MK', destinationCountry: 'EU', goods: [{}] },
      INVOICE,
    );

    expect(result.data).toBeUndefined();
    expect(paths(result)).toEqual(
      [
        'data.preferentialTrade.between',
        'data.preferentialTrade.and',
        'data.goods.0.marks',
        'data.goods.0.packages.count',
        'data.goods.0.packages.kind',
        'data.goods.0.description',
        'data.goods.0.grossMassKg',
        'data.declaration.place',
        'data.declaration.date',
      ].sort(),
    );
  });

  it('leaves optional EUR.1 boxes alone when they are absent, and accepts the sample', () => {
    const { consignee: _, transport: __, ...rest } = sampleMovementCertificate(1);

    expect(submissionCheck('eur1', rest, INVOICE)).toEqual({ data: rest, errors: [] });
  });

  it('adds the missing invoice document to the data’s problems, in the same answer', () => {
    const { consignee: _, ...rest } = sampleCertificateOfOrigin(1);

    expect(paths(submissionCheck('co', rest, []))).toEqual(
      ['attachments', 'data.consignee.address', 'data.consignee.country', 'data.consignee.name'].sort(),
    );
  });
});
