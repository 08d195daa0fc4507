// Interoperability of the credentials, checked with code tradecert did not write (docs/credentials.md): jose
// verifies the JWS against the DID document's key, jsonld expands the credential against the bundled contexts in
// safe mode (a dropped property throws) with no network, ajv validates it against the published JSON Schema, and
// Digital Bazaar's maintained Bitstring Status List library decodes the list tradecert encodes.
import { contexts as vcContexts } from '@digitalbazaar/credentials-context';
import { decodeList } from '@digitalbazaar/vc-bitstring-status-list';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { compactVerify, decodeProtectedHeader, exportJWK, generateKeyPair, importJWK } from 'jose';
import jsonld from 'jsonld';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Certificate } from '../../functions/core/certificates/certificate.ts';
import { CONTEXT_PATH, TRADECERT_CONTEXT } from '../../functions/core/credentials/context.ts';
import { buildCredential } from '../../functions/core/credentials/credential.ts';
import { didDocumentOf, didWebOf, keyOfMethod } from '../../functions/core/credentials/did-web.ts';
import { credentialSchemaOf } from '../../functions/core/credentials/schemas.ts';
import { signCredential } from '../../functions/core/credentials/secure-credential.ts';
import {
  buildStatusListCredential,
  encodeStatusList,
  STATUS_LIST_LENGTH,
} from '../../functions/core/credentials/status-list-credential.ts';
import type { JwsSigner } from '../../functions/core/ports.ts';
import { protectedHeader } from '../../functions/core/sealing/token-types.ts';
import { sampleMovementCertificate } from '../fixtures/movement-certificate-eur1.ts';
import { SAMPLE_CODE, sampleCertificateContent } from './sample-certificate.ts';

const BASE = 'https://verify.chamber.test';
const KID = 'kid-1';
let signer: JwsSigner;
let publicJwk: Record<string, unknown>;

const certificateOf = (type: 'co' | 'eur1'): Certificate & { sha256: string; statusListIndex: number } => {
  const co = sampleCertificateContent({ goodsLines: 3 });
  const content =
    type === 'co'
      ? co
      : { ...co, type: 'eur1' as const, data: sampleMovementCertificate(3), serial: 'MK-EUR1-2026-000001' };
  return {
    code: SAMPLE_CODE,
    serial: content.serial,
    issuerId: content.issuer.id,
    orgId: 'org',
    applicationId: 'app',
    type,
    status: 'ISSUED',
    issuedAt: content.issuedAt,
    keyId: KID,
    jws: 'x.y.z',
    content,
    sha256: 'ab'.repeat(32),
    statusListIndex: 4242,
  };
};

/** Every context the credentials name, bundled: the loader never reaches the network. */
const documentLoader = async (url: string) => {
  const bundled =
    url === `${BASE}${CONTEXT_PATH}` ? TRADECERT_CONTEXT : (vcContexts as Map<string, unknown>).get(url);
  if (!bundled) throw new Error(`no bundled context for ${url}: the test would need the network`);
  return { contextUrl: null, documentUrl: url, document: bundled };
};

/** Strings, numbers and booleans of a JSON value, `@context` left out. */
const jsonLeaves = (value: unknown): number => {
  if (value === undefined || value === null) return 0;
  if (Array.isArray(value)) return value.reduce((sum: number, item) => sum + jsonLeaves(item), 0);
  if (typeof value === 'object')
    return Object.entries(value).reduce(
      (sum, [key, item]) => sum + (key === '@context' ? 0 : jsonLeaves(item)),
      0,
    );
  return 1;
};

/** What expanded JSON-LD keeps of those: values, node ids and types. */
const expandedLeaves = (value: unknown): number => {
  if (Array.isArray(value)) return value.reduce((sum: number, item) => sum + expandedLeaves(item), 0);
  if (typeof value !== 'object' || value === null) return 0;
  if ('@value' in value) return 1;
  return Object.entries(value).reduce((sum, [key, item]) => {
    if (key === '@value' || key === '@id') return sum + 1;
    if (key === '@type') return sum + (Array.isArray(item) ? item.length : 1);
    return sum + expandedLeaves(item);
  }, 0);
};

