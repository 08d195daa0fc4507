// The B-T seal in memory (docs/legal.md §1, §3): the signature timestamp over the signature value, the CMS settled
// once so that a re-run seals to the same bytes without asking the TSA again, a token too large for its room
// refused before anything is settled, and the TSA asked again only after it was unavailable.
import { execFile } from 'node:child_process';
import { createHash, createPrivateKey } from 'node:crypto';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PDFDict, PDFDocument, PDFHexString, PDFName, StandardFonts } from 'pdf-lib';
import { ContentInfo, SignedData } from 'pkijs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createKeyObjectSealKey } from '../../functions/adapters/local/seal-key.ts';
import { createSealMaterial } from '../../functions/adapters/local/seal-material.ts';
import { ensureTsaMaterial } from '../../functions/adapters/local/tsa-material.ts';
import { AppError, isAppError } from '../../functions/core/errors.ts';
import type { SealKey, Settle, TimestampAuthority } from '../../functions/core/ports.ts';
import { retryingTimestamps, TIMESTAMP_ATTEMPTS } from '../../functions/core/retry.ts';
import { type SealDetails, sealPdf, TIMESTAMP_TOKEN_ROOM_BYTES } from '../../functions/core/sealing/pades.ts';
import { certificateChainFromPem } from '../../functions/core/sealing/pades-certificates.ts';
import { ID_SIGNATURE_TIME_STAMP_TOKEN } from '../../functions/core/sealing/pades-cms.ts';
import {
  checkTimestampToken,
  timestampRequest,
  tokenOfTimestampReply,
} from '../../functions/core/sealing/timestamp-token.ts';
import { createTimestampResponder, TSA_LOCAL_POLICY_OID } from '../../functions/local/tsa.ts';

const run = promisify(execFile);
const ISSUER = { id: 'demo-chamber', name: 'Demo Economic Chamber', country: 'MK' };
const DETAILS: SealDetails = {
  signingTime: new Date('2026-11-23T10:15:00Z'),
  reason: 'Certificate of origin MK-CO-2026-000042 issued by Demo Economic Chamber',
  location: 'Скопје / Skopje, MK',
  name: 'Demo Economic Chamber',
};
const sha256 = (bytes: Uint8Array) => new Uint8Array(createHash('sha256').update(bytes).digest());

let pdf: Uint8Array;
let sealKey: SealKey;
let calls = 0;
/** The local TSA's responder, called in process: a TimestampAuthority without HTTP. */
let tsa: TimestampAuthority;

beforeAll(async () => {
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.addPage([595, 842]).drawText('CERTIFICATE OF ORIGIN', {
    x: 60,
    y: 760,
    size: 18,
    font: await doc.embedFont(StandardFonts.Helvetica),
  });
  doc.setTitle('Certificate of origin MK-CO-2026-000042');
  pdf = await doc.save({ useObjectStreams: false });
  const dir = await mkdtemp(join(tmpdir(), 'tradecert-bt-unit-'));
  const tsaMaterial = await ensureTsaMaterial(dir, ISSUER, new Date('2026-01-01T00:00:00Z'));
  // an ECDSA seal: its signatures differ on every call, as a KMS or remote seal's may
  const seal = await createSealMaterial(ISSUER, new Date('2026-01-01T00:00:00Z'), {
    algorithm: 'ECDSA_P256_SHA256',
    ca: {
      certificatePem: await readFile(join(dir, 'seal-ca.pem'), 'utf8'),
      keyPem: await readFile(join(dir, 'seal-ca.key'), 'utf8'),
    },
  });
  sealKey = createKeyObjectSealKey(
    createPrivateKey(seal.keyPem),
    certificateChainFromPem(`${seal.certificatePem}\n${seal.caCertificatePem}`),
  );
  const respond = createTimestampResponder({
    chainDer: certificateChainFromPem(tsaMaterial.chainPem),
    key: createPrivateKey(tsaMaterial.keyPem),
    policyOid: TSA_LOCAL_POLICY_OID,
    clock: { now: () => new Date() },
  });
  tsa = {
    timestamp: async (digest) => {
      calls += 1;
      const nonce = new Uint8Array([0x11, 0x22, 0x33]);
      return tokenOfTimestampReply(respond(timestampRequest(digest, nonce)), { sha256: digest, nonce }).token;
    },
  };
});

/** The settle hook over a map, as the repositories keep parts: first writer wins. */
const memorySettle = () => {
  const parts = new Map<string, Uint8Array>();
  const settle: Settle = async (part, make) => {
    const settled = parts.get(part);
    if (settled) return settled;
    const made = await make();
    if (!parts.has(part)) parts.set(part, made);
    return parts.get(part) as Uint8Array;
  };
  return { settle, parts };
};

const signerOf = (sealed: Uint8Array) => {
  const text = Buffer.from(sealed).toString('latin1');
  return PDFDocument.load(sealed, { updateMetadata: false }).then((doc) => {
    const dictionary = doc.context
      .enumerateIndirectObjects()
      .map(([, object]) => object)
      .find(
        (object) => object instanceof PDFDict && object.get(PDFName.of('Type')) === PDFName.of('Sig'),
      ) as PDFDict;
    const contents = dictionary.lookup(PDFName.of('Contents'), PDFHexString).asBytes();
    const [signer] = new SignedData({ schema: ContentInfo.fromBER(new Uint8Array(contents).buffer).content })
      .signerInfos;
    expect(text).toContain('/SubFilter /ETSI.CAdES.detached');
    return signer;
  });
};

