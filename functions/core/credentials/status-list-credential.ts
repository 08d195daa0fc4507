// The chamber's W3C Bitstring Status List credential (statusPurpose revocation). One bit per certificate, at the
// random index it was given at reservation, so the list tells nothing about issue order. Derived from the same
// certificate records and in the same publication as the signed revocation list (verification/status-list.ts):
// a revoked or superseded certificate's bit is set, so both lists always agree.
import { gunzipSync, gzipSync } from 'fflate';
import { VC_V2_CONTEXT } from './context.ts';
import { didWebOf } from './did-web.ts';

/** 2^20 entries: more than the specification's minimum of 131,072, so that random indices rarely collide. */
export const STATUS_LIST_LENGTH = 1 << 20;
export const STATUS_LIST_PATH = '/status/bitstring/revocation';

export const statusListUrl = (publicBaseUrl: string): string =>
  `${publicBaseUrl.replace(/\/$/, '')}${STATUS_LIST_PATH}`;

/** A uniformly random index from 4 random bytes (2^32 is a multiple of the length, so no bias). */
export const statusIndexOf = (bytes: Uint8Array): number =>
  ((((bytes[0] ?? 0) << 24) | ((bytes[1] ?? 0) << 16) | ((bytes[2] ?? 0) << 8) | (bytes[3] ?? 0)) >>> 0) &
  (STATUS_LIST_LENGTH - 1);

export const statusEntryOf = (publicBaseUrl: string, index: number) => ({
  id: `${statusListUrl(publicBaseUrl)}#${index}`,
  type: 'BitstringStatusListEntry',
  statusPurpose: 'revocation',
  statusListIndex: String(index),
  statusListCredential: statusListUrl(publicBaseUrl),
});

/** Bit 0 is the left-most bit of the first byte, as the specification says. */
export const encodeStatusList = (setIndices: Iterable<number>, length = STATUS_LIST_LENGTH): string => {
  const bits = new Uint8Array(length / 8);
  for (const index of setIndices) {
    if (index >= 0 && index < length) bits[index >> 3] = (bits[index >> 3] ?? 0) | (0x80 >> (index & 7));
  }
  // mtime 0: the same set of indices always encodes to the same text
  const gzipped = gzipSync(bits, { mtime: 0 });
  let binary = '';
  for (const byte of gzipped) binary += String.fromCharCode(byte);
  return `u${btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')}`;
};

/** The bitstring of an encodedList (multibase base64url, "u" prefix, GZIP); throws on anything else. */
export const decodeStatusList = (encodedList: string): Uint8Array => {
  if (!encodedList.startsWith('u')) throw new Error('encodedList must be multibase base64url (prefix u)');
  const base64 = encodedList.slice(1).replace(/-/g, '+').replace(/_/g, '/');
  const gzipped = Uint8Array.from(atob(base64 + '==='.slice((base64.length + 3) % 4)), (char) =>
    char.charCodeAt(0),
  );
  return gunzipSync(gzipped);
};

export const isBitSet = (bits: Uint8Array, index: number): boolean =>
  index >= 0 && index < bits.length * 8 && ((bits[index >> 3] ?? 0) & (0x80 >> (index & 7))) !== 0;

export const buildStatusListCredential = (input: {
  publicBaseUrl: string;
  setIndices: Iterable<number>;
  validFrom: string;
  validUntil: string;
}) => {
  const url = statusListUrl(input.publicBaseUrl);
  return {
    '@context': [VC_V2_CONTEXT],
    id: url,
    type: ['VerifiableCredential', 'BitstringStatusListCredential'],
    issuer: didWebOf(input.publicBaseUrl),
    validFrom: input.validFrom,
    validUntil: input.validUntil,
    credentialSubject: {
      id: `${url}#list`,
      type: 'BitstringStatusList',
      statusPurpose: 'revocation',
      encodedList: encodeStatusList(input.setIndices),
    },
  };
};

export type StatusListCredential = ReturnType<typeof buildStatusListCredential>;
