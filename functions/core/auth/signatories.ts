// Authorised signatories: the people of an exporter organisation who may sign the exporter's declaration, which
// they do by submitting (docs/legal.md §8). The right lives on the user record, so that the one read that finds
// the person at submit also says whether they may still sign: revoking it or disabling them counts at once.
import type { Actor, ApiKey, Declaration, Signatory, User } from '../accounts.ts';
import { requireRole } from '../authorization.ts';
import { AppError } from '../errors.ts';
import type { AccountRepository, ApiKeyRepository, Clock } from '../ports.ts';
import { parseFields, SignatoryFields, type SignatoryFieldsInput } from './account-fields.ts';

export interface SignatoryDeps {
  issuerId: string;
  accounts: AccountRepository;
  apiKeys: Pick<ApiKeyRepository, 'get'>;
  clock: Clock;
}

/** A person acting as their organisation's admin, never an ERP with a key. */
const isOrgAdmin = (actor: Actor) =>
  actor.role === 'exporter' && actor.orgAdmin === true && actor.orgId !== undefined && !actor.apiKeyId;

/**
 * The user whose signatory rights the actor manages: an administrator any exporter of the chamber, an organisation
 * admin the people of their own organisation. Anyone else's user is NOT_FOUND, as every foreign record.
 */
const managedUser = async (deps: SignatoryDeps, actor: Actor, userId: string): Promise<User> => {
  if (!isOrgAdmin(actor)) requireRole(actor, 'admin');
  const user = await deps.accounts.getUserById(deps.issuerId, userId);
  if (!user || (actor.role === 'exporter' && user.orgId !== actor.orgId)) {
    throw new AppError('NOT_FOUND', 'User not found.');
  }
  if (user.role !== 'exporter' || !user.orgId) {
    throw new AppError('VALIDATION_FAILED', "Only an exporter's people sign the exporter's declaration.", {
      errors: [{ path: 'id', message: 'is not an exporter', code: 'only_for_exporters' }],
    });
  }
  return user;
};

/** Grants a person the right to sign, or corrects their name or function (which keeps the grant). */
export const grantSignatory =
  (deps: SignatoryDeps) =>
  async ({ actor, userId, ...fields }: { actor: Actor; userId: string } & SignatoryFieldsInput) => {
    const input = parseFields(SignatoryFields, fields);
    const user = await managedUser(deps, actor, userId);
    const next: User = {
      ...user,
      signatory: {
        fullName: input.fullName,
        function: input.function,
        grantedAt: user.signatory?.grantedAt ?? deps.clock.now().toISOString(),
        grantedBy: user.signatory?.grantedBy ?? actor.userId,
      },
    };
    await deps.accounts.updateUser(next, user.sessionEpoch ?? 0);
    return next;
  };

/** Takes the right away: the person's next submit, and that of every key bound to them, is refused. */
export const revokeSignatory =
  (deps: SignatoryDeps) =>
  async (input: { actor: Actor; userId: string }): Promise<User> => {
    const user = await managedUser(deps, input.actor, input.userId);
    if (!user.signatory) return user;
    const { signatory: _revoked, ...next } = user;
    await deps.accounts.updateUser(next, user.sessionEpoch ?? 0);
    return next;
  };

/** The signatories of the caller's own organisation, so that a colleague who may not sign knows whom to ask. */
export const listSignatories =
  (deps: SignatoryDeps) =>
  async (input: { actor: Actor }): Promise<User[]> => {
    requireRole(input.actor, 'exporter');
    if (!input.actor.orgId) return [];
    const users = await deps.accounts.listUsers(deps.issuerId, input.actor.orgId);
    return users.filter((user) => user.signatory && !user.disabled);
  };

/** A person who may sign now: an enabled exporter of the organisation with the right granted. */
type SigningUser = User & { signatory: Signatory };
const currentSignatory = (user: User | undefined, orgId: string): user is SigningUser =>
  user !== undefined && !user.disabled && user.orgId === orgId && user.signatory !== undefined;

const refused = (detail: string) => new AppError('SIGNATORY_REQUIRED', detail);

/** Whose declaration a submit by this actor is: the person's own, or the signatory an API key is bound to. */
const declarant = async (
  deps: SignatoryDeps,
  actor: Actor,
  orgId: string,
): Promise<{ user: SigningUser; key?: ApiKey }> => {
  if (actor.apiKeyId) {
    const key = await deps.apiKeys.get(deps.issuerId, actor.apiKeyId);
    if (!key?.signatory) {
      throw refused(
        "This API key is not bound to an authorised signatory, so it cannot sign the exporter's declaration. " +
          'An authorised signatory creates a key bound to themselves (POST /api/api-keys with signatoryId).',
      );
    }
    const user = await deps.accounts.getUserById(deps.issuerId, key.signatory.userId);
    if (!currentSignatory(user, orgId) || user.signatory.grantedAt !== key.signatory.grantedAt) {
      throw refused(
        'The authorised signatory this API key is bound to may no longer sign for the organisation; ' +
          'a current signatory must create a new key.',
      );
    }
    return { user, key };
  }
  const user = await deps.accounts.getUserById(deps.issuerId, actor.userId);
  if (!currentSignatory(user, orgId)) {
    throw refused(
      "Only an authorised signatory of the organisation may sign the exporter's declaration and submit; " +
        "ask one of them, or your organisation's admin to register you as one.",
    );
  }
  return { user };
};

/**
 * Who makes the exporter's declaration by submitting now, or SIGNATORY_REQUIRED; the submit adds where, which
 * may depend on the data it checks after this.
 */
export const declarationOf = async (
  deps: SignatoryDeps,
  input: { actor: Actor; orgId: string; at: string },
): Promise<Omit<Declaration, 'place'>> => {
  const { user, key } = await declarant(deps, input.actor, input.orgId);
  return {
    signatoryId: user.id,
    name: user.signatory.fullName,
    function: user.signatory.function,
    at: input.at,
    ...(key ? { apiKeyId: key.id } : {}),
  };
};

/**
 * Binds a new API key to a signatory: only to the person creating it, since the key will declare in their name
 * and only they can consent to that. A colleague is FORBIDDEN, anyone else's user NOT_FOUND.
 */
export const signatoryBinding = async (
  deps: SignatoryDeps,
  actor: Actor,
  signatoryId: string,
): Promise<NonNullable<ApiKey['signatory']>> => {
  const user = await deps.accounts.getUserById(deps.issuerId, signatoryId);
  if (!user || user.orgId !== actor.orgId) throw new AppError('NOT_FOUND', 'User not found.');
  if (user.id !== actor.userId) {
    throw new AppError(
      'FORBIDDEN',
      'A key bound to a signatory declares in their name: only the signatory can bind a key to themselves.',
    );
  }
  if (!actor.orgId || !currentSignatory(user, actor.orgId)) {
    throw refused(
      'You are not an authorised signatory of your organisation, so no key can declare in your name.',
    );
  }
  return { userId: user.id, grantedAt: user.signatory.grantedAt };
};
