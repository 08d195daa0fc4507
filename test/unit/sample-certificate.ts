// Certificate content as issuance freezes it, built from the sample exporter data, for pure core tests.
import type { CertificateContent } from '../../functions/core/certificates/certificate.ts';
import { sampleCertificateOfOrigin } from '../fixtures/certificate-of-origin.ts';

export const sampleCertificateContent = (
  options: { goodsLines?: number; exporterName?: string } = {},
): Extract<CertificateContent, { type: 'co' }> => ({
  type: 'co',
  serial: 'MK-CO-2026-000001',
  issuedAt: '2026-11-23T09:30:00.000Z',
  issueDate: '2026-11-23',
  issuer: {
    id: 'demo-chamber',
    name: 'Demo Economic Chamber',
    nameLocal: 'Демо Стопанска комора',
    country: 'MK',
    city: 'Скопје / Skopje',
  },
  exporter: {
    name: options.exporterName ?? 'Македонски Текстил ДООЕЛ',
    address: { street: 'Бул. Партизански одреди 15', city: 'Скопје', postcode: '1000', country: 'MK' },
    taxId: 'MK4030000000001',
  },
  data: sampleCertificateOfOrigin(options.goodsLines ?? 2),
});

/** A 16-character verification code, as `encodeVerificationCode` gives for 10 bytes. */
export const SAMPLE_CODE = '7K3M9Q2XW4HRT8VB';
