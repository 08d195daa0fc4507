// Operator commands of `tradecert`: rotate the local signing key, create the first administrator of a
// deployment (the API can only create admins for an admin, so the first one is written directly), and the
// platform operator's `chambers` commands, which call the core's network verbs as the operator.
import { randomBytes, randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { createAccountRepository } from '../adapters/dynamodb/account-repository.ts';
import { createApiKeyRepository } from '../adapters/dynamodb/api-key-repository.ts';
import { createChamberRepository } from '../adapters/dynamodb/chamber-repository.ts';
import { createDocumentClient, createDynamoClient } from '../adapters/dynamodb/client.ts';
import { createThrottleStore } from '../adapters/dynamodb/throttle-store.ts';
import { rotateSigningKey } from '../adapters/local/file-key-ring.ts';
import { type Config, firstChamberOf, loadConfig } from '../config/config.ts';
import { secureRandom, systemClock } from '../config/deps.ts';
import { chamberKeysDir } from '../config/key-locations.ts';
import type { Actor } from '../core/accounts.ts';
import { MIN_PASSWORD_LENGTH } from '../core/auth/manage-accounts.ts';
import { hashPassword } from '../core/auth/passwords.ts';
import { AppError } from '../core/errors.ts';
import type { ChamberFieldsInput, chamberView } from '../core/network/chamber.ts';
import {
  type ChamberDeps,
  createChamber,
  ensureChamber,
  getChamber,
  listChambers,
  setChamberStatus,
  setSealCertificateChain,
} from '../core/network/manage-chambers.ts';

/** Rotates one chamber's local signing key: the first chamber's by default, another's with `chamberId`. */
export const rotateKeys = async (config: Config, chamberId: string = config.issuer.id): Promise<string> => {
  if (config.keySource !== 'local') {
    return 'Signing keys are in AWS KMS: add a key generation in the CDK context (signingKeyGenerations) and deploy; see docs/deploy.md.';
  }
  const dir = chamberKeysDir(config, chamberId);
  const { active, retired } = await rotateSigningKey(dir, new Date());
  return [
    `New active signing key ${active} of ${chamberId} in ${dir}.`,
    ...retired.map(
      (kid) => `Retired ${kid}: still published in /.well-known/jwks.json, so what it sealed still verifies.`,
    ),
    'Running servers pick the new key up within ten seconds.',
  ].join('\n');
};

export const createAdmin = async (
  config: Config,
  input: { email: string; name: string; password?: string | undefined },
) => {
  if (input.password !== undefined && input.password.length < MIN_PASSWORD_LENGTH) {
    throw new Error(`The password must be at least ${MIN_PASSWORD_LENGTH} characters.`);
  }
  const password = input.password ?? randomBytes(15).toString('base64url');
  const dynamo = createDynamoClient({ region: config.region, endpoint: config.dynamoEndpoint });
  const accounts = createAccountRepository(createDocumentClient(dynamo), config.tableName);
  await accounts.createUser({
    id: randomUUID(),
    issuerId: config.issuer.id,
    email: input.email.trim().toLowerCase(),
    name: input.name,
    role: 'admin',
    passwordHash: await hashPassword(password),
    createdAt: new Date().toISOString(),
  });
  dynamo.destroy();
  return input.password === undefined
    ? `Administrator ${input.email} created. Initial password (shown once): ${password}`
    : `Administrator ${input.email} created.`;
};

// ---- tradecert chambers … (docs/network.md §1, §2; docs/deploy.md "Adding a chamber on AWS") ----

export const CHAMBERS_USAGE = `usage:
  tradecert chambers list [--json]
  tradecert chambers create --id ID --name NAME --name-local NAME --country CC --city CITY --time-zone ZONE
                            --serial-prefix PREFIX --labels LOCAL[,SECOND] --address ADDRESS --phone PHONE
                            --email EMAIL --web URL [--host HOST]... [--public-base-url URL]
                            --admin-email EMAIL --admin-name NAME
  tradecert chambers suspend|withdraw|activate --id ID [--version N]
  tradecert chambers migrate
  tradecert chambers set-seal-chain --id ID --chain chain.pem [--version N]
  tradecert chambers --help

They act on the deployment the environment names (TABLE_NAME, AWS_REGION, AWS credentials; PUBLIC_BASE_URL for
a chamber's default address, ISSUER_* for migrate), as the platform operator.

Exit codes: 0 done (migrate: also when the record exists) · 2 usage error · 3 refused: a field is not valid or
            is taken (each is printed) · 4 no such chamber · 5 the chamber changed meanwhile (--version is stale)
            · 1 could not run (configuration, storage).`;

export const CHAMBERS_EXIT = {
  OK: 0,
  FAILED: 1,
  USAGE: 2,
  INVALID: 3,
  NOT_FOUND: 4,
  CONFLICT: 5,
} as const;

/** The command acts as the platform operator: the same verbs, and the same rules, as the operator's pages. */
const CLI_OPERATOR: Actor = { userId: 'tradecert-cli', email: 'operator@tradecert-cli', role: 'operator' };

const STATUS_OF = { suspend: 'suspended', withdraw: 'withdrawn', activate: 'active' } as const;

export interface CommandOutput {
  log(line: string): void;
  error(line: string): void;
}

const chamberDepsOf = (config: Config) => {
  const dynamo = createDynamoClient({ region: config.region, endpoint: config.dynamoEndpoint });
  const db = createDocumentClient(dynamo);
  const deps: ChamberDeps = {
    accounts: createAccountRepository(db, config.tableName),
    apiKeys: createApiKeyRepository(db, config.tableName),
    throttle: createThrottleStore(db, config.tableName),
    chambers: createChamberRepository(db, config.tableName),
    clock: systemClock,
    random: secureRandom,
    deploymentBaseUrl: config.publicBaseUrl,
  };
  return { deps, close: () => dynamo.destroy() };
};

const describeChamber = (chamber: ReturnType<typeof chamberView>) =>
  [
    `${chamber.id}  ${chamber.status} since ${chamber.statusSince}  (version ${chamber.version})`,
    `  ${chamber.name} / ${chamber.nameLocal}; ${chamber.city}, ${chamber.country}; ${chamber.timeZone}`,
    `  serials ${chamber.serialPrefix}-…; captions ${chamber.labelLanguages.join(', ')}`,
    `  ${chamber.publicBaseUrl}${chamber.hosts.length > 0 ? `; hosts ${chamber.hosts.join(', ')}` : ''}`,
  ].join('\n');

const optionalVersion = (raw: string | undefined): number | undefined | 'invalid' => {
  if (raw === undefined) return undefined;
  const version = Number(raw);
  return Number.isInteger(version) && version >= 1 ? version : 'invalid';
};

/** `tradecert chambers …` with its own options; answers the exit code. */
export const runChambersCommand = async (
  argv: string[],
  environment: Record<string, string | undefined>,
  out: CommandOutput = { log: console.log, error: console.error },
): Promise<number> => {
  let parsed: ReturnType<typeof parseChambersArgs>;
  try {
    parsed = parseChambersArgs(argv);
  } catch (error) {
    out.error(`${error instanceof Error ? error.message : String(error)}\n${CHAMBERS_USAGE}`);
    return CHAMBERS_EXIT.USAGE;
  }
  const { values, positionals } = parsed;
  const [action, extra] = positionals;
  if (values.help) {
    out.log(CHAMBERS_USAGE);
    return CHAMBERS_EXIT.OK;
  }
  const usage = (problem?: string) => {
    out.error(problem ? `${problem}\n${CHAMBERS_USAGE}` : CHAMBERS_USAGE);
    return CHAMBERS_EXIT.USAGE;
  };
  if (!action || extra) return usage();
  const version = optionalVersion(values.version);
  if (version === 'invalid') return usage('--version must be a whole number from 1.');
  const required = (names: (keyof typeof values)[]) => names.filter((name) => !values[name]);

  let config: Config;
  try {
    config = loadConfig(environment);
  } catch (error) {
    out.error(error instanceof Error ? error.message : String(error));
    return CHAMBERS_EXIT.FAILED;
  }
  const { deps, close } = chamberDepsOf(config);
  try {
    if (action === 'list') {
      const chambers = await listChambers(deps)({ actor: CLI_OPERATOR });
      if (values.json) out.log(JSON.stringify(chambers, null, 2));
      else out.log(chambers.length === 0 ? 'No chamber.' : chambers.map(describeChamber).join('\n'));
      return CHAMBERS_EXIT.OK;
    }
    if (action === 'create') {
      const missing = required([
        'id',
        'name',
        'name-local',
        'country',
        'city',
        'time-zone',
        'serial-prefix',
        'labels',
        'address',
        'phone',
        'email',
        'web',
        'admin-email',
        'admin-name',
      ]);
      if (missing.length > 0) return usage(`Missing: ${missing.map((name) => `--${name}`).join(', ')}.`);
      const created = await createChamber(deps)({
        actor: CLI_OPERATOR,
        id: values.id ?? '',
        name: values.name ?? '',
        nameLocal: values['name-local'] ?? '',
        country: values.country ?? '',
        city: values.city ?? '',
        timeZone: values['time-zone'] ?? '',
        serialPrefix: values['serial-prefix'] ?? '',
        // checked by the verb, which names an unknown language (--labels)
        labelLanguages: (values.labels ?? '')
          .split(',')
          .map((tag) => tag.trim()) as ChamberFieldsInput['labelLanguages'],
        contact: {
          address: values.address ?? '',
          phone: values.phone ?? '',
          email: values.email ?? '',
          web: values.web ?? '',
        },
        hosts: values.host ?? [],
        ...(values['public-base-url'] ? { publicBaseUrl: values['public-base-url'] } : {}),
        admin: { email: values['admin-email'] ?? '', name: values['admin-name'] ?? '' },
      });
      out.log(`Chamber ${created.chamber.id} created.`);
      out.log(describeChamber(created.chamber));
      out.log(
        `Administrator ${created.admin.email} logs in at ${created.chamber.publicBaseUrl}/portal/login and must choose a password there.`,
      );
      if (created.initialPassword) out.log(`Initial password (shown once): ${created.initialPassword}`);
      return CHAMBERS_EXIT.OK;
    }
    if (action === 'suspend' || action === 'withdraw' || action === 'activate') {
      if (!values.id) return usage('Missing: --id.');
      const id = values.id;
      // without --version the change applies to the record as it is now
      const current = version ?? (await getChamber(deps)({ actor: CLI_OPERATOR, id })).version;
      const status = STATUS_OF[action];
      const changed = await setChamberStatus(deps)({ actor: CLI_OPERATOR, id, status, version: current });
      out.log(
        changed.version === current
          ? `Chamber ${id} was already ${status} (since ${changed.statusSince}); nothing changed.`
          : `Chamber ${id} is now ${status} (since ${changed.statusSince}, version ${changed.version}).`,
      );
      return CHAMBERS_EXIT.OK;
    }
    if (action === 'migrate') {
      const chamber = firstChamberOf(config, new Date());
      const written = await ensureChamber(deps.chambers, chamber);
      out.log(
        written
          ? `Chamber ${chamber.id} written from the ISSUER_* configuration (serials ${chamber.serialPrefix}, ${chamber.publicBaseUrl}).`
          : `Chamber ${chamber.id} has its record already; nothing written.`,
      );
      return CHAMBERS_EXIT.OK;
    }
    if (action === 'set-seal-chain') {
      const missing = required(['id', 'chain']);
      if (missing.length > 0) return usage(`Missing: ${missing.map((name) => `--${name}`).join(', ')}.`);
      let pem: string;
      try {
        pem = await readFile(values.chain ?? '', 'utf8');
      } catch (error) {
        out.error(`Cannot read ${values.chain}: ${error instanceof Error ? error.message : String(error)}`);
        return CHAMBERS_EXIT.USAGE;
      }
      const { chamber, certificates } = await setSealCertificateChain(deps)({
        actor: CLI_OPERATOR,
        id: values.id ?? '',
        chain: pem,
        ...(version === undefined ? {} : { version }),
      });
      out.log(
        `Seal certificate chain of ${chamber.id} stored (${certificates} certificate(s), version ${chamber.version}); every function seals with it within a minute.`,
      );
      return CHAMBERS_EXIT.OK;
    }
    return usage(`Unknown command: chambers ${action}.`);
  } catch (error) {
    if (error instanceof AppError) {
      out.error(error.message);
      for (const issue of error.errors ?? []) out.error(`  ${optionNameOf(issue.path)}: ${issue.message}`);
      if (error.code === 'VALIDATION_FAILED') return CHAMBERS_EXIT.INVALID;
      if (error.code === 'NOT_FOUND') return CHAMBERS_EXIT.NOT_FOUND;
      if (error.code === 'VERSION_CONFLICT') return CHAMBERS_EXIT.CONFLICT;
    } else {
      out.error(error instanceof Error ? error.message : String(error));
    }
    return CHAMBERS_EXIT.FAILED;
  } finally {
    close();
  }
};

const parseChambersArgs = (argv: string[]) =>
  parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      help: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      id: { type: 'string' },
      name: { type: 'string' },
      'name-local': { type: 'string' },
      country: { type: 'string' },
      city: { type: 'string' },
      'time-zone': { type: 'string' },
      'serial-prefix': { type: 'string' },
      labels: { type: 'string' },
      address: { type: 'string' },
      phone: { type: 'string' },
      email: { type: 'string' },
      web: { type: 'string' },
      host: { type: 'string', multiple: true },
      'public-base-url': { type: 'string' },
      'admin-email': { type: 'string' },
      'admin-name': { type: 'string' },
      version: { type: 'string' },
      chain: { type: 'string' },
    },
  });

/** A field error's path as the option that sets it (`contact.email` is --email, `hosts.1` is --host). */
const OPTION_OF: Record<string, string> = {
  nameLocal: '--name-local',
  timeZone: '--time-zone',
  serialPrefix: '--serial-prefix',
  labelLanguages: '--labels',
  'contact.address': '--address',
  'contact.phone': '--phone',
  'contact.email': '--email',
  'contact.web': '--web',
  publicBaseUrl: '--public-base-url',
  'admin.email': '--admin-email',
  'admin.name': '--admin-name',
  sealCertificateChain: '--chain',
};
const optionNameOf = (path: string): string => {
  if (path.startsWith('hosts')) return '--host';
  if (path.startsWith('labelLanguages')) return '--labels';
  return OPTION_OF[path] ?? `--${path}`;
};
