// Builds templates/{co,eur1}.pdf and their manifests from the definitions in *.layout.ts and the wording
// in wording.ts. Reproducible: same source, same bytes. Run with `npm run templates`.
//
// A template PDF holds the drawing of the form (frames and rules) and one named AcroForm text field per
// box, caption and area; it holds no text and no font. The renderer reads the field rectangles, prints
// captions from the manifest's `labels` in the issuer's languages and data in the one embedded font, so
// an issued page carries a single font subset. A chamber may bring its own PDF with the same field names;
// captions it prints itself simply stay out of its manifest.
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { PDFDocument, rgb } from 'pdf-lib';
import type { TemplateManifest } from '../functions/core/rendering/template-manifest.ts';
import { certificateOfOrigin } from './certificate-of-origin.layout.ts';
import { A4, type Box, type TemplateDefinition } from './layout.ts';
import { movementCertificate } from './movement-certificate.layout.ts';

const FIXED_DATE = new Date('2026-01-01T00:00:00Z');
const LINE = rgb(0.15, 0.15, 0.15);

const pdfRect = (box: Box) => ({
  x: box.x,
  y: A4.height - box.top - box.height,
  width: box.width,
  height: box.height,
});

export const buildTemplatePdf = async (definition: TemplateDefinition): Promise<Uint8Array> => {
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.setTitle(definition.title);
  doc.setProducer('tradecert templates');
  doc.setCreator('tradecert templates');
  doc.setCreationDate(FIXED_DATE);
  doc.setModificationDate(FIXED_DATE);
  const page = doc.addPage([A4.width, A4.height]);
  for (const box of definition.frames)
    page.drawRectangle({ ...pdfRect(box), borderColor: LINE, borderWidth: 0.8 });
  for (const rule of definition.rules) {
    page.drawLine({
      start: { x: rule.from[0], y: A4.height - rule.from[1] },
      end: { x: rule.to[0], y: A4.height - rule.to[1] },
      thickness: rule.width ?? 0.4,
      color: LINE,
    });
  }
  const form = doc.getForm();
  for (const field of definition.fields) {
    form.createTextField(field.name).addToPage(page, { ...pdfRect(field.box), borderWidth: 0 });
  }
  return doc.save({ useObjectStreams: false });
};

export const manifestOf = (definition: TemplateDefinition): TemplateManifest => ({
  type: definition.type,
  fields: Object.fromEntries(definition.fields.map((field) => [field.name, field.style])),
  goodsColumns: definition.goodsColumns,
  labels: definition.labels,
});

const here = (name: string) => fileURLToPath(new URL(name, import.meta.url));

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const definition of [certificateOfOrigin(), movementCertificate()]) {
    await writeFile(here(`./${definition.type}.pdf`), await buildTemplatePdf(definition));
    await writeFile(
      here(`./${definition.type}.manifest.json`),
      `${JSON.stringify(manifestOf(definition), null, 2)}\n`,
    );
    console.log(`templates/${definition.type}.pdf and templates/${definition.type}.manifest.json written`);
  }
}
