// Where a chamber's keys are on AWS (docs/network.md §4): one KMS key for the JOSE seals and one for the PAdES
// seal per chamber, behind fixed aliases and tagged with the chamber's id. The CDK stacks create them under
// these names (infra/stacks/storage-stack.ts), IAM grants them by the tag (infra/stacks/api-stack.ts), and the
// runtime and the CLI find them by alias. The first chamber of a deployment keeps the keys it had before
// (KMS_SIGNING_KEY_IDS, SEAL_KMS_KEY_ID), not these aliases. Plain strings, no SDK: infra imports this file.

/** The tag every chamber key carries, with the chamber's id as its value; IAM conditions name it. */
export const CHAMBER_TAG = 'tradecert:chamber';

/** The tag every chamber key carries with the deployment's stage; IAM conditions name it too. */
export const STAGE_TAG = 'tradecert:stage';

/** The environment variable with the ids of the chambers a deployment holds keys for, comma-separated. */
export const HOSTED_CHAMBERS_VARIABLE = 'HOSTED_CHAMBERS';

/** The rule for chamber ids, the same as ISSUER_ID's (functions/config/config.ts). */
export const CHAMBER_ID_PATTERN = /^[a-z0-9][a-z0-9-]{1,39}$/;

/** `platform` names the network operator's own scope (docs/network.md §2), never a chamber. */
export const RESERVED_CHAMBER_IDS: readonly string[] = ['platform'];

export type ChamberKeyPurpose = 'signing' | 'seal';

/** `alias/tradecert/<id>/signing` (ECC_NIST_P256, the JOSE seals) or `…/seal` (RSA_3072, the PAdES seal). */
export const chamberKeyAlias = (chamberId: string, purpose: ChamberKeyPurpose): string =>
  `alias/tradecert/${chamberId}/${purpose}`;

export const isChamberId = (value: string): boolean =>
  CHAMBER_ID_PATTERN.test(value) && !RESERVED_CHAMBER_IDS.includes(value);

/**
 * The seal key `tradecert seal csr` asks KMS for: a key id, ARN or alias as given, or a chamber's seal key by
 * its alias. The first chamber's seal key has no chamber alias: give it by `--key-id` (its SealKeyArn).
 */
export const sealKeyOf = (options: {
  keyId?: string | undefined;
  chamber?: string | undefined;
}): string | { problem: string } => {
  if (options.keyId !== undefined && options.chamber !== undefined) {
    return { problem: 'Give either --key-id or --chamber, not both.' };
  }
  if (options.chamber !== undefined) {
    return isChamberId(options.chamber)
      ? chamberKeyAlias(options.chamber, 'seal')
      : {
          problem: `--chamber ${options.chamber}: not a chamber id (2–40 lower-case letters, digits or hyphens).`,
        };
  }
  return (
    options.keyId || { problem: 'Give the seal key: --key-id KMS_KEY_ARN_OR_ALIAS or --chamber CHAMBER_ID.' }
  );
};
