// How the public verification page tells a reader to reach the chamber: the rules for its four settings live with
// the chamber record (core/network/chamber.ts), shared by the runtime config (ISSUER_ADDRESS, …) and the CDK
// context (issuerAddress, …) so that synthesis refuses what start-up would.
export {
  ChamberAddress as IssuerAddress,
  ChamberEmail as IssuerEmail,
  ChamberPhone as IssuerPhone,
  ChamberWeb as IssuerWeb,
} from '../core/network/chamber.ts';
