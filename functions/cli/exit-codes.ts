// The exit codes of the `tradecert` command, and how --help and the README say them (docs: README "The
// `tradecert` command"). Scripts act on them: keep each number as it is.
import type { CliOutcome } from './verify-command.ts';

export const EXIT_CODES: Record<CliOutcome['status'], number> = {
  VALID: 0,
  REVOKED: 10,
  SUPERSEDED: 11,
  NOT_FOUND: 12,
  TAMPERED: 13,
  UNKNOWN_KEY: 14,
  UNKNOWN_ISSUER: 15,
  UNCHECKED: 20,
};

export const EXIT_CODES_TEXT = `Exit codes of verify:
  0  VALID            10 REVOKED          11 SUPERSEDED       12 NOT_FOUND
  13 TAMPERED         14 UNKNOWN_KEY      15 UNKNOWN_ISSUER
  20 could not check (network, missing or stale trust data)
Every command:
  0  done             1  could not run (configuration, storage, a file that cannot be read)
  2  usage error (unknown command or option, a value missing)
chambers has codes of its own: tradecert chambers --help.`;
