// Configuration of the KMS key source: which keys sign and verify, and the messages that name a bad setting.
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../functions/config/config.ts';

const ACTIVE = 'arn:aws:kms:eu-central-1:111122223333:key/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0';
const RETIRED = 'arn:aws:kms:eu-central-1:111122223333:key/mrk-0123456789abcdef0123456789abcdef';

const messageOf = (act: () => unknown): string => {
  try {
    act();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
};

describe('KMS key configuration', () => {
  it('keeps local keys by default, with no KMS keys', () => {
    expect(loadConfig({})).toMatchObject({ keySource: 'local', kmsSigningKeyIds: [] });
  });

  it('reads the active key first and the retired keys after it, from a comma-separated list', () => {
    const config = loadConfig({
      KEY_SOURCE: 'kms',
      KMS_SIGNING_KEY_IDS: ` ${ACTIVE}, ${RETIRED},alias/tradecert-prod-signing ,`,
    });

    expect(config.keySource).toBe('kms');
    expect(config.kmsSigningKeyIds).toEqual([ACTIVE, RETIRED, 'alias/tradecert-prod-signing']);
  });

  it('accepts bare key ids and alias ARNs', () => {
    const ids = [
      '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0',
      'arn:aws:kms:eu-central-1:111122223333:alias/tradecert-prod-signing',
    ];
    expect(loadConfig({ KEY_SOURCE: 'kms', KMS_SIGNING_KEY_IDS: ids.join(',') }).kmsSigningKeyIds).toEqual(
      ids,
    );
  });

  it('names KMS_SIGNING_KEY_IDS when the KMS key source has no keys', () => {
    expect(messageOf(() => loadConfig({ KEY_SOURCE: 'kms' }))).toMatch(/KMS_SIGNING_KEY_IDS: required/);
    expect(messageOf(() => loadConfig({ KEY_SOURCE: 'kms', KMS_SIGNING_KEY_IDS: ' , ' }))).toMatch(
      /KMS_SIGNING_KEY_IDS/,
    );
  });

  it('names KMS_SIGNING_KEY_IDS when an entry is not a KMS key id', () => {
    const message = messageOf(() =>
      loadConfig({ KEY_SOURCE: 'kms', KMS_SIGNING_KEY_IDS: `${ACTIVE},signing key` }),
    );
    expect(message).toMatch(/KMS_SIGNING_KEY_IDS\.1: must list KMS key ids/);
  });

  it('names a misspelt KMS variable', () => {
    expect(messageOf(() => loadConfig({ KMS_SIGNING_KEY_ID: ACTIVE }))).toMatch(
      /KMS_SIGNING_KEY_ID: unknown variable/,
    );
  });
});
