// What `tradecert verify` and `tradecert trust fetch` do: find the seal in a PDF, URL or JWS, then ask the service,
// or check it offline against cached keys and the signed revocation list, saying how old that cache is.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { compactVerify, createLocalJWKSet, type JSONWebKeySet, type JWK } from 'jose';
import { PDFDict, PDFDocument, PDFName, PDFString } from 'pdf-lib';
import { loadOperatorPublicKey } from '../adapters/local/operator-key.ts';
import { CERTIFICATE_CREDENTIAL_TYPES } from '../core/credentials/credential.ts';
import { type DidDocument, didWebOf } from '../core/credentials/did-web.ts';
import { checkCredential } from '../core/credentials/secure-credential.ts';
import { decodeStatusList, isBitSet } from '../core/credentials/status-list-credential.ts';
import { verifyMemberRevocations } from '../core/network/refresh-trust-list.ts';
import {
  keysForIssueDate,
  memberOf,
  memberOnDate,
  type TrustListPayload,
  verifyTrustList,
} from '../core/network/trust-list.ts';
import { claimedIssuer } from '../core/network/verify-through-network.ts';
import { SEAL_INFO_KEY } from '../core/rendering/render-certificate.ts';
import { checkSeal } from '../core/sealing/qr-seal.ts';
import {
  ACCEPTED_CREDENTIAL_TYPS,
  isCompactJws,
  REVOCATION_LIST_TYP,
  typOf,
} from '../core/sealing/token-types.ts';
import type { StatusListClaims } from '../core/verification/status-list.ts';
import type { VerificationStatus } from '../core/verification/verify-certificate.ts';

export interface CliOutcome {
  status: VerificationStatus | 'UNCHECKED';
  message: string;
  details: string[];
}

export class TrustError extends Error {
  override readonly name = 'TrustError';
}

interface Seal {
  base?: string;
  code?: string;
  jws?: string;
}

export type VerifyInput = { pdf: Uint8Array } | { text: string };

const MESSAGES: Record<CliOutcome['status'], string> = {
  VALID: 'genuine and valid',
  REVOKED: 'revoked by the issuer — not valid',
  SUPERSEDED: 'replaced by a newer certificate — not valid',
  NOT_FOUND: 'no such certificate, or the file is not the one that was issued',
  TAMPERED: 'altered: does not match what the issuer signed',
  UNKNOWN_KEY: 'sealed with a key the issuer never published',
  UNKNOWN_ISSUER: 'the issuer is not a member of the trusted network',
  UNCHECKED: 'could not be checked',
};

const outcome = (status: CliOutcome['status'], details: string[] = []): CliOutcome => ({
  status,
  message: MESSAGES[status],
  details,
});

const parseQrUrl = (text: string): Seal => {
  const url = new URL(text);
  const match = url.pathname.match(/^(.*)\/v\/([0-9A-Za-z-]+)$/);
  if (!match) return {};
  return {
    base: `${url.origin}${match[1]}`,
    ...(match[2] ? { code: match[2] } : {}),
    ...(url.hash.length > 1 ? { jws: decodeURIComponent(url.hash.slice(1)) } : {}),
  };
};

const sealOfPdf = async (pdf: Uint8Array): Promise<Seal> => {
  try {
    const doc = await PDFDocument.load(pdf, { updateMetadata: false, ignoreEncryption: true });
    const info = doc.context.lookup(doc.context.trailerInfo.Info, PDFDict);
    const value = info.lookup(PDFName.of(SEAL_INFO_KEY));
    return value instanceof PDFString ? parseQrUrl(value.decodeText()) : {};
  } catch {
    return {};
  }
};

