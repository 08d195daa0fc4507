// The favicon of the portal and the verification page: the chamber's seal (a navy disc in a gold ring,
// with a white tick), one small SVG served from our own origin with a year's cache.
import type { Context } from 'hono';

export const FAVICON_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">' +
  '<circle cx="16" cy="16" r="15" fill="#12365f"/>' +
  '<circle cx="16" cy="16" r="12" fill="none" stroke="#ffd166" stroke-width="2" stroke-dasharray="2.2 1.3"/>' +
  '<path d="M10 16.5l4 4 8-9" fill="none" stroke="#fff" stroke-width="3" stroke-linecap="round" stroke-linejoin="round"/>' +
  '</svg>';

/** Answers with the favicon; it never changes in place, so it may be cached for a year. */
export const serveFavicon = (c: Context) =>
  c.body(FAVICON_SVG, 200, {
    'Content-Type': 'image/svg+xml',
    'Cache-Control': 'public, max-age=31536000, immutable',
    'X-Content-Type-Options': 'nosniff',
  });
