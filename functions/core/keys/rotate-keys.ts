// An administrator makes a new signing key active. Only where the service holds its own keys (files under
// KEYS_DIR); KMS keys are rotated by a deployment (docs/deploy.md). Retired keys stay published.
import type { Actor } from '../accounts.ts';
import { requireRole } from '../authorization.ts';
import { AppError } from '../errors.ts';
import type { KeyRing, Logger } from '../ports.ts';

export const canRotateKeys = (deps: { keys: KeyRing }): boolean => deps.keys.rotate !== undefined;

export const rotateKeys =
  (deps: { keys: KeyRing; logger: Logger }) =>
  async (input: { actor: Actor }): Promise<{ active: string; retired: string[] }> => {
    requireRole(input.actor, 'admin');
    if (!deps.keys.rotate) {
      throw new AppError(
        'INVALID_TRANSITION',
        'The signing keys are in AWS KMS: rotate them by deploying a new key generation (docs/deploy.md).',
      );
    }
    const rotated = await deps.keys.rotate();
    deps.logger.info('signing key rotated', { by: input.actor.userId, ...rotated });
    return rotated;
  };
