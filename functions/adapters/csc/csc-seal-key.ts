// The SealKey port on a trust service provider's remote signing service (CSC API v2, docs/legal.md §6): the
// chamber's qualified seal key stays in the provider's QSCD. At start-up the credential is read from
// credentials/info (its certificate chain and key algorithms) and checked; a seal sends the SHA-256 of the CMS
// signed attributes to signatures/signHash, after credentials/authorize when the service offers it, and every
// signature is verified against the seal certificate before it reaches a PDF. A seal runs unattended, so only
// credentials with authorisation mode "implicit" serve: "explicit" (a PIN or OTP per signature) and
// "oauth2code" (a person's OAuth2 consent) are refused at start-up with a message saying so.
import { createHash, verify, X509Certificate } from 'node:crypto';
import * as z from 'zod';
import { AppError, isAppError } from '../../core/errors.ts';
import type { Logger, SealKey } from '../../core/ports.ts';
import { type CscClient, CscServiceError } from './csc-client.ts';
import { joseToDerSignature } from './ecdsa-signature.ts';

export const SHA256_OID = '2.16.840.1.101.3.4.2.1';
/** The signature algorithms a credential may list in key.algo, the SHA-256-specific one first. */
const SIGN_ALGORITHMS: Record<SealKey['algorithm'], readonly string[]> = {
  // sha256WithRSAEncryption, rsaEncryption (PKCS#1 v1.5 over the DigestInfo of the hash)
  RSA_PKCS1_SHA256: ['1.2.840.113549.1.1.11', '1.2.840.113549.1.1.1'],
  // ecdsa-with-SHA256, id-ecPublicKey
  ECDSA_P256_SHA256: ['1.2.840.10045.4.3.2', '1.2.840.10045.2.1'],
};
/**
 * Tries of one signature: authorize and signHash together, since a SAD serves one signature and a signHash whose
 * answer was lost may have used it up. With the client's timeout, a seal gives up well within the 29 s an
 * approval may take.
 */
const SIGNATURE_ROUNDS = 3;
/** SHA-256 of the P-256 curve: an ECDSA signature in the raw r || s form is this long. */
const P256_RAW_SIGNATURE_BYTES = 64;

/** CSC API v2 §11.5 credentials/info, as far as a seal needs it. */
const CredentialInfoAnswer = z.object({
  key: z.object({
    status: z.string(),
    algo: z.array(z.string()),
    len: z.number().optional(),
  }),
  cert: z
    .object({
      status: z.string().optional(),
      certificates: z.array(z.string()).optional(),
    })
    .optional(),
  // v2 carries the mode in auth.mode; services still on the v1 layout answer authMode
  auth: z.object({ mode: z.string() }).optional(),
  authMode: z.string().optional(),
  SCAL: z.string().optional(),
});
const CredentialListAnswer = z.object({ credentialIDs: z.array(z.string()) });
const AuthorizeAnswer = z.object({ SAD: z.string().min(1) });
const SignHashAnswer = z.object({ signatures: z.array(z.string()) });

export interface CscCredential {
  credentialId: string;
  chainDer: Uint8Array[];
  algorithm: SealKey['algorithm'];
  signAlgo: string;
  /** Whether a signature needs Signature Activation Data from credentials/authorize first. */
  authorize: boolean;
}

const misconfigured = (message: string, cause?: unknown) =>
  new AppError('INTERNAL', `Remote sealing (SEAL_SOURCE=csc): ${message}`, cause ? { cause } : {});

/** A CSC refusal of a call that a correct configuration makes: the configuration, not the service, is wrong. */
const refusedAs = (what: string) => (error: unknown) => {
  if (error instanceof CscServiceError) throw misconfigured(`${what} was refused: ${error.message}.`, error);
  throw error;
};

