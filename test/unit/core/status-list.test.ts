// The signed public revocation list (functions/core/verification/status-list.ts): what it lists, how it is signed,
// when it is refreshed, on the in-memory adapters.
import { compactVerify, createLocalJWKSet, decodeProtectedHeader } from 'jose';
import { describe, expect, it } from 'vitest';
import type { Certificate } from '../../../functions/core/certificates/certificate.ts';
import {
  STATUS_LIST_LIFETIME_MS,
  STATUS_LIST_REFRESH_MS,
  type StatusListClaims,
} from '../../../functions/core/verification/status-list.ts';
import { type MemoryCore, memoryCore, TEST_ISSUER } from '../../support/memory/memory-core.ts';

/** The claims of the stored list, after checking its signature against the published keys. */
const verifiedClaims = async (world: MemoryCore, jws: string): Promise<StatusListClaims> => {
  const { payload } = await compactVerify(jws, createLocalJWKSet(await world.deps.keys.publicKeys()));
  return JSON.parse(new TextDecoder().decode(payload)) as StatusListClaims;
};

/** A certificate put straight into the tables, in a status the verbs would take longer to reach. */
const storedCertificate = (world: MemoryCore, overrides: Partial<Certificate>): Certificate => {
  const certificate = {
    code: `CODE${overrides.serial}`,
    serial: 'MK-CO-2026-000099',
    issuerId: TEST_ISSUER.id,
    orgId: world.orgA.id,
    applicationId: 'application',
    type: 'co',
    status: 'ISSUED',
    issuedAt: '2026-01-05T10:00:00.000Z',
    keyId: 'kid',
    jws: 'jws',
    content: {} as Certificate['content'],
    ...overrides,
  } as Certificate;
  world.tables.certificates.set(`${TEST_ISSUER.id}#${certificate.code}`, certificate);
  return certificate;
};

