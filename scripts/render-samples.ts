// Renders sample certificates of both types to test-artifacts/samples/*.pdf and, with pdftoppm, to PNG
// (one file per sheet) so a reviewer can look at them: one goods line, 120 lines, every field at its
// maximum length, the scripts of the region, English alone, and another label language pair with a stand-in
// logo. Every sample is PDF/A-3b and tagged, with the certificate's data embedded (docs/legal.md §7).
// Run with `npm run samples [-- dpi]` (default 100 dpi).
import { execFile } from 'node:child_process';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { CompactSign, generateKeyPair } from 'jose';
import { PNG } from 'pngjs';
import type { CertificateType } from '../functions/core/applications/application.ts';
import type { CertificateContent } from '../functions/core/certificates/certificate.ts';
import type { CertificateTemplate, TemplateManifest } from '../functions/core/ports.ts';
import { renderCertificatePdf } from '../functions/core/rendering/render-certificate.ts';
import { buildSealClaims } from '../functions/core/sealing/qr-seal.ts';
import { readColourProfile } from '../templates/colour-profile.ts';
import { readCertificateFonts } from '../templates/fonts.ts';
import {
  SAMPLE_VERIFICATION_CODE,
  SAMPLE_VERIFY_URL,
  type SampleVariant,
  sampleContent,
} from '../test/fixtures/sample-certificates.ts';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../', import.meta.url));
const outDir = join(root, 'test-artifacts', 'samples');
const dpi = process.argv[2] ?? '100';

interface Sample {
  name: string;
  type: CertificateType;
  variant: SampleVariant;
  goodsLines: number;
  languages: string[];
  /** Print a stand-in chamber logo (a generated emblem) in the logo box. */
  logo?: boolean;
}

const SAMPLES: Sample[] = (['co', 'eur1'] as const).flatMap((type) => [
  { name: `${type}-one-line`, type, variant: 'typical' as const, goodsLines: 1, languages: ['mk', 'en'] },
  { name: `${type}-120-lines`, type, variant: 'typical' as const, goodsLines: 120, languages: ['mk', 'en'] },
  { name: `${type}-maximum`, type, variant: 'maximum' as const, goodsLines: 3, languages: ['mk', 'en'] },
  { name: `${type}-scripts`, type, variant: 'scripts' as const, goodsLines: 5, languages: ['mk', 'en'] },
  { name: `${type}-en`, type, variant: 'typical' as const, goodsLines: 2, languages: ['en'] },
  {
    name: `${type}-sq-en`,
    type,
    variant: 'scripts' as const,
    goodsLines: 2,
    languages: ['sq', 'en'],
    logo: true,
  },
]);

const loadTemplate = async (type: CertificateType, languages: string[]): Promise<CertificateTemplate> => {
  const [pdf, manifest] = await Promise.all([
    readFile(join(root, 'templates', `${type}.pdf`)),
    readFile(join(root, 'templates', `${type}.manifest.json`), 'utf8'),
  ]);
  return {
    type,
    pdf,
    manifest: JSON.parse(manifest) as TemplateManifest,
    languages,
    colourProfile: await readColourProfile(),
  };
};

/** A round emblem in the chamber's blue, standing in for a real logo.png. */
const emblem = (): Uint8Array => {
  const size = 96;
  const png = new PNG({ width: size, height: size });
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const r = Math.hypot(x - size / 2, y - size / 2);
      const inside = r < size / 2 - 2 && !(r > size / 3 && r < size / 3 + 6);
      png.data.set(inside ? [0x1f, 0x4e, 0x8c, 0xff] : [0, 0, 0, 0], (y * size + x) * 4);
    }
  }
  return PNG.sync.write(png);
};

const { privateKey } = await generateKeyPair('ES256');
const seal = (content: CertificateContent) =>
  new CompactSign(new TextEncoder().encode(JSON.stringify(buildSealClaims(content))))
    .setProtectedHeader({ alg: 'ES256', kid: 'sample-key' })
    .sign(privateKey);

await rm(outDir, { recursive: true, force: true });
await mkdir(outDir, { recursive: true });
const fonts = await readCertificateFonts();
/** The exporter's declaration as an authorised signatory makes it by submitting (docs/legal.md §8). */
const DECLARATIONS: Record<string, NonNullable<CertificateContent['declaration']>> = {
  mk: {
    name: 'Марија Стојановска',
    function: 'Управител',
    place: 'Скопје',
    at: '2026-11-22T08:41:00.000Z',
    printedAt: '22.11.2026 09:41',
  },
  sq: {
    name: 'Arbër Krasniqi',
    function: 'Drejtor ekzekutiv',
    place: 'Tetovë',
    at: '2026-11-22T08:41:00.000Z',
    printedAt: '22.11.2026 09:41',
  },
};

for (const sample of SAMPLES) {
  const declaration = DECLARATIONS[sample.languages[0] ?? ''] ?? DECLARATIONS.mk;
  const content = {
    ...sampleContent(sample.type, { variant: sample.variant, goodsLines: sample.goodsLines }),
    ...(declaration ? { declaration } : {}),
  };
  const pdf = await renderCertificatePdf({
    template: {
      ...(await loadTemplate(sample.type, sample.languages)),
      logo: sample.logo ? emblem() : undefined,
    },
    fonts,
    certificate: { code: SAMPLE_VERIFICATION_CODE, jws: await seal(content), content },
    verifyUrl: SAMPLE_VERIFY_URL,
  });
  const file = join(outDir, `${sample.name}.pdf`);
  await writeFile(file, pdf);
  await run('pdftoppm', ['-r', dpi, '-png', file, join(outDir, sample.name)]);
  console.log(`${sample.name}.pdf  ${(pdf.length / 1024).toFixed(1)} KiB`);
}
console.log(`samples in ${outDir}`);