const algorithmOf = (certificate: X509Certificate): SealKey['algorithm'] => {
  const { asymmetricKeyType, asymmetricKeyDetails } = certificate.publicKey;
  if (asymmetricKeyType === 'rsa') return 'RSA_PKCS1_SHA256';
  if (asymmetricKeyType === 'ec' && asymmetricKeyDetails?.namedCurve === 'prime256v1') {
    return 'ECDSA_P256_SHA256';
  }
  throw misconfigured(
    `the seal certificate holds a ${asymmetricKeyType} key (${asymmetricKeyDetails?.namedCurve ?? 'no curve'}): the seal needs RSA or EC P-256.`,
  );
};

const decodeBase64 = (value: string, what: string): Uint8Array => {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(value)) throw misconfigured(`${what} is not base64.`);
  return new Uint8Array(Buffer.from(value, 'base64'));
};

/** Reads and checks the credential: the one named, or the only one the client may use. */
export const loadCscCredential = async (
  client: CscClient,
  credentialId: string | undefined,
): Promise<CscCredential> => {
  const info = await client.info();
  if (!info.authType.includes('oauth2client')) {
    throw misconfigured(
      `the service does not offer the OAuth2 client credentials grant (authType: ${info.authType.join(', ')}).`,
    );
  }
  for (const method of ['credentials/info', 'signatures/signHash']) {
    if (!info.methods.includes(method)) throw misconfigured(`the service does not offer ${method}.`);
  }
  const id =
    credentialId ??
    (await (async () => {
      const { credentialIDs } = await client
        .call('credentials/list', { credentialInfo: false }, CredentialListAnswer)
        .catch(refusedAs('credentials/list'));
      const [only, ...others] = credentialIDs;
      if (only === undefined || others.length > 0) {
        throw misconfigured(
          `set CSC_CREDENTIAL_ID: credentials/list answered ${credentialIDs.length} credentials, not exactly one.`,
        );
      }
      return only;
    })());
  const answer = await client
    .call(
      'credentials/info',
      { credentialID: id, certificates: 'chain', certInfo: true, authInfo: true },
      CredentialInfoAnswer,
    )
    .catch(refusedAs(`credentials/info of credential ${id}`));
  if (answer.key.status !== 'enabled') {
    throw misconfigured(`the key of credential ${id} is ${answer.key.status}, not enabled.`);
  }
  if (answer.cert?.status !== undefined && answer.cert.status !== 'valid') {
    throw misconfigured(`the certificate of credential ${id} is ${answer.cert.status}.`);
  }
  const chainDer = (answer.cert?.certificates ?? []).map((certificate, index) =>
    decodeBase64(certificate, `certificate ${index + 1} of credential ${id}`),
  );
  const [sealDer] = chainDer;
  if (!sealDer) throw misconfigured(`credentials/info of credential ${id} answered no certificate.`);
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(sealDer);
  } catch (error) {
    throw misconfigured(`the first certificate of credential ${id} is not an X.509 certificate.`, error);
  }
  const algorithm = algorithmOf(certificate);
  const signAlgo = SIGN_ALGORITHMS[algorithm].find((oid) => answer.key.algo.includes(oid));
  if (!signAlgo) {
    throw misconfigured(
      `credential ${id} has ${algorithm === 'RSA_PKCS1_SHA256' ? 'an RSA' : 'a P-256'} certificate, but its key offers ${answer.key.algo.join(', ')}.`,
    );
  }
  const mode = answer.auth?.mode ?? answer.authMode ?? 'implicit';
  if (mode !== 'implicit') {
    throw misconfigured(
      `credential ${id} needs authorisation mode "${mode}", which asks a person for each signature; a seal signs unattended, so ask the provider for a credential with mode "implicit".`,
    );
  }
  const authorize = info.methods.includes('credentials/authorize');
  if (answer.SCAL === '2' && !authorize) {
    throw misconfigured(`credential ${id} is SCAL 2, but the service does not offer credentials/authorize.`);
  }
  return { credentialId: id, chainDer, algorithm, signAlgo, authorize };
};

