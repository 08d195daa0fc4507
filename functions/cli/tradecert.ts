#!/usr/bin/env node
// The `tradecert` command for verifiers: check a certificate PDF, a QR URL or a seal (JWS) against the service,
// or offline against a trust directory of the issuer's keys and signed revocation list.
//
//   tradecert verify <file.pdf | credential.vc.jwt | url | jws> [--offline] [--trust-dir DIR] [--base URL] [--json]
//   tradecert trust fetch --base URL --trust-dir DIR
//   tradecert keys rotate [--chamber ID]                   (operators; configured by the environment)
//   tradecert admin create --email E --name N [--password P]
//   tradecert seal csr --key-id KMS_KEY | --chamber ID --subject "CN=…, O=…, C=MK"   (a request for the KMS seal key)
//   tradecert seal revoke-local [--chamber ID]              (drills: the local CA revokes the local seal certificate)
//   tradecert archive renew [--within-days 90] [--dry-run] [--chamber ID]   (renews archive timestamps, docs/legal.md §5)
//   tradecert chambers list | create … | suspend | withdraw | activate | migrate | set-seal-chain   (the operator;
//                                      `tradecert chambers --help` lists options and exit codes)
//
// Exit codes (help.ts, README): verify 0 VALID · 10 REVOKED · 11 SUPERSEDED · 12 NOT_FOUND · 13 TAMPERED ·
//             14 UNKNOWN_KEY · 15 UNKNOWN_ISSUER · 20 could not check; every command 0 done · 1 could not run · 2 usage.
// Installed as the package's `bin`, built to one JavaScript file by scripts/build-cli.mjs (no tsx at run time).
import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { isChamberId, sealKeyOf } from '../adapters/kms/chamber-keys.ts';
import { createKmsClient } from '../adapters/kms/kms-client.ts';
import { sealCertificateRequest } from '../adapters/kms/seal-csr.ts';
import { loadConfig } from '../config/config.ts';
import { DEFAULT_RENEWAL_WINDOW_DAYS, renewArchives, revokeLocalSeal } from './archive-commands.ts';
import { EXIT_CODES } from './exit-codes.ts';
import { COMMAND_HELP, OVERVIEW } from './help.ts';
import {
  chamberExportOf,
  chamberOfConfig,
  exportMembers,
  listHostedChambers,
  operatorKeygen,
  operatorSigner,
  signNetworkList,
} from './network-commands.ts';
import { createAdmin, rotateKeys, runChambersCommand } from './operator-commands.ts';
import {
  type CliOutcome,
  fetchTrust,
  readTrust,
  TrustError,
  verifyOffline,
  verifyOnline,
} from './verify-command.ts';

/** A usage error names the command's own help. */
const usageOf = (command: string | undefined) => (command ? COMMAND_HELP[command] : undefined) ?? OVERVIEW;

const print = (outcome: CliOutcome, json: boolean) => {
  if (json) {
    console.log(JSON.stringify(outcome, null, 2));
    return;
  }
  console.log(`${outcome.status}: ${outcome.message}`);
  for (const line of outcome.details) console.log(`  ${line}`);
};

