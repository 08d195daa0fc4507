// The QR seal: an ES256 compact JWS over a few claims and the hash of the printed content, checked offline.
import {
  CompactSign,
  calculateJwkThumbprint,
  exportJWK,
  generateKeyPair,
  type JSONWebKeySet,
  type JWK,
} from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson } from '../../functions/core/canonical-json.ts';
import type { CertificateContent } from '../../functions/core/certificates/certificate.ts';
import {
  buildSealClaims,
  checkSeal,
  claimsMatchContent,
  contentHash,
} from '../../functions/core/sealing/qr-seal.ts';
import { protectedHeader, SEAL_TYP } from '../../functions/core/sealing/token-types.ts';
import { SAMPLE_CODE, sampleCertificateContent } from './sample-certificate.ts';

interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

const createSigningKey = async (): Promise<SigningKey> => {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const exported = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(exported, 'sha256');
  return { kid, privateKey, publicJwk: { ...exported, kid, alg: 'ES256', use: 'sig' } };
};

const sign = (payload: unknown, key: SigningKey): Promise<string> =>
  new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
    .setProtectedHeader({ alg: 'ES256', kid: key.kid })
    .sign(key.privateKey);

/** Re-encodes the payload after `change`, keeping the original header and signature. */
const withChangedClaims = (jws: string, change: (claims: Record<string, unknown>) => void): string => {
  const [header, payload, signature] = jws.split('.');
  const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8')) as Record<
    string,
    unknown
  >;
  change(claims);
  return [header, Buffer.from(JSON.stringify(claims)).toString('base64url'), signature].join('.');
};

const withChangedConsignee = (
  content: Extract<CertificateContent, { type: 'co' }>,
  name: string,
): CertificateContent => ({
  ...content,
  data: { ...content.data, consignee: { ...content.data.consignee, name } },
});

let key: SigningKey;
let otherKey: SigningKey;
let jwks: JSONWebKeySet;

beforeAll(async () => {
  [key, otherKey] = await Promise.all([createSigningKey(), createSigningKey()]);
  jwks = { keys: [key.publicJwk] };
});

