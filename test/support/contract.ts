// Contract tests (docs/api.md): every answer the API tests receive is checked against /openapi.json. The method
// and path must be an operation of the document, the status one of its responses, the media type one of that
// response's, and a JSON body must match its schema (ajv, JSON Schema 2020-12, as OpenAPI 3.1 says). Anything
// else throws, naming the request, the status and ajv's complaint, so that the test that made the request fails.
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { inject } from 'vitest';
import { pathWithoutChamber } from '../../functions/http/chamber-routing.ts';

type Json = Record<string, unknown>;
interface Operation {
  responses: Record<string, { content?: Record<string, unknown> }>;
}
interface Route {
  method: string;
  template: string;
  pattern: RegExp;
  /** Literal paths win over templated ones (/api/webhooks/deliveries over /api/webhooks/{id}). */
  parameters: number;
  operation: Operation;
}

/** The portal's HTML and the favicons are not part of the API and not in the document. */
const UNDOCUMENTED = [/^\/portal(\/|$)/, /^\/$/, /^\/(v\/)?favicon\.(svg|ico)$/];

const isJson = (mediaType: string) => /^application\/([\w.-]+\+)?json$/.test(mediaType);

const escapeForRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const pointer = (...segments: string[]) =>
  `#/${segments.map((segment) => segment.replaceAll('~', '~0').replaceAll('/', '~1')).join('/')}`;

/** ajv's complaints, each with the field it is about (an extra property by its name). */
const explain = (
  errors: readonly { instancePath: string; message?: string; params: Record<string, unknown> }[],
) =>
  errors
    .map(({ instancePath, message, params }) => {
      const extra = typeof params.additionalProperty === 'string' ? ` '${params.additionalProperty}'` : '';
      return `body${instancePath.replaceAll('/', '.')} ${message ?? 'is not valid'}${extra}`;
    })
    .join('; ');

export class ContractViolation extends Error {
  override readonly name = 'ContractViolation';
}

export interface Answer {
  method: string;
  /** As sent: a chamber prefix (/c/<id>/…) and a query are allowed. */
  url: string;
  response: Response;
}

export const createContract = (document: Json) => {
  const ajv = new Ajv2020.default({ strict: false, allErrors: true, validateSchema: false });
  addFormats.default(ajv);
  // the whole document is one schema resource, so that the responses' $refs (#/components/schemas/…) resolve
  ajv.addSchema(document, 'openapi');
  const validators = new Map<string, ReturnType<typeof ajv.compile>>();
  const validatorAt = (at: string) => {
    let validate = validators.get(at);
    if (!validate) {
      validate = ajv.compile({ $ref: `openapi${at}` });
      validators.set(at, validate);
    }
    return validate;
  };

  const routes: Route[] = Object.entries(document.paths as Record<string, Record<string, Operation>>).flatMap(
    ([template, item]) =>
      Object.entries(item).map(([method, operation]) => ({
        method: method.toUpperCase(),
        template,
        pattern: new RegExp(`^${escapeForRegExp(template).replace(/\\\{[^/]+?\\\}/g, '[^/]+')}$`),
        parameters: (template.match(/\{/g) ?? []).length,
        operation,
      })),
  );

  const routeOf = (method: string, path: string) =>
    routes
      .filter((route) => route.method === method && route.pattern.test(path))
      .sort((a, b) => a.parameters - b.parameters)[0];

  /** Throws a ContractViolation when the answer is not what the document says; the response is not consumed. */
  const check = async ({ method, url, response }: Answer): Promise<void> => {
    const path = pathWithoutChamber(new Request(new URL(url, 'http://localhost')));
    if (UNDOCUMENTED.some((pattern) => pattern.test(path))) return;
    const status = String(response.status);
    const mediaType = (response.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    const text = await response.clone().text();
    const fail = (why: string): never => {
      throw new ContractViolation(
        `${method} ${url} answered ${status} ${mediaType || '(no body)'}: ${why}\n${text.slice(0, 600)}`,
      );
    };
    const route = routeOf(method, path);
    // a path no route has answers the one problem every app gives for it
    const at = route
      ? pointer('paths', route.template, method.toLowerCase(), 'responses', status)
      : status === '404'
        ? pointer('components', 'schemas', 'Problem')
        : fail(`no operation ${method} ${path} in /openapi.json`);
    if (!route) return validateBody(at, 'application/problem+json');
    const documented = route.operation.responses[status];
    if (!documented) {
      return fail(
        `status ${status} is not documented for ${method} ${route.template} (documented: ${Object.keys(route.operation.responses).join(', ')})`,
      );
    }
    if (!documented.content) {
      if (text.length > 0) fail(`the response of ${status} is documented without a body`);
      return;
    }
    if (method === 'HEAD') return;
    if (!(mediaType in documented.content)) {
      fail(
        `media type ${mediaType || '(none)'} is not documented for ${status} (documented: ${Object.keys(documented.content).join(', ')})`,
      );
    }
    return validateBody(`${at}/content/${pointer(mediaType).slice(2)}/schema`, mediaType);

    function validateBody(schemaAt: string, type: string): void {
      if (!isJson(type)) return;
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        fail('the body is not JSON');
      }
      const validate = validatorAt(schemaAt);
      if (!validate(body)) fail(`the body does not match ${schemaAt}: ${explain(validate.errors ?? [])}`);
      if (type === 'application/problem+json' && (body as { status?: unknown }).status !== response.status) {
        fail('the problem says another status than the response');
      }
    }
  };

  return { check };
};

export type Contract = ReturnType<typeof createContract>;

interface RequestingApp {
  request: (
    input: string | URL | Request,
    init?: RequestInit,
    ...rest: never[]
  ) => Response | Promise<Response>;
}

// one contract per test file, of the document the global setup generated once (generating it takes seconds);
// test/api/contract.test.ts proves it is the one the stacks serve
let served: Contract | undefined;

/** The contract of the API's document: the one the global setup provides, else what the app serves. */
export const servedContract = async (app: RequestingApp): Promise<Contract> => {
  if (served) return served;
  const provided = inject('openapiDocument') as Json | undefined;
  if (provided) {
    served = createContract(provided);
    return served;
  }
  const response = await app.request('/openapi.json');
  if (response.status !== 200) throw new Error(`/openapi.json answered ${response.status}`);
  served = createContract((await response.json()) as Json);
  return served;
};

/**
 * Makes the app's request() check every answer against the contract: an answer the document does not describe
 * rejects with a ContractViolation. Portal pages and favicons are not checked (UNDOCUMENTED).
 */
export const checkAnswers = (app: RequestingApp, contract: Contract): void => {
  const unchecked = app.request;
  app.request = async (input, init, ...rest) => {
    const response = await unchecked(input, init, ...rest);
    const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
    const url = input instanceof Request ? input.url : String(input);
    await contract.check({ method, url, response });
    return response;
  };
};

export const checkAnswersAgainstDocument = async (app: RequestingApp): Promise<void> =>
  checkAnswers(app, await servedContract(app));
