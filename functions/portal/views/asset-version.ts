// A short hash of the stylesheet and script, appended to their URLs so that browsers may cache them long.
import { createHash } from 'node:crypto';
import { PORTAL_CSS } from '../assets/portal-css.ts';
import { PORTAL_JS } from '../assets/portal-js.ts';

export const ASSET_VERSION = createHash('sha256')
  .update(PORTAL_CSS)
  .update(PORTAL_JS)
  .digest('hex')
  .slice(0, 10);
