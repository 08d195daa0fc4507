// The `tradecert` command as a user installs it: built to JavaScript (scripts/build-cli.mjs), packed, installed
// into an empty directory without network, and run with npx. No tsx, no node_modules of the repository.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT_CODES, EXIT_CODES_TEXT } from '../../functions/cli/exit-codes.ts';
import { freePort } from '../../functions/local/storage-processes.ts';
import { sampleCertificateOfOrigin } from '../fixtures/certificate-of-origin.ts';
import { readJson } from '../support/json.ts';
import { createTestStack, submittedApplication, type TestStack } from '../support/test-stack.ts';

const run = promisify(execFile);
let stack: TestStack;
let server: ReturnType<typeof serve>;
let base: string;
let home: string;
let installed: string;

/** npx in the install directory, offline: what it runs must already be there. */
const npx = (...args: string[]) => installedCommand(['npx', '--offline', 'tradecert'], args);
/** The installed bin run by node directly: the same file, without npx's second of start-up. */
const bin = (...args: string[]) =>
  installedCommand([process.execPath, join(installed, 'node_modules', '.bin', 'tradecert')], args);

const installedCommand = async ([command, ...prefix]: string[], args: string[]) => {
  try {
    const { stdout, stderr } = await run(command ?? 'npx', [...prefix, ...args], {
      cwd: installed,
      env: { ...process.env, npm_config_offline: 'true', npm_config_update_notifier: 'false' },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
};

const issuedPdf = async () => {
  const { id, version } = await submittedApplication(stack, sampleCertificateOfOrigin(2));
  const approved = await readJson(
    await stack.request(`/api/applications/${id}/approve`, {
      token: await stack.login('staff'),
      json: { version },
    }),
  );
  const { serial } = approved.certificate as { serial: string };
  const response = await stack.request(`/api/certificates/${serial}/pdf`, {
    token: await stack.login('exporterA'),
  });
  expect(response.status).toBe(200);
  return { serial, pdf: new Uint8Array(await response.arrayBuffer()) };
};

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'tradecert-package-'));
  await run(process.execPath, ['scripts/build-cli.mjs']);
  const packed = join(home, 'packed');
  await mkdir(packed);
  await run('npm', ['pack', './dist/cli', '--pack-destination', packed, '--silent']);
  const [tarball] = await readdir(packed);
  installed = join(home, 'user');
  await mkdir(installed);
  await writeFile(join(installed, 'package.json'), '{"name":"erp-desk","private":true}\n');
  await run('npm', ['install', '--offline', '--no-audit', '--no-fund', join(packed, tarball ?? '')], {
    cwd: installed,
  });
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  stack = await createTestStack({ PUBLIC_BASE_URL: base });
  server = serve({ fetch: stack.app.fetch, port, hostname: '127.0.0.1' });
});

afterAll(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  await rm(home, { recursive: true, force: true });
});

describe('the installed tradecert command', () => {
  it('is one JavaScript file with no dependencies: the install brings nothing else', async () => {
    const manifest = JSON.parse(
      await readFile(join(installed, 'node_modules', 'tradecert', 'package.json'), 'utf8'),
    );
    expect(manifest.bin).toEqual({ tradecert: 'tradecert.mjs' });
    expect(manifest.dependencies).toBeUndefined();
    expect((await readdir(join(installed, 'node_modules'))).filter((name) => !name.startsWith('.'))).toEqual([
      'tradecert',
    ]);
  });

  it('prints help with the exit codes for the command and for each subcommand', async () => {
    const overview = await npx('--help');
    expect(overview.code).toBe(0);
    expect(overview.stdout).toContain('usage: tradecert <command>');
    expect(overview.stdout).toContain(EXIT_CODES_TEXT);
    for (const command of ['verify', 'trust', 'keys', 'network', 'admin', 'seal', 'archive', 'chambers']) {
      const help = await bin(command, '--help');
      expect(help.code, command).toBe(0);
      expect(help.stdout, command).toMatch(new RegExp(`tradecert ${command}`));
      expect(help.stdout, command).toMatch(/Exit codes/);
    }
    expect((await bin('frobnicate')).code).toBe(2);
    expect((await bin('verify', '--no-such-option', 'x.pdf')).code).toBe(2);
  });

  it('verifies a real issued PDF offline against fetched trust data, and a revoked one as revoked', async () => {
    const valid = await issuedPdf();
    const revoked = await issuedPdf();
    expect(
      (
        await stack.request(`/api/certificates/${revoked.serial}/revoke`, {
          token: await stack.login('staff'),
          json: { reason: 'issued-in-error' },
        })
      ).status,
    ).toBe(200);
    await writeFile(join(installed, 'cert.pdf'), valid.pdf);
    await writeFile(join(installed, 'revoked.pdf'), revoked.pdf);
    const trustDir = join(installed, 'trust');
    const fetched = await npx('trust', 'fetch', '--base', base, '--trust-dir', trustDir);
    expect(fetched.code, fetched.stderr).toBe(0);

    // the service is gone: what follows is offline
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const checked = await npx('verify', 'cert.pdf', '--offline', '--trust-dir', trustDir);
    expect(checked.code, checked.stderr).toBe(EXIT_CODES.VALID);
    expect(checked.stdout).toMatch(/^VALID: /);
    expect(checked.stdout).toContain(valid.serial);
    const withdrawn = await bin('verify', 'revoked.pdf', '--offline', '--trust-dir', trustDir, '--json');
    expect(withdrawn.code).toBe(EXIT_CODES.REVOKED);
    expect(JSON.parse(withdrawn.stdout).status).toBe('REVOKED');
    const noTrust = await bin('verify', 'cert.pdf', '--offline', '--trust-dir', join(installed, 'none'));
    expect(noTrust.code).toBe(EXIT_CODES.UNCHECKED);
  });

  it('documents in the README the exit codes it uses', async () => {
    const readme = await readFile('README.md', 'utf8');
    for (const [status, code] of Object.entries(EXIT_CODES)) {
      const words = status === 'UNCHECKED' ? 'could not check' : status;
      expect(readme).toContain(`\`${code}\` ${words}`);
    }
    expect(readme).toContain('`1` could not run');
    expect(readme).toContain('`2` usage');
  });
});
