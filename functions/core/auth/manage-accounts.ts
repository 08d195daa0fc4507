// Organisations and users: administrators manage all of them; an exporter's organisation admin invites colleagues.
import type { Actor, Organisation, User } from '../accounts.ts';
import { requireRole } from '../authorization.ts';
import { AppError } from '../errors.ts';
import type { AccountRepository, Clock, RandomSource } from '../ports.ts';
import {
  OrganisationFields,
  type OrganisationFieldsInput,
  parseFields,
  UserFields,
  type UserFieldsInput,
} from './account-fields.ts';
import { hashPassword } from './passwords.ts';

export interface AccountDeps {
  issuerId: string;
  accounts: AccountRepository;
  clock: Clock;
  random: RandomSource;
}

export const MIN_PASSWORD_LENGTH = 12;

/** What the API shows of a user: never the password hash. */
export const userView = (user: User) => ({
  id: user.id,
  email: user.email,
  name: user.name,
  role: user.role,
  orgId: user.orgId ?? null,
  orgAdmin: user.orgAdmin ?? false,
  disabled: user.disabled ?? false,
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

export const setOrganisationDisabled =
  (deps: AccountDeps) =>
  async (input: { actor: Actor; orgId: string; disabled: boolean }): Promise<Organisation> => {
    requireRole(input.actor, 'admin');
    const organisation = await deps.accounts.getOrganisation(deps.issuerId, input.orgId);
    if (!organisation) throw new AppError('NOT_FOUND', 'Organisation not found.');
    const next: Organisation = { ...organisation, disabled: input.disabled };
    await deps.accounts.putOrganisation(next);
    return next;
  };

const invalid = (path: string, message: string, detail: string) =>
  new AppError('VALIDATION_FAILED', detail, { errors: [{ path, message }] });

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
      throw invalid('orgId', 'is required for exporters', 'An exporter belongs to an organisation.');
    }
    if (input.role !== 'exporter' && orgId) {
      throw invalid(
        'orgId',
        'must be empty for staff and admins',
        'Chamber staff and admins belong to no exporter organisation.',
      );
    }
    if (orgId && !(await deps.accounts.getOrganisation(deps.issuerId, orgId))) {
      throw invalid('orgId', 'is not an organisation', 'The organisation does not exist.');
    }
    if (input.password !== undefined && input.password.length < MIN_PASSWORD_LENGTH) {
      throw invalid(
        'password',
        `must be at least ${MIN_PASSWORD_LENGTH} characters`,
        'The password is too short.',
      );
    }
    const password = input.password ?? Buffer.from(deps.random.bytes(15)).toString('base64url');
    const user: User = {
      id: deps.random.id(),
      issuerId: deps.issuerId,
      email: input.email.trim().toLowerCase(),
      name: input.name,
      role: input.role,
      ...(orgId ? { orgId } : {}),
      ...(input.orgAdmin && input.role === 'exporter' ? { orgAdmin: true } : {}),
      passwordHash: await hashPassword(password),
      createdAt: deps.clock.now().toISOString(),
    };
    await deps.accounts.createUser(user);
    return input.password === undefined ? { user, initialPassword: password } : { user };
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

export const setUserDisabled =
  (deps: AccountDeps) =>
  async (input: { actor: Actor; userId: string; disabled: boolean }): Promise<User> => {
    requireRole(input.actor, 'admin');
    const user = await deps.accounts.getUserById(deps.issuerId, input.userId);
    if (!user) throw new AppError('NOT_FOUND', 'User not found.');
    if (user.id === input.actor.userId)
      throw new AppError('FORBIDDEN', 'You cannot disable your own account.');
    const next: User = { ...user, disabled: input.disabled };
    await deps.accounts.updateUser(next);
    return next;
  };
