// Where a chamber's keys are on AWS, and which seal key `tradecert seal csr` asks KMS for.
import { describe, expect, it } from 'vitest';
import { chamberKeyAlias, isChamberId, sealKeyOf } from '../../functions/adapters/kms/chamber-keys.ts';

describe('chamber keys', () => {
  it('names the two keys of a chamber by alias', () => {
    expect(chamberKeyAlias('al-chamber', 'signing')).toBe('alias/tradecert/al-chamber/signing');
    expect(chamberKeyAlias('al-chamber', 'seal')).toBe('alias/tradecert/al-chamber/seal');
  });

  it('accepts chamber ids as ISSUER_ID does, and never the operator’s reserved id', () => {
    expect(['mk-chamber', 'al', '0chamber'].filter(isChamberId)).toEqual(['mk-chamber', 'al', '0chamber']);
    expect(['platform', 'a', '-mk', 'MK', 'mk chamber', 'x'.repeat(41)].filter(isChamberId)).toEqual([]);
  });

  describe('the seal key of `tradecert seal csr`', () => {
    it('is the chamber’s seal key alias for --chamber, or the key id as given', () => {
      expect(sealKeyOf({ chamber: 'al-chamber' })).toBe('alias/tradecert/al-chamber/seal');
      expect(sealKeyOf({ keyId: 'arn:aws:kms:eu-central-1:111122223333:key/abc' })).toBe(
        'arn:aws:kms:eu-central-1:111122223333:key/abc',
      );
    });

    it.each([
      [{}, /--key-id .* or --chamber/],
      [{ keyId: '' }, /--key-id .* or --chamber/],
      [{ keyId: 'alias/x', chamber: 'al-chamber' }, /either --key-id or --chamber, not both/],
      [{ chamber: 'Al Chamber' }, /--chamber Al Chamber: not a chamber id/],
      [{ chamber: 'platform' }, /--chamber platform: not a chamber id/],
    ])('is refused for %o', (options, problem) => {
      const result = sealKeyOf(options);
      expect(result).toEqual({ problem: expect.stringMatching(problem) });
    });
  });
});
