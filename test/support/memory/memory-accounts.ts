// AccountRepository and ApiKeyRepository in memory, as functions/adapters/dynamodb/{account,api-key}-repository.ts
// behave: users keyed by lower-case email with an id pointer (both created or neither; a taken email is
// VALIDATION_FAILED on `email`), lists in their index order, and the conditional puts whose refusal the DynamoDB
// adapters let through as an unexpected storage failure (INTERNAL).
import type { ApiKey, Organisation, User } from '../../../functions/core/accounts.ts';
import { AppError } from '../../../functions/core/errors.ts';
import type { AccountRepository, ApiKeyRepository } from '../../../functions/core/ports.ts';
import {
  conditionalWrite,
  copy,
  key,
  type MemoryTables,
  roundTrip,
  TransactionCancelled,
  transact,
} from './memory-tables.ts';

/** What guarded() makes of a refused ConditionExpression the adapter does not expect. */
export const unexpectedStorageFailure = (what: string) =>
  new AppError('INTERNAL', `Unexpected storage failure while ${what}.`);

const byText =
  <T>(sortKey: (item: T) => string) =>
  (a: T, b: T) => {
    const [x, y] = [sortKey(a), sortKey(b)];
    return x < y ? -1 : x > y ? 1 : 0;
  };

export const createMemoryAccountRepository = (tables: MemoryTables): AccountRepository => {
  const userKey = (issuerId: string, email: string) => key(issuerId, email.toLowerCase());
  const findUserByEmail = (issuerId: string, email: string) => {
    const user = tables.users.get(userKey(issuerId, email));
    return user && copy(user);
  };

  return {
    putOrganisation: async (organisation) => {
      await roundTrip();
      tables.organisations.set(key(organisation.issuerId, organisation.id), copy(organisation));
    },

    getOrganisation: async (issuerId, orgId) => {
      await roundTrip();
      const organisation = tables.organisations.get(key(issuerId, orgId));
      return organisation && copy(organisation);
    },

    listOrganisations: async (issuerId) => {
      await roundTrip();
      return [...tables.organisations.values()]
        .filter((organisation) => organisation.issuerId === issuerId)
        .sort(
          byText(
            (organisation: Organisation) => `${organisation.name.toLocaleLowerCase()}#${organisation.id}`,
          ),
        )
        .map(copy);
    },

    createUser: async (user) => {
      await roundTrip();
      const emailAt = userKey(user.issuerId, user.email);
      const idAt = key(user.issuerId, user.id);
      try {
        transact([
          { condition: () => !tables.users.has(emailAt), apply: () => tables.users.set(emailAt, copy(user)) },
          { condition: () => !tables.userIds.has(idAt), apply: () => tables.userIds.set(idAt, user.email) },
        ]);
      } catch (error) {
        if (!(error instanceof TransactionCancelled)) throw error;
        if (error.failed[0]) {
          throw new AppError('VALIDATION_FAILED', 'A user with this email already exists.', {
            cause: error,
            errors: [{ path: 'email', message: 'is already registered', code: 'already_registered' }],
          });
        }
        throw unexpectedStorageFailure('creating a user');
      }
    },

    updateUser: async (user) => {
      await roundTrip();
      const at = userKey(user.issuerId, user.email);
      const written = conditionalWrite({
        condition: () => tables.users.has(at),
        apply: () => tables.users.set(at, copy(user)),
      });
      if (!written) throw unexpectedStorageFailure('updating a user');
    },

    findUserByEmail: async (issuerId, email) => {
      await roundTrip();
      return findUserByEmail(issuerId, email);
    },

    getUserById: async (issuerId, id) => {
      await roundTrip();
      const email = tables.userIds.get(key(issuerId, id));
      return email === undefined ? undefined : findUserByEmail(issuerId, email);
    },

    listUsers: async (issuerId, orgId) => {
      await roundTrip();
      return [...tables.users.values()]
        .filter((user) => user.issuerId === issuerId && (orgId === undefined || user.orgId === orgId))
        .sort(byText((user: User) => user.email))
        .map(copy);
    },
  };
};

export const createMemoryApiKeyRepository = (tables: MemoryTables): ApiKeyRepository => ({
  create: async (apiKey) => {
    await roundTrip();
    const at = key(apiKey.issuerId, apiKey.id);
    const written = conditionalWrite({
      condition: () => !tables.apiKeys.has(at),
      apply: () => tables.apiKeys.set(at, copy(apiKey)),
    });
    if (!written) throw unexpectedStorageFailure('creating an API key');
  },

  get: async (issuerId, id) => {
    await roundTrip();
    const apiKey = tables.apiKeys.get(key(issuerId, id));
    return apiKey && copy(apiKey);
  },

  listByOrg: async (issuerId, orgId) => {
    await roundTrip();
    return [...tables.apiKeys.values()]
      .filter((apiKey) => apiKey.issuerId === issuerId && apiKey.orgId === orgId)
      .sort(byText((apiKey: ApiKey) => `${apiKey.createdAt}#${apiKey.id}`))
      .map(copy);
  },

  update: async (apiKey) => {
    await roundTrip();
    const at = key(apiKey.issuerId, apiKey.id);
    const written = conditionalWrite({
      condition: () => tables.apiKeys.has(at),
      apply: () => tables.apiKeys.set(at, copy(apiKey)),
    });
    if (!written) throw unexpectedStorageFailure('updating an API key');
  },
});
