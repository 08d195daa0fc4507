// The sRGB ICC profile of every certificate's PDF/A output intent (docs/legal.md §7): the ICC's own sRGB2014
// profile (v2, "IEC 61966-2-1 Default RGB Colour Space - sRGB", © International Color Consortium 2015, which may
// be copied, embedded and distributed without restriction), as the pdfkit package ships it. pdfkit is a
// dependency for this file only: nothing imports its code. Its package exports no path to the file, so the
// file is looked for in each node_modules directory Node would resolve pdfkit from (in a Lambda bundle
// infra/constructs/pdf-assets.ts copies it to the same place).
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { AppError } from '../functions/core/errors.ts';

const require = createRequire(import.meta.url);

export const COLOUR_PROFILE_FILE = 'pdfkit/js/data/sRGB_IEC61966_2_1.icc';

export const readColourProfile = async (): Promise<Uint8Array> => {
  const directories = require.resolve.paths('pdfkit') ?? [];
  for (const directory of directories) {
    try {
      return await readFile(join(directory, COLOUR_PROFILE_FILE));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  throw new AppError(
    'INTERNAL',
    `The sRGB colour profile ${COLOUR_PROFILE_FILE} is missing: is pdfkit installed?`,
  );
};
