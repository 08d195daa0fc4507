// Organisations and users: administrators manage all of them; an exporter's organisation admin invites colleagues.
// Disabling ends sessions and API keys for good (docs/security.md, "How sessions and keys end"); every account
// made or reset by someone else must choose its own password at first login (docs/security.md, "Passwords").
import type { Actor, ApiKey, Organisation, User } from '../accounts.ts';
import { requireRole } from '../authorization.ts';
import { AppError, type IssueCode, isAppError } from '../errors.ts';
import type { AccountRepository, ApiKeyRepository, Clock, RandomSource, ThrottleStore } from '../ports.ts';
import {
  OrganisationFields,
  type OrganisationFieldsInput,
  parseFields,
  UserFields,
  type UserFieldsInput,
} from './account-fields.ts';
import { requireStrongPassword } from './password-policy.ts';
import { hashPassword } from './passwords.ts';

export interface AccountDeps {
  issuerId: string;
  accounts: AccountRepository;
  apiKeys: ApiKeyRepository;
  throttle: ThrottleStore;
  clock: Clock;
  random: RandomSource;
}

export { MIN_PASSWORD_LENGTH } from './password-policy.ts';

/** A generated password: 120 random bits, 20 characters of base64url. */
const generatedPassword = (random: RandomSource) => Buffer.from(random.bytes(15)).toString('base64url');

const epochOf = (record: { sessionEpoch?: number | undefined }) => record.sessionEpoch ?? 0;

/** Revokes the organisation's unrevoked keys that `which` selects (all of them, or one creator's). */
const revokeKeys = async (deps: AccountDeps, orgId: string, which: (key: ApiKey) => boolean) => {
  const revokedAt = deps.clock.now().toISOString();
  const keys = await deps.apiKeys.listByOrg(deps.issuerId, orgId);
  await Promise.all(
    keys
      .filter((key) => !key.revokedAt && which(key))
      .map((key) => deps.apiKeys.update({ ...key, revokedAt })),
  );
};

/** Taken e-mail addresses an organisation admin may run into per hour, before creating users is refused. */
const EMAIL_PROBES_PER_HOUR = 10;

/** What the API shows of a user: never the password hash. */
export const userView = (user: User) => ({
  id: user.id,
  email: user.email,
  name: user.name,
  role: user.role,
  orgId: user.orgId ?? null,
  orgAdmin: user.orgAdmin ?? false,
  signatory: user.signatory
    ? {
        fullName: user.signatory.fullName,
        function: user.signatory.function,
        grantedAt: user.signatory.grantedAt,
      }
    : null,
  disabled: user.disabled ?? false,
  passwordChangeRequired: user.passwordChangeRequired ?? false,
  createdAt: user.createdAt,
});

export const createOrganisation =
  (deps: AccountDeps) =>
  async ({ actor, ...fields }: { actor: Actor } & OrganisationFieldsInput): Promise<Organisation> => {
    requireRole(actor, 'admin');
    const input = parseFields(OrganisationFields, fields);
    const organisation: Organisation = {
      id: deps.random.id(),
      issuerId: deps.issuerId,
      name: input.name,
      address: input.address,
      ...(input.taxId ? { taxId: input.taxId } : {}),
      createdAt: deps.clock.now().toISOString(),
    };
    await deps.accounts.putOrganisation(organisation);
    return organisation;
  };

export const listOrganisations =
  (deps: AccountDeps) =>
  async (input: { actor: Actor }): Promise<Organisation[]> => {
    requireRole(input.actor, 'admin', 'staff');
    return deps.accounts.listOrganisations(deps.issuerId);
  };

/**
 * Disabling raises the organisation's epoch, which ends every session and API key of its people for good, and
 * marks its keys revoked; enabling lets its people log in again, and brings none of those back.
 */
export const setOrganisationDisabled =
  (deps: AccountDeps) =>
  async (input: { actor: Actor; orgId: string; disabled: boolean }): Promise<Organisation> => {
    requireRole(input.actor, 'admin');
    const organisation = await deps.accounts.getOrganisation(deps.issuerId, input.orgId);
    if (!organisation) throw new AppError('NOT_FOUND', 'Organisation not found.');
    const next: Organisation = {
      ...organisation,
      disabled: input.disabled,
      ...(input.disabled ? { sessionEpoch: epochOf(organisation) + 1 } : {}),
    };
    await deps.accounts.putOrganisation(next);
    if (input.disabled) await revokeKeys(deps, organisation.id, () => true);
    return next;
  };

const invalid = (path: string, code: IssueCode, message: string, detail: string) =>
  new AppError('VALIDATION_FAILED', detail, { errors: [{ path, message, code }] });

/**
 * Admins create any user; an exporter who is their organisation's admin creates exporters in that organisation.
 * Without a password, one is generated and returned once.
 */
