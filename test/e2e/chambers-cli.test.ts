// `tradecert chambers …` against DynamoDB Local (docs/network.md §1, §2; docs/deploy.md "Adding a chamber on
// AWS"): the operator's verbs from the deployment's environment, each refusal with its exit code and nothing
// stored; migrate writes the first chamber once; set-seal-chain stores only a chain that parses and is in order.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { createChamberRepository } from '../../functions/adapters/dynamodb/chamber-repository.ts';
import { createDocumentClient, createDynamoClient } from '../../functions/adapters/dynamodb/client.ts';
import { ensureTable } from '../../functions/adapters/dynamodb/table.ts';
import { createSealMaterial } from '../../functions/adapters/local/seal-material.ts';
import { CHAMBERS_EXIT, CHAMBERS_USAGE, runChambersCommand } from '../../functions/cli/operator-commands.ts';
import { loadConfig } from '../../functions/config/config.ts';
import { createTestStack, portalLogInAt, type TestStack, testEnvironment } from '../support/test-stack.ts';

const run = promisify(execFile);

let stack: TestStack;
let environment: Record<string, string>;
let dir: string;

/** The command in this process, its output captured. */
const chambers = async (...args: string[]) => {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await runChambersCommand(args, environment, {
    log: (line) => stdout.push(line),
    error: (line) => stderr.push(line),
  });
  return { code, stdout: stdout.join('\n'), stderr: stderr.join('\n') };
};