export const findSeal = async (input: VerifyInput): Promise<Seal> => {
  if ('pdf' in input) return sealOfPdf(input.pdf);
  const text = input.text.trim();
  if (/^https?:\/\//.test(text)) return parseQrUrl(text);
  return isCompactJws(text) ? { jws: text } : {};
};

const request = async (
  url: string,
  init?: RequestInit,
): Promise<{
  status: VerificationStatus;
  certificate?: { serial: string };
  supersededBy?: { serial: string };
  replacedBy?: { serial: string };
  revokedAt?: string;
  reason?: string;
}> => {
  let response: Response;
  try {
    response = await fetch(url, { ...init, signal: AbortSignal.timeout(15_000) });
  } catch (error) {
    throw new TrustError(
      `the service at ${new URL(url).origin} cannot be reached (${error instanceof Error ? error.message : error})`,
    );
  }
  if (response.status >= 500 || response.status === 429)
    throw new TrustError(`the service answered ${response.status}; try again later`);
  return (await response.json()) as Awaited<ReturnType<typeof request>>;
};

const describe = (answer: Awaited<ReturnType<typeof request>>): string[] => [
  ...(answer.certificate ? [`certificate ${answer.certificate.serial}`] : []),
  ...(answer.revokedAt ? [`revoked ${answer.revokedAt}${answer.reason ? ` (${answer.reason})` : ''}`] : []),
  ...((answer.replacedBy ?? answer.supersededBy)
    ? [`replaced by ${(answer.replacedBy ?? answer.supersededBy)?.serial}`]
    : []),
];

/** A credential (vc+jwt) rather than a QR seal: told apart by its typ, never by guessing at its content. */
export const credentialOf = (input: VerifyInput): string | undefined => {
  if ('pdf' in input) return undefined;
  const text = input.text.trim();
  const typ = isCompactJws(text) ? typOf(text) : undefined;
  return typ !== undefined && ACCEPTED_CREDENTIAL_TYPS.includes(typ) ? text : undefined;
};

/** The chamber's base URL a credential names: its status list lives there (did:web would give the same host). */
const baseOfCredential = (jwt: string): string | undefined => {
  try {
    const payload = JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8'));
    const url = payload?.credentialStatus?.statusListCredential;
    return typeof url === 'string' ? url.replace(/\/status\/bitstring\/revocation$/, '') : undefined;
  } catch {
    return undefined;
  }
};

export const verifyOnline = async (input: VerifyInput, baseOverride?: string): Promise<CliOutcome> => {
  const credential = credentialOf(input);
  if (credential) {
    const base = (baseOverride ?? baseOfCredential(credential))?.replace(/\/$/, '');
    if (!base) throw new TrustError('no service address: pass --base URL');
    const answer = await request(`${base}/api/verify/vc`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/vc+jwt' },
      body: credential,
    });
    return outcome(answer.status, [...describe(answer), 'a verifiable credential (vc+jwt) was checked']);
  }
  const seal = await findSeal(input);
  const base = (baseOverride ?? seal.base)?.replace(/\/$/, '');
  if (!base) throw new TrustError('no service address: pass --base URL');
  if ('pdf' in input) {
    const answer = await request(`${base}/api/verify/pdf`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/pdf' },
      body: input.pdf as Uint8Array<ArrayBuffer>,
    });
    return outcome(answer.status, [
      ...describe(answer),
      'the file was compared byte for byte with the issued PDF',
    ]);
  }
  if (seal.jws) {
    const bySeal = await request(`${base}/api/verify/jws`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ jws: seal.jws }),
    });
    if (bySeal.status !== 'VALID' || !seal.code) return outcome(bySeal.status, describe(bySeal));
  }
  if (!seal.code) return outcome('UNCHECKED', ['no verification code or seal found in the input']);
  const byCode = await request(`${base}/api/verify/${encodeURIComponent(seal.code)}`);
  return outcome(byCode.status, describe(byCode));
};

export interface Trust {
  base: string;
  fetchedAt: string;
  jwks: JSONWebKeySet;
  revocations: StatusListClaims;
  /** For credentials: the chamber's DID document and its Bitstring Status List credential (absent in older caches). */
  didDocument?: DidDocument;
  statusList?: string;
  /** The region's trust list and the other members' revocation lists (docs/network.md §6), when fetched. */
  network?: { list: TrustListPayload; revocations: Record<string, StatusListClaims> };
}