export const createUser =
  (deps: AccountDeps) =>
  async ({
    actor,
    ...fields
  }: { actor: Actor } & UserFieldsInput): Promise<{ user: User; initialPassword?: string }> => {
    const input = parseFields(UserFields, fields);
    let orgId = input.orgId;
    if (actor.role === 'exporter' && actor.orgAdmin && !actor.apiKeyId) {
      if (input.role !== 'exporter')
        throw new AppError('FORBIDDEN', 'You can only invite exporters of your organisation.');
      if (orgId !== undefined && orgId !== actor.orgId)
        throw new AppError('NOT_FOUND', 'Organisation not found.');
      orgId = actor.orgId;
    } else {
      requireRole(actor, 'admin');
    }
    if (input.role === 'exporter' && !orgId) {
      throw invalid(
        'orgId',
        'required_for_exporters',
        'is required for exporters',
        'An exporter belongs to an organisation.',
      );
    }
    if (input.role !== 'exporter' && orgId) {
      throw invalid(
        'orgId',
        'only_for_exporters',
        'must be empty for staff and admins',
        'Chamber staff and admins belong to no exporter organisation.',
      );
    }
    if (orgId && !(await deps.accounts.getOrganisation(deps.issuerId, orgId))) {
      throw invalid('orgId', 'not_found', 'is not an organisation', 'The organisation does not exist.');
    }
    const email = input.email.trim().toLowerCase();
    if (input.password !== undefined) requireStrongPassword(input.password, 'password', { email });
    const byOrgAdmin = actor.role === 'exporter';
    if (byOrgAdmin && (await deps.accounts.findUserByEmail(deps.issuerId, email))) {
      throw await emailUnavailable(deps, actor);
    }
    const password = input.password ?? generatedPassword(deps.random);
    const user: User = {
      id: deps.random.id(),
      issuerId: deps.issuerId,
      email,
      name: input.name,
      role: input.role,
      ...(orgId ? { orgId } : {}),
      ...(input.orgAdmin && input.role === 'exporter' ? { orgAdmin: true } : {}),
      passwordHash: await hashPassword(password),
      // someone else knows this password: the user chooses their own at first login
      passwordChangeRequired: true,
      createdAt: deps.clock.now().toISOString(),
    };
    try {
      await deps.accounts.createUser(user);
    } catch (error) {
      // taken meanwhile, by a parallel request
      if (byOrgAdmin && isAppError(error, 'VALIDATION_FAILED')) throw await emailUnavailable(deps, actor);
      throw error;
    }
    return input.password === undefined ? { user, initialPassword: password } : { user };
  };

/**
 * What an organisation admin hears when the e-mail is taken, wherever it is taken: in their own organisation,
 * another exporter's, or by chamber staff. It says nothing of where or whose (docs/security.md, "Accounts of
 * other organisations"), and each such answer is counted, so that addresses cannot be tried in bulk.
 */
const emailUnavailable = async (deps: AccountDeps, actor: Actor): Promise<AppError> => {
  const probes = await deps.throttle.take(
    deps.issuerId,
    `users:taken-email:${actor.userId}`,
    EMAIL_PROBES_PER_HOUR,
    3600,
  );
  if (!probes.granted) {
    return new AppError('RATE_LIMITED', 'Too many addresses that cannot be used; try again later.', {
      retryAfterSeconds: Math.max(1, probes.resetAt - Math.floor(deps.clock.now().getTime() / 1000)),
    });
  }
  return new AppError(
    'EMAIL_UNAVAILABLE',
    'This e-mail address cannot be used for a new account. Ask the person for another address, or ask the chamber.',
    { errors: [{ path: 'email', message: 'cannot be used', code: 'unavailable' }] },
  );
};

export const listUsers =
  (deps: AccountDeps) =>
  async (input: { actor: Actor; orgId?: string | undefined }): Promise<User[]> => {
    const { actor } = input;
    if (actor.role === 'exporter' && actor.orgAdmin && actor.orgId && !actor.apiKeyId) {
      if (input.orgId !== undefined && input.orgId !== actor.orgId) return [];
      return deps.accounts.listUsers(deps.issuerId, actor.orgId);
    }
    requireRole(actor, 'admin');
    return deps.accounts.listUsers(deps.issuerId, input.orgId);
  };

/**
 * Disabling raises the user's epochs: their sessions end, the API keys they created are revoked, and enabling
 * them again brings back neither (docs/security.md, "How sessions and keys end").
 */
export const setUserDisabled =
  (deps: AccountDeps) =>
  async (input: { actor: Actor; userId: string; disabled: boolean }): Promise<User> => {
    requireRole(input.actor, 'admin');
    const user = await deps.accounts.getUserById(deps.issuerId, input.userId);
    if (!user) throw new AppError('NOT_FOUND', 'User not found.');
    if (user.id === input.actor.userId)
      throw new AppError('FORBIDDEN', 'You cannot disable your own account.');
    const next: User = {
      ...user,
      disabled: input.disabled,
      ...(input.disabled ? { sessionEpoch: epochOf(user) + 1, keyEpoch: (user.keyEpoch ?? 0) + 1 } : {}),
    };
    await deps.accounts.updateUser(next, epochOf(user));
    if (input.disabled && user.orgId) await revokeKeys(deps, user.orgId, (key) => key.createdBy === user.id);
    return next;
  };

/**
 * An administrator gives a user a temporary password, shown once: the user's sessions end, and at the next
 * login they must choose their own before anything else.
 */
export const resetPassword =
  (deps: AccountDeps) =>
  async (input: { actor: Actor; userId: string }): Promise<{ user: User; temporaryPassword: string }> => {
    requireRole(input.actor, 'admin');
    const user = await deps.accounts.getUserById(deps.issuerId, input.userId);
    if (!user) throw new AppError('NOT_FOUND', 'User not found.');
    if (user.id === input.actor.userId)
      throw new AppError('FORBIDDEN', 'Change your own password with your current one.');
    const temporaryPassword = generatedPassword(deps.random);
    const next: User = {
      ...user,
      passwordHash: await hashPassword(temporaryPassword),
      passwordChangeRequired: true,
      passwordChangedAt: deps.clock.now().toISOString(),
      sessionEpoch: epochOf(user) + 1,
    };
    await deps.accounts.updateUser(next, epochOf(user));
    return { user: next, temporaryPassword };
  };
