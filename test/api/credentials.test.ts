// Every certificate is also a W3C Verifiable Credential (docs/credentials.md): signed at issuance, stored with the
// certificate, served to its owner and to the holder of its code, checked by POST /api/verify/vc, its status in
// the chamber's Bitstring Status List, its issuer a did:web DID whose document lists the keys.
import { createHash } from 'node:crypto';
import { compactVerify, decodeProtectedHeader, importJWK } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeStatusList, isBitSet } from '../../functions/core/credentials/status-list-credential.ts';
import { issued, revoked, superseded } from '../support/api-fixtures.ts';
import { readJson } from '../support/json.ts';
import { createTestStack, type TestStack } from '../support/test-stack.ts';

let stack: TestStack;
let certificate: { serial: string; code: string };
let credential: string;

const DID = 'did:web:verify.chamber.test';
const payloadOf = (jws: string) =>
  JSON.parse(Buffer.from(jws.split('.')[1] ?? '', 'base64url').toString('utf8'));

const storedCertificate = async (code: string) => {
  const { createCertificateRepository } = await import(
    '../../functions/adapters/dynamodb/certificate-repository.ts'
  );
  return createCertificateRepository(stack.db, stack.config.tableName).findByCode(
    stack.config.issuer.id,
    code,
  );
};

const verifyVc = async (body: string, contentType = 'application/vc+jwt') =>
  stack.app.request('/api/verify/vc', { method: 'POST', headers: { 'content-type': contentType }, body });

const statusListBits = async () => {
  const response = await stack.request('/status/bitstring/revocation');
  expect(response.status).toBe(200);
  return decodeStatusList(payloadOf(await response.text()).credentialSubject.encodedList);
};

beforeAll(async () => {
  stack = await createTestStack();
  certificate = await issued(stack);
  // what the background refresh does at start: the lists exist before any revocation
  await stack.core.refreshStatusList();
  const response = await stack.request(`/api/certificates/${certificate.serial}/vc`, {
    token: await stack.login('exporterA'),
  });
  expect(response.status).toBe(200);
  credential = await response.text();
});

