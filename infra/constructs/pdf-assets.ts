// Bundling hooks that copy what PDF rendering reads from disk at run time: the templates, the font files and
// the sRGB colour profile.
import type { ICommandHooks } from 'aws-cdk-lib/aws-lambda-nodejs';

/** Where the templates land in the function: /var/task is the unpacked bundle. */
export const LAMBDA_TEMPLATES_DIR = '/var/task/templates';

const TEMPLATE_FILES = [
  'templates/co.pdf',
  'templates/co.manifest.json',
  'templates/eur1.pdf',
  'templates/eur1.manifest.json',
];

// templates/fonts.ts finds the fonts with require.resolve('dejavu-fonts-ttf/ttf/…'), so they keep their
// node_modules layout inside the bundle; the package.json makes the directory a package Node resolves into.
const FONT_PACKAGE = 'node_modules/dejavu-fonts-ttf';
const FONT_FILES = [`${FONT_PACKAGE}/ttf/DejaVuSans.ttf`, `${FONT_PACKAGE}/ttf/DejaVuSans-Bold.ttf`];

// templates/colour-profile.ts looks for the profile under each node_modules directory Node resolves from, so it
// keeps its place in pdfkit's package, without the package's code.
const COLOUR_PROFILE_DIR = 'node_modules/pdfkit/js/data';
const COLOUR_PROFILE = `${COLOUR_PROFILE_DIR}/sRGB_IEC61966_2_1.icc`;

const quote = (path: string) => `"${path}"`;

const copyInto = (inputDir: string, files: readonly string[], targetDir: string): string[] => [
  `mkdir -p ${quote(targetDir)}`,
  ...files.map((file) => `cp ${quote(`${inputDir}/${file}`)} ${quote(`${targetDir}/`)}`),
];

/** Where the PAdES seal's certificate chain lands in the function, when the deployment seals. */
export const LAMBDA_SEAL_CHAIN_FILE = '/var/task/seal/chain.pem';

/** Templates, fonts and the colour profile; with `sealChainFile` (an absolute path) also the seal certificate chain. */
export const pdfAssetHooks = (sealChainFile?: string): ICommandHooks => ({
  beforeBundling: () => [],
  beforeInstall: () => [],
  afterBundling: (inputDir, outputDir) => [
    ...copyInto(inputDir, TEMPLATE_FILES, `${outputDir}/templates`),
    ...copyInto(inputDir, [`${FONT_PACKAGE}/package.json`], `${outputDir}/${FONT_PACKAGE}`),
    ...copyInto(inputDir, FONT_FILES, `${outputDir}/${FONT_PACKAGE}/ttf`),
    ...copyInto(inputDir, [COLOUR_PROFILE], `${outputDir}/${COLOUR_PROFILE_DIR}`),
    ...(sealChainFile
      ? [
          `mkdir -p ${quote(`${outputDir}/seal`)}`,
          `cp ${quote(sealChainFile)} ${quote(`${outputDir}/seal/chain.pem`)}`,
        ]
      : []),
  ],
});
