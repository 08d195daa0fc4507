// `openssl ts -verify` of a document timestamp (ETSI.RFC3161) in a PDF, as a validator we did not write checks it:
// the token over the bytes its ByteRange covers, the local CA trusted and the TSA's chain given.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { PdfSignature } from '../../functions/core/sealing/pades-ltv.ts';

const run = promisify(execFile);

/** What openssl prints ("Verification: OK"); rejects as openssl does when the token does not verify. */
export const verifyDocumentTimestamp = async (
  pdf: Uint8Array,
  stamp: Pick<PdfSignature, 'byteRange' | 'cms'>,
  trust: { caFile: string; tsaFile: string },
): Promise<string> => {
  const [, a, b, c] = stamp.byteRange;
  const dir = await mkdtemp(join(tmpdir(), 'tradecert-ts-verify-'));
  const covered = join(dir, 'covered.bin');
  const token = join(dir, 'token.tst');
  try {
    await writeFile(covered, Buffer.concat([pdf.subarray(0, a), pdf.subarray(b, b + c)]));
    await writeFile(token, stamp.cms);
    const { stdout } = await run('openssl', [
      'ts',
      '-verify',
      '-data',
      covered,
      '-in',
      token,
      '-token_in',
      '-CAfile',
      trust.caFile,
      '-untrusted',
      trust.tsaFile,
    ]);
    return stdout;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
};