/** The real binary, for what tradecert.ts adds: dispatch and the process's exit code. */
const binary = async (env: Record<string, string>, ...args: string[]) => {
  try {
    const { stdout } = await run(
      join('node_modules', '.bin', 'tsx'),
      ['functions/cli/tradecert.ts', ...args],
      {
        env: { ...process.env, ...env },
      },
    );
    return { code: 0, stdout, stderr: '' };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
};

const record = (id: string) =>
  createChamberRepository(
    createDocumentClient(
      createDynamoClient({ region: stack.config.region, endpoint: stack.config.dynamoEndpoint }),
    ),
    stack.config.tableName,
  ).get(id);

const createArgs = (id: string, prefix: string, extra: string[] = []) => [
  'create',
  '--id',
  id,
  '--name',
  'Chamber of Commerce and Industry of Albania',
  '--name-local',
  'Dhoma e Tregtisë dhe Industrisë e Shqipërisë',
  '--country',
  'AL',
  '--city',
  'Tiranë / Tirana',
  '--time-zone',
  'Europe/Tirane',
  '--serial-prefix',
  prefix,
  '--labels',
  'sq,en',
  '--address',
  'Rruga e Kavajës 6, Tiranë',
  '--phone',
  '+355 4 222 2222',
  '--email',
  `info@${id}.test`,
  '--web',
  'https://dhoma.example',
  '--admin-email',
  `admin@${id}.test`,
  '--admin-name',
  'Arta Hoxha',
  ...extra,
];

beforeAll(async () => {
  stack = await createTestStack();
  dir = await mkdtemp(join(tmpdir(), 'tradecert-chambers-'));
  environment = {
    TABLE_NAME: stack.config.tableName,
    BUCKET_NAME: stack.config.bucketName,
    AWS_ENDPOINT_URL_DYNAMODB: stack.config.dynamoEndpoint ?? '',
    AWS_ENDPOINT_URL_S3: stack.config.s3Endpoint ?? '',
    DATA_DIR: dir,
    PUBLIC_BASE_URL: stack.config.publicBaseUrl,
  };
});

describe('tradecert chambers create and list', () => {
  it('creates a chamber and its first administrator, who logs in with the one-time password', async () => {
    const created = await chambers(...createArgs('al-chamber', 'AL', ['--host', 'certs.dhoma.example']));
    expect(created.stderr).toBe('');
    expect(created.code).toBe(CHAMBERS_EXIT.OK);
    const password = /Initial password \(shown once\): (\S+)/.exec(created.stdout)?.[1];
    expect(password).toMatch(/^[\w-]{20}$/);
    expect(created.stdout).toContain(
      `Administrator admin@al-chamber.test logs in at ${stack.config.publicBaseUrl}/c/al-chamber/portal/login`,
    );
    expect(await record('al-chamber')).toMatchObject({
      serialPrefix: 'AL',
      labelLanguages: ['sq', 'en'],
      hosts: ['certs.dhoma.example'],
      status: 'active',
      version: 1,
    });
    const login = await portalLogInAt(stack, '/c/al-chamber', 'admin@al-chamber.test', password);
    expect(login.location).toBe('/c/al-chamber/portal/password');

    const listed = await chambers('list');
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain('al-chamber  active since');
    expect(listed.stdout).toContain(stack.config.issuer.id);
    const json = JSON.parse((await chambers('list', '--json')).stdout) as { id: string }[];
    expect(json.map((chamber) => chamber.id)).toEqual(
      expect.arrayContaining(['al-chamber', stack.config.issuer.id]),
    );
  });

  it('refuses wrong or taken fields with exit 3, naming each option, and stores nothing', async () => {
    const wrong = await chambers(
      ...createArgs('Bad Id', 'lower', [
        '--time-zone',
        'Mars/Olympus',
        '--web',
        'ftp://x',
        '--labels',
        'sq,en,mk',
      ]),
    );
    expect(wrong.code).toBe(CHAMBERS_EXIT.INVALID);
    for (const option of ['--id', '--serial-prefix', '--time-zone', '--web', '--labels']) {
      expect(wrong.stderr).toContain(`  ${option}: `);
    }
    expect(await record('Bad Id')).toBeUndefined();

    await chambers(...createArgs('me-chamber', 'ME'));
    const taken = await chambers(...createArgs('me-chamber', 'ME', ['--admin-email', 'other@me.test']));
    expect(taken.code).toBe(CHAMBERS_EXIT.INVALID);
    expect(taken.stderr).toContain('--id: ');
    expect(taken.stderr).toContain('--serial-prefix: ');
    expect(await record('me-chamber')).toMatchObject({
      version: 1,
      contact: { email: 'info@me-chamber.test' },
    });
  });

  it('a missing option or an unknown one is a usage error (2)', async () => {
    const missing = await chambers('create', '--id', 'xk-chamber');
    expect(missing.code).toBe(CHAMBERS_EXIT.USAGE);
    expect(missing.stderr).toContain('Missing: --name, --name-local');
    expect((await chambers('create', '--colour', 'red')).code).toBe(CHAMBERS_EXIT.USAGE);
    expect((await chambers('rename', '--id', 'xk-chamber')).code).toBe(CHAMBERS_EXIT.USAGE);
    expect((await chambers()).code).toBe(CHAMBERS_EXIT.USAGE);
    expect(await record('xk-chamber')).toBeUndefined();
  });
});

describe('tradecert chambers suspend, withdraw, activate', () => {
  it('changes the status; a stale --version is refused with exit 5; an unknown chamber is 4', async () => {
    await chambers(...createArgs('rs-chamber', 'RS'));
    const suspended = await chambers('suspend', '--id', 'rs-chamber');
    expect(suspended.code).toBe(0);
    expect(suspended.stdout).toContain('Chamber rs-chamber is now suspended');
    expect(await record('rs-chamber')).toMatchObject({ status: 'suspended', version: 2 });

    const stale = await chambers('withdraw', '--id', 'rs-chamber', '--version', '1');
    expect(stale.code).toBe(CHAMBERS_EXIT.CONFLICT);
    expect(await record('rs-chamber')).toMatchObject({ status: 'suspended', version: 2 });

    expect((await chambers('withdraw', '--id', 'rs-chamber', '--version', '2')).code).toBe(0);
    expect(await record('rs-chamber')).toMatchObject({ status: 'withdrawn', version: 3 });
    expect((await chambers('activate', '--id', 'rs-chamber')).code).toBe(0);
    expect(await record('rs-chamber')).toMatchObject({ status: 'active', version: 4 });
    const again = await chambers('activate', '--id', 'rs-chamber');
    expect(again.stdout).toContain('was already active');
    expect(await record('rs-chamber')).toMatchObject({ version: 4 });

    expect((await chambers('suspend', '--id', 'no-such-chamber')).code).toBe(CHAMBERS_EXIT.NOT_FOUND);
    expect((await chambers('suspend', '--id', 'rs-chamber', '--version', 'two')).code).toBe(
      CHAMBERS_EXIT.USAGE,
    );
  });
});

describe('tradecert chambers migrate', () => {
  it('writes the first chamber from ISSUER_* once, then nothing', async () => {
    const env = await testEnvironment({
      ISSUER_ID: 'mk-chamber',
      SERIAL_PREFIX: 'MK',
      ISSUER_LABEL_LANGUAGES: 'mk,en',
    });
    const config = loadConfig(env);
    await ensureTable(
      createDynamoClient({ region: config.region, endpoint: config.dynamoEndpoint }),
      config.tableName,
    );
    const first = await binary(env, 'chambers', 'migrate');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('Chamber mk-chamber written from the ISSUER_* configuration');
    const second = await binary(env, 'chambers', 'migrate');
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('Chamber mk-chamber has its record already; nothing written.');
    const listed = await binary(env, 'chambers', 'list', '--json');
    expect(JSON.parse(listed.stdout)).toMatchObject([
      { id: 'mk-chamber', serialPrefix: 'MK', labelLanguages: ['mk', 'en'], status: 'active', version: 1 },
    ]);
    // usage errors through the binary too
    expect((await binary(env, 'chambers', 'suspend')).code).toBe(CHAMBERS_EXIT.USAGE);
  });
});

describe('tradecert chambers set-seal-chain', () => {
  it('stores a chain of PEM certificates in the record; refuses one that does not parse or is out of order', async () => {
    await chambers(...createArgs('ba-chamber', 'BA'));
    const material = await createSealMaterial(
      { ...stack.config.issuer, id: 'ba-chamber', name: 'Chamber BA' },
      new Date(),
    );
    const good = join(dir, 'chain.pem');
    await writeFile(good, `${material.certificatePem}\n${material.caCertificatePem}\n`);
    const reversed = join(dir, 'reversed.pem');
    await writeFile(reversed, `${material.caCertificatePem}\n${material.certificatePem}\n`);
    const garbage = join(dir, 'garbage.pem');
    await writeFile(garbage, 'this is not a certificate\n');
    const broken = join(dir, 'broken.pem');
    await writeFile(broken, '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n');

    for (const file of [garbage, broken, reversed]) {
      const refused = await chambers('set-seal-chain', '--id', 'ba-chamber', '--chain', file);
      expect(refused.code).toBe(CHAMBERS_EXIT.INVALID);
      expect(refused.stderr).toContain('--chain: ');
    }
    expect((await record('ba-chamber'))?.kms).toBeUndefined();
    expect(
      (await chambers('set-seal-chain', '--id', 'ba-chamber', '--chain', join(dir, 'absent.pem'))).code,
    ).toBe(CHAMBERS_EXIT.USAGE);

    const stored = await chambers('set-seal-chain', '--id', 'ba-chamber', '--chain', good);
    expect(stored.code).toBe(0);
    expect(stored.stdout).toContain(
      'Seal certificate chain of ba-chamber stored (2 certificate(s), version 2)',
    );
    const chamber = await record('ba-chamber');
    expect(chamber?.version).toBe(2);
    expect(chamber?.kms?.sealCertificateChain?.match(/-----BEGIN CERTIFICATE-----/g)).toHaveLength(2);
    expect(chamber?.kms?.sealCertificateChain).toContain(material.certificatePem.trim());
    expect((await chambers('set-seal-chain', '--id', 'no-such-chamber', '--chain', good)).code).toBe(
      CHAMBERS_EXIT.NOT_FOUND,
    );
  });
});

describe('docs/deploy.md "Adding a chamber on AWS"', () => {
  it('names only commands and options the CLI has', async () => {
    const deploy = await readFile(new URL('../../docs/deploy.md', import.meta.url), 'utf8');
    const section = deploy.slice(
      deploy.indexOf('## Adding a chamber on AWS'),
      deploy.indexOf('## Rotating keys'),
    );
    // each `npm run tradecert -- chambers …` command with its continuation lines
    const commands = [...section.matchAll(/npm run tradecert -- chambers ((?:[^\n]*\\\n)*[^\n]*)/g)].map(
      (match) => (match[1] ?? '').replace(/\\\n/g, ' ').replace(/[#`].*$/, ''),
    );
    expect(commands.length).toBeGreaterThanOrEqual(6);
    for (const command of commands) {
      const [action] = command.trim().split(/\s+/);
      if (!action?.startsWith('--'))
        expect(CHAMBERS_USAGE).toMatch(new RegExp(`tradecert chambers [a-z|-]*\\b${action}\\b`));
      for (const option of command.match(/--[a-z-]+/g) ?? [])
        expect(CHAMBERS_USAGE).toMatch(new RegExp(`(?<![\\w-])${option}(?![\\w-])`));
    }
  });
});
