// The staff preview read back as a reader would (pdftotext, and a QR scanner): it says DRAFT whole, and
// nothing on it — no QR, no verification code, no address — looks as if it verifies.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createFileTemplateSource } from '../../functions/adapters/local/file-template-source.ts';
import type { Issuer, Organisation } from '../../functions/core/accounts.ts';
import type { Application, CertificateType } from '../../functions/core/applications/application.ts';
import type { ApplicationRepository } from '../../functions/core/ports.ts';
import { previewCertificate } from '../../functions/core/preview/preview-certificate.ts';
import { sampleCertificateOfOrigin } from '../fixtures/certificate-of-origin.ts';
import { sampleMovementCertificate } from '../fixtures/movement-certificate-eur1.ts';
import { decodeQrCodes } from '../support/pdf-tools.ts';
import { pdfPageTexts } from '../support/pdf-words.ts';

const ISSUER: Issuer = {
  id: 'demo-chamber',
  name: 'Demo Economic Chamber',
  nameLocal: 'Демо Стопанска комора',
  country: 'MK',
  city: 'Скопје / Skopje',
  timeZone: 'Europe/Skopje',
  serialPrefix: 'MK',
  publicBaseUrl: 'https://verify.chamber.example.mk',
};

const ORGANISATION: Organisation = {
  id: 'org-1',
  issuerId: ISSUER.id,
  name: 'Македонски Текстил ДООЕЛ',
  address: { street: 'Бул. Партизански одреди 15', city: 'Скопје', postcode: '1000', country: 'MK' },
  createdAt: '2026-11-01T08:00:00.000Z',
};

const submitted = (type: CertificateType): Application => ({
  id: `app-${type}`,
  issuerId: ISSUER.id,
  orgId: ORGANISATION.id,
  type,
  status: 'SUBMITTED',
  version: 2,
  eventSeq: 3,
  data: (type === 'co' ? sampleCertificateOfOrigin(2) : sampleMovementCertificate(2)) as unknown as Record<
    string,
    unknown
  >,
  createdBy: 'exporter-1',
  submittedBy: 'exporter-1',
  createdAt: '2026-11-22T08:00:00.000Z',
  updatedAt: '2026-11-22T09:00:00.000Z',
  submittedAt: '2026-11-22T09:00:00.000Z',
  lastEventHash: 'x'.repeat(64),
});

const preview = (type: CertificateType) => {
  const application = submitted(type);
  return previewCertificate({
    issuerId: ISSUER.id,
    issuer: ISSUER,
    accounts: { getOrganisation: async () => ORGANISATION },
    applications: {
      get: async (_issuer: string, id: string) => (id === application.id ? application : undefined),
    } as unknown as ApplicationRepository,
    templates: createFileTemplateSource(fileURLToPath(new URL('../../templates/', import.meta.url))),
    clock: { now: () => new Date('2026-11-23T09:30:00.000Z') },
  })({
    actor: { userId: 'staff-1', email: 'staff@demo.test', role: 'staff' },
    applicationId: application.id,
  });
};

describe.each(['co', 'eur1'] as const)('the staff preview of a %s certificate', (type) => {
  it('reads DRAFT whole, never split as "DRAF-T", and prints no verification code or address', {
    timeout: 30_000,
  }, async () => {
    const pdf = await preview(type);
    const text = (await pdfPageTexts(pdf)).join('\n').replace(/\s+/g, ' ');

    expect(text).toContain('DRAFT');
    expect(text).not.toMatch(/DRAF\s*-\s*T/);
    expect(text).not.toContain('/v/');
    expect(text).not.toContain(ISSUER.publicBaseUrl.replace('https://', ''));
    expect(text).toContain('Preview — no verification code');
    expect(text).toContain('not issued and not sealed');
    expect(text).not.toContain('Issued electronically and sealed');
  });

  it('carries no QR code at all', { timeout: 30_000 }, async () => {
    const pdf = await preview(type);

    expect(await decodeQrCodes(pdf, 150)).toEqual([null]);
  });
});
