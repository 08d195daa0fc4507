// How each verification outcome looks and answers: colour, icon, HTTP status of the JSON API.
import type { Verification } from '../core/verification/verify-certificate.ts';
import { MESSAGES, type PageStatus } from './messages.ts';

export const OUTCOMES: Record<
  PageStatus,
  { httpStatus: 200 | 404 | 422 | 503; icon: string; colour: string }
> = {
  VALID: { httpStatus: 200, icon: '✓', colour: '#0a7a32' },
  REVOKED: { httpStatus: 200, icon: '✕', colour: '#b3261e' },
  SUPERSEDED: { httpStatus: 200, icon: '↻', colour: '#8a4f00' },
  NOT_FOUND: { httpStatus: 404, icon: '?', colour: '#5f6368' },
  TAMPERED: { httpStatus: 422, icon: '!', colour: '#b3261e' },
  UNKNOWN_KEY: { httpStatus: 422, icon: '!', colour: '#8e0b5b' },
  OFFLINE: { httpStatus: 503, icon: '…', colour: '#3c4a5c' },
  UNKNOWN_ISSUER: { httpStatus: 422, icon: '!', colour: '#8e0b5b' },
};

/** The JSON answer of the public API: never the internal seal expectations. */
export const verificationJson = ({ expectedSeal: _seal, ...verification }: Verification) => ({
  ...verification,
  message: MESSAGES.en.outcomes[verification.status].headline,
});