const main = async (argv: string[]): Promise<number> => {
  // the operator's chamber commands have options of their own and their own exit codes (CHAMBERS_USAGE)
  if (argv[0] === 'chambers') return runChambersCommand(argv.slice(1), process.env);
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      offline: { type: 'boolean', default: false },
      'trust-dir': { type: 'string' },
      base: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
      email: { type: 'string' },
      name: { type: 'string' },
      password: { type: 'string' },
      'key-id': { type: 'string' },
      chamber: { type: 'string' },
      subject: { type: 'string' },
      out: { type: 'string' },
      members: { type: 'string', multiple: true },
      key: { type: 'string' },
      'kms-key': { type: 'string' },
      iss: { type: 'string' },
      version: { type: 'string' },
      'valid-days': { type: 'string' },
      'trust-list-key': { type: 'string' },
      'valid-from': { type: 'string' },
      'within-days': { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
    },
  });
  const [command, target, extra] = positionals;
  // `tradecert --help`, `tradecert verify --help`, `tradecert help verify`
  if (values.help || command === 'help') {
    const topic = command === 'help' ? target : command;
    console.log(usageOf(topic));
    return topic === undefined || COMMAND_HELP[topic] ? 0 : 2;
  }
  if (!command) {
    console.error(OVERVIEW);
    return 2;
  }
  const usage = usageOf(command);
  if (command === 'trust' && target === 'fetch' && !extra) {
    if (!values.base || !values['trust-dir']) {
      console.error(usage);
      return 2;
    }
    const summary = await fetchTrust(values.base, values['trust-dir'], {
      ...(values['trust-list-key'] ? { operatorKey: values['trust-list-key'] } : {}),
    });
    console.log(
      `Trust data of ${summary.issuer} saved in ${values['trust-dir']}: ${summary.keys} key(s), ${summary.entries} withdrawn serial(s), valid until ${summary.nextUpdate}${summary.network ? `; trust list version ${summary.network.version} with ${summary.network.members} member(s)` : ''}.`,
    );
    return 0;
  }
  if (command === 'network' && target === 'keygen' && !extra) {
    if (!values.out) {
      console.error(usage);
      return 2;
    }
    const publicJwk = await operatorKeygen(values.out);
    console.error(
      `Operator private key written to ${values.out} (mode 0600). Its public JWK, for TRUST_LIST_OPERATOR_KEY:`,
    );
    console.log(JSON.stringify(publicJwk));
    return 0;
  }
  if (command === 'network' && target === 'export-members' && !extra) {
    const validFrom = values['valid-from'];
    if (validFrom !== undefined && Number.isNaN(Date.parse(validFrom))) {
      console.error('--valid-from must be a date such as 2026-01-01T00:00:00Z');
      return 2;
    }
    const config = loadConfig(process.env);
    const since = validFrom === undefined ? undefined : new Date(validFrom).toISOString();
    // every chamber this deployment hosts (docs/network.md §1); without a reachable table, the configured first one
    const records = await Promise.race([
      listHostedChambers(config),
      new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error('no answer within 10 s')), 10_000).unref(),
      ),
    ]).catch((error: unknown) => {
      console.error(
        `chamber records not readable (${String(error)}): exporting the configured first chamber only`,
      );
      return undefined;
    });
    const members = exportMembers(
      records
        ? await Promise.all(records.map((chamber) => chamberExportOf(config, chamber, since)))
        : [await chamberOfConfig(config, since)],
    );
    const text = `${JSON.stringify(members, null, 2)}\n`;
    if (values.out) await writeFile(values.out, text);
    else process.stdout.write(text);
    return 0;
  }
  if (command === 'network' && target === 'sign') {
    // --members takes the files after it: `--members a.json b.json` leaves b.json as a positional
    const memberFiles = [...(values.members ?? []), ...positionals.slice(2)];
    if (memberFiles.length === 0 || !values.out || !values.iss || (!values.key && !values['kms-key'])) {
      console.error(usage);
      return 2;
    }
    const { payload } = await signNetworkList({
      memberFiles,
      signer: await operatorSigner({
        key: values.key,
        kmsKey: values['kms-key'],
        region: process.env.AWS_REGION,
      }),
      iss: values.iss,
      version: values.version === undefined ? undefined : Number(values.version),
      validDays: values['valid-days'] === undefined ? undefined : Number(values['valid-days']),
      previous: values.out,
    }).then(async (list) => {
      await writeFile(values.out as string, `${list.jws}\n`);
      return list;
    });
    console.log(
      `Trust list version ${payload.version} with ${payload.members.length} member(s) written to ${values.out}; next update ${new Date(payload.nextUpdate * 1000).toISOString()}.`,
    );
    return 0;
  }
  if (command === 'keys' && target === 'rotate' && !extra) {
    if (values.chamber !== undefined && !isChamberId(values.chamber)) {
      console.error(
        `--chamber ${values.chamber}: not a chamber id (2–40 lower-case letters, digits or hyphens).`,
      );
      return 2;
    }
    console.log(await rotateKeys(loadConfig(process.env), values.chamber));
    return 0;
  }
  if (command === 'admin' && target === 'create' && !extra) {
    if (!values.email || !values.name) {
      console.error(usage);
      return 2;
    }
    console.log(
      await createAdmin(loadConfig(process.env), {
        email: values.email,
        name: values.name,
        password: values.password,
      }),
    );
    return 0;
  }
  if (command === 'seal' && target === 'csr' && !extra) {
    const keyId = sealKeyOf({ keyId: values['key-id'], chamber: values.chamber });
    if (typeof keyId !== 'string' || !values.subject) {
      console.error(typeof keyId === 'string' ? usage : `${keyId.problem}\n${usage}`);
      return 2;
    }
    const kms = createKmsClient({ region: loadConfig(process.env).region });
    process.stdout.write(await sealCertificateRequest(kms, keyId, values.subject));
    kms.destroy();
    return 0;
  }
  if (command === 'seal' && target === 'revoke-local' && !extra) {
    console.log(await revokeLocalSeal(loadConfig(process.env), values.chamber));
    return 0;
  }
  if (command === 'archive' && target === 'renew' && !extra) {
    const withinDays = Number(values['within-days'] ?? DEFAULT_RENEWAL_WINDOW_DAYS);
    if (!Number.isInteger(withinDays) || withinDays < 0) {
      console.error(`--within-days must be a whole number of days\n${usage}`);
      return 2;
    }
    const complete = await renewArchives(loadConfig(process.env), {
      withinDays,
      dryRun: values['dry-run'],
      chamberId: values.chamber,
    });
    return complete ? 0 : 1;
  }
  if (command === 'verify' && target && !extra) {
    // a PDF, a credential file (.jwt, as GET /v/{code}/vc downloads it), or a URL or JWS given as text
    const input = target.toLowerCase().endsWith('.pdf')
      ? { pdf: new Uint8Array(await readFile(target)) }
      : { text: /\.(jwt|jws|txt)$/i.test(target) ? await readFile(target, 'utf8') : target };
    const outcome = values.offline
      ? verifyOffline(input, await readTrust(values['trust-dir']))
      : verifyOnline(input, values.base);
    const result = await outcome;
    print(result, values.json);
    return EXIT_CODES[result.status];
  }
  console.error(usage);
  return 2;
};

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof TrustError) {
      console.error(`Could not check: ${error.message}`);
      process.exit(EXIT_CODES.UNCHECKED);
    }
    console.error(error instanceof Error ? error.message : error);
    if (error instanceof Error && error.cause instanceof Error)
      console.error(`  cause: ${error.cause.message}`);
    // an unknown option or a missing value is a usage error; anything else could not run
    const { code } = error as { code?: unknown };
    process.exit(typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_') ? 2 : 1);
  },
);
