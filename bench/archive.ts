// Archive (issue 16, docs/performance.md): a one-page certificate of origin as issuance stores it with a TSA
// configured — B-T seal, DSS with the local CA's CRL, document timestamp (B-LTA) — against the local TSA and the
// local CRL server over loopback HTTP, as `npm start` runs them. Two figures: its size (budget 80 KB) and its
// render + seal + timestamps time against render + seal (B-B) of the same content in the same run (budget 3×).
// No storage: the two differ only by what the timestamps and the validation data add.
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHttpRevocationSource } from '../functions/adapters/http/crl-source.ts';
import { createFileKeyRing, ensureSigningKey } from '../functions/adapters/local/file-key-ring.ts';
import { createFileTemplateSource } from '../functions/adapters/local/file-template-source.ts';
import { loadLocalSealKey } from '../functions/adapters/local/seal-key.ts';
import { ensureSealMaterial } from '../functions/adapters/local/seal-material.ts';
import { createHttpTimestampAuthority } from '../functions/adapters/tsa/http-tsa.ts';
import { type Certificate, verifyUrl } from '../functions/core/certificates/certificate.ts';
import { sealedCertificatePdf } from '../functions/core/issuance/certificate-pdf.ts';
import { buildSealClaims } from '../functions/core/sealing/qr-seal.ts';
import { startLocalCrlServer } from '../functions/local/crl-server.ts';
import { startLocalTsa } from '../functions/local/tsa.ts';
import { benchContent } from './support/render-seal.ts';
import { median, round } from './support/stats.ts';

export const ARCHIVE_TARGETS = { maxBytes: 80 * 1024, maxTimeRatio: 3 } as const;

export interface ArchiveResults {
  runs: number;
  /** A one-page B-LTA certificate of origin. */
  bytes: number;
  bytesMet: boolean;
  renderSealMs: number;
  renderSealTimestampsMs: number;
  /** render + seal + timestamps ÷ render + seal (B-B), medians. */
  timeRatio: number;
  timeMet: boolean;
}

export const benchArchive = async (options: { runs: number }): Promise<ArchiveResults> => {
  const keysDir = join(await mkdtemp(join(tmpdir(), 'tradecert-bench-archive-')), 'keys');
  const crl = await startLocalCrlServer(keysDir);
  const content = benchContent(1);
  await ensureSigningKey(keysDir, new Date());
  await ensureSealMaterial(keysDir, content.issuer, new Date(), crl.url);
  const clock = { now: () => new Date() };
  const tsa = await startLocalTsa({ keysDir, issuer: content.issuer, clock, crlUrl: crl.url });
  const timestamps = createHttpTimestampAuthority({ url: tsa.url, random: { bytes: (n) => randomBytes(n) } });
  const revocation = createHttpRevocationSource();
  const keys = await createFileKeyRing(keysDir);
  const seal = await loadLocalSealKey(keysDir);
  const templates = createFileTemplateSource(join(process.cwd(), 'templates'));
  const [template, fonts] = await Promise.all([templates.load('co'), templates.fonts()]);
  const code = '7K3M9Q2XW4HRT8VB';
  const signer = await keys.activeSigner();
  const jws = await signer.sign(new TextEncoder().encode(JSON.stringify(buildSealClaims(content))));
  const certificate = {
    code,
    jws,
    content,
    type: 'co',
    serial: content.serial,
    issuedAt: content.issuedAt,
  } as Certificate;
  // nothing to resume here: every part is made afresh, as on a first issuance
  const settle = (_part: string, make: () => Promise<Uint8Array>) => make();
  const base = {
    template,
    fonts,
    certificate,
    verifyUrl: verifyUrl('https://verify.chamber.example', code),
    seal,
    settle,
  };
  const timed = async (work: () => Promise<unknown>) => {
    const started = performance.now();
    await work();
    return performance.now() - started;
  };
  const bb = () => sealedCertificatePdf(base);
  const lta = () => sealedCertificatePdf({ ...base, timestamps, archive: { revocation } });
  await bb();
  const { pdf } = await lta(); // warm-up, and the file whose size is measured
  const bbMs: number[] = [];
  const ltaMs: number[] = [];
  // alternating, so that a noisy neighbour slows both alike
  for (let run = 0; run < options.runs; run++) {
    bbMs.push(await timed(bb));
    ltaMs.push(await timed(lta));
  }
  await tsa.stop();
  await crl.stop();
  const renderSealMs = median(bbMs);
  const renderSealTimestampsMs = median(ltaMs);
  const timeRatio = round(renderSealTimestampsMs / renderSealMs, 2);
  return {
    runs: options.runs,
    bytes: pdf.length,
    bytesMet: pdf.length <= ARCHIVE_TARGETS.maxBytes,
    renderSealMs: round(renderSealMs),
    renderSealTimestampsMs: round(renderSealTimestampsMs),
    timeRatio,
    timeMet: timeRatio <= ARCHIVE_TARGETS.maxTimeRatio,
  };
};

// `npx tsx bench/archive.ts`: this figure alone
if (process.argv[1]?.endsWith('archive.ts')) {
  const results = await benchArchive({ runs: 15 });
  const verdict = (met: boolean) => (met ? 'PASS' : 'MISS');
  console.log(JSON.stringify(results, null, 2));
  console.log(
    `one-page B-LTA: ${results.bytes} bytes (≤ ${ARCHIVE_TARGETS.maxBytes}) ${verdict(results.bytesMet)}`,
  );
  console.log(
    `render+seal+timestamps ${results.renderSealTimestampsMs} ms vs render+seal ${results.renderSealMs} ms: ×${results.timeRatio} (≤ ${ARCHIVE_TARGETS.maxTimeRatio}) ${verdict(results.timeMet)}`,
  );
}
