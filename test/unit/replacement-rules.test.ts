// The pure rules of revocation and replacement (docs/architecture.md §2): which certificates may be replaced,
// what a replaced certificate says afterwards, what the signed list says of it, and when a replacement lets go
// of its certificate's lock.
import { describe, expect, it } from 'vitest';
import { releasesReplacementLock } from '../../functions/core/applications/application.ts';
import {
  asReplaced,
  type Certificate,
  REASONS_FORBIDDING_REPLACEMENT,
  REVOCATION_REASONS,
  replacementRefusal,
} from '../../functions/core/certificates/certificate.ts';
import { statusListEntry } from '../../functions/core/verification/status-list.ts';
import { SAMPLE_CODE, sampleCertificateContent } from './sample-certificate.ts';

const certificate = (changes: Partial<Certificate> = {}): Certificate => ({
  code: SAMPLE_CODE,
  serial: 'MK-CO-2026-000001',
  issuerId: 'demo-chamber',
  orgId: 'org',
  applicationId: 'application',
  type: 'co',
  status: 'ISSUED',
  issuedAt: '2026-11-23T09:30:00.000Z',
  keyId: 'kid',
  jws: 'jws',
  content: sampleCertificateContent(),
  ...changes,
});

const revokedFor = (reason: (typeof REVOCATION_REASONS)[number]) =>
  certificate({ status: 'REVOKED', revocation: { at: '2026-11-24T08:00:00.000Z', reason, by: 'staff' } });

const replacement = { serial: 'MK-CO-2026-000002', code: 'AAAABBBBCCCCDDDD' };
const at = '2026-11-25T10:00:00.000Z';

describe('which certificates may be replaced', () => {
  it('forbids exactly fraud and goods not originating', () => {
    expect([...REASONS_FORBIDDING_REPLACEMENT].sort()).toEqual(['fraud', 'goods-not-originating']);
  });

  it.each(
    REVOCATION_REASONS.map((reason) => [
      reason,
      REASONS_FORBIDDING_REPLACEMENT.includes(reason) ? 'REPLACEMENT_FORBIDDEN' : undefined,
    ]),
  )('a certificate revoked for %s: %s', (reason, refusal) => {
    expect(replacementRefusal(revokedFor(reason))?.code).toBe(refusal);
  });

  it('allows a valid certificate, refuses one already replaced (SUPERSEDED, or REVOKED with a link)', () => {
    expect(replacementRefusal(certificate())).toBeUndefined();
    expect(replacementRefusal(asReplaced(certificate(), replacement, at))?.code).toBe('ALREADY_REPLACED');
    expect(replacementRefusal(asReplaced(revokedFor('incorrect-data'), replacement, at))?.code).toBe(
      'ALREADY_REPLACED',
    );
    // a certificate superseded before `replacedBy` existed
    expect(
      replacementRefusal(certificate({ status: 'SUPERSEDED', supersededBy: { ...replacement, at } }))?.code,
    ).toBe('ALREADY_REPLACED');
  });
});

describe('a replaced certificate', () => {
  it('stays REVOKED, with its reason, when it was revoked, and links forward', () => {
    const replaced = asReplaced(revokedFor('incorrect-data'), replacement, at);
    expect(replaced).toMatchObject({
      status: 'REVOKED',
      revocation: { reason: 'incorrect-data' },
      replacedBy: { ...replacement, at },
    });
    expect(replaced.supersededBy).toBeUndefined();
  });

  it('becomes SUPERSEDED when it was valid, with replacedBy and supersededBy', () => {
    expect(asReplaced(certificate(), replacement, at)).toMatchObject({
      status: 'SUPERSEDED',
      replacedBy: { ...replacement, at },
      supersededBy: { ...replacement, at },
    });
  });

  it('is listed REVOKED with its reason in the signed list, naming its replacement', () => {
    expect(statusListEntry(asReplaced(revokedFor('incorrect-data'), replacement, at))).toEqual({
      sn: 'MK-CO-2026-000001',
      status: 'REVOKED',
      at: '2026-11-24T08:00:00.000Z',
      reason: 'incorrect-data',
      replacedBy: replacement.serial,
    });
    expect(statusListEntry(asReplaced(certificate(), replacement, at))).toEqual({
      sn: 'MK-CO-2026-000001',
      status: 'SUPERSEDED',
      at,
      by: replacement.serial,
      replacedBy: replacement.serial,
    });
  });
});

describe('the replacement lock', () => {
  it('is let go when a replacement ends without a certificate, and only then', () => {
    const replaces = { serial: 'MK-CO-2026-000001', code: SAMPLE_CODE };
    expect(releasesReplacementLock({ replaces, status: 'REJECTED' })).toBe(true);
    expect(releasesReplacementLock({ replaces, status: 'CANCELLED' })).toBe(true);
    for (const status of ['DRAFT', 'SUBMITTED', 'CHANGES_REQUESTED', 'ISSUING', 'ISSUED'] as const) {
      expect(releasesReplacementLock({ replaces, status })).toBe(false);
    }
    expect(releasesReplacementLock({ status: 'REJECTED' })).toBe(false);
  });
});
