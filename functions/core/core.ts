// The core verbs, bound to their dependencies. Handlers call these and nothing else.
import type { Issuer } from './accounts.ts';
import { createApplication, getApplication, submitApplication } from './applications/manage-applications.ts';
import { authenticate, login, logout } from './auth/sessions.ts';
import { getCertificate, getCertificatePdf } from './certificates/read-certificates.ts';
import { approveApplication } from './issuance/issue-certificate.ts';
import type {
  AccountRepository,
  ApplicationRepository,
  CertificateRepository,
  Clock,
  KeyRing,
  ObjectStore,
  RandomSource,
  SessionRepository,
  TemplateSource,
} from './ports.ts';

export interface CoreDeps {
  issuer: Issuer;
  accounts: AccountRepository;
  sessions: SessionRepository;
  applications: ApplicationRepository;
  certificates: CertificateRepository;
  objects: ObjectStore;
  keys: KeyRing;
  templates: TemplateSource;
  clock: Clock;
  random: RandomSource;
  sessionTtlMs: number;
}

export const createCore = (deps: CoreDeps) => {
  const scoped = { ...deps, issuerId: deps.issuer.id };
  return {
    issuer: deps.issuer,
    login: login(scoped),
    authenticate: authenticate(scoped),
    logout: logout(scoped),
    createApplication: createApplication(scoped),
    getApplication: getApplication(scoped),
    submitApplication: submitApplication(scoped),
    approveApplication: approveApplication(scoped),
    getCertificate: getCertificate(scoped),
    getCertificatePdf: getCertificatePdf(scoped),
  };
};

export type Core = ReturnType<typeof createCore>;