const TRUST_LIST_FILE = 'trust-list.jws';
const OPERATOR_KEY_FILE = 'operator-key.json';
const memberRevocationsFile = (id: string) => `revocations-${id}.jws`;

/** The list as the operator signed it; offline its age is told, not refused (the caller warns past nextUpdate). */
const verifiedListAt = async (jws: string, operatorKey: JWK, at?: Date) => {
  const payload = JSON.parse(Buffer.from(jws.split('.')[1] ?? '', 'base64url').toString('utf8')) as {
    iat?: number;
  };
  return verifyTrustList(jws, {
    operatorKey,
    now: at ?? new Date((typeof payload.iat === 'number' ? payload.iat : 0) * 1000),
  });
};

const verifyList = async (jws: string, jwks: JSONWebKeySet): Promise<StatusListClaims> => {
  try {
    const { payload, protectedHeader } = await compactVerify(jws, createLocalJWKSet(jwks), {
      algorithms: ['ES256'],
    });
    // explicit typing: a credential or a seal signed by the same key is not a revocation list
    if (protectedHeader.typ !== REVOCATION_LIST_TYP)
      throw new Error(`typ ${protectedHeader.typ} is not a revocation list's`);
    return JSON.parse(new TextDecoder().decode(payload)) as StatusListClaims;
  } catch (error) {
    throw new TrustError(
      `the revocation list is not signed by a published key (${error instanceof Error ? error.message : error})`,
    );
  }
};

export const fetchTrust = async (baseUrl: string, dir: string, options: { operatorKey?: string } = {}) => {
  const base = baseUrl.replace(/\/$/, '');
  const get = async (path: string) => {
    const response = await fetch(`${base}${path}`, { signal: AbortSignal.timeout(15_000) }).catch(
      (error: unknown) => {
        throw new TrustError(`${base} cannot be reached (${error instanceof Error ? error.message : error})`);
      },
    );
    if (!response.ok) throw new TrustError(`${base}${path} answered ${response.status}`);
    return response.text();
  };
  const jwksText = await get('/.well-known/jwks.json');
  const listJws = (await get('/status/revocations')).trim();
  const didPath = new URL(base).pathname.replace(/\/$/, '') === '' ? '/.well-known/did.json' : '/did.json';
  const didText = await get(didPath);
  const statusListJwt = (await get('/status/bitstring/revocation')).trim();
  const jwks = JSON.parse(jwksText) as JSONWebKeySet;
  const list = await verifyList(listJws, jwks);
  const didDocument = JSON.parse(didText) as DidDocument;
  if (didDocument.id !== didWebOf(base))
    throw new TrustError(`${base}${didPath} is not the DID document of ${didWebOf(base)}`);
  await verifiedStatusList(statusListJwt, didDocument);
  await mkdir(dir, { recursive: true });
  let network: { version: number; members: number } | undefined;
  if (options.operatorKey) {
    // the operator key comes from the caller, never from the service: the list is verified with it before saving
    const operatorKey = await loadOperatorPublicKey(options.operatorKey);
    const listJwsText = (await get('/.well-known/trust-list')).trim();
    const { payload } = await verifiedListAt(listJwsText, operatorKey, new Date()).catch((error: unknown) => {
      throw new TrustError(`the trust list is refused (${error instanceof Error ? error.message : error})`);
    });
    for (const member of payload.members) {
      if (member.id === list.iss || member.status === 'withdrawn') continue;
      const response = await fetch(member.statusListUrl, {
        signal: AbortSignal.timeout(15_000),
        redirect: 'error',
      });
      if (!response.ok) throw new TrustError(`${member.statusListUrl} answered ${response.status}`);
      const memberJws = (await response.text()).trim();
      await verifyMemberRevocations(memberJws, member).catch((error: unknown) => {
        throw new TrustError(
          `the revocation list of ${member.id} is refused (${error instanceof Error ? error.message : error})`,
        );
      });
      await writeFile(join(dir, memberRevocationsFile(member.id)), memberJws);
    }
    await writeFile(join(dir, TRUST_LIST_FILE), listJwsText);
    await writeFile(join(dir, OPERATOR_KEY_FILE), JSON.stringify(operatorKey));
    network = { version: payload.version, members: payload.members.length };
  }
  await writeFile(join(dir, 'jwks.json'), jwksText);
  await writeFile(join(dir, 'revocations.jws'), listJws);
  await writeFile(join(dir, 'did.json'), didText);
  await writeFile(join(dir, 'status-list.jwt'), statusListJwt);
  await writeFile(
    join(dir, 'trust.json'),
    `${JSON.stringify({ base, fetchedAt: new Date().toISOString() }, null, 2)}\n`,
  );
  return {
    issuer: list.iss,
    keys: jwks.keys.length,
    entries: list.entries.length,
    nextUpdate: list.nextUpdate,
    ...(network ? { network } : {}),
  };
};

