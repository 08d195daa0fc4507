// What an exporter may submit for a certificate of origin, and what a draft may hold.
import { describe, expect, it } from 'vitest';
import {
  CertificateOfOriginData,
  CertificateOfOriginDraft,
} from '../../functions/core/applications/certificate-of-origin.ts';
import { sampleCertificateOfOrigin } from '../fixtures/certificate-of-origin.ts';

// biome-ignore lint/suspicious/noExplicitAny: the tests build data that the schema's type would not allow
type LooseData = Record<string, any>;

/** The sample with one change applied to a deep copy. */
const sampleWith = (change: (data: LooseData) => void): unknown => {
  const data = structuredClone(sampleCertificateOfOrigin()) as LooseData;
  change(data);
  return data;
};

const issuePaths = (result: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }): string[] =>
  result.error?.issues.map((issue) => issue.path.join('.')) ?? [];

describe('certificate of origin data', () => {
  it('accepts the sample an exporter would submit', () => {
    const result = CertificateOfOriginData.safeParse(sampleCertificateOfOrigin());

    expect(result.success).toBe(true);
    expect(result.data).toEqual(sampleCertificateOfOrigin());
  });

  it('accepts the maximum of 500 goods lines', () => {
    expect(CertificateOfOriginData.safeParse(sampleCertificateOfOrigin(500)).success).toBe(true);
  });

  it('trims surrounding whitespace from text', () => {
    const result = CertificateOfOriginData.safeParse(
      sampleWith((data) => (data.consignee.name = '  ACME GmbH  ')),
    );

    expect(result.data?.consignee.name).toBe('ACME GmbH');
  });

  it('rejects a country code that is not ISO 3166-1', () => {
    const result = CertificateOfOriginData.safeParse(sampleWith((data) => (data.destinationCountry = 'XX')));

    expect(result.success).toBe(false);
    expect(issuePaths(result)).toEqual(['destinationCountry']);
  });

  it('rejects a lower-case country code', () => {
    expect(
      CertificateOfOriginData.safeParse(sampleWith((data) => (data.consignee.country = 'de'))).success,
    ).toBe(false);
  });

  it.each(['6109.10', '6109', '610910', '6109.10.00', '6109.10.00.90', '6109100090'])(
    'accepts the HS code %s',
    (hsCode) => {
      expect(
        CertificateOfOriginData.safeParse(sampleWith((data) => (data.goods[0].hsCode = hsCode))).success,
      ).toBe(true);
    },
  );

  it.each(['610', '6109.1', '61091', 'ABCD', '6109.10.00.90.11', '6109-10', ''])(
    'rejects the HS code "%s"',
    (hsCode) => {
      const result = CertificateOfOriginData.safeParse(sampleWith((data) => (data.goods[0].hsCode = hsCode)));

      expect(result.success).toBe(false);
      expect(issuePaths(result)).toEqual(['goods.0.hsCode']);
    },
  );

  it('rejects an application without goods lines', () => {
    const result = CertificateOfOriginData.safeParse(sampleWith((data) => (data.goods = [])));

    expect(result.success).toBe(false);
    expect(issuePaths(result)).toEqual(['goods']);
  });

  it('rejects more than 500 goods lines', () => {
    expect(CertificateOfOriginData.safeParse(sampleCertificateOfOrigin(501)).success).toBe(false);
  });

  it('rejects an application without invoices', () => {
    expect(CertificateOfOriginData.safeParse(sampleWith((data) => (data.invoices = []))).success).toBe(false);
  });

  it('rejects an unknown field at the top level', () => {
    const result = CertificateOfOriginData.safeParse(sampleWith((data) => (data.exporter = 'someone else')));

    expect(result.success).toBe(false);
  });

  it('rejects an unknown field inside a goods line', () => {
    const result = CertificateOfOriginData.safeParse(sampleWith((data) => (data.goods[0].price = 12)));

    expect(result.success).toBe(false);
    expect(issuePaths(result)).toEqual(['goods.0']);
  });

  it('rejects a consignee name over 200 characters', () => {
    const result = CertificateOfOriginData.safeParse(
      sampleWith((data) => (data.consignee.name = 'Щ'.repeat(201))),
    );

    expect(result.success).toBe(false);
    expect(issuePaths(result)).toEqual(['consignee.name']);
  });

  it('accepts a consignee name of exactly 200 characters', () => {
    expect(
      CertificateOfOriginData.safeParse(sampleWith((data) => (data.consignee.name = 'Щ'.repeat(200))))
        .success,
    ).toBe(true);
  });

  it('rejects a goods description over 1000 characters', () => {
    const result = CertificateOfOriginData.safeParse(
      sampleWith((data) => (data.goods[1].description = 'x'.repeat(1001))),
    );

    expect(issuePaths(result)).toEqual(['goods.1.description']);
  });

  it('rejects a required text that is only whitespace', () => {
    const result = CertificateOfOriginData.safeParse(sampleWith((data) => (data.consignee.address = '   ')));

    expect(issuePaths(result)).toEqual(['consignee.address']);
  });

  it('rejects an invoice date that is not YYYY-MM-DD', () => {
    const result = CertificateOfOriginData.safeParse(
      sampleWith((data) => (data.invoices[0].date = '20.11.2026')),
    );

    expect(issuePaths(result)).toEqual(['invoices.0.date']);
  });

  it('rejects a package count that is zero or fractional', () => {
    expect(
      CertificateOfOriginData.safeParse(sampleWith((data) => (data.goods[0].packages.count = 0))).success,
    ).toBe(false);
    expect(
      CertificateOfOriginData.safeParse(sampleWith((data) => (data.goods[0].packages.count = 1.5))).success,
    ).toBe(false);
  });

  it('rejects an unknown transport mode', () => {
    expect(
      CertificateOfOriginData.safeParse(sampleWith((data) => (data.transport.mode = 'teleport'))).success,
    ).toBe(false);
  });
});

describe('certificate of origin draft', () => {
  it('accepts an empty draft', () => {
    expect(CertificateOfOriginDraft.safeParse({}).success).toBe(true);
  });

  it('accepts a draft with only some boxes filled in', () => {
    const { consignee, originCountry } = sampleCertificateOfOrigin();

    expect(CertificateOfOriginDraft.safeParse({ consignee, originCountry }).success).toBe(true);
  });

  it('still rejects a malformed box that is present', () => {
    const result = CertificateOfOriginDraft.safeParse({ originCountry: 'XX' });

    expect(result.success).toBe(false);
    expect(issuePaths(result)).toEqual(['originCountry']);
  });

  it('accepts a half-filled box and goods line: the exporter saves what has been typed so far', () => {
    const result = CertificateOfOriginDraft.safeParse({
      consignee: { name: 'ACME GmbH' },
      goods: [{ marks: '', quantity: { value: 1200 } }, {}],
    });

    expect(result.success).toBe(true);
  });

  it('still checks each field that is present, down to a goods line', () => {
    const result = CertificateOfOriginDraft.safeParse({
      consignee: { country: 'de' },
      goods: [{ hsCode: '61', packages: { count: 0 } }],
    });

    expect(issuePaths(result)).toEqual(['consignee.country', 'goods.0.packages.count', 'goods.0.hsCode']);
  });

  it('still rejects more than 500 goods lines', () => {
    expect(
      CertificateOfOriginDraft.safeParse({ goods: Array.from({ length: 501 }, () => ({})) }).success,
    ).toBe(false);
  });

  it('still rejects unknown fields', () => {
    expect(CertificateOfOriginDraft.safeParse({ exporter: 'someone else' }).success).toBe(false);
  });
});
