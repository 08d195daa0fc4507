// poppler-utils and jsqr, for looking at issued PDFs the way a reader or a scanner would.
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import jsQRModule from 'jsqr';
import { PNG } from 'pngjs';

const run = promisify(execFile);

// jsqr is a CommonJS bundle whose default export sits one level down depending on the loader.
type Decode = typeof jsQRModule.default;
const jsQR: Decode =
  (jsQRModule as unknown as { default?: Decode }).default ?? (jsQRModule as unknown as Decode);

export const pdfToText = async (pdf: Uint8Array): Promise<string> => {
  const dir = await mkdtemp(join(tmpdir(), 'tradecert-pdf-'));
  await writeFile(join(dir, 'in.pdf'), pdf);
  const { stdout } = await run('pdftotext', ['-layout', join(dir, 'in.pdf'), '-']);
  return stdout;
};

/** Renders every page at `dpi` and decodes the QR code on each; null where none is found. */
export const decodeQrCodes = async (pdf: Uint8Array, dpi = 200): Promise<(string | null)[]> => {
  const dir = await mkdtemp(join(tmpdir(), 'tradecert-png-'));
  await writeFile(join(dir, 'in.pdf'), pdf);
  await run('pdftoppm', ['-r', String(dpi), '-gray', '-png', join(dir, 'in.pdf'), join(dir, 'page')]);
  const pages = (await readdir(dir)).filter((name) => name.endsWith('.png')).sort();
  return Promise.all(
    pages.map(async (name) => {
      const png = PNG.sync.read(await readFile(join(dir, name)));
      return jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data ?? null;
    }),
  );
};