export const readTrust = async (dir: string | undefined): Promise<Trust> => {
  if (!dir) throw new TrustError('offline checks need --trust-dir (fill it with "tradecert trust fetch")');
  try {
    const [meta, jwksText, listJws] = await Promise.all([
      readFile(join(dir, 'trust.json'), 'utf8'),
      readFile(join(dir, 'jwks.json'), 'utf8'),
      readFile(join(dir, 'revocations.jws'), 'utf8'),
    ]);
    const jwks = JSON.parse(jwksText) as JSONWebKeySet;
    const { base, fetchedAt } = JSON.parse(meta) as { base: string; fetchedAt: string };
    const [didText, statusList] = await Promise.all([
      readFile(join(dir, 'did.json'), 'utf8').catch(() => undefined),
      readFile(join(dir, 'status-list.jwt'), 'utf8').catch(() => undefined),
    ]);
    const network = await readNetwork(dir);
    return {
      base,
      fetchedAt,
      jwks,
      ...(network ? { network } : {}),
      revocations: await verifyList(listJws.trim(), jwks),
      ...(didText ? { didDocument: JSON.parse(didText) as DidDocument } : {}),
      ...(statusList ? { statusList: statusList.trim() } : {}),
    };
  } catch (error) {
    if (error instanceof TrustError) throw error;
    throw new TrustError(
      `the trust directory ${dir} is incomplete (${error instanceof Error ? error.message : error})`,
    );
  }
};

/** The cached trust list and members' revocation lists, verified again from the files; absent if never fetched. */
const readNetwork = async (dir: string): Promise<Trust['network']> => {
  const [listJws, keyText] = await Promise.all([
    readFile(join(dir, TRUST_LIST_FILE), 'utf8').catch(() => undefined),
    readFile(join(dir, OPERATOR_KEY_FILE), 'utf8').catch(() => undefined),
  ]);
  if (!listJws || !keyText) return undefined;
  const { payload } = await verifiedListAt(listJws.trim(), JSON.parse(keyText) as JWK).catch(
    (error: unknown) => {
      throw new TrustError(
        `the cached trust list is refused (${error instanceof Error ? error.message : error})`,
      );
    },
  );
  const revocations: Record<string, StatusListClaims> = {};
  for (const member of payload.members) {
    const text = await readFile(join(dir, memberRevocationsFile(member.id)), 'utf8').catch(() => undefined);
    if (text) revocations[member.id] = await verifyMemberRevocations(text, member);
  }
  return { list: payload, revocations };
};