describe('the credential of an issued certificate', () => {
  it('is a compact JWS typed vc+jwt, cty vc, whose kid is a verification method of the chamber’s DID', () => {
    expect(decodeProtectedHeader(credential)).toEqual({
      alg: 'ES256',
      typ: 'vc+jwt',
      cty: 'vc',
      kid: expect.stringMatching(/^did:web:verify\.chamber\.test#[\w-]{43}$/),
    });
  });

  it('is VC 2.0 with the tradecert context, the certificate type, the schema, the status entry and the PDF hash', async () => {
    const vc = payloadOf(credential);
    expect(vc['@context']).toEqual([
      'https://www.w3.org/ns/credentials/v2',
      'https://verify.chamber.test/ns/tradecert/v1',
    ]);
    expect(vc.type).toEqual(['VerifiableCredential', 'CertificateOfOriginCredential']);
    expect(vc.issuer.id).toBe(DID);
    expect(vc.credentialSchema).toEqual({
      id: 'https://verify.chamber.test/ns/tradecert/schemas/certificate-of-origin-v1.json',
      type: 'JsonSchema',
    });
    expect(vc.credentialStatus).toMatchObject({
      type: 'BitstringStatusListEntry',
      statusPurpose: 'revocation',
      statusListCredential: 'https://verify.chamber.test/status/bitstring/revocation',
    });
    expect(vc.credentialSubject).toMatchObject({
      type: 'CertificateOfOrigin',
      serialNumber: certificate.serial,
      verificationCode: certificate.code,
      exporter: { name: 'Македонски Текстил ДООЕЛ' },
      originCountry: 'MK',
      destinationCountry: 'DE',
      goodsItems: [expect.objectContaining({ hsCode: expect.any(String), packages: expect.any(Object) })],
      invoices: [expect.objectContaining({ invoiceNumber: expect.any(String) })],
    });
    const pdf = await stack.request(`/api/certificates/${certificate.serial}/pdf`, {
      token: await stack.login('exporterA'),
    });
    const digest = createHash('sha256')
      .update(new Uint8Array(await pdf.arrayBuffer()))
      .digest('base64');
    expect(vc.relatedResource).toEqual([
      {
        id: `https://verify.chamber.test/api/certificates/${certificate.serial}/pdf`,
        mediaType: 'application/pdf',
        digestSRI: `sha256-${digest}`,
      },
    ]);
  });

  it('verifies with jose against the key the DID document lists', async () => {
    const did = await readJson(await stack.request('/.well-known/did.json'));
    expect(did.id).toBe(DID);
    const { kid } = decodeProtectedHeader(credential);
    const method = did.verificationMethod.find((m: { id: string }) => m.id === kid);
    expect(method).toMatchObject({ type: 'JsonWebKey', controller: DID });
    expect(did.assertionMethod).toContain(kid);
    const { payload } = await compactVerify(credential, await importJWK(method.publicKeyJwk, 'ES256'));
    expect(JSON.parse(new TextDecoder().decode(payload)).credentialSubject.serialNumber).toBe(
      certificate.serial,
    );
  });

  it('is stored with the certificate, with a status-list index of its own', async () => {
    const stored = await storedCertificate(certificate.code);
    expect(stored?.credential).toBe(credential);
    expect(stored?.statusListIndex).toBe(Number(payloadOf(credential).credentialStatus.statusListIndex));
  });

  it('is public to the holder of the code, not by serial to another organisation', async () => {
    const open = await stack.request(`/v/${certificate.code}/vc`);
    expect(open.status).toBe(200);
    expect(open.headers.get('content-type')).toBe('application/vc+jwt');
    expect(await open.text()).toBe(credential);
    expect((await stack.request('/v/0000000000000000/vc')).status).toBe(404);
    const other = await stack.request(`/api/certificates/${certificate.serial}/vc`, {
      token: await stack.login('exporterB'),
    });
    expect(other.status).toBe(404);
    const staff = await stack.request(`/api/certificates/${certificate.serial}/vc`, {
      token: await stack.login('staff'),
    });
    expect(await staff.text()).toBe(credential);
  });

  it('is linked from the verification answer and offered on the page', async () => {
    const answer = await readJson(await stack.request(`/api/verify/${certificate.code}`));
    expect(answer.links).toEqual({ credential: `/v/${certificate.code}/vc` });
    const page = await (await stack.request(`/v/${certificate.code}?lang=en`)).text();
    expect(page).toContain(`href="https://verify.chamber.test/v/${certificate.code}/vc?download"`);
    expect(page).toContain('Download the data as a verifiable credential');
  });
});

describe('POST /api/verify/vc', () => {
  it('says VALID for the credential, as application/vc+jwt and as JSON', async () => {
    const response = await verifyVc(credential);
    expect(response.status).toBe(200);
    expect(await readJson(response)).toMatchObject({
      status: 'VALID',
      certificate: { serial: certificate.serial },
    });
    const asJson = await verifyVc(JSON.stringify({ credential }), 'application/json');
    expect((await readJson(asJson)).status).toBe('VALID');
  });

  it('says TAMPERED for a changed payload and for a credential with another issuer', async () => {
    const [header, payload, signature] = credential.split('.');
    const vc = payloadOf(credential);
    vc.credentialSubject.originCountry = 'CN';
    const changed = [header, Buffer.from(JSON.stringify(vc)).toString('base64url'), signature].join('.');
    expect((await readJson(await verifyVc(changed))).status).toBe('TAMPERED');
    expect((await verifyVc(`${header}.${payload}.AAAA`)).status).toBe(422);
  });

  it('never takes a QR seal or the revocation list for a credential, nor a credential for a seal', async () => {
    const stored = await storedCertificate(certificate.code);
    expect(decodeProtectedHeader(stored?.jws ?? '').typ).toBe('tc-seal+jwt');
    expect((await readJson(await verifyVc(stored?.jws ?? ''))).status).toBe('TAMPERED');
    const list = await (await stack.request('/status/revocations')).text();
    expect(decodeProtectedHeader(list).typ).toBe('tradecert-revocations+jwt');
    expect((await readJson(await verifyVc(list))).status).toBe('TAMPERED');
    const statusList = await (await stack.request('/status/bitstring/revocation')).text();
    expect((await readJson(await verifyVc(statusList))).status).toBe('TAMPERED');
    for (const token of [credential, list, statusList]) {
      const asSeal = await stack.request('/api/verify/jws', { json: { jws: token } });
      expect((await readJson(asSeal)).status).toBe('TAMPERED');
    }
  });

  it('refuses other media types with 415', async () => {
    expect((await verifyVc(credential, 'application/xml')).status).toBe(415);
  });
});

describe('the Bitstring Status List', () => {
  it('is a typed, cacheable credential of at least 131,072 entries with the certificate’s bit clear', async () => {
    const response = await stack.request('/status/bitstring/revocation');
    expect(response.headers.get('content-type')).toBe('application/vc+jwt');
    expect(response.headers.get('cache-control')).toBe('public, max-age=60');
    const jwt = await response.text();
    expect(decodeProtectedHeader(jwt)).toMatchObject({
      typ: 'vc+jwt',
      kid: expect.stringMatching(/^did:web:/),
    });
    const list = payloadOf(jwt);
    expect(list.type).toEqual(['VerifiableCredential', 'BitstringStatusListCredential']);
    expect(list.issuer).toBe(DID);
    expect(list.credentialSubject).toMatchObject({
      type: 'BitstringStatusList',
      statusPurpose: 'revocation',
    });
    expect(list.credentialSubject.encodedList).toMatch(/^u[\w-]+$/);
    const bits = await statusListBits();
    expect(bits.length * 8).toBeGreaterThanOrEqual(131_072);
    expect(isBitSet(bits, Number(payloadOf(credential).credentialStatus.statusListIndex))).toBe(false);
  });

  it('sets the bit of a revoked and of a superseded certificate as soon as the change is made', async () => {
    const withdrawn = [await revoked(stack), await superseded(stack)];
    const bits = await statusListBits();
    for (const { code } of withdrawn) {
      const stored = await storedCertificate(code);
      expect(isBitSet(bits, stored?.statusListIndex ?? -1)).toBe(true);
      const check = await readJson(await verifyVc(stored?.credential ?? ''));
      expect(check.status).toBe(stored?.status);
    }
    expect(isBitSet(bits, Number(payloadOf(credential).credentialStatus.statusListIndex))).toBe(false);
  });
});

describe('what the credentials refer to', () => {
  it('serves the JSON-LD context and both JSON Schemas, immutable', async () => {
    const context = await stack.request('/ns/tradecert/v1');
    expect(context.headers.get('content-type')).toBe('application/ld+json');
    expect(context.headers.get('cache-control')).toContain('immutable');
    const body = await readJson(context);
    expect(body['@context']['@vocab']).toBeUndefined();
    for (const name of ['certificate-of-origin-v1.json', 'movement-certificate-eur1-v1.json']) {
      const schema = await stack.request(`/ns/tradecert/schemas/${name}`);
      expect(schema.status).toBe(200);
      expect((await readJson(schema)).$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    }
    expect((await stack.request('/ns/tradecert/schemas/other.json')).status).toBe(404);
  });
});
