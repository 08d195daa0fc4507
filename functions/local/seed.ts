// Demo accounts for the embedded local stack: a chamber's staff and admin, and one exporter organisation.
import { randomBytes, randomUUID } from 'node:crypto';
import type { Organisation, Role, User } from '../core/accounts.ts';
import { hashPassword } from '../core/auth/passwords.ts';
import type { AccountRepository } from '../core/ports.ts';

export const DEMO_USERS: {
  email: string;
  name: string;
  role: Role;
  exporter: boolean;
  orgAdmin?: boolean;
}[] = [
  { email: 'exporter@demo.test', name: 'Ана Петровска', role: 'exporter', exporter: true, orgAdmin: true },
  { email: 'staff@demo.test', name: 'Марко Стојанов', role: 'staff', exporter: false },
  { email: 'staff2@demo.test', name: 'Елена Трајковска', role: 'staff', exporter: false },
  { email: 'admin@demo.test', name: 'Chamber Administrator', role: 'admin', exporter: false },
];

export const demoOrganisation = (issuerId: string, now: string): Organisation => ({
  id: randomUUID(),
  issuerId,
  name: 'Македонски Текстил ДООЕЛ',
  address: { street: 'ул. Партизанска 15', postcode: '1000', city: 'Скопје', country: 'MK' },
  taxId: '4030990123456',
  createdAt: now,
});

export interface SeedResult {
  created: boolean;
  /** Set only when this run generated the password: it is printed once and never stored in clear. */
  generatedPassword?: string;
}

/** Seeds once: when the demo admin exists already, nothing is touched. */
export const seedDemoAccounts = async (
  accounts: AccountRepository,
  issuerId: string,
  demoPassword: string | undefined,
): Promise<SeedResult> => {
  if (await accounts.findUserByEmail(issuerId, 'admin@demo.test')) return { created: false };
  const now = new Date().toISOString();
  const password = demoPassword ?? randomBytes(12).toString('base64url');
  const passwordHash = await hashPassword(password);
  const organisation = demoOrganisation(issuerId, now);
  await accounts.putOrganisation(organisation);
  for (const demo of DEMO_USERS) {
    const user: User = {
      id: randomUUID(),
      issuerId,
      email: demo.email,
      name: demo.name,
      role: demo.role,
      ...(demo.exporter ? { orgId: organisation.id } : {}),
      ...(demo.orgAdmin ? { orgAdmin: true } : {}),
      passwordHash,
      createdAt: now,
    };
    await accounts.createUser(user);
  }
  return demoPassword ? { created: true } : { created: true, generatedPassword: password };
};
