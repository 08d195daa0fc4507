// `tradecert network …` for the network operator and the chambers (docs/network.md §6):
//   keygen          an operator key pair (private JWK file 0600; the public JWK is printed)
//   export-members  this deployment's chamber entry, public data only, for the operator
//   sign            the trust list from members' entries, signed with the operator key (file, or KMS)
import { access, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JSONWebKeySet, type JWK } from 'jose';
import { createChamberRepository } from '../adapters/dynamodb/chamber-repository.ts';
import { createDocumentClient, createDynamoClient } from '../adapters/dynamodb/client.ts';
import { chamberKeyAlias } from '../adapters/kms/chamber-keys.ts';
import { createKmsClient } from '../adapters/kms/kms-client.ts';
import { createKmsKeyRing } from '../adapters/kms/kms-key-ring.ts';
import { createKmsPublicKeys } from '../adapters/kms/kms-public-keys.ts';
import { readSealCertificateChain } from '../adapters/kms/kms-seal-key.ts';
import { createFileKeyRing } from '../adapters/local/file-key-ring.ts';
import { fileOperatorSigner } from '../adapters/local/operator-key.ts';
import { SEAL_FILES } from '../adapters/local/seal-key.ts';
import { type Config, firstChamberOf } from '../config/config.ts';
import { cscSealKeyOf } from '../config/deps.ts';
import { chamberKeysDir } from '../config/key-locations.ts';
import type { Issuer } from '../core/accounts.ts';
import { type Chamber, issuerOfChamber } from '../core/network/chamber.ts';
import {
  type MemberStatus,
  signTrustList,
  TrustListMember,
  type TrustListPayload,
} from '../core/network/trust-list.ts';
import type { JwsSigner } from '../core/ports.ts';
import { certificateChainFromPem } from '../core/sealing/pades-certificates.ts';

/** One chamber as the operator lists it; the lead's multi-chamber deployment passes one per chamber record. */
export interface ChamberExport {
  issuer: Pick<Issuer, 'id' | 'name' | 'nameLocal' | 'country' | 'publicBaseUrl'>;
  jwks: JSONWebKeySet;
  /** The seal chain, seal certificate first: the CA certificates above it go in `sealCa`. */
  sealChainDer: readonly Uint8Array[];
  status?: MemberStatus;
  /** The start of the membership; by default when its oldest published key began to sign. */
  validFrom?: string;
}

const readKeyDate = (key: JWK, name: string): string | undefined => {
  const value = (key as Record<string, unknown>)[name];
  return typeof value === 'string' && !Number.isNaN(Date.parse(value))
    ? new Date(value).toISOString()
    : undefined;
};

/** The members' entries: public keys with their validity, seal CAs, and where their revocation lists are. */
export const exportMembers = (chambers: readonly ChamberExport[], now = new Date()): TrustListMember[] =>
  chambers.map((chamber) => {
    const keyDates = chamber.jwks.keys.flatMap((key) => readKeyDate(key, 'validFrom') ?? []).sort();
    // what was sealed before the membership began would be UNKNOWN_ISSUER: by default it begins with the oldest key
    const validFrom = chamber.validFrom ?? keyDates[0] ?? now.toISOString();
    return TrustListMember.parse({
      id: chamber.issuer.id,
      name: chamber.issuer.name,
      nameLocal: chamber.issuer.nameLocal,
      country: chamber.issuer.country,
      verifyBaseUrl: chamber.issuer.publicBaseUrl,
      status: chamber.status ?? 'active',
      validFrom,
      validUntil: null,
      jwks: {
        keys: chamber.jwks.keys.map((key) => ({
          kty: key.kty,
          crv: key.crv,
          x: key.x,
          y: key.y,
          kid: key.kid,
          alg: 'ES256',
          use: 'sig',
          // the file ring says validFrom/validUntil; a KMS key's dates are not published: from the membership on
          // (pass validFrom, `--valid-from`, for a KMS ring that sealed before the export)
          'tradecert:validFrom': readKeyDate(key, 'validFrom') ?? validFrom,
          'tradecert:retiredAt': readKeyDate(key, 'validUntil') ?? null,
        })),
      },
      sealCa: chamber.sealChainDer.slice(1).map((der) => Buffer.from(der).toString('base64')),
      // the signed revocation list (typ tradecert-revocations+jwt); STATUS_LIST_PATH is the bitstring credential
      statusListUrl: `${chamber.issuer.publicBaseUrl}/status/revocations`,
    });
  });

/**
 * One chamber of this deployment, from its record (or the configuration, for the first chamber), its public keys
 * and its seal chain (docs/network.md §4: key files under KEYS_DIR/chambers/<id>, or its KMS keys).
 */