/** The status list credential, checked as a credential of its own type; its validity is judged by the caller. */
const verifiedStatusList = async (jwt: string, didDocument: DidDocument) => {
  const check = await checkCredential({
    jwt,
    resolve: (did) => (did === didDocument.id ? didDocument : undefined),
    acceptedTypes: ['BitstringStatusListCredential'],
    // its age is reported (and warned about) separately: a stale list still tells what it knew
    now: new Date(
      Date.parse(String(JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString()).validFrom)),
    ),
  }).catch(() => undefined);
  if (check?.outcome !== 'VALID')
    throw new TrustError(`the status list credential does not verify against the chamber's DID document`);
  return check.credential;
};

/** A credential checked offline: signature against the cached DID document, then its bit in the cached list. */
const verifyCredentialOffline = async (
  jwt: string,
  trust: Trust,
  now: Date,
  freshness: string[],
): Promise<CliOutcome> => {
  const { didDocument, statusList } = trust;
  if (!didDocument || !statusList)
    throw new TrustError(
      'the trust directory has no DID document or status list: run "tradecert trust fetch" again',
    );
  const check = await checkCredential({
    jwt,
    resolve: (did) => (did === didDocument.id ? didDocument : undefined),
    acceptedTypes: CERTIFICATE_CREDENTIAL_TYPES,
    now,
  });
  if (check.outcome === 'UNKNOWN_KEY')
    return outcome('UNKNOWN_KEY', [`key ${check.kid ?? '(none)'} is not in ${didDocument.id}`, ...freshness]);
  if (check.outcome === 'TAMPERED') return outcome('TAMPERED', [check.reason, ...freshness]);
  const subject = check.credential.credentialSubject as { serialNumber?: string; issueDate?: string };
  const list = await verifiedStatusList(statusList, didDocument);
  const listSubject = list.credentialSubject as { encodedList?: string };
  const index = Number(check.credential.credentialStatus?.statusListIndex);
  const facts = [
    `credential of certificate ${subject.serialNumber} issued ${subject.issueDate} by ${check.did}`,
    `signed with ${check.kid}`,
  ];
  if (check.credential.credentialStatus?.statusListCredential !== list.id)
    return outcome('UNCHECKED', [...facts, 'its status list is not the cached one', ...freshness]);
  const revoked = isBitSet(decodeStatusList(String(listSubject.encodedList)), index);
  if (!revoked) return outcome('VALID', [...facts, `status list bit ${index} is clear`, ...freshness]);
  const entry = trust.revocations.entries.find((withdrawn) => withdrawn.sn === subject.serialNumber);
  return outcome(entry?.status ?? 'REVOKED', [
    ...facts,
    `status list bit ${index} is set${entry ? ` (${entry.status.toLowerCase()} on ${entry.at})` : ''}`,
    ...freshness,
  ]);
};

/** A seal of another network member, offline: its keys and revocation list from the cached trust data. */
const verifyMemberOffline = async (
  jws: string,
  claimed: { iss: string; d: string },
  network: NonNullable<Trust['network']>,
  now: Date,
  freshness: string[],
): Promise<CliOutcome> => {
  const listNote = [
    `trust list version ${network.list.version}, issued ${new Date(network.list.iat * 1000).toISOString()}`,
    ...(network.list.nextUpdate * 1000 < now.getTime()
      ? ['WARNING: the trust list is past its nextUpdate; run "tradecert trust fetch" when online']
      : []),
  ];
  const member = memberOf(network.list, claimed.iss);
  if (!member || member.status === 'withdrawn' || !memberOnDate(member, claimed.d))
    return outcome('UNKNOWN_ISSUER', [`${claimed.iss} is not a member of the trust list`, ...listNote]);
  const check = await checkSeal(jws, keysForIssueDate(member, claimed.d));
  if (check.outcome === 'UNKNOWN_KEY')
    return outcome('UNKNOWN_KEY', [`key id ${check.kid ?? '(none)'}`, ...listNote]);
  if (check.outcome === 'TAMPERED') return outcome('TAMPERED', [check.reason, ...listNote]);
  const revocations = network.revocations[member.id];
  if (!revocations)
    return outcome('UNCHECKED', [`no revocation list of ${member.id} in the trust directory`, ...listNote]);
  const { claims } = check;
  const withdrawn = revocations.entries.find((entry) => entry.sn === claims.sn);
  return outcome(withdrawn?.status ?? 'VALID', [
    `certificate ${claims.sn} (${claims.t}) issued ${claims.d} by ${member.name} (${member.id}), a network member`,
    `exporter ${claims.ex}; origin ${claims.o} → destination ${claims.ds}`,
    ...(member.status === 'suspended'
      ? [`WARNING: ${member.id} is suspended since ${member.statusSince ?? '(unknown)'}`]
      : []),
    `status from ${member.id}'s revocation list of ${new Date(revocations.iat * 1000).toISOString()}`,
    ...(withdrawn ? [`${withdrawn.status.toLowerCase()} on ${withdrawn.at}`] : []),
    ...listNote,
    ...freshness,
  ]);
};

