// Administrators: organisations, users (roles, disabling, password resets), and the signing keys overview.
import { type Context, Hono } from 'hono';
import * as z from 'zod';
import { OrganisationFields, SignatoryFields, UserFields } from '../../core/auth/account-fields.ts';
import { AppError, isAppError } from '../../core/errors.ts';
import { fieldErrorsOf } from '../../core/field-issues.ts';
import { formErrors } from '../application-form.ts';
import { PORTAL, type PortalEnv } from '../context.ts';
import { setAccountNotice, setFlash, takeAccountNotice, takeFlash } from '../flash.ts';
import { field, postedForm } from '../form-body.ts';
import { actorOf } from '../portal-session.ts';
import { allowRoles } from '../roles.ts';
import {
  KeysPage,
  OrganisationsPage,
  ResetPasswordPage,
  SignatoryPage,
  UsersPage,
} from '../views/admin-pages.tsx';
import { viewOf } from '../views/view-context.ts';
import { passwordFieldErrors } from './auth.tsx';

const Id = z.string().uuid();
const idOf = (c: Context<PortalEnv>): string => {
  const parsed = Id.safeParse(c.req.param('id'));
  if (!parsed.success) throw new AppError('NOT_FOUND', 'Not found.');
  return parsed.data;
};

/** zod issues of a form schema, keyed by the form's field names, in the reader's words. */
const issuesOf = (c: Context<PortalEnv>, error: z.ZodError, values: unknown) =>
  formErrors(fieldErrorsOf(error.issues, values), c.var.m);

const textValues = (form: Record<string, unknown>, names: string[]) =>
  Object.fromEntries(names.map((name) => [name, field(form, name)]));

const renderOrganisations = async (
  c: Context<PortalEnv>,
  state: { errors?: Map<string, string>; values?: Record<string, string>; status?: 200 | 400 } = {},
) =>
  c.html(
    <OrganisationsPage
      v={viewOf(c, takeFlash(c))}
      organisations={await c.var.core.listOrganisations({ actor: actorOf(c) })}
      errors={state.errors ?? new Map()}
      values={state.values ?? {}}
    />,
    state.status ?? 200,
  );

const renderUsers = async (
  c: Context<PortalEnv>,
  orgId: string | undefined,
  state: {
    errors?: Map<string, string>;
    values?: Record<string, string>;
    status?: 200 | 400;
  } = {},
) => {
  const actor = actorOf(c);
  const [users, organisations] = await Promise.all([
    c.var.core.listUsers({ actor, orgId }),
    c.var.core.listOrganisations({ actor }),
  ]);
  const notice = takeAccountNotice(c);
  const noticeUser = notice && (await userById(c, notice.userId));
  return c.html(
    <UsersPage
      v={viewOf(c, takeFlash(c))}
      users={users}
      organisations={organisations}
      orgId={orgId}
      errors={state.errors ?? new Map()}
      values={state.values ?? {}}
      notice={notice && noticeUser ? { ...notice, user: noticeUser } : undefined}
    />,
    state.status ?? 200,
  );
};

/** One user, for an admin (the core lists them; there are few). */
const userById = async (c: Context<PortalEnv>, userId: string) =>
  (await c.var.core.listUsers({ actor: actorOf(c) })).find((user) => user.id === userId);

const usersPageOf = (orgId: string | undefined) =>
  `${PORTAL}/admin/users${orgId ? `?orgId=${encodeURIComponent(orgId)}` : ''}`;

const ORG_FIELDS = ['name', 'address.street', 'address.city', 'address.postcode', 'address.country', 'taxId'];
const USER_FIELDS = ['email', 'name', 'role', 'orgId', 'orgAdmin'];

