// What `tradecert --help` and `tradecert <command> --help` print: each command's synopsis, options and exit codes.
// README "The `tradecert` command" repeats the exit codes; test/e2e/cli-package.test.ts checks both say the same.
import { EXIT_CODES_TEXT } from './exit-codes.ts';
import { CHAMBERS_USAGE } from './operator-commands.ts';

const VERIFY = `usage: tradecert verify <file.pdf | credential.vc.jwt | url | jws> [--offline --trust-dir DIR] [--base URL] [--json]

Checks a certificate: a PDF (byte-exact against the service, or offline its seal, which the PDF carries), a
credential file (.jwt, as /v/{code}/vc downloads it), the URL the QR holds, or a seal (JWS) given as text.

  --offline          check against the trust directory only; nothing is sent anywhere
  --trust-dir DIR    the directory \`tradecert trust fetch\` filled (keys, signed revocation list, DID document)
  --base URL         the verification service, when the input does not name it (a PDF checked online)
  --json             print the outcome as JSON: {status, message, details}

Offline, it says how old the revocation list is and warns when it is past its nextUpdate.

${EXIT_CODES_TEXT}`;

const TRUST = `usage: tradecert trust fetch --base URL --trust-dir DIR [--trust-list-key OPERATOR_JWK]

Saves what an offline verify needs in DIR: the issuer's published keys (/.well-known/jwks.json), its signed
revocation list, its DID document and status list; with --trust-list-key, the region's trust list too, verified
with the network operator's public key (a JWK, as text or a file).

${EXIT_CODES_TEXT}`;

const KEYS = `usage: tradecert keys rotate [--chamber CHAMBER_ID]

Makes a new signing key the active one (local key files; on AWS a deployment rotates the KMS keys). The old key
stays published and keeps verifying what it signed. Configured by the environment (README "Configuration").

${EXIT_CODES_TEXT}`;

const NETWORK = `usage:
  tradecert network keygen --out operator.jwk
  tradecert network export-members [--out members.json] [--valid-from ISO_DATE]
  tradecert network sign --members a.json b.json (--key operator.jwk | --kms-key KEY) --iss URL
                         [--version N] [--valid-days 7] --out list.jws

The region's trust list (docs/network.md §6): the operator's key pair, each deployment's member entry (every
chamber it hosts), and the signed list.

${EXIT_CODES_TEXT}`;

const ADMIN = `usage: tradecert admin create --email EMAIL --name NAME [--password PASSWORD]

Creates a chamber administrator on the deployment the environment names; without --password one is generated
and printed once.

${EXIT_CODES_TEXT}`;

const SEAL = `usage:
  tradecert seal csr (--key-id KMS_KEY_ARN_OR_ALIAS | --chamber CHAMBER_ID) --subject "CN=…, O=…, C=MK"
  tradecert seal revoke-local [--chamber CHAMBER_ID]

csr prints a PKCS#10 certificate request for the KMS seal key, signed by KMS, for the trust service provider that
issues the qualified seal certificate (docs/deploy.md). revoke-local has the local CA revoke the local seal
certificate and publish a CRL that lists it (drills; docs/legal.md §4).

${EXIT_CODES_TEXT}`;

const ARCHIVE = `usage: tradecert archive renew [--within-days 90] [--dry-run] [--chamber CHAMBER_ID]

Renews the archive timestamps (PAdES B-LTA) of issued PDFs whose newest document timestamp's TSA certificate
expires within the given days: new validation data and a new document timestamp are appended, the file is stored
as a new version, and every version's SHA-256 keeps verifying (docs/legal.md §5). Prints each certificate; run
again, it renews nothing that is no longer due. Exit 1 when a due certificate could not be renewed.

${EXIT_CODES_TEXT}`;

export const COMMAND_HELP: Record<string, string> = {
  archive: ARCHIVE,
  verify: VERIFY,
  trust: TRUST,
  keys: KEYS,
  network: NETWORK,
  admin: ADMIN,
  seal: SEAL,
  chambers: CHAMBERS_USAGE,
};

export const OVERVIEW = `usage: tradecert <command> [options]        tradecert <command> --help for its options

  verify     check a certificate PDF, credential, QR URL or seal, online or offline
  trust      fetch the keys and revocation list an offline verify needs
  keys       rotate the signing keys (operators)
  network    the region's trust list: operator key, member entries, signing (network operator)
  admin      create a chamber administrator (operators)
  seal       a certificate request for the KMS seal key; revoke the local one (operators)
  archive    renew the archive timestamps of issued PDFs (operators)
  chambers   list, create, suspend, withdraw, activate chambers (platform operator)

${EXIT_CODES_TEXT}`;
