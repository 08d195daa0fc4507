// One route's entry in /openapi.json (docs/api.md): its own success and error answers, plus those that the
// middleware in app.ts gives every /api route of its kind, so that a route states only what its handler adds.
import { type DescribeRouteOptions, describeRoute } from 'hono-openapi';
import { problems, responses } from '../http/problem-responses.ts';

type Responses = NonNullable<DescribeRouteOptions['responses']>;
type Method = 'get' | 'post' | 'patch' | 'delete';

export interface ApiRouteSpec extends Omit<DescribeRouteOptions, 'responses' | 'operationId' | 'tags'> {
  operationId: string;
  summary: string;
  tags: [string];
  /** The success answers (json(…), body(…), empty(…)) and any problems(…) of the route's own. */
  responses: Responses;
  /** Routes anyone may call (login): no 403 for a role or a password to change. */
  anonymous?: true;
}

/**
 * What the middleware answers before a handler runs: an expired token (401), an unknown chamber (404), storage
 * down (503), a defect (500); a role or a password to change first (403); for requests with a body, an unreadable,
 * too large or non-JSON one (400, 413, 415) and a cookie from elsewhere (403); for POST, an Idempotency-Key still
 * running (409) or reused with another body (422).
 */
const middlewareProblems = (method: Method, anonymous: boolean): number[] => [
  401,
  404,
  500,
  503,
  ...(anonymous ? [] : [403]),
  ...(method === 'get' ? [] : [400, 403, 413, 415]),
  ...(method === 'post' ? [409, 422] : []),
];

export const apiRoute = (method: Method, { responses: own, anonymous, ...spec }: ApiRouteSpec) =>
  describeRoute({
    ...spec,
    responses: responses(own, problems(...middlewareProblems(method, anonymous === true))),
  });