export const chamberExportOf = async (
  config: Config,
  chamber: Chamber,
  validFrom?: string,
): Promise<ChamberExport> => {
  const dir = chamberKeysDir(config, chamber.id);
  const jwks =
    config.keySource === 'kms'
      ? await createKmsPublicKeys(
          createKmsClient({ region: config.region }),
          chamber.kms?.signingKeyIds ?? [chamberKeyAlias(chamber.id, 'signing')],
        ).publicKeys()
      : await (await createFileKeyRing(dir)).publicKeys();
  const chain = chamber.kms?.sealCertificateChain;
  const sealChainDer =
    config.sealSource === 'local'
      ? certificateChainFromPem(
          `${await readFile(join(dir, SEAL_FILES.certificate), 'utf8')}\n${await readFile(join(dir, SEAL_FILES.caCertificate), 'utf8')}`,
        )
      : config.sealSource === 'kms' && chain
        ? await readSealCertificateChain(chain)
        : // the remote credential's chain, as credentials/info gives it (docs/legal.md §6)
          config.sealSource === 'csc' && config.csc && chamber.id === config.issuer.id
          ? (await cscSealKeyOf(config.csc, config.region)).certificateChainDer
          : [];
  return {
    issuer: issuerOfChamber(chamber),
    jwks,
    sealChainDer,
    ...(chamber.status === 'active' ? {} : { status: chamber.status }),
    ...(validFrom ? { validFrom } : {}),
  };
};

/** The chambers this deployment hosts, from its table: HOSTED_CHAMBERS when set, the first chamber always. */
export const listHostedChambers = async (config: Config): Promise<Chamber[]> => {
  const dynamo = createDynamoClient({ region: config.region, endpoint: config.dynamoEndpoint });
  try {
    const stored = await createChamberRepository(createDocumentClient(dynamo), config.tableName).list();
    const first = stored.find((chamber) => chamber.id === config.issuer.id) ?? firstChamberOf(config);
    const others = stored.filter(
      (chamber) =>
        chamber.id !== config.issuer.id &&
        (config.hostedChambers === undefined || config.hostedChambers.includes(chamber.id)),
    );
    return [first, ...others];
  } finally {
    dynamo.destroy();
  }
};

/** The deployment's first chamber as its configuration describes it (no table needed). */
export const chamberOfConfig = (config: Config, validFrom?: string): Promise<ChamberExport> =>
  chamberExportOf(config, firstChamberOf(config), validFrom);

/** A new operator key pair: the private JWK written 0600 (never overwriting), the public JWK returned. */
export const operatorKeygen = async (out: string): Promise<JWK> => {
  if (
    await access(out).then(
      () => true,
      () => false,
    )
  )
    throw new Error(`${out} exists: an operator key is never overwritten`);
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const publicJwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(publicJwk);
  await writeFile(
    out,
    `${JSON.stringify({ ...(await exportJWK(privateKey)), kid, alg: 'ES256' }, null, 2)}\n`,
    {
      mode: 0o600,
      flag: 'wx',
    },
  );
  return { ...publicJwk, kid, alg: 'ES256', use: 'sig' };
};

/** The signer of `tradecert network sign`: a private JWK file, or a KMS key (ECC_NIST_P256) by id or alias. */
export const operatorSigner = async (options: {
  key?: string | undefined;
  kmsKey?: string | undefined;
  region?: string | undefined;
}): Promise<JwsSigner> => {
  if (options.kmsKey)
    return createKmsKeyRing(createKmsClient({ region: options.region ?? 'eu-central-1' }), [
      options.kmsKey,
    ]).activeSigner();
  if (!options.key) throw new Error('pass --key operator.jwk or --kms-key KEY');
  return fileOperatorSigner(options.key);
};

/** The version after the one in `previous` (the operator's last list, read without verifying: it is their own). */
const nextVersion = async (previous: string | undefined): Promise<number> => {
  if (!previous) return 1;
  const text = await readFile(previous, 'utf8').catch(() => undefined);
  if (!text) return 1;
  const payload = JSON.parse(Buffer.from(text.trim().split('.')[1] ?? '', 'base64url').toString('utf8')) as {
    version?: unknown;
  };
  return typeof payload.version === 'number' ? payload.version + 1 : 1;
};

export const signNetworkList = async (options: {
  memberFiles: readonly string[];
  signer: JwsSigner;
  iss: string;
  version?: number | undefined;
  validDays?: number | undefined;
  /** The previous list (by default the output file): the version follows it. */
  previous?: string | undefined;
  now?: Date;
}): Promise<{ jws: string; payload: TrustListPayload }> => {
  const members = (
    await Promise.all(
      options.memberFiles.map(async (file) => {
        const parsed: unknown = JSON.parse(await readFile(file, 'utf8'));
        return Array.isArray(parsed) ? parsed : [parsed];
      }),
    )
  ).flat();
  const now = options.now ?? new Date();
  const iat = Math.floor(now.getTime() / 1000);
  const payload: TrustListPayload = {
    iss: options.iss,
    iat,
    nextUpdate: iat + Math.round((options.validDays ?? 7) * 86_400),
    version: options.version ?? (await nextVersion(options.previous)),
    members: members.map((member) => TrustListMember.parse(member)),
  };
  return { jws: await signTrustList(options.signer, payload), payload };
};
