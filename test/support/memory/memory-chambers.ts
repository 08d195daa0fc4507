// ChamberRepository in memory, as functions/adapters/dynamodb/chamber-repository.ts behaves: creating a chamber
// claims its id, serial prefix and hosts all at once or not at all (VALIDATION_FAILED `already_registered`
// naming each one taken); an update is conditional on the stored version.
import { AppError, type FieldError } from '../../../functions/core/errors.ts';
import type { ChamberRepository } from '../../../functions/core/ports.ts';
import { copy, type MemoryTables, roundTrip } from './memory-tables.ts';

const taken = (path: string): FieldError => ({
  path,
  message: 'is already registered',
  code: 'already_registered',
});

export const createMemoryChamberRepository = (tables: MemoryTables): ChamberRepository => ({
  get: async (id) => {
    await roundTrip();
    const chamber = tables.chambers.get(id);
    return chamber ? copy(chamber) : undefined;
  },
  list: async () => {
    await roundTrip();
    return [...tables.chambers.values()]
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id))
      .map(copy);
  },
  findByHost: async (host) => {
    await roundTrip();
    const id = tables.chamberClaims.get(`HOST#${host.toLowerCase()}`);
    const chamber = id === undefined ? undefined : tables.chambers.get(id);
    return chamber ? copy(chamber) : undefined;
  },
  create: async (chamber) => {
    await roundTrip();
    const claims = [
      { claim: `PREFIX#${chamber.serialPrefix}`, path: 'serialPrefix' },
      ...chamber.hosts.map((host, index) => ({
        claim: `HOST#${host.toLowerCase()}`,
        path: `hosts.${index}`,
      })),
    ];
    const errors = [
      ...(tables.chambers.has(chamber.id) ? [taken('id')] : []),
      ...claims.filter(({ claim }) => tables.chamberClaims.has(claim)).map(({ path }) => taken(path)),
    ];
    if (errors.length > 0) {
      throw new AppError('VALIDATION_FAILED', 'The chamber conflicts with one that exists.', { errors });
    }
    tables.chambers.set(chamber.id, copy(chamber));
    for (const { claim } of claims) tables.chamberClaims.set(claim, chamber.id);
  },
  update: async (chamber, expectedVersion) => {
    await roundTrip();
    if (tables.chambers.get(chamber.id)?.version !== expectedVersion) {
      throw new AppError('VERSION_CONFLICT', 'The chamber was changed meanwhile; reload it.');
    }
    tables.chambers.set(chamber.id, copy(chamber));
  },
});