describe('a B-T seal', () => {
  it('carries a token over the SHA-256 of its signature value, and pdfsig still finds the signature valid', async () => {
    const sealed = await sealPdf(pdf, sealKey, DETAILS, { timestamps: tsa });
    const signer = await signerOf(sealed);
    const token = signer?.unsignedAttrs?.attributes.find(({ type }) => type === ID_SIGNATURE_TIME_STAMP_TOKEN)
      ?.values[0];
    const signature = new Uint8Array(signer?.signature.valueBlock.valueHexView ?? []);
    const file = join(await mkdtemp(join(tmpdir(), 'tradecert-bt-pdfsig-')), 'sealed.pdf');
    await writeFile(file, sealed);

    expect(
      checkTimestampToken(new Uint8Array(token?.toBER() ?? []), { sha256: sha256(signature) }).policy,
    ).toBe(TSA_LOCAL_POLICY_OID);
    expect((await run('pdfsig', [file])).stdout).toContain('Signature Validation: Signature is Valid.');
  });

  it('seals again to the very same bytes with the settled CMS, without asking the TSA, where an ECDSA seal would differ', async () => {
    const { settle, parts } = memorySettle();
    const first = await sealPdf(pdf, sealKey, DETAILS, { timestamps: tsa, settle });
    const asked = calls;
    const second = await sealPdf(pdf, sealKey, DETAILS, { timestamps: tsa, settle });
    const askedAgain = calls - asked;
    const unsettled = await sealPdf(pdf, sealKey, DETAILS, { timestamps: tsa });

    expect(Buffer.from(second).equals(Buffer.from(first))).toBe(true);
    expect(askedAgain).toBe(0);
    expect([...parts.keys()]).toEqual([expect.stringMatching(/^seal-[0-9a-f]{64}$/)]);
    expect(Buffer.from(unsettled).equals(Buffer.from(first))).toBe(false);
  });

  it(`refuses a token larger than the ${TIMESTAMP_TOKEN_ROOM_BYTES} bytes kept for it, and settles nothing`, async () => {
    const { settle, parts } = memorySettle();
    const oversized: TimestampAuthority = {
      timestamp: async () => {
        const token = new Uint8Array(TIMESTAMP_TOKEN_ROOM_BYTES + 200);
        token.set([0x30, 0x82, (token.length - 4) >> 8, (token.length - 4) & 0xff]);
        return token;
      },
    };

    const error = await sealPdf(pdf, sealKey, DETAILS, { timestamps: oversized, settle }).catch(
      (caught: unknown) => caught,
    );

    expect(isAppError(error, 'INTERNAL')).toBe(true);
    expect((error as Error).message).toMatch(
      /does not fit the \d+ reserved \(8192 of them for the timestamp token\)/,
    );
    expect(parts.size).toBe(0);
  });

  it('settles nothing when the TSA is unavailable', async () => {
    const { settle, parts } = memorySettle();
    const down: TimestampAuthority = {
      timestamp: async () => {
        throw new AppError('TIMESTAMP_UNAVAILABLE', 'down (test)');
      },
    };

    const error = await sealPdf(pdf, sealKey, DETAILS, { timestamps: down, settle }).catch(
      (caught: unknown) => caught,
    );

    expect(isAppError(error, 'TIMESTAMP_UNAVAILABLE')).toBe(true);
    expect(parts.size).toBe(0);
  });
});

describe('asking the TSA again', () => {
  const pauses: number[] = [];
  const deps = {
    random: { fraction: () => 0.5, id: () => 'x', bytes: (n: number) => new Uint8Array(n) },
    sleep: async (ms: number) => void pauses.push(ms),
  };
  const failing = (
    failures: number,
    code: 'TIMESTAMP_UNAVAILABLE' | 'INTERNAL' = 'TIMESTAMP_UNAVAILABLE',
  ) => {
    let asked = 0;
    return {
      asked: () => asked,
      tsa: {
        timestamp: async () => {
          asked += 1;
          if (asked <= failures) throw new AppError(code, `failure ${asked}`);
          return new Uint8Array([asked]);
        },
      },
    };
  };

  it(`tries up to ${TIMESTAMP_ATTEMPTS} times with growing pauses after TIMESTAMP_UNAVAILABLE, then lets the last failure stand`, async () => {
    pauses.length = 0;
    const recovering = failing(TIMESTAMP_ATTEMPTS - 1);
    const broken = failing(TIMESTAMP_ATTEMPTS);

    expect(await retryingTimestamps(recovering.tsa, deps).timestamp(new Uint8Array(32))).toEqual(
      new Uint8Array([TIMESTAMP_ATTEMPTS]),
    );
    expect(pauses).toEqual([350, 500]);
    const error = await retryingTimestamps(broken.tsa, deps)
      .timestamp(new Uint8Array(32))
      .catch((caught: unknown) => caught);
    expect((error as Error).message).toBe(`failure ${TIMESTAMP_ATTEMPTS}`);
    expect(broken.asked()).toBe(TIMESTAMP_ATTEMPTS);
  });

  it('does not ask again after another kind of failure', async () => {
    const other = failing(1, 'INTERNAL');

    await expect(retryingTimestamps(other.tsa, deps).timestamp(new Uint8Array(32))).rejects.toThrow(
      'failure 1',
    );
    expect(other.asked()).toBe(1);
  });
});
