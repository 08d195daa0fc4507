// Issuance with the remote qualified seal (SEAL_SOURCE=csc, docs/legal.md §6): the stack on DynamoDB Local and
// s3rver seals through the local CSC API v2 simulator over HTTP. The stored PDF carries a seal that pdfsig finds
// valid, made with the credential's certificate; while the service is down an approval answers 503
// SEALING_UNAVAILABLE and leaves the application ISSUING with its serial, and a retry completes it once it is back.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSealMaterial, type SealMaterial } from '../../functions/adapters/local/seal-material.ts';
import { chamberOfConfig } from '../../functions/cli/network-commands.ts';
import { certificateChainFromPem } from '../../functions/core/sealing/pades-certificates.ts';
import { type CscSimulator, startCscSimulator } from '../../functions/local/csc-simulator.ts';
import { sampleCertificateOfOrigin } from '../fixtures/certificate-of-origin.ts';
import { readJson } from '../support/json.ts';
import { createTestStack, submittedApplication, type TestStack } from '../support/test-stack.ts';

const run = promisify(execFile);
const CLIENT = { id: 'demo-chamber-client', secret: 'a secret the simulator knows' };

let simulator: CscSimulator;
let stack: TestStack;
let material: SealMaterial;

const pdfsig = async (pdf: Uint8Array): Promise<string> => {
  const path = join(await mkdtemp(join(tmpdir(), 'tradecert-csc-api-')), 'certificate.pdf');
  await writeFile(path, pdf);
  return (await run('pdfsig', [path])).stdout;
};

const cscEnvironment = (secret = CLIENT.secret) => ({
  SEAL_SOURCE: 'csc',
  CSC_BASE_URL: simulator.url,
  CSC_CLIENT_ID: CLIENT.id,
  CSC_CLIENT_SECRET: secret,
  CSC_CREDENTIAL_ID: 'demo-chamber-seal',
});

const approve = async (id: string, version: number) =>
  stack.request(`/api/applications/${id}/approve`, { token: await stack.login('staff'), json: { version } });

const downloadOf = async (serial: string) => {
  const response = await stack.request(`/api/certificates/${serial}/pdf`, {
    token: await stack.login('exporterA'),
  });
  expect(response.status).toBe(200);
  return new Uint8Array(await response.arrayBuffer());
};

beforeAll(async () => {
  material = await createSealMaterial(
    { id: 'demo-chamber', name: 'Demo Economic Chamber', country: 'MK' },
    new Date(),
    { algorithm: 'ECDSA_P256_SHA256' },
  );
  simulator = await startCscSimulator({
    clients: [CLIENT],
    credentials: [{ id: 'demo-chamber-seal', clientId: CLIENT.id, material }],
  });
  stack = await createTestStack(cscEnvironment());
});

afterAll(async () => {
  await simulator?.stop();
});

describe('issuance with the remote CSC seal', () => {
  it('stores a PDF sealed by the credential, as the commit recorded it', async () => {
    const { id, version } = await submittedApplication(stack, sampleCertificateOfOrigin(1));
    const approved = await approve(id, version);
    expect(approved.status).toBe(201);
    const { certificate } = await readJson(approved);
    const pdf = await downloadOf(certificate.serial);

    expect(createHash('sha256').update(pdf).digest('hex')).toBe(certificate.sha256);
    const report = await pdfsig(pdf);
    expect(report).toContain('Signature Validation: Signature is Valid.');
    expect(report).toContain('Signature Type: ETSI.CAdES.detached');
    expect(report).toMatch(/Signer full Distinguished Name: .*CN=Demo Economic Chamber Seal/);
    expect(simulator.calls.get('signatures/signHash')).toBeGreaterThanOrEqual(1);
  });

  it('answers 503 SEALING_UNAVAILABLE while the service is down, and completes the issuance once it is back', async () => {
    const { id, version } = await submittedApplication(stack, sampleCertificateOfOrigin(2));
    await simulator.stop();
    let failed: Response;
    try {
      failed = await approve(id, version);
    } finally {
      await simulator.start();
    }
    expect(failed.status).toBe(503);
    expect(failed.headers.get('Retry-After')).toBeTruthy();
    expect(await readJson(failed)).toMatchObject({ code: 'SEALING_UNAVAILABLE' });
    const stuck = await readJson(
      await stack.request(`/api/applications/${id}`, { token: await stack.login('staff') }),
    );
    expect(stuck).toMatchObject({ status: 'ISSUING', version: version + 1 });
    const reserved = stuck.certificate as { serial: string; code: string };

    const resumed = await approve(id, version + 1);
    expect(resumed.status).toBe(201);
    const { certificate } = await readJson(resumed);
    expect(certificate).toMatchObject({ serial: reserved.serial, code: reserved.code });
    expect(await pdfsig(await downloadOf(certificate.serial))).toContain(
      'Signature Validation: Signature is Valid.',
    );
  });

  it('exports the credential’s chain for the trust list, the seal certificate first', async () => {
    const { sealChainDer } = await chamberOfConfig(stack.config);

    expect(sealChainDer.map((der) => Buffer.from(der).toString('base64'))).toEqual(
      certificateChainFromPem(`${material.certificatePem}\n${material.caCertificatePem}`).map((der) =>
        Buffer.from(der).toString('base64'),
      ),
    );
  });

  it('does not start with a client secret the service refuses', async () => {
    await expect(createTestStack(cscEnvironment('not the secret'))).rejects.toThrow(
      /CSC token endpoint refused CSC_CLIENT_ID demo-chamber-client \(invalid_client/,
    );
  });
});
