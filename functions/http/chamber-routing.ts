// Which chamber a request is for (docs/network.md §3): the path form /c/<id>/… on a shared domain, else the
// request's host (a chamber's own domain, or <id>.localhost locally), else the deployment's first chamber, which
// keeps every URL printed before the network existed working. The apps route on the path without /c/<id>, and
// pages served on the path form keep their links, redirects and cookies inside it.
import type { Context, MiddlewareHandler } from 'hono';
import { getPath } from 'hono/utils/url';
import { AppError } from '../core/errors.ts';
import { CHAMBER_PATH_PREFIX, ChamberHost, ChamberId } from '../core/network/chamber.ts';
import type { ChamberDirectory } from '../core/network/chamber-directory.ts';
import { noteChamber } from './access-log.ts';

const CHAMBER_PATH = /^\/c\/([^/]*)(\/.*)?$/;

/** `/c/<id>/rest` → the id and `/rest`; anything else → undefined. */
export const chamberPathOf = (path: string): { id: string; rest: string } | undefined => {
  const match = CHAMBER_PATH.exec(path);
  return match ? { id: match[1] ?? '', rest: match[2] ?? '/' } : undefined;
};

/** Hono's getPath without the chamber's prefix: the apps' routes are the same on every chamber. */
export const pathWithoutChamber = (request: Request): string => {
  const path = getPath(request);
  return chamberPathOf(path)?.rest ?? path;
};

/** The Host header as a host name: lower case, without the port; undefined when it is no host name. */
const hostOf = (c: Context): string | undefined => {
  const raw = c.req.header('host')?.toLowerCase().replace(/:\d+$/, '');
  return raw && ChamberHost.safeParse(raw).success ? raw : undefined;
};

/** Where the request names its chamber: by path (`/c/<id>`), by host, or not at all. */
export const chamberNamedBy = (c: Context): { pathId: string } | { host: string } | undefined => {
  const path = chamberPathOf(getPath(c.req.raw));
  if (path) return { pathId: path.id };
  const host = hostOf(c);
  return host ? { host } : undefined;
};

const LOCALHOST_SUFFIX = '.localhost';

/**
 * The chamber of the request and its wiring. `<id>.localhost` names chamber <id> with no host record (it
 * resolves to loopback without setup); an unknown path chamber or host name is UNKNOWN_CHAMBER, except that
 * hosts no chamber claims (the deployment's own domain, an address) go to the first chamber.
 */
export const resolveChamber = async <Wiring>(
  directory: ChamberDirectory<Wiring>,
  c: Context,
): Promise<{ chamberId: string; wiring: Wiring; pathForm: boolean }> => {
  const resolved = await findChamber(directory, c);
  noteChamber(c, resolved.chamberId);
  return resolved;
};

const findChamber = async <Wiring>(
  directory: ChamberDirectory<Wiring>,
  c: Context,
): Promise<{ chamberId: string; wiring: Wiring; pathForm: boolean }> => {
  const named = chamberNamedBy(c);
  const unknown = () =>
    new AppError('UNKNOWN_CHAMBER', 'No chamber of this service answers at this address.');
  if (named && 'pathId' in named) {
    if (!ChamberId.safeParse(named.pathId).success) throw unknown();
    const found = await directory.byId(named.pathId);
    if (!found) throw unknown();
    return { chamberId: found.chamber.id, wiring: found.wiring, pathForm: true };
  }
  if (named?.host.endsWith(LOCALHOST_SUFFIX)) {
    const found = await directory.byId(named.host.slice(0, -LOCALHOST_SUFFIX.length));
    if (!found) throw unknown();
    return { chamberId: found.chamber.id, wiring: found.wiring, pathForm: false };
  }
  const byHost = named ? await directory.byHost(named.host) : undefined;
  const found = byHost ?? (await directory.byId(directory.defaultId));
  if (!found) throw unknown();
  return { chamberId: found.chamber.id, wiring: found.wiring, pathForm: false };
};

const LINK_ATTRIBUTE = /\b(href|action|src|formaction)="\/(?!\/)/g;

/**
 * On the path form, a page's root-relative links, its redirects and its cookies stay under /c/<id>: the apps
 * write `/portal/…` as on a chamber's own host, and this puts the prefix in front.
 */
export const keepChamberPath: MiddlewareHandler = async (c, next) => {
  await next();
  const path = chamberPathOf(getPath(c.req.raw));
  if (!path) return;
  const prefix = `${CHAMBER_PATH_PREFIX}${path.id}`;
  const location = c.res.headers.get('Location');
  const cookies = c.res.headers.getSetCookie();
  const html = c.res.headers.get('Content-Type')?.startsWith('text/html') ?? false;
  if (!location?.startsWith('/') && cookies.length === 0 && !html) return;
  const headers = new Headers(c.res.headers);
  if (location?.startsWith('/') && !location.startsWith('//'))
    headers.set('Location', `${prefix}${location}`);
  if (cookies.length > 0) {
    headers.delete('Set-Cookie');
    for (const cookie of cookies) {
      headers.append(
        'Set-Cookie',
        cookie.replace(/; Path=\/([^;]*)/i, (_, rest) => `; Path=${prefix}/${rest}`),
      );
    }
  }
  const body = html ? (await c.res.text()).replace(LINK_ATTRIBUTE, `$1="${prefix}/`) : c.res.body;
  if (html) headers.delete('Content-Length');
  const status = c.res.status;
  // Hono's setter copies the old response's headers onto the new one: clear it first, so ours stand
  c.res = undefined as unknown as Response;
  c.res = new Response(body, { status, headers });
};
