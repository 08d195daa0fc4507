// Certificate templates and fonts read from disk once and kept for the life of the process.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readCertificateFonts } from '../../../templates/fonts.ts';
import type { CertificateType } from '../../core/applications/application.ts';
import { AppError } from '../../core/errors.ts';
import type { CertificateTemplate, TemplateManifest, TemplateSource } from '../../core/ports.ts';

export const createFileTemplateSource = (templatesDir: string): TemplateSource => {
  const templates = new Map<CertificateType, Promise<CertificateTemplate>>();
  let fonts: Promise<{ regular: Uint8Array; bold: Uint8Array }> | undefined;
  const loadTemplate = async (type: CertificateType): Promise<CertificateTemplate> => {
    try {
      const [pdf, manifest] = await Promise.all([
        readFile(join(templatesDir, `${type}.pdf`)),
        readFile(join(templatesDir, `${type}.manifest.json`), 'utf8'),
      ]);
      return { type, pdf, manifest: JSON.parse(manifest) as TemplateManifest };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      templates.delete(type);
      throw new AppError(
        'UNSUPPORTED_CERTIFICATE_TYPE',
        `There is no template for "${type}" certificates yet.`,
        {
          cause: error,
        },
      );
    }
  };
  return {
    load: (type) => {
      let template = templates.get(type);
      if (!template) {
        template = loadTemplate(type);
        templates.set(type, template);
      }
      return template;
    },
    fonts: () => {
      fonts ??= readCertificateFonts();
      return fonts;
    },
  };
};
