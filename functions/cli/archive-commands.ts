// Operator commands of the archive (docs/legal.md §4, §5): renewing the archive timestamps of issued PDFs before
// their TSA certificates expire, and, for drills and the revocation test, revoking the local seal certificate at
// the local CA. Both configured by the environment, as `npm start` is.
import { revokeLocalSealCertificate } from '../adapters/local/local-crl.ts';
import type { Config } from '../config/config.ts';
import { buildApiDeps } from '../config/deps.ts';
import { chamberKeysDir } from '../config/key-locations.ts';

/** Renewal this long before a TSA certificate expires leaves a quarter of a year to fix a failing run. */
export const DEFAULT_RENEWAL_WINDOW_DAYS = 90;

/** Revokes the local seal certificate of `chamberId` and publishes the CRL that lists it. */
export const revokeLocalSeal = async (config: Config, chamberId: string = config.issuer.id) => {
  if (config.sealSource !== 'local') {
    return 'The seal certificate is not the local CA’s (SEAL_SOURCE): its trust service provider revokes it.';
  }
  const dir = chamberKeysDir(config, chamberId);
  const { revocation } = await revokeLocalSealCertificate(dir, new Date());
  return [
    `Revoked the local seal certificate ${revocation.serialNumber} of ${chamberId} at ${revocation.revocationDate} (${revocation.reason}).`,
    `The CA's new CRL is in ${dir}; npm start serves it at ${config.sealLocalCrlUrl}.`,
    'Restart the local stack to seal with a new certificate: PDFs sealed before stay valid by their timestamps.',
  ].join('\n');
};

/**
 * Renews the archive timestamps due within `withinDays` for every chamber served here (or `chamberId`), printing
 * each certificate as it goes. Returns whether every due certificate was renewed (or, with dryRun, listed).
 */
export const renewArchives = async (
  config: Config,
  options: { withinDays: number; dryRun: boolean; chamberId?: string | undefined },
  print: (line: string) => void = console.log,
): Promise<boolean> => {
  const deps = await buildApiDeps(config);
  const cores = (await deps.chambers.all())
    .map(({ wiring }) => wiring.core)
    .filter(({ issuer }) => options.chamberId === undefined || issuer.id === options.chamberId);
  if (cores.length === 0) throw new Error(`No chamber ${options.chamberId} is served here.`);
  let complete = true;
  for (const core of cores) {
    if (!core.renewArchiveTimestamps) {
      print(`${core.issuer.id}: no time-stamping authority is configured (TSA_URL): nothing to renew.`);
      continue;
    }
    const outcome = await core.renewArchiveTimestamps({
      withinDays: options.withinDays,
      dryRun: options.dryRun,
      progress: (line) => print(`${core.issuer.id}: ${line}`),
    });
    print(
      `${core.issuer.id}: ${outcome.due} due, ${outcome.renewed.length} renewed, ${outcome.skipped.length} skipped.`,
    );
    if (outcome.skipped.length > 0) complete = false;
  }
  return complete;
};
