// The platform operator's verbs (docs/network.md §2): create a chamber with its first administrator, list the
// chambers, suspend, withdraw or reactivate one. The operator belongs to no chamber: these are the only verbs it
// may call, and no chamber's applications, organisations or certificates are visible to it.
import * as z from 'zod';
import type { Actor, User } from '../accounts.ts';
import { parseFields, UserFields } from '../auth/account-fields.ts';
import { type AccountDeps, createUser, userView } from '../auth/manage-accounts.ts';
import { requireRole } from '../authorization.ts';
import { AppError } from '../errors.ts';
import type { ChamberRepository } from '../ports.ts';
import { certificateChainFromPem } from '../sealing/pades-certificates.ts';
import {
  type Chamber,
  ChamberFields,
  type ChamberFieldsInput,
  type ChamberStatus,
  chamberView,
  pathFormBaseUrl,
} from './chamber.ts';

export interface ChamberDeps extends Omit<AccountDeps, 'issuerId'> {
  chambers: ChamberRepository;
  /** The deployment's own base URL: a chamber without its own host is reached at <base>/c/<id>. */
  deploymentBaseUrl: string;
}

export interface FirstAdministrator {
  email: string;
  name: string;
}

/** The first administrator: a name and an e-mail address, by the rules of every other user. */
const ChamberAdminFields = UserFields.pick({ email: true, name: true, role: true });

const PEM_CERTIFICATES = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

const requireOperator = (actor: Actor) => requireRole(actor, 'operator');

const findChamber = async (deps: Pick<ChamberDeps, 'chambers'>, id: string) => {
  const chamber = await deps.chambers.get(id);
  if (!chamber) throw new AppError('NOT_FOUND', 'Chamber not found.');
  return chamber;
};

export const createChamber =
  (deps: ChamberDeps) =>
  async ({
    actor,
    admin,
    ...fields
  }: { actor: Actor; admin: FirstAdministrator } & ChamberFieldsInput): Promise<{
    chamber: ReturnType<typeof chamberView>;
    admin: ReturnType<typeof userView>;
    initialPassword: string | undefined;
  }> => {
    requireOperator(actor);
    const input = parseFields(ChamberFields, fields);
    const now = deps.clock.now().toISOString();
    const chamber: Chamber = {
      ...input,
      publicBaseUrl: (input.publicBaseUrl ?? pathFormBaseUrl(deps.deploymentBaseUrl, input.id)).replace(
        /\/$/,
        '',
      ),
      status: 'active',
      statusSince: now,
      version: 1,
      createdAt: now,
    };
    // the administrator's fields are checked before anything is stored
    const adminFields = { email: admin?.email, name: admin?.name, role: 'admin' as const };
    try {
      parseFields(ChamberAdminFields, adminFields);
    } catch (error) {
      if (error instanceof AppError && error.errors) {
        throw new AppError('VALIDATION_FAILED', error.message, {
          errors: error.errors.map((issue) => ({ ...issue, path: `admin.${issue.path}` })),
        });
      }
      throw error;
    }
    await deps.chambers.create(chamber);
    // The operator makes the chamber's first administrator as that chamber would: the same rules, a generated
    // password to change at first login, in the new chamber's scope.
    const created: { user: User; initialPassword?: string } = await createUser({
      ...deps,
      issuerId: chamber.id,
    })({
      actor: { userId: actor.userId, email: actor.email, role: 'admin' },
      ...adminFields,
    });
    return {
      chamber: chamberView(chamber),
      admin: userView(created.user),
      initialPassword: created.initialPassword,
    };
  };

export const listChambers =
  (deps: ChamberDeps) =>
  async ({ actor }: { actor: Actor }) => {
    requireOperator(actor);
    return (await deps.chambers.list()).map(chamberView);
  };

export const getChamber =
  (deps: ChamberDeps) =>
  async ({ actor, id }: { actor: Actor; id: string }) => {
    requireOperator(actor);
    return chamberView(await findChamber(deps, id));
  };

