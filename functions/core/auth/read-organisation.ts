// One organisation's record, for whoever may see its applications: its own people, staff and admins.
import type { Actor, Organisation } from '../accounts.ts';
import { visibleOrNotFound } from '../authorization.ts';
import type { AccountRepository } from '../ports.ts';

export interface OrganisationReadDeps {
  issuerId: string;
  accounts: Pick<AccountRepository, 'getOrganisation'>;
}

export const getOrganisation =
  (deps: OrganisationReadDeps) =>
  async (input: { actor: Actor; orgId: string }): Promise<Organisation> => {
    const organisation = await deps.accounts.getOrganisation(deps.issuerId, input.orgId);
    visibleOrNotFound(input.actor, organisation && { orgId: organisation.id }, 'Organisation');
    return organisation as Organisation;
  };