describe('publishing the status list', () => {
  it('signs an empty list with the active key, dated now, valid for its lifetime', async () => {
    const world = await memoryCore();

    const list = await world.core.publishStatusList();

    const now = world.clock.now();
    const nextUpdate = new Date(now.getTime() + STATUS_LIST_LIFETIME_MS).toISOString();
    expect(list).toEqual({
      jws: list.jws,
      credential: expect.any(String),
      issuedAt: now.toISOString(),
      nextUpdate,
    });
    expect(decodeProtectedHeader(list.jws)).toEqual({
      alg: 'ES256',
      kid: (await world.deps.keys.activeSigner()).kid,
      typ: 'tradecert-revocations+jwt',
    });
    expect(await verifiedClaims(world, list.jws)).toEqual({
      iss: TEST_ISSUER.id,
      iat: Math.floor(now.getTime() / 1000),
      nextUpdate,
      entries: [],
    });
    expect(await world.deps.certificates.getStatusList(TEST_ISSUER.id)).toEqual(list);
  });

  it('lists every revoked and superseded serial in serial order, and no valid one', async () => {
    const world = await memoryCore();
    const link = { serial: 'MK-CO-2026-000004', code: 'X', at: '2026-03-01T00:00:00.000Z' };
    storedCertificate(world, {
      serial: 'MK-CO-2026-000003',
      status: 'SUPERSEDED',
      replacedBy: link,
      supersededBy: link,
    });
    // superseded before replacedBy existed: only supersededBy
    storedCertificate(world, {
      serial: 'MK-CO-2026-000005',
      status: 'SUPERSEDED',
      supersededBy: { serial: 'MK-CO-2026-000006', code: 'Y', at: '2026-03-02T00:00:00.000Z' },
    });
    storedCertificate(world, {
      serial: 'MK-CO-2026-000001',
      status: 'REVOKED',
      revocation: { at: '2026-02-01T00:00:00.000Z', reason: 'fraud', by: 'user-staff' },
    });
    storedCertificate(world, { serial: 'MK-CO-2026-000002', status: 'ISSUED' });
    storedCertificate(world, { serial: 'MK-CO-2026-000004', status: 'ISSUED' });
    // a record from before revocations carried their details: dated by its issue
    storedCertificate(world, { serial: 'MK-EUR1-2026-000001', type: 'eur1', status: 'REVOKED' });

    const { entries } = await verifiedClaims(world, (await world.core.publishStatusList()).jws);

    expect(entries).toEqual([
      { sn: 'MK-CO-2026-000001', status: 'REVOKED', at: '2026-02-01T00:00:00.000Z', reason: 'fraud' },
      {
        sn: 'MK-CO-2026-000003',
        status: 'SUPERSEDED',
        at: '2026-03-01T00:00:00.000Z',
        by: 'MK-CO-2026-000004',
        replacedBy: 'MK-CO-2026-000004',
      },
      {
        sn: 'MK-CO-2026-000005',
        status: 'SUPERSEDED',
        at: '2026-03-02T00:00:00.000Z',
        by: 'MK-CO-2026-000006',
        replacedBy: 'MK-CO-2026-000006',
      },
      { sn: 'MK-EUR1-2026-000001', status: 'REVOKED', at: '2026-01-05T10:00:00.000Z' },
    ]);
  });

  it('keeps listing a replaced revoked certificate as REVOKED with its reason, naming its replacement', async () => {
    const world = await memoryCore();
    const { certificate } = await world.issued();
    await world.core.revokeCertificate({
      actor: world.actors.staff,
      serial: certificate.serial,
      reason: 'issued-in-error',
    });
    const revokedAt = world.clock.now().toISOString();
    world.clock.advance(60_000);
    const draft = await world.core.replaceCertificate({
      actor: world.actors.exporterA,
      serial: certificate.serial,
    });
    const submitted = await world.core.submitApplication({
      actor: world.actors.exporterA,
      applicationId: draft.id,
      version: draft.version,
    });
    const replacement = await world.core.approveApplication({
      actor: world.actors.staff2,
      applicationId: submitted.id,
      version: submitted.version,
    });

    const { entries } = await verifiedClaims(world, (await world.core.publishStatusList()).jws);

    expect(entries).toEqual([
      {
        sn: certificate.serial,
        status: 'REVOKED',
        at: revokedAt,
        reason: 'issued-in-error',
        replacedBy: replacement.serial,
      },
    ]);
  });

  it('signs with the new key after a rotation, and the old key is still published', async () => {
    const world = await memoryCore();
    const before = (await world.deps.keys.activeSigner()).kid;
    await world.deps.keys.rotate?.();

    const list = await world.core.publishStatusList();

    const kid = decodeProtectedHeader(list.jws).kid;
    expect(kid).not.toBe(before);
    expect((await world.deps.keys.publicKeys()).keys.map((key) => key.kid)).toEqual([before, kid]);
    await expect(verifiedClaims(world, list.jws)).resolves.toMatchObject({ entries: [] });
  });
});

describe('refreshing the status list', () => {
  it('publishes when there is none, keeps a fresh one, and re-signs once half its lifetime has passed', async () => {
    const world = await memoryCore();
    const saves = () => world.faults.calls('certificates.saveStatusList');

    await world.core.refreshStatusList();
    expect(saves()).toBe(1);
    const first = await world.deps.certificates.getStatusList(TEST_ISSUER.id);

    world.clock.advance(STATUS_LIST_REFRESH_MS - 1);
    await world.core.refreshStatusList();
    expect(saves()).toBe(1);

    world.clock.advance(1);
    await world.core.refreshStatusList();
    expect(saves()).toBe(2);
    const second = await world.deps.certificates.getStatusList(TEST_ISSUER.id);
    expect(Date.parse(second?.issuedAt ?? '') - Date.parse(first?.issuedAt ?? '')).toBe(
      STATUS_LIST_REFRESH_MS,
    );
  });

  it('is re-signed by every revocation', async () => {
    const world = await memoryCore();
    const { certificate } = await world.issued();
    await world.core.publishStatusList();
    world.clock.advance(60_000);

    await world.core.revokeCertificate({
      actor: world.actors.staff,
      serial: certificate.serial,
      reason: 'issued-in-error',
    });

    const list = await world.deps.certificates.getStatusList(TEST_ISSUER.id);
    expect(list?.issuedAt).toBe(world.clock.now().toISOString());
    expect((await verifiedClaims(world, list?.jws ?? '')).entries).toEqual([
      expect.objectContaining({ sn: certificate.serial, status: 'REVOKED', reason: 'issued-in-error' }),
    ]);
  });
});
