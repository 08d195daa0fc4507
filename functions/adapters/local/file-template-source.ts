// Certificate templates and fonts read from disk once and kept for the life of the process. Each template
// is checked against the issuer's label languages when it is loaded, so a missing translation stops an
// approval before a serial is reserved.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readColourProfile } from '../../../templates/colour-profile.ts';
import { readCertificateFonts } from '../../../templates/fonts.ts';
import type { CertificateType } from '../../core/applications/application.ts';
import { AppError } from '../../core/errors.ts';
import type { CertificateTemplate, TemplateManifest, TemplateSource } from '../../core/ports.ts';
import { missingWording } from '../../core/rendering/wording.ts';

export const DEFAULT_LABEL_LANGUAGES: readonly string[] = ['mk', 'en'];

export const createFileTemplateSource = (
  templatesDir: string,
  languages: readonly string[] = DEFAULT_LABEL_LANGUAGES,
): TemplateSource => {
  const templates = new Map<CertificateType, Promise<CertificateTemplate>>();
  let fonts: Promise<{ regular: Uint8Array; bold: Uint8Array }> | undefined;
  let colourProfile: Promise<Uint8Array> | undefined;
  // a chamber's own logo: logo.png beside the templates, optional
  const readLogo = () =>
    readFile(join(templatesDir, 'logo.png')).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
  const loadTemplate = async (type: CertificateType): Promise<CertificateTemplate> => {
    let template: CertificateTemplate;
    try {
      colourProfile ??= readColourProfile();
      const [pdf, manifest, logo, profile] = await Promise.all([
        readFile(join(templatesDir, `${type}.pdf`)),
        readFile(join(templatesDir, `${type}.manifest.json`), 'utf8'),
        readLogo(),
        colourProfile,
      ]);
      template = {
        type,
        pdf,
        manifest: JSON.parse(manifest) as TemplateManifest,
        languages,
        logo,
        colourProfile: profile,
      };
    } catch (error) {
      templates.delete(type);
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      throw new AppError(
        'UNSUPPORTED_CERTIFICATE_TYPE',
        `There is no template for "${type}" certificates yet.`,
        {
          cause: error,
        },
      );
    }
    const missing = missingWording(template.manifest, languages);
    if (missing.length > 0) {
      templates.delete(type);
      throw new AppError(
        'INTERNAL',
        `The ${type} template lacks wording for the label languages ${languages.join(',')}: ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', …' : ''}`,
      );
    }
    return template;
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
