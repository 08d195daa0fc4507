// Debian's Chromium driven by playwright-core, with the flags the project's browser tests use.
import { execFileSync } from 'node:child_process';
import { type Browser, chromium } from 'playwright-core';

const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

const chromiumPath = () =>
  execFileSync('sh', ['-c', 'command -v chromium || command -v chromium-browser']).toString().trim();

export const launchChromium = (): Promise<Browser> =>
  chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_FLAGS });
