// The README's curl walkthrough works as pasted: its shell block runs unchanged against `npm start` on a
// fresh data directory and ends with an issued, verifiable certificate and its PDF on disk.
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalServer, startLocalServer } from '../support/local-server.ts';

const PASSWORD = 'readme-walkthrough-password';
let dir: string;
let server: LocalServer;

/** The first ```sh block after the "Try it with curl" line. */
const curlBlock = async (): Promise<string> => {
  const readme = await readFile('README.md', 'utf8');
  const from = readme.indexOf('Try it with curl');
  const match = /```sh\n([\s\S]*?)```/.exec(readme.slice(from));
  if (from < 0 || !match?.[1]) throw new Error('README has no curl walkthrough');
  return match[1];
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tradecert-readme-'));
  server = await startLocalServer({ dataDir: join(dir, 'data'), password: PASSWORD });
  // The walkthrough reads its example files relative to the clone; run it in a copy so it writes nowhere here.
  await cp('docs/examples', join(dir, 'work', 'docs', 'examples'), { recursive: true });
});

afterAll(async () => {
  await server?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('the README curl walkthrough', () => {
  it('issues a certificate, downloads its PDF and verifies it, pasted into bash as it stands', async () => {
    const { stdout } = await promisify(execFile)('bash', ['-c', await curlBlock()], {
      cwd: join(dir, 'work'),
      env: { PATH: process.env.PATH ?? '', HOME: dir, PORT: String(server.port), DEMO_PASSWORD: PASSWORD },
    });

    expect(stdout).toContain('"status":"VALID"');
    expect(stdout).toContain(`/v/`);
    const pdf = await readFile(join(dir, 'work', 'certificate.pdf'));
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  });
});
