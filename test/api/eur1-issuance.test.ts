// A movement certificate EUR.1 from application to verification through the API: applied for with the
// EUR.1 data of boxes 2–10 and 12, approved, rendered from the eur1 template, downloaded, read, scanned and
// verified; also with a group of countries as destination and without the optional boxes.
import { beforeAll, describe, expect, it } from 'vitest';
import type { EurOneData } from '../../functions/core/applications/movement-certificate-eur1.ts';
import { sampleMovementCertificate } from '../fixtures/movement-certificate-eur1.ts';
import { readJson } from '../support/json.ts';
import { decodeQrCodes, pdfToText } from '../support/pdf-tools.ts';
import { attachInvoice, createTestStack, type TestStack } from '../support/test-stack.ts';

let stack: TestStack;

/** Applies as exporter A with an invoice attached, submits, approves as staff; the approval answer. */
const issueEurOne = async (data: EurOneData, on: TestStack = stack) => {
  const exporter = await on.login('exporterA');
  const created = await on.request('/api/applications', { token: exporter, json: { type: 'eur1', data } });
  expect(created.status, await created.clone().text()).toBe(201);
  const { id } = await readJson(created);
  await attachInvoice(on.app.request, exporter, id);
  const submitted = await on.request(`/api/applications/${id}/submit`, {
    token: exporter,
    json: { version: 1 },
  });
  expect(submitted.status, await submitted.clone().text()).toBe(200);
  return on.request(`/api/applications/${id}/approve`, {
    token: await on.login('staff'),
    json: { version: 2 },
  });
};

beforeAll(async () => {
  stack = await createTestStack();
});

describe('issuing a movement certificate EUR.1', () => {
  it('approves it into an EUR.1 serial whose PDF shows the boxes, the data and a QR that verifies', async () => {
    const data = sampleMovementCertificate(3);

    const approved = await issueEurOne(data);

    expect(approved.status, await approved.clone().text()).toBe(201);
    const { status, certificate } = await readJson(approved);
    expect(status).toBe('ISSUED');
    expect(certificate.serial).toMatch(/^MK-EUR1-\d{4}-\d{6}$/);

    const exporter = await stack.login('exporterA');
    const download = await stack.request(`/api/certificates/${certificate.serial}/pdf`, { token: exporter });
    expect(download.status).toBe(200);
    const pdf = new Uint8Array(await download.arrayBuffer());
    const text = await pdfToText(pdf);
    for (const printed of [
      certificate.serial,
      'MOVEMENT CERTIFICATE',
      'УВЕРЕНИЕ ЗА ДВИЖЕЊЕ',
      'Certificate used in preferential trade between',
      'European Union (EU)',
      'DECLARATION BY THE EXPORTER',
      'Македонски Текстил ДООЕЛ',
      'Müller & Söhne Textilhandel GmbH',
      'INV-2026-0042 / 20.11.2026',
      '22.11.2026',
    ]) {
      expect(text).toContain(printed);
    }

    const [scanned] = await decodeQrCodes(pdf, 200);
    expect(scanned).toMatch(new RegExp(`/v/${certificate.code}#`));
    const verified = await readJson(await stack.request(`/api/verify/${certificate.code}`));
    expect(verified).toMatchObject({
      status: 'VALID',
      certificate: {
        serial: certificate.serial,
        type: 'eur1',
        consignee: { name: 'Müller & Söhne Textilhandel GmbH', country: 'DE' },
        originCountry: 'MK',
        destinationCountry: 'EU',
      },
    });
    expect(verified.certificate.goods).toHaveLength(3);
  });

  it('issues one without the optional boxes and with a group of countries, and its verification page opens', async () => {
    const {
      consignee: _consignee,
      transport: _transport,
      invoices: _invoices,
      ...required
    } = sampleMovementCertificate(1);
    const data: EurOneData = {
      ...required,
      preferentialTrade: { between: 'MK', and: 'EFTA' },
      destinationCountry: 'EFTA',
    };

    const approved = await issueEurOne(data);

    expect(approved.status, await approved.clone().text()).toBe(201);
    const { certificate } = await readJson(approved);
    const verified = await readJson(await stack.request(`/api/verify/${certificate.code}`));
    expect(verified.status).toBe('VALID');
    expect(verified.certificate.consignee).toBeUndefined();
    expect(verified.certificate.destinationCountry).toBe('EFTA');
    const page = await stack.request(`/v/${certificate.code}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(certificate.serial);
  });

  it('completes box 11 from the issuer’s configuration: the body, its place, the country, the local issue date, sealed electronically', async () => {
    // 23:30 UTC on 23 November is already the 24th in Skopje: the box shows the issuer's own date
    const albanian = await createTestStack(
      {
        ISSUER_NAME: 'Economic Chamber of the North-West',
        ISSUER_NAME_LOCAL: 'Oda Ekonomike Veriperëndimore',
        ISSUER_CITY: 'Tetovë / Tetovo',
        ISSUER_TIMEZONE: 'Europe/Skopje',
        ISSUER_LABEL_LANGUAGES: 'sq,en',
      },
      { clock: { now: () => new Date('2026-11-23T23:30:00.000Z') } },
    );

    const approved = await issueEurOne(sampleMovementCertificate(1), albanian);

    expect(approved.status, await approved.clone().text()).toBe(201);
    const { certificate } = await readJson(approved);
    const download = await albanian.request(`/api/certificates/${certificate.serial}/pdf`, {
      token: await albanian.login('exporterA'),
    });
    const text = (await pdfToText(new Uint8Array(await download.arrayBuffer()))).replace(/\u00A0/g, ' ');
    for (const printed of [
      'Oda Ekonomike Veriperëndimore',
      'Economic Chamber of the North-West',
      'Tetovë / Tetovo',
      'Maqedonia e Veriut / North Macedonia (MK)',
      '24.11.2026',
      'Lëshuar elektronikisht dhe vulosur',
      'Issued electronically and sealed',
    ]) {
      expect(text).toContain(printed);
    }
    expect(text).not.toContain('23.11.2026');
  });
});