/** A signature as CMS carries it: ECDSA DER-encoded, whichever of DER or raw r || s the service answers. */
const cmsSignatureOf = (algorithm: SealKey['algorithm'], signature: Uint8Array): Uint8Array =>
  algorithm === 'ECDSA_P256_SHA256' && signature.length === P256_RAW_SIGNATURE_BYTES
    ? joseToDerSignature(signature)
    : signature;

/**
 * The seal key of a CSC credential. A service that cannot be reached at start-up does not stop the start: the
 * credential is read again at the next seal, which answers SEALING_UNAVAILABLE until then. A configuration the
 * service refuses stops the start.
 */
export const createCscSealKey = async (
  client: CscClient,
  credentialId: string | undefined,
  logger: Logger,
): Promise<SealKey> => {
  let credential: CscCredential | undefined;
  let loading: Promise<CscCredential> | undefined;
  /** Why the last reading failed, when the service answered: a configuration fault to report, not an outage. */
  let refusal: unknown;
  const load = (): Promise<CscCredential> => {
    if (loading) return loading;
    const pending = loadCscCredential(client, credentialId).then((loaded) => {
      credential = loaded;
      return loaded;
    });
    loading = pending;
    pending.catch((error: unknown) => {
      if (loading === pending) loading = undefined;
      refusal = isAppError(error, 'SEALING_UNAVAILABLE') ? undefined : error;
    });
    return pending;
  };
  try {
    await load();
  } catch (error) {
    if (!isAppError(error, 'SEALING_UNAVAILABLE')) throw error;
    logger.warn('remote sealing service unavailable at start; sealing waits for it', {
      error: error.message,
    });
  }
  /** The credential, for what must be known before a signature (its chain, its algorithm). */
  const loaded = (): CscCredential => {
    if (credential) return credential;
    load().catch(() => undefined);
    if (refusal) throw refusal;
    throw new AppError(
      'SEALING_UNAVAILABLE',
      'The remote sealing service has not answered since the start; try again shortly.',
    );
  };

  const signHash = async (current: CscCredential, hash: string): Promise<Uint8Array> => {
    const common = { credentialID: current.credentialId, hashes: [hash], hashAlgorithmOID: SHA256_OID };
    const sad = current.authorize
      ? (
          await client
            .call('credentials/authorize', { ...common, numSignatures: 1 }, AuthorizeAnswer, { once: true })
            .catch(refusedAs('credentials/authorize'))
        ).SAD
      : undefined;
    const { signatures } = await client
      .call(
        'signatures/signHash',
        { ...common, ...(sad ? { SAD: sad } : {}), signAlgo: current.signAlgo },
        SignHashAnswer,
        { once: true },
      )
      .catch(refusedAs('signatures/signHash'));
    const [signature, ...others] = signatures;
    if (signature === undefined || others.length > 0) {
      throw new AppError(
        'SEALING_UNAVAILABLE',
        `signatures/signHash answered ${signatures.length} signatures for one hash; try again shortly.`,
      );
    }
    return cmsSignatureOf(current.algorithm, decodeBase64(signature, 'the signature from signHash'));
  };

  return {
    get certificateChainDer() {
      return loaded().chainDer;
    },
    get algorithm() {
      return loaded().algorithm;
    },
    sign: async (data) => {
      const current = credential ?? (await load());
      const hash = createHash('sha256').update(data).digest('base64');
      let signature: Uint8Array | undefined;
      for (let round = 1; signature === undefined; round += 1) {
        if (round > 1) await client.backOff(round);
        try {
          signature = await signHash(current, hash);
        } catch (error) {
          if (round >= SIGNATURE_ROUNDS || !isAppError(error, 'SEALING_UNAVAILABLE')) throw error;
        }
      }
      const sealCertificate = new X509Certificate(current.chainDer[0] as Uint8Array);
      if (!verify('sha256', data, { key: sealCertificate.publicKey, dsaEncoding: 'der' }, signature)) {
        throw new AppError(
          'INTERNAL',
          `The signature from CSC credential ${current.credentialId} does not verify against its seal certificate.`,
        );
      }
      return signature;
    },
  };
};
