// Demo data for the embedded local stack (docs/network.md §7): two chambers — the configured first one and an
// Albanian one — each with staff, an administrator and one exporter organisation, and the platform operator.
import { randomBytes, randomUUID } from 'node:crypto';
import type { Organisation, Role, User } from '../core/accounts.ts';
import { hashPassword } from '../core/auth/passwords.ts';
import { AppError } from '../core/errors.ts';
import { type Chamber, PLATFORM_SCOPE, pathFormBaseUrl } from '../core/network/chamber.ts';
import { ensureChamber } from '../core/network/manage-chambers.ts';
import type { AccountRepository, ChamberRepository } from '../core/ports.ts';

interface DemoUser {
  email: string;
  name: string;
  role: Role;
  exporter: boolean;
  orgAdmin?: boolean;
  /** The function under which the demo exporter signs the exporter's declaration (docs/legal.md §8). */
  signsAs?: string;
}

const chamberPeople = (
  domain: string,
  names: [string, string, string, string],
  exporterFunction: string,
): DemoUser[] => [
  {
    email: `exporter@${domain}`,
    name: names[0],
    role: 'exporter',
    exporter: true,
    orgAdmin: true,
    signsAs: exporterFunction,
  },
  { email: `staff@${domain}`, name: names[1], role: 'staff', exporter: false },
  { email: `staff2@${domain}`, name: names[2], role: 'staff', exporter: false },
  { email: `admin@${domain}`, name: names[3], role: 'admin', exporter: false },
];

export const DEMO_USERS: DemoUser[] = chamberPeople(
  'demo.test',
  ['Ана Петровска', 'Марко Стојанов', 'Елена Трајковска', 'Chamber Administrator'],
  'Управител',
);

export const DEMO2_USERS: DemoUser[] = chamberPeople(
  'demo2.test',
  ['Arta Hoxha', 'Erion Shehu', 'Blerina Krasniqi', 'Administratori i Odës'],
  'Drejtore ekzekutive',
);

export const OPERATOR_EMAIL = 'operator@demo.test';

/** The second demo chamber: in Albania, captions in Albanian and English, on the path form /c/demo-al. */
export const DEMO2_CHAMBER_ID = 'demo-al';

export const demo2Chamber = (deploymentBaseUrl: string, now: string): Chamber => ({
  id: DEMO2_CHAMBER_ID,
  name: 'Demo Chamber of Commerce and Industry of Albania',
  nameLocal: 'Dhoma Demo e Tregtisë dhe Industrisë e Shqipërisë',
  country: 'AL',
  city: 'Tiranë / Tirana',
  timeZone: 'Europe/Tirane',
  serialPrefix: 'AL',
  publicBaseUrl: pathFormBaseUrl(deploymentBaseUrl, DEMO2_CHAMBER_ID),
  contact: {
    address: 'Rruga e Kavajës 6, 1001 Tiranë / Kavaja Street 6, 1001 Tirana',
    phone: '+355 4 000 0000',
    email: 'certifikata@dhoma.example',
    web: 'https://dhoma.example',
  },
  labelLanguages: ['sq', 'en'],
  hosts: [],
  status: 'active',
  statusSince: now,
  version: 1,
  createdAt: now,
});

export const demoOrganisation = (issuerId: string, now: string): Organisation => ({
  id: randomUUID(),
  issuerId,
  name: 'Македонски Текстил ДООЕЛ',
  address: { street: 'ул. Партизанска 15', postcode: '1000', city: 'Скопје', country: 'MK' },
  taxId: '4030990123456',
  createdAt: now,
});

const demo2Organisation = (issuerId: string, now: string): Organisation => ({
  id: randomUUID(),
  issuerId,
  name: 'Tekstil Durrësi SH.P.K.',
  address: { street: 'Rruga Egnatia 12', postcode: '2001', city: 'Durrës', country: 'AL' },
  taxId: 'L91234567A',
  createdAt: now,
});

