// The platform operator's pages (docs/network.md §2): the chambers, a new chamber with its first administrator,
// and suspending, withdrawing or reactivating one. The operator logs in at /c/platform/portal/login; the core's
// network verbs decide (every other role is FORBIDDEN there too), these pages only refuse other roles first.
import { type Context, Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import * as z from 'zod';
import { UserFields } from '../../core/auth/account-fields.ts';
import { AppError, type FieldError, isAppError } from '../../core/errors.ts';
import { fieldErrorsOf } from '../../core/field-issues.ts';
import {
  CHAMBER_STATUSES,
  ChamberFields,
  ChamberId,
  type ChamberStatus,
} from '../../core/network/chamber.ts';
import { PORTAL, type PortalEnv } from '../context.ts';
import { fieldMessage } from '../field-messages.ts';
import { setFlash, takeFlash } from '../flash.ts';
import { field, postedForm, versionOf } from '../form-body.ts';
import { actorOf } from '../portal-session.ts';
import { allowRoles } from '../roles.ts';
import {
  CHAMBER_FORM_FIELDS,
  type ChamberNotice,
  ChamberStatusPage,
  ChambersPage,
  NewChamberPage,
} from '../views/network-pages.tsx';
import { viewOf } from '../views/view-context.ts';

const CHAMBERS_PAGE = `${PORTAL}/network/chambers`;
const NOTICE_COOKIE = 'tc_chamber_notice';

/**
 * The one-time notice after a chamber is created: which chamber, its administrator and the generated password.
 * A short-lived cookie for the chambers page only, read once and deleted, so that the password is never in a
 * URL and a reload neither shows it again nor repeats the POST (POST-redirect-GET, as flash.ts does for users).
 */
const setNotice = (c: Context<PortalEnv>, notice: ChamberNotice, secure: boolean) =>
  setCookie(c, NOTICE_COOKIE, Buffer.from(JSON.stringify(notice)).toString('base64url'), {
    path: CHAMBERS_PAGE,
    sameSite: 'Strict',
    httpOnly: true,
    secure,
    maxAge: 60,
  });

const Notice = z.object({
  chamberId: z.string(),
  adminEmail: z.string(),
  password: z.string().optional(),
});

const takeNotice = (c: Context<PortalEnv>): ChamberNotice | undefined => {
  const value = getCookie(c, NOTICE_COOKIE);
  if (!value) return undefined;
  deleteCookie(c, NOTICE_COOKIE, { path: CHAMBERS_PAGE });
  try {
    const parsed = Notice.safeParse(JSON.parse(Buffer.from(value, 'base64url').toString('utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
};

const chamberIdOf = (c: Context<PortalEnv>): string => {
  const parsed = ChamberId.safeParse(c.req.param('id'));
  if (!parsed.success) throw new AppError('NOT_FOUND', 'Chamber not found.');
  return parsed.data;
};

const ChangeTo = z.enum(CHAMBER_STATUSES);

/** The form's values as the core's ChamberFields and the first administrator; a blank field is missing. */
const chamberInput = (posted: Record<string, string>) => {
  const values: Record<string, string | undefined> = Object.fromEntries(
    Object.entries(posted).map(([name, value]) => [name, value === '' ? undefined : value]),
  );
  const languages = [values['labelLanguages.0'], values['labelLanguages.1']].filter(
    (tag): tag is string => typeof tag === 'string' && tag !== '',
  );
  const hosts = (values.hosts ?? '')
    .split(/[\s,]+/)
    .map((host) => host.trim())
    .filter(Boolean);
  return {
    fields: {
      id: values.id,
      name: values.name,
      nameLocal: values.nameLocal,
      country: values.country,
      city: values.city,
      timeZone: values.timeZone,
      serialPrefix: values.serialPrefix,
      labelLanguages: languages,
      contact: {
        address: values['contact.address'],
        phone: values['contact.phone'],
        email: values['contact.email'],
        web: values['contact.web'],
      },
      hosts,
      ...(values.publicBaseUrl ? { publicBaseUrl: values.publicBaseUrl } : {}),
    },
    admin: { email: values['admin.email'], name: values['admin.name'] },
  };
};

const AdminFields = UserFields.pick({ email: true, name: true });

/** An error's path as the form names its field: `hosts.1` is the hosts field, the languages' list its first. */
const formFieldOf = (path: string): string => {
  if (path.startsWith('hosts')) return 'hosts';
  if (path === 'labelLanguages') return 'labelLanguages.0';
  return path;
};

/** Field errors in the reader's words; a taken id, prefix or host says it is another chamber's. */
const chamberFormErrors = (c: Context<PortalEnv>, errors: readonly FieldError[]) => {
  const m = c.var.m;
  const byField = new Map<string, string>();
  for (const error of errors) {
    const name = formFieldOf(error.path);
    if (byField.has(name)) continue;
    const taken = error.code === 'already_registered' && !name.startsWith('admin.');
    byField.set(name, taken ? m.network.taken : fieldMessage(error, m, name));
  }
  return byField;
};

const statusPage = async (
  c: Context<PortalEnv>,
  id: string,
  to: ChamberStatus,
  options: { version?: number; stale?: boolean } = {},
) => {
  const chamber = await c.var.core.network.getChamber({ actor: actorOf(c), id });
  return c.html(
    <ChamberStatusPage
      v={viewOf(c)}
      chamber={chamber}
      to={to}
      // a stale page is answered with the state now: confirming again acts on what the operator sees
      version={options.stale ? chamber.version : (options.version ?? chamber.version)}
      stale={options.stale ?? false}
    />,
    options.stale ? 409 : 200,
  );
};

export const networkRoutes = (options: { secureCookies: boolean }) =>
  new Hono<PortalEnv>()
    .use('/network/*', allowRoles('operator'))
    .get('/network/chambers', async (c) => {
      const notice = takeNotice(c);
      const chambers = await c.var.core.network.listChambers({ actor: actorOf(c) });
      return c.html(<ChambersPage v={viewOf(c, takeFlash(c))} chambers={chambers} notice={notice} />);
    })
    .get('/network/chambers/new', (c) =>
      c.html(<NewChamberPage v={viewOf(c)} errors={new Map()} values={{}} />),
    )
    .post('/network/chambers', async (c) => {
      const form = await postedForm(c);
      const values = Object.fromEntries(CHAMBER_FORM_FIELDS.map((name) => [name, field(form, name)]));
      const { fields, admin } = chamberInput(values);
      const refuse = (errors: readonly FieldError[]) =>
        c.html(<NewChamberPage v={viewOf(c)} errors={chamberFormErrors(c, errors)} values={values} />, 400);
      // every field's error at once: the chamber's and its administrator's
      const checked = ChamberFields.safeParse(fields);
      const checkedAdmin = AdminFields.safeParse(admin);
      if (!checked.success || !checkedAdmin.success) {
        return refuse([
          ...(checked.success ? [] : fieldErrorsOf(checked.error.issues, fields)),
          ...(checkedAdmin.success ? [] : fieldErrorsOf(checkedAdmin.error.issues, admin, 'admin')),
        ]);
      }
      try {
        const created = await c.var.core.network.createChamber({
          actor: actorOf(c),
          ...checked.data,
          admin: checkedAdmin.data,
        });
        setNotice(
          c,
          {
            chamberId: created.chamber.id,
            adminEmail: created.admin.email,
            password: created.initialPassword,
          },
          options.secureCookies,
        );
        return c.redirect(CHAMBERS_PAGE, 303);
      } catch (error) {
        if (!isAppError(error, 'VALIDATION_FAILED')) throw error;
        return refuse(error.errors ?? []);
      }
    })
    .get('/network/chambers/:id/status', async (c) => {
      const to = ChangeTo.safeParse(c.req.query('to'));
      if (!to.success) throw new AppError('NOT_FOUND', 'No such change.');
      const version = Number(c.req.query('version'));
      return statusPage(c, chamberIdOf(c), to.data, {
        ...(Number.isInteger(version) && version >= 1 ? { version } : {}),
      });
    })
    .post('/network/chambers/:id/status', async (c) => {
      const id = chamberIdOf(c);
      const form = await postedForm(c);
      const to = ChangeTo.safeParse(field(form, 'status'));
      if (!to.success) throw new AppError('MALFORMED_REQUEST', 'The form names no status; reload the page.');
      const version = versionOf(form);
      if (field(form, 'confirm') !== 'yes') {
        return c.redirect(`${CHAMBERS_PAGE}/${id}/status?to=${to.data}&version=${version}`, 303);
      }
      try {
        await c.var.core.network.setChamberStatus({ actor: actorOf(c), id, status: to.data, version });
      } catch (error) {
        if (!isAppError(error, 'VERSION_CONFLICT')) throw error;
        return statusPage(c, id, to.data, { stale: true });
      }
      setFlash(c, 'done');
      return c.redirect(CHAMBERS_PAGE, 303);
    });
