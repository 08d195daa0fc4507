// API keys for exporters' ERP systems: `tck_{id}_{secret}`. The secret is shown once; only its hash is kept.
import { timingSafeEqual } from 'node:crypto';
import type { Actor, ApiKey } from '../accounts.ts';
import { requireRole } from '../authorization.ts';
import { sha256Hex } from '../canonical-json.ts';
import { AppError } from '../errors.ts';
import { ownItems } from '../own-items.ts';
import type { AccountRepository, ApiKeyRepository, Clock, RandomSource } from '../ports.ts';
import { signatoryBinding } from './signatories.ts';

export const API_KEY_PREFIX = 'tck_';
const ID_LENGTH = 22;
/** lastUsedAt is written at most this often per key, so that an ERP's traffic does not become write traffic. */
const TOUCH_INTERVAL_MS = 60_000;

export interface ApiKeyDeps {
  issuerId: string;
  apiKeys: ApiKeyRepository;
  accounts: AccountRepository;
  clock: Clock;
  random: RandomSource;
}

export const apiKeyView = (key: ApiKey) => ({
  id: key.id,
  name: key.name,
  orgId: key.orgId,
  createdAt: key.createdAt,
  lastUsedAt: key.lastUsedAt ?? null,
  revokedAt: key.revokedAt ?? null,
  signatoryId: key.signatory?.userId ?? null,
});

const exporterOrg = (actor: Actor): string => {
  requireRole(actor, 'exporter');
  if (!actor.orgId || actor.apiKeyId)
    throw new AppError('FORBIDDEN', 'API keys are managed by people of the organisation.');
  return actor.orgId;
};

export const createApiKey =
  (deps: ApiKeyDeps) =>
  async (input: {
    actor: Actor;
    name: string;
    /** The authorised signatory the key declares for when it submits: only the creator themselves. */
    signatoryId?: string | undefined;
  }): Promise<{ key: ApiKey; secret: string }> => {
    const orgId = exporterOrg(input.actor);
    const signatory =
      input.signatoryId === undefined
        ? undefined
        : await signatoryBinding(deps, input.actor, input.signatoryId);
    const [creator, organisation] = await Promise.all([
      deps.accounts.getUserById(deps.issuerId, input.actor.userId),
      deps.accounts.getOrganisation(deps.issuerId, orgId),
    ]);
    if (!creator || !organisation) throw new AppError('UNAUTHENTICATED', 'Log in first.');
    const id = Buffer.from(deps.random.bytes(16)).toString('base64url');
    const secret = Buffer.from(deps.random.bytes(32)).toString('base64url');
    const key: ApiKey = {
      id,
      issuerId: deps.issuerId,
      orgId,
      name: input.name,
      secretHash: sha256Hex(secret),
      createdBy: input.actor.userId,
      creatorKeyEpoch: creator.keyEpoch ?? 0,
      orgEpoch: organisation.sessionEpoch ?? 0,
      createdAt: deps.clock.now().toISOString(),
      ...(signatory ? { signatory } : {}),
    };
    await deps.apiKeys.create(key);
    return { key, secret: `${API_KEY_PREFIX}${id}_${secret}` };
  };

const ownKeys = (deps: ApiKeyDeps) =>
  ownItems(deps, deps.apiKeys, { ownerOf: exporterOrg, notFound: 'API key not found.' });

export const listApiKeys = (deps: ApiKeyDeps) => ownKeys(deps).list;

export const revokeApiKey = (deps: ApiKeyDeps) => ownKeys(deps).revoke;

/**
 * Whether the people behind a key still stand behind it: a key ends with its creator (disabled, or disabled and
 * enabled again since) and with its organisation (the same), docs/security.md "How sessions and keys end".
 * Checked at every use, so a key made while a disable was under way ends too.
 */
const keyStillBacked = async (deps: Omit<ApiKeyDeps, 'random'>, key: ApiKey): Promise<boolean> => {
  const [creator, organisation] = await Promise.all([
    deps.accounts.getUserById(deps.issuerId, key.createdBy),
    deps.accounts.getOrganisation(deps.issuerId, key.orgId),
  ]);
  if (!creator || creator.disabled || (creator.keyEpoch ?? 0) !== (key.creatorKeyEpoch ?? 0)) return false;
  if (!organisation || organisation.disabled) return false;
  return (organisation.sessionEpoch ?? 0) === (key.orgEpoch ?? 0);
};

/** The exporter actor an API key stands for, or undefined when the key is unknown, revoked or no longer backed. */
export const authenticateApiKey =
  (deps: Omit<ApiKeyDeps, 'random'>) =>
  async (token: string): Promise<Actor | undefined> => {
    const body = token.slice(API_KEY_PREFIX.length);
    const id = body.slice(0, ID_LENGTH);
    const secret = body.slice(ID_LENGTH + 1);
    if (body[ID_LENGTH] !== '_' || !secret) return undefined;
    const key = await deps.apiKeys.get(deps.issuerId, id);
    if (!key || key.revokedAt) return undefined;
    const expected = Buffer.from(key.secretHash, 'hex');
    const actual = Buffer.from(sha256Hex(secret), 'hex');
    if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return undefined;
    if (!(await keyStillBacked(deps, key))) return undefined;
    const now = deps.clock.now();
    if (!key.lastUsedAt || now.getTime() - Date.parse(key.lastUsedAt) > TOUCH_INTERVAL_MS) {
      await deps.apiKeys.update({ ...key, lastUsedAt: now.toISOString() });
    }
    return {
      userId: `apikey:${key.id}`,
      email: `apikey:${key.name}`,
      role: 'exporter',
      orgId: key.orgId,
      apiKeyId: key.id,
    };
  };