beforeAll(async () => {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  publicJwk = { ...(await exportJWK(publicKey)), kid: KID };
  const { CompactSign } = await import('jose');
  signer = {
    kid: KID,
    sign: (payload, typing) =>
      new CompactSign(payload).setProtectedHeader(protectedHeader(KID, typing)).sign(privateKey),
  };
});

describe.each(['co', 'eur1'] as const)('the %s credential', (type) => {
  const credential = () => buildCredential(certificateOf(type), { publicBaseUrl: BASE });

  it('verifies with jose against the key of the did:web document its kid names', async () => {
    const did = didWebOf(BASE);
    const jwt = await signCredential(signer, credential(), did);
    const header = decodeProtectedHeader(jwt);
    expect(header).toEqual({ alg: 'ES256', kid: `${did}#${KID}`, typ: 'vc+jwt', cty: 'vc' });
    const document = didDocumentOf(did, { keys: [publicJwk as never] });
    const jwk = keyOfMethod(document, String(header.kid));
    expect(jwk).toBeDefined();
    const { payload } = await compactVerify(jwt, await importJWK(jwk as never, 'ES256'));
    expect(JSON.parse(new TextDecoder().decode(payload))).toEqual(credential());
  });

  it('expands as JSON-LD against the bundled contexts without dropping a single property', async () => {
    // safe mode: any term the contexts do not define, or any value that would be lost, throws
    const expanded = await jsonld.expand(credential() as never, { documentLoader, safe: true } as never);
    const text = JSON.stringify(expanded);
    expect(text).toContain('urn:tradecert:vocab:v1#goodsItems');
    expect(text).toContain('https://www.w3.org/2018/credentials#credentialSubject');
    // and every value of the credential is in the graph: as many leaves as it has, each still there
    expect(expandedLeaves(expanded)).toBe(jsonLeaves({ ...credential(), '@context': undefined }));
  });

  it('would fail that check for a property no context defines', async () => {
    const undefinedTerm = {
      ...credential(),
      credentialSubject: { ...credential().credentialSubject, colour: 'red' },
    };
    await expect(
      jsonld.expand(undefinedTerm as never, { documentLoader, safe: true } as never),
    ).rejects.toThrow();
  });

  it('validates against its published JSON Schema (2020-12)', () => {
    const ajv = new Ajv2020.default({ strict: true, allErrors: true });
    addFormats.default(ajv);
    const validate = ajv.compile(credentialSchemaOf(BASE, type));
    const valid = validate(credential());
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    const other = credentialSchemaOf(BASE, type === 'co' ? 'eur1' : 'co');
    expect(ajv.compile(other)(credential())).toBe(false);
  });
});

describe('the Bitstring Status List', () => {
  it('decodes with @digitalbazaar/vc-bitstring-status-list to exactly the bits tradecert set', async () => {
    const set = [0, 7, 8, 4242, 131_071, STATUS_LIST_LENGTH - 1];
    const list = await decodeList({ encodedList: encodeStatusList(set) });
    expect(list.length).toBe(STATUS_LIST_LENGTH);
    for (const index of set) expect(list.getStatus(index)).toBe(true);
    for (const index of [1, 6, 9, 4241, 4243, 131_072]) expect(list.getStatus(index)).toBe(false);
  });

  it('is a VC 2.0 BitstringStatusListCredential that expands without loss', async () => {
    const credential = buildStatusListCredential({
      publicBaseUrl: BASE,
      setIndices: [3],
      validFrom: '2026-11-23T10:00:00.000Z',
      validUntil: '2026-11-24T10:00:00.000Z',
    });
    await expect(
      jsonld.expand(credential as never, { documentLoader, safe: true } as never),
    ).resolves.toBeDefined();
    expect(credential.credentialSubject.encodedList.startsWith('u')).toBe(true);
  });
});
