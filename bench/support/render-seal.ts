// Render and seal with no storage: the floor under issuance. Does what issuance does between reading the
// application and writing to S3 with the local defaults — seal claims signed as a compact JWS (ES256), the PDF
// rendered from the template with its QR, the PAdES seal over the file (SEAL_SOURCE=local), the SHA-256 of the
// bytes — and nothing else.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFileKeyRing, ensureSigningKey } from '../../functions/adapters/local/file-key-ring.ts';
import { createFileTemplateSource } from '../../functions/adapters/local/file-template-source.ts';
import { loadLocalSealKey } from '../../functions/adapters/local/seal-key.ts';
import { ensureSealMaterial } from '../../functions/adapters/local/seal-material.ts';
import { sha256Hex } from '../../functions/core/canonical-json.ts';
import type { Certificate, CertificateContent } from '../../functions/core/certificates/certificate.ts';
import { verifyUrl } from '../../functions/core/certificates/certificate.ts';
import { renderCertificatePdf } from '../../functions/core/rendering/render-certificate.ts';
import { sealDetailsOf, sealPdf } from '../../functions/core/sealing/pades.ts';
import { buildSealClaims } from '../../functions/core/sealing/qr-seal.ts';
import { sampleCertificateContent } from '../../test/unit/sample-certificate.ts';

const PUBLIC_BASE_URL = 'https://verify.chamber.example';

/** Certificate content as reservation freezes it, for an application with `goodsLines` goods lines. */
export const benchContent = (goodsLines: number, serialNumber = 1): CertificateContent => ({
  ...sampleCertificateContent({ goodsLines }),
  serial: `MK-CO-2026-${String(serialNumber).padStart(6, '0')}`,
});

export const createRenderSeal = async () => {
  const keysDir = join(await mkdtemp(join(tmpdir(), 'tradecert-bench-keys-')), 'keys');
  await ensureSigningKey(keysDir, new Date());
  await ensureSealMaterial(keysDir, benchContent(1).issuer, new Date());
  const keys = await createFileKeyRing(keysDir);
  const sealKey = await loadLocalSealKey(keysDir);
  const templates = createFileTemplateSource(join(process.cwd(), 'templates'));
  const [template, fonts] = await Promise.all([templates.load('co'), templates.fonts()]);
  const code = '7K3M9Q2XW4HRT8VB';

  /** One render + seal; returns the PDF and its digest. */
  return async (content: CertificateContent): Promise<{ pdf: Uint8Array; sha256: string }> => {
    const signer = await keys.activeSigner();
    const jws = await signer.sign(new TextEncoder().encode(JSON.stringify(buildSealClaims(content))));
    const certificate: Pick<Certificate, 'code' | 'jws' | 'content'> = { code, jws, content };
    const rendered = await renderCertificatePdf({
      template,
      fonts,
      certificate,
      verifyUrl: verifyUrl(PUBLIC_BASE_URL, code),
    });
    const pdf = await sealPdf(
      rendered,
      sealKey,
      sealDetailsOf({ type: content.type, serial: content.serial, issuedAt: content.issuedAt, content }),
    );
    return { pdf, sha256: sha256Hex(pdf) };
  };
};