export const adminRoutes = (options: { secureCookies: boolean }) =>
  new Hono<PortalEnv>()
    .use('/admin/*', allowRoles('admin'))
    .get('/admin/organisations', (c) => renderOrganisations(c))
    .post('/admin/organisations', async (c) => {
      const form = await postedForm(c);
      const values = textValues(form, ORG_FIELDS);
      const input = {
        name: values.name,
        address: {
          street: values['address.street'],
          city: values['address.city'],
          ...(values['address.postcode'] ? { postcode: values['address.postcode'] } : {}),
          country: values['address.country'],
        },
        ...(values.taxId ? { taxId: values.taxId } : {}),
      };
      const parsed = OrganisationFields.safeParse(input);
      if (!parsed.success)
        return renderOrganisations(c, { errors: issuesOf(c, parsed.error, input), values, status: 400 });
      await c.var.core.createOrganisation({ actor: actorOf(c), ...parsed.data });
      setFlash(c, 'saved');
      return c.redirect(`${PORTAL}/admin/organisations`, 303);
    })
    .post('/admin/organisations/:id/:change{disable|enable}', async (c) => {
      await c.var.core.setOrganisationDisabled({
        actor: actorOf(c),
        orgId: idOf(c),
        disabled: c.req.param('change') === 'disable',
      });
      setFlash(c, 'done');
      return c.redirect(`${PORTAL}/admin/organisations`, 303);
    })
    .get('/admin/users', (c) => {
      const orgId = Id.safeParse(c.req.query('orgId'));
      return renderUsers(c, orgId.success ? orgId.data : undefined);
    })
    .post('/admin/users', async (c) => {
      const form = await postedForm(c);
      const values = textValues(form, USER_FIELDS);
      const password = typeof form.password === 'string' && form.password !== '' ? form.password : undefined;
      const input = {
        email: values.email,
        name: values.name,
        role: values.role,
        ...(values.orgId ? { orgId: values.orgId } : {}),
        ...(values.orgAdmin === 'yes' ? { orgAdmin: true } : {}),
        ...(password ? { password } : {}),
      };
      const parsed = UserFields.safeParse(input);
      if (!parsed.success)
        return renderUsers(c, undefined, { errors: issuesOf(c, parsed.error, input), values, status: 400 });
      try {
        const created = await c.var.core.createUser({ actor: actorOf(c), ...parsed.data });
        setAccountNotice(
          c,
          { kind: 'created', userId: created.user.id, password: created.initialPassword },
          options.secureCookies,
        );
        return c.redirect(usersPageOf(created.user.orgId), 303);
      } catch (error) {
        if (isAppError(error, 'WEAK_PASSWORD')) {
          return renderUsers(c, undefined, {
            errors: passwordFieldErrors(c, error.errors),
            values,
            status: 400,
          });
        }
        if (!isAppError(error, 'VALIDATION_FAILED')) throw error;
        return renderUsers(c, undefined, { errors: formErrors(error.errors, c.var.m), values, status: 400 });
      }
    })
    // a reset ends the user's sessions: it asks first, on a page of its own that names the user
    .get('/admin/users/:id/reset-password', async (c) => {
      const user = await userById(c, idOf(c));
      if (!user) throw new AppError('NOT_FOUND', 'User not found.');
      return c.html(<ResetPasswordPage v={viewOf(c)} user={user} />);
    })
    .post('/admin/users/:id/reset-password', async (c) => {
      const userId = idOf(c);
      if (field(await postedForm(c), 'confirm') !== 'yes') {
        return c.redirect(`${PORTAL}/admin/users/${userId}/reset-password`, 303);
      }
      const { user, temporaryPassword } = await c.var.core.resetPassword({ actor: actorOf(c), userId });
      setAccountNotice(
        c,
        { kind: 'reset', userId: user.id, password: temporaryPassword },
        options.secureCookies,
      );
      return c.redirect(usersPageOf(user.orgId), 303);
    })
    .get('/admin/users/:id/signatory', async (c) => {
      const user = await userById(c, idOf(c));
      if (!user) throw new AppError('NOT_FOUND', 'User not found.');
      return c.html(<SignatoryPage v={viewOf(c)} user={user} values={{}} errors={new Map()} />);
    })
    .post('/admin/users/:id/signatory', async (c) => {
      const userId = idOf(c);
      const values = textValues(await postedForm(c), ['fullName', 'function']);
      const refused = async (errors: Map<string, string>) => {
        const user = await userById(c, userId);
        if (!user) throw new AppError('NOT_FOUND', 'User not found.');
        return c.html(<SignatoryPage v={viewOf(c)} user={user} values={values} errors={errors} />, 400);
      };
      const parsed = SignatoryFields.safeParse(values);
      if (!parsed.success) return refused(issuesOf(c, parsed.error, values));
      try {
        const user = await c.var.core.grantSignatory({ actor: actorOf(c), userId, ...parsed.data });
        setFlash(c, 'done');
        return c.redirect(usersPageOf(user.orgId), 303);
      } catch (error) {
        if (!isAppError(error, 'VALIDATION_FAILED')) throw error;
        return refused(formErrors(error.errors, c.var.m));
      }
    })
    .post('/admin/users/:id/signatory/revoke', async (c) => {
      const user = await c.var.core.revokeSignatory({ actor: actorOf(c), userId: idOf(c) });
      setFlash(c, 'done');
      return c.redirect(usersPageOf(user.orgId), 303);
    })
    .post('/admin/users/:id/:change{disable|enable}', async (c) => {
      await c.var.core.setUserDisabled({
        actor: actorOf(c),
        userId: idOf(c),
        disabled: c.req.param('change') === 'disable',
      });
      setFlash(c, 'done');
      return c.redirect(`${PORTAL}/admin/users`, 303);
    })
    .get('/admin/keys', async (c) => {
      const { keys } = await c.var.publicKeys();
      return c.html(
        <KeysPage v={viewOf(c, takeFlash(c))} keys={keys} canRotate={c.var.core.canRotateKeys} />,
      );
    })
    .post('/admin/keys/rotate', async (c) => {
      const form = await postedForm(c);
      if (field(form, 'confirm') !== 'yes') {
        const { keys } = await c.var.publicKeys();
        const errors = new Map([['confirm', viewOf(c).m.admin.rotateConfirmRequired]]);
        return c.html(
          <KeysPage v={viewOf(c)} keys={keys} canRotate={c.var.core.canRotateKeys} errors={errors} />,
          400,
        );
      }
      await c.var.core.rotateKeys({ actor: actorOf(c) });
      setFlash(c, 'rotated');
      return c.redirect(`${PORTAL}/admin/keys`, 303);
    });