export interface SeedResult {
  created: boolean;
  /** Set only when this run generated the password: it is printed once and never stored in clear. */
  generatedPassword?: string;
}

const seedPeople = async (
  accounts: AccountRepository,
  issuerId: string,
  people: DemoUser[],
  organisation: Organisation | undefined,
  passwordHash: string,
  now: string,
) => {
  if (organisation) await accounts.putOrganisation(organisation);
  for (const demo of people) {
    const user: User = {
      id: randomUUID(),
      issuerId,
      email: demo.email,
      name: demo.name,
      role: demo.role,
      ...(demo.exporter && organisation ? { orgId: organisation.id } : {}),
      ...(demo.orgAdmin ? { orgAdmin: true } : {}),
      ...(demo.signsAs
        ? { signatory: { fullName: demo.name, function: demo.signsAs, grantedAt: now, grantedBy: 'seed' } }
        : {}),
      passwordHash,
      createdAt: now,
    };
    await accounts.createUser(user);
  }
};

/** Seeds the first chamber's demo accounts once: when the demo admin exists already, nothing is touched. */
export const seedDemoAccounts = async (
  accounts: AccountRepository,
  issuerId: string,
  demoPassword: string | undefined,
): Promise<SeedResult> => {
  if (await accounts.findUserByEmail(issuerId, 'admin@demo.test')) return { created: false };
  const now = new Date().toISOString();
  const password = demoPassword ?? randomBytes(12).toString('base64url');
  await seedPeople(
    accounts,
    issuerId,
    DEMO_USERS,
    demoOrganisation(issuerId, now),
    await hashPassword(password),
    now,
  );
  return demoPassword ? { created: true } : { created: true, generatedPassword: password };
};

/**
 * The demo network: the first chamber's accounts, the Albanian chamber with its own, and the operator. Each
 * part is seeded once; all share the demo password.
 */
export const seedDemoNetwork = async (
  stores: { accounts: AccountRepository; chambers: ChamberRepository },
  firstChamberId: string,
  deploymentBaseUrl: string,
  demoPassword: string | undefined,
): Promise<SeedResult> => {
  const first = await seedDemoAccounts(stores.accounts, firstChamberId, demoPassword);
  const now = new Date().toISOString();
  // a deployment whose own chambers took its serial prefix (AL) has no second demo chamber: nothing is forced
  const demo2 = await ensureChamber(stores.chambers, demo2Chamber(deploymentBaseUrl, now))
    .then(() => true)
    .catch((error: unknown) => {
      if (error instanceof AppError && error.code === 'VALIDATION_FAILED') return false;
      throw error;
    });
  const missing = {
    demo2: demo2 && !(await stores.accounts.findUserByEmail(DEMO2_CHAMBER_ID, 'admin@demo2.test')),
    operator: !(await stores.accounts.findUserByEmail(PLATFORM_SCOPE, OPERATOR_EMAIL)),
  };
  if (!missing.demo2 && !missing.operator) return first;
  // a data directory from before the network: the new accounts get the demo password, or a new one shown once
  const generated = demoPassword
    ? undefined
    : (first.generatedPassword ?? randomBytes(12).toString('base64url'));
  const passwordHash = await hashPassword(demoPassword ?? generated ?? '');
  if (missing.demo2) {
    const organisation = demo2Organisation(DEMO2_CHAMBER_ID, now);
    await seedPeople(stores.accounts, DEMO2_CHAMBER_ID, DEMO2_USERS, organisation, passwordHash, now);
  }
  if (missing.operator) {
    const operator: DemoUser = {
      email: OPERATOR_EMAIL,
      name: 'Network Operator',
      role: 'operator',
      exporter: false,
    };
    await seedPeople(stores.accounts, PLATFORM_SCOPE, [operator], undefined, passwordHash, now);
  }
  return generated ? { created: true, generatedPassword: generated } : { created: true };
};