const age = (since: string, now: Date): string => {
  const minutes = Math.round((now.getTime() - Date.parse(since)) / 60_000);
  if (minutes < 120) return `${minutes} min`;
  const hours = Math.round(minutes / 60);
  return hours < 48 ? `${hours} h` : `${Math.round(hours / 24)} days`;
};

export const verifyOffline = async (
  input: VerifyInput,
  trust: Trust,
  now = new Date(),
): Promise<CliOutcome> => {
  const freshness = [
    `trust data fetched ${age(trust.fetchedAt, now)} ago from ${trust.base}; revocation list issued ${age(new Date(trust.revocations.iat * 1000).toISOString(), now)} ago`,
    ...(Date.parse(trust.revocations.nextUpdate) < now.getTime()
      ? [
          `WARNING: the revocation list was due for renewal at ${trust.revocations.nextUpdate}; run "tradecert trust fetch" when online`,
        ]
      : []),
  ];
  const credential = credentialOf(input);
  if (credential) return verifyCredentialOffline(credential, trust, now, freshness);
  const seal = await findSeal(input);
  if (!seal.jws) return outcome('UNCHECKED', ['no QR seal found in the input', ...freshness]);
  const claimed = claimedIssuer(seal.jws);
  if (claimed && claimed.iss !== trust.revocations.iss && trust.network)
    return verifyMemberOffline(seal.jws, claimed, trust.network, now, freshness);
  const check = await checkSeal(seal.jws, trust.jwks);
  if (check.outcome === 'UNKNOWN_KEY')
    return outcome('UNKNOWN_KEY', [`key id ${check.kid ?? '(none)'}`, ...freshness]);
  if (check.outcome === 'TAMPERED') return outcome('TAMPERED', [check.reason, ...freshness]);
  const { claims } = check;
  const facts = [
    `certificate ${claims.sn} (${claims.t}) issued ${claims.d} by ${claims.iss}`,
    `exporter ${claims.ex}; origin ${claims.o} → destination ${claims.ds}`,
    `sealed with key ${check.kid}`,
  ];
  if (claims.iss !== trust.revocations.iss)
    return outcome('UNKNOWN_KEY', [
      ...facts,
      'the seal names another issuer than the trust data',
      ...freshness,
    ]);
  const withdrawn = trust.revocations.entries.find((entry) => entry.sn === claims.sn);
  const pdfNote =
    'pdf' in input
      ? ['the file’s bytes cannot be compared with the record offline; only its seal was checked']
      : [];
  if (withdrawn) {
    const detail =
      withdrawn.status === 'SUPERSEDED'
        ? `replaced by ${withdrawn.by} on ${withdrawn.at}`
        : `revoked on ${withdrawn.at} (${withdrawn.reason ?? 'no reason given'})${withdrawn.replacedBy ? `, replaced by ${withdrawn.replacedBy}` : ''}`;
    return outcome(withdrawn.status, [...facts, detail, ...pdfNote, ...freshness]);
  }
  return outcome('VALID', [...facts, ...pdfNote, ...freshness]);
};