describe('seal claims', () => {
  it('name the issuer, serial, type, date, exporter, countries and the content hash', () => {
    const content = sampleCertificateContent();

    expect(buildSealClaims(content)).toEqual({
      iss: 'demo-chamber',
      sn: 'MK-CO-2026-000001',
      t: 'co',
      d: '2026-11-23',
      ex: 'Македонски Текстил ДООЕЛ',
      o: 'MK',
      ds: 'DE',
      h: contentHash(content),
    });
    expect(contentHash(content)).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('hash the content independently of key order', () => {
    const content = sampleCertificateContent();
    const reordered = JSON.parse(canonicalJson(content)) as CertificateContent;

    expect(contentHash(reordered)).toBe(contentHash(content));
  });

  it('match the content they were built from', () => {
    const content = sampleCertificateContent();

    expect(claimsMatchContent(buildSealClaims(content), content)).toBe(true);
  });

  it('no longer match when a detail outside the claims changes, because the hash covers the whole content', () => {
    const content = sampleCertificateContent();
    const claims = buildSealClaims(content);

    expect(claimsMatchContent(claims, withChangedConsignee(content, 'Another Buyer GmbH'))).toBe(false);
    expect(
      claimsMatchContent(claims, {
        ...content,
        data: {
          ...content.data,
          goods: content.data.goods.map((line) => ({ ...line, quantity: { value: 1, unit: 'pcs' } })),
        },
      }),
    ).toBe(false);
  });

  it('keep an exporter name of 48 UTF-8 bytes whole', () => {
    const name = 'Д'.repeat(24);

    expect(buildSealClaims(sampleCertificateContent({ exporterName: name })).ex).toBe(name);
  });

  it('shorten a long Cyrillic exporter name to at most 48 UTF-8 bytes ending with "…"', () => {
    const name = 'Друштво за производство и трговија на текстил Македонски Текстил ДООЕЛ Скопје';

    const { ex } = buildSealClaims(sampleCertificateContent({ exporterName: name }));

    expect(Buffer.byteLength(ex, 'utf8')).toBeLessThanOrEqual(48);
    expect(Buffer.byteLength(ex, 'utf8')).toBeGreaterThan(44);
    expect(ex.endsWith('…')).toBe(true);
    expect(name.startsWith(ex.slice(0, -1))).toBe(true);
  });
});

describe('checking a seal', () => {
  it('reports VALID with the key id and the claims for a seal signed by a published key', async () => {
    const claims = buildSealClaims(sampleCertificateContent());
    const jws = await sign(claims, key);

    const result = await checkSeal(jws, jwks);

    expect(result).toEqual({ outcome: 'VALID', kid: key.kid, claims });
  });

  it('finds the signing key among several published keys', async () => {
    const claims = buildSealClaims(sampleCertificateContent());

    const result = await checkSeal(await sign(claims, key), { keys: [otherKey.publicJwk, key.publicJwk] });

    expect(result).toMatchObject({ outcome: 'VALID', kid: key.kid });
  });

  it.each([
    ['serial', 'sn', 'MK-CO-2026-000002'],
    ['exporter', 'ex', 'Someone Else DOOEL'],
    ['destination', 'ds', 'AT'],
    ['content hash', 'h', 'A'.repeat(43)],
  ])('reports TAMPERED when the %s claim of the seal is changed', async (_, claim, value) => {
    const jws = await sign(buildSealClaims(sampleCertificateContent()), key);

    const result = await checkSeal(
      withChangedClaims(jws, (claims) => {
        claims[claim] = value;
      }),
      jwks,
    );

    expect(result.outcome).toBe('TAMPERED');
  });

  it('reports TAMPERED when a seal claims the kid of a published key but was signed by another key', async () => {
    const claims = buildSealClaims(sampleCertificateContent());
    const forged = await new CompactSign(new TextEncoder().encode(JSON.stringify(claims)))
      .setProtectedHeader({ alg: 'ES256', kid: key.kid })
      .sign(otherKey.privateKey);

    expect((await checkSeal(forged, jwks)).outcome).toBe('TAMPERED');
  });

  it('reports UNKNOWN_KEY with the kid for a seal signed by a key that is not published', async () => {
    const jws = await sign(buildSealClaims(sampleCertificateContent()), otherKey);

    expect(await checkSeal(jws, jwks)).toEqual({ outcome: 'UNKNOWN_KEY', kid: otherKey.kid });
  });

  it.each(['', 'garbage', 'a.b.c', 'eyJhbGciOiJub25lIn0.e30.', `${'x'.repeat(40)}.${'y'.repeat(40)}`])(
    'reports TAMPERED, without throwing, for the malformed seal "%s"',
    async (jws) => {
      expect((await checkSeal(jws, jwks)).outcome).toBe('TAMPERED');
    },
  );

  // explicit typing (functions/core/sealing/token-types.ts): the same key signs credentials and lists
  it('accepts seal claims typed tc-seal+jwt and, printed before typing, untyped', async () => {
    const claims = new TextEncoder().encode(JSON.stringify(buildSealClaims(sampleCertificateContent())));
    const typed = await new CompactSign(claims)
      .setProtectedHeader({ alg: 'ES256', kid: key.kid, typ: 'tc-seal+jwt' })
      .sign(key.privateKey);
    expect((await checkSeal(typed, jwks)).outcome).toBe('VALID');
    expect(
      (await checkSeal(await sign(buildSealClaims(sampleCertificateContent()), key), jwks)).outcome,
    ).toBe('VALID');
  });

  it.each(['vc+jwt', 'tradecert-revocations+jwt', 'JWT'])(
    'reports TAMPERED for seal claims signed by the published key under typ %s',
    async (typ) => {
      const jws = await new CompactSign(
        new TextEncoder().encode(JSON.stringify(buildSealClaims(sampleCertificateContent()))),
      )
        .setProtectedHeader({ alg: 'ES256', kid: key.kid, typ })
        .sign(key.privateKey);
      expect((await checkSeal(jws, jwks)).outcome).toBe('TAMPERED');
    },
  );

  it('reports TAMPERED for a validly signed payload that is not seal claims', async () => {
    const jws = await sign({ v: 2, iss: 'demo-chamber' }, key);

    expect((await checkSeal(jws, jwks)).outcome).toBe('TAMPERED');
  });
});

describe('the QR content', () => {
  // README: the QR holds `{PUBLIC_BASE_URL}/v/{code}#{JWS}` in at most 560 characters (QR version 18-M), with the
  // production kid (a 43-character RFC 7638 thumbprint), the seal's typ and a long Cyrillic exporter name.
  it('stays within 560 characters for a 60-character Cyrillic exporter name, with the header issuance writes', async () => {
    const exporterName = 'Македонски Текстил Друштво за производство и трговија ДООЕЛ'.padEnd(60, 'Ж');
    const claims = buildSealClaims(sampleCertificateContent({ exporterName }));
    const jws = await new CompactSign(new TextEncoder().encode(JSON.stringify(claims)))
      .setProtectedHeader(protectedHeader(key.kid, { typ: SEAL_TYP }))
      .sign(key.privateKey);

    const qrText = `${'https://verify.chamber.example.mk'}/v/${SAMPLE_CODE}#${jws}`;

    expect(Array.from(exporterName)).toHaveLength(60);
    expect(qrText.length).toBeLessThanOrEqual(560);
  });
});
