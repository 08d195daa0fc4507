// How the public verification page tells a reader to reach the chamber: the rules for its four settings, shared by
// the runtime config (ISSUER_ADDRESS, …) and the CDK context (issuerAddress, …) so that synthesis refuses
// what start-up would.
import * as z from 'zod';

export const IssuerAddress = z.string().min(2).max(200);
export const IssuerPhone = z
  .string()
  .regex(/^\+?[0-9 ()/-]{5,30}$/, 'must be a phone number such as +389 2 000 0000');
export const IssuerEmail = z.email({ message: 'must be an e-mail address' });
export const IssuerWeb = z.url({
  protocol: /^https?$/,
  message: 'must be a URL such as https://chamber.example',
});