/** Suspended: its certificates verify with a warning and it approves nothing; withdrawn: it leaves the network. */
export const setChamberStatus =
  (deps: ChamberDeps) =>
  async ({
    actor,
    id,
    status,
    version,
  }: {
    actor: Actor;
    id: string;
    status: ChamberStatus;
    version: number;
  }) => {
    requireOperator(actor);
    const chamber = await findChamber(deps, id);
    if (chamber.version !== version)
      throw new AppError('VERSION_CONFLICT', 'The chamber was changed meanwhile; reload it.');
    if (chamber.status === status) return chamberView(chamber);
    const updated: Chamber = {
      ...chamber,
      status,
      statusSince: deps.clock.now().toISOString(),
      version: chamber.version + 1,
    };
    await deps.chambers.update(updated, chamber.version);
    return chamberView(updated);
  };

/**
 * Writes the chamber's record unless one with its id exists (docs/network.md §1, "Migration"): at every local
 * start for the configured first chamber, and by `tradecert chambers migrate` on AWS. Answers whether it wrote.
 */
export const ensureChamber = async (chambers: ChamberRepository, chamber: Chamber): Promise<boolean> => {
  if (await chambers.get(chamber.id)) return false;
  try {
    await chambers.create(chamber);
    return true;
  } catch (error) {
    // written meanwhile by another process starting at the same moment
    if (error instanceof AppError && error.errors?.some((issue) => issue.path === 'id')) return false;
    throw error;
  }
};

/** What a chamber's administrator may change of its own chamber: how it is named and reached, and its captions. */
export const ChamberSettings = ChamberFields.pick({
  name: true,
  nameLocal: true,
  city: true,
  contact: true,
  labelLanguages: true,
})
  .partial()
  .extend({ version: z.number().int().min(1) });
export type ChamberSettingsInput = z.input<typeof ChamberSettings>;

/** The administrator's own chamber (GET /api/chamber); the id, prefix, hosts and status are the operator's. */
export const getOwnChamber =
  (deps: Pick<ChamberDeps, 'chambers'> & { issuerId: string }) =>
  async ({ actor }: { actor: Actor }) => {
    requireRole(actor, 'admin');
    return chamberView(await findChamber(deps, deps.issuerId));
  };

/** Changes the administrator's own chamber's settings, optimistic on its version (VERSION_CONFLICT). */
export const updateOwnChamber =
  (deps: Pick<ChamberDeps, 'chambers'> & { issuerId: string }) =>
  async ({ actor, ...fields }: { actor: Actor } & ChamberSettingsInput) => {
    requireRole(actor, 'admin');
    const { version, ...changes } = parseFields(ChamberSettings, fields);
    const chamber = await findChamber(deps, deps.issuerId);
    if (chamber.version !== version) {
      throw new AppError('VERSION_CONFLICT', 'The chamber was changed meanwhile; reload it.');
    }
    const defined = Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined));
    const updated: Chamber = { ...chamber, ...defined, version: chamber.version + 1 };
    await deps.chambers.update(updated, chamber.version);
    return chamberView(updated);
  };

/**
 * The PEM chain of the chamber's PAdES seal certificate, the seal certificate first (docs/network.md §4): on AWS
 * the seal key is the chamber's KMS key and its certificate comes back from the CA; stored in the record, every
 * function seals with it once it sees the new version. A chain that does not parse, or whose certificates are not
 * each issued by the next, is refused and nothing is stored.
 */
export const setSealCertificateChain =
  (deps: ChamberDeps) =>
  async ({ actor, id, chain, version }: { actor: Actor; id: string; chain: string; version?: number }) => {
    requireOperator(actor);
    const chamber = await findChamber(deps, id);
    if (version !== undefined && chamber.version !== version)
      throw new AppError('VERSION_CONFLICT', 'The chamber was changed meanwhile; reload it.');
    const blocks = chain.match(PEM_CERTIFICATES) ?? [];
    try {
      certificateChainFromPem(chain);
    } catch (error) {
      throw new AppError('VALIDATION_FAILED', 'The seal certificate chain is not valid.', {
        cause: error,
        errors: [
          {
            path: 'sealCertificateChain',
            code: 'invalid',
            message:
              blocks.length === 0
                ? 'holds no PEM certificate (-----BEGIN CERTIFICATE-----)'
                : error instanceof Error
                  ? error.message.replace(/\s*\n\s*/g, ', ')
                  : 'is not a chain of PEM certificates',
          },
        ],
      });
    }
    const updated: Chamber = {
      ...chamber,
      kms: { ...chamber.kms, sealCertificateChain: `${blocks.join('\n')}\n` },
      version: chamber.version + 1,
    };
    await deps.chambers.update(updated, chamber.version);
    return { chamber: chamberView(updated), certificates: blocks.length };
  };
