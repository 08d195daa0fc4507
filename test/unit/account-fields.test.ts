// The core's createOrganisation and createUser enforce the account field rules themselves, whoever calls them
// (the api and the portal validate with the same schemas first, to name the fields in their own way).
import { describe, expect, it } from 'vitest';
import type { Actor, Organisation, User } from '../../functions/core/accounts.ts';
import { createOrganisation, createUser } from '../../functions/core/auth/manage-accounts.ts';
import { AppError } from '../../functions/core/errors.ts';
import type { AccountRepository } from '../../functions/core/ports.ts';
import { createMemoryApiKeyRepository } from '../support/memory/memory-accounts.ts';
import { createMemoryTables } from '../support/memory/memory-tables.ts';
import { createMemoryThrottleStore } from '../support/memory/memory-throttle.ts';

const memoryAccounts = () => {
  const organisations: Organisation[] = [];
  const users: User[] = [];
  const accounts: AccountRepository = {
    putOrganisation: async (organisation) => void organisations.push(organisation),
    getOrganisation: async (_issuer, id) => organisations.find((organisation) => organisation.id === id),
    listOrganisations: async () => organisations,
    createUser: async (user) => void users.push(user),
    updateUser: async () => {},
    findUserByEmail: async () => undefined,
    getUserById: async () => undefined,
    listUsers: async () => users,
  };
  return { accounts, organisations, users };
};

const deps = (accounts: AccountRepository) => {
  const clock = { now: () => new Date('2026-11-23T10:00:00Z') };
  const tables = createMemoryTables();
  return {
    issuerId: 'test',
    accounts,
    apiKeys: createMemoryApiKeyRepository(tables),
    throttle: createMemoryThrottleStore(tables, clock),
    clock,
    random: {
      id: () => crypto.randomUUID(),
      bytes: (length: number) => new Uint8Array(length).fill(7),
      fraction: () => 0.5,
    },
  };
};

const admin: Actor = { userId: crypto.randomUUID(), email: 'admin@chamber.test', role: 'admin' };

const validationPaths = async (work: Promise<unknown>) => {
  const error = await work.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe('VALIDATION_FAILED');
  return ((error as AppError).errors ?? []).map((entry) => entry.path);
};

describe('account field rules in the core', () => {
  it('refuses an organisation with an empty name or an unknown country, and stores nothing', async () => {
    const { accounts, organisations } = memoryAccounts();
    const paths = await validationPaths(
      createOrganisation(deps(accounts))({
        actor: admin,
        name: '  ',
        address: { street: 'Partizanska 1', city: 'Skopje', country: 'XX' },
      }),
    );
    expect(paths).toEqual(expect.arrayContaining(['name', 'address.country']));
    expect(organisations).toEqual([]);
  });

  it('stores a valid organisation with its fields trimmed', async () => {
    const { accounts } = memoryAccounts();
    const organisation = await createOrganisation(deps(accounts))({
      actor: admin,
      name: ' Textile Export DOOEL ',
      address: { street: 'Partizanska 1', city: 'Skopje', country: 'MK' },
    });
    expect(organisation.name).toBe('Textile Export DOOEL');
  });

  it('refuses a user whose email is not an email address, and stores nothing', async () => {
    const { accounts, users } = memoryAccounts();
    const paths = await validationPaths(
      createUser(deps(accounts))({ actor: admin, email: 'not an address', name: 'Ana', role: 'staff' }),
    );
    expect(paths).toEqual(['email']);
    expect(users).toEqual([]);
  });
});
