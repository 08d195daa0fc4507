// How long a shared cache (CloudFront, docs/deploy.md "Verification at the edge") may keep a verification answer.
// A revocation or replacement must show everywhere within 60 s: an edge location may take the answer from the
// regional cache, which may have kept it as long, so each layer gets less than half of that.
/** Seconds a shared cache may keep a verification answer (s-maxage); the distribution caps its TTL at the same. */
export const VERIFICATION_SHARED_MAX_AGE = 25;

/** Browsers ask again every time (max-age=0); CloudFront keeps the answer for VERIFICATION_SHARED_MAX_AGE seconds. */
export const VERIFICATION_CACHE_CONTROL = `public, max-age=0, s-maxage=${VERIFICATION_SHARED_MAX_AGE}`;

/** Answers to POSTs, and anything tied to one request: no cache keeps them. */
export const NOT_CACHED = 'no-store';
