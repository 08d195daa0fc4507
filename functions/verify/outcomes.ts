// How each verification outcome is told to a person and to a machine: headline, advice, colour, HTTP status.
import type { VerificationStatus } from '../core/verification/verify-certificate.ts';

export interface OutcomeText {
  httpStatus: 200 | 404 | 422;
  icon: string;
  colour: string;
  headline: string;
  advice: string;
}

export const OUTCOMES: Record<VerificationStatus, OutcomeText> = {
  VALID: {
    httpStatus: 200,
    icon: '✓',
    colour: '#0a7a32',
    headline: 'Genuine and valid',
    advice:
      'This certificate was issued by the chamber named below and is in force. Compare the facts below with the document in front of you.',
  },
  REVOKED: {
    httpStatus: 200,
    icon: '✕',
    colour: '#b3261e',
    headline: 'Revoked — not valid',
    advice:
      'The chamber has withdrawn this certificate. Do not accept it; ask the exporter for a valid certificate.',
  },
  SUPERSEDED: {
    httpStatus: 200,
    icon: '↻',
    colour: '#9a5b00',
    headline: 'Replaced by a newer certificate',
    advice: 'This certificate is no longer in force. Ask for the replacement certificate named below.',
  },
  NOT_FOUND: {
    httpStatus: 404,
    icon: '?',
    colour: '#5f6368',
    headline: 'No certificate with this code',
    advice:
      'Check that the code was typed exactly as printed. If you scanned the QR code of a document and see this, treat the document as suspect and contact the issuing chamber.',
  },
  TAMPERED: {
    httpStatus: 422,
    icon: '!',
    colour: '#b3261e',
    headline: 'Altered — does not match the record',
    advice:
      'The data presented does not match what the chamber issued. Do not accept the document; contact the issuing chamber.',
  },
  UNKNOWN_KEY: {
    httpStatus: 422,
    icon: '!',
    colour: '#b3261e',
    headline: 'Signed by an unknown key',
    advice: 'The seal was not made with any key this chamber has published. Treat the document as forged.',
  },
};
