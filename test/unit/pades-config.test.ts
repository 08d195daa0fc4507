// Configuration of the PAdES seal: local key files by default, a KMS key with its certificate chain when
// SEAL_SOURCE=kms (both required), none where the deployment says so.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../functions/config/config.ts';

const KEY_ARN = 'arn:aws:kms:eu-central-1:111122223333:key/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0';

const messageOf = (act: () => unknown): string => {
  try {
    act();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the call to throw');
};

describe('seal configuration', () => {
  it('seals with the local key files by default', () => {
    expect(loadConfig({})).toMatchObject({ sealSource: 'local', sealKmsKeyId: undefined });
  });

  it('does not seal by default where the signing keys are in KMS, which has no key files', () => {
    expect(loadConfig({ KEY_SOURCE: 'kms', KMS_SIGNING_KEY_IDS: KEY_ARN }).sealSource).toBe('none');
  });

  it('takes a KMS seal key and its certificate chain', () => {
    const config = loadConfig({
      SEAL_SOURCE: 'kms',
      SEAL_KMS_KEY_ID: 'alias/tradecert-seal',
      SEAL_CERTIFICATE_CHAIN: '/var/task/seal-chain.pem',
    });

    expect(config).toMatchObject({
      sealSource: 'kms',
      sealKmsKeyId: 'alias/tradecert-seal',
      sealCertificateChain: '/var/task/seal-chain.pem',
    });
  });

  it('names what a KMS seal is missing', () => {
    const message = messageOf(() => loadConfig({ SEAL_SOURCE: 'kms' }));

    expect(message).toMatch(/SEAL_KMS_KEY_ID: required when SEAL_SOURCE=kms/);
    expect(message).toMatch(/SEAL_CERTIFICATE_CHAIN: required when SEAL_SOURCE=kms/);
  });

  it('names a bad seal key id and a misspelt seal variable', () => {
    expect(messageOf(() => loadConfig({ SEAL_SOURCE: 'hsm' }))).toMatch(/SEAL_SOURCE/);
    expect(messageOf(() => loadConfig({ SEAL_KMS_KEY_ID: 'seal key' }))).toMatch(/SEAL_KMS_KEY_ID/);
    expect(messageOf(() => loadConfig({ SEAL_CERTIFICATE: 'x' }))).toMatch(
      /SEAL_CERTIFICATE: unknown variable/,
    );
  });
});
