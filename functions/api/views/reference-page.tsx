// The API reference at /docs, rendered on the server from the OpenAPI document: no script, no third-party code, no
// network request, so it works offline and a compromised package cannot act with a reader's session cookie.
// The one stylesheet is inline and allowed by its hash in the page's CSP (docs/security.md, "API reference page").
import { createHash } from 'node:crypto';
import type { FC } from 'hono/jsx';

const STYLE = `
body{font:15px/1.5 system-ui,sans-serif;margin:0 auto;max-width:60rem;padding:1rem 1.5rem;color:#1b1f24}
h1{margin-bottom:.25rem}nav ol{columns:2;font-size:.9rem}code,pre{font:13px/1.4 ui-monospace,monospace}
pre{background:#f4f5f7;padding:.75rem;overflow:auto;max-height:24rem}
section{border-top:1px solid #d0d4da;padding:.5rem 0 1rem}
.method{display:inline-block;min-width:4.5rem;font-weight:700;text-transform:uppercase}
table{border-collapse:collapse;font-size:.9rem}td,th{border:1px solid #d0d4da;padding:.2rem .5rem;text-align:left}
`;

/** The Content-Security-Policy of the page: nothing but its own inline stylesheet. */
export const REFERENCE_PAGE_CSP = [
  "default-src 'none'",
  `style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`,
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/** The parts of an OpenAPI 3.1 document the page shows. */
export interface ReferenceDocument {
  info: { title: string; description?: string };
  paths: Record<string, Partial<Record<(typeof METHODS)[number], Operation>> | undefined>;
  components?: { schemas?: Record<string, unknown> };
}

interface Operation {
  summary?: string;
  description?: string;
  parameters?: unknown[];
  requestBody?: unknown;
  responses?: Record<string, unknown>;
}

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  schema?: unknown;
}

const operationsOf = (paths: ReferenceDocument['paths']) =>
  Object.entries(paths).flatMap(([path, item]) =>
    METHODS.flatMap((method) => {
      const operation = item?.[method];
      return operation ? [{ path, method, operation }] : [];
    }),
  );

const anchorOf = (method: string, path: string) => `${method}-${path.replace(/[^A-Za-z0-9]+/g, '-')}`;

const json = (value: unknown) => JSON.stringify(value, null, 2);

const Parameters: FC<{ operation: Operation }> = ({ operation }) => {
  const parameters = (operation.parameters ?? []) as Parameter[];
  if (parameters.length === 0) return null;
  return (
    <table>
      <thead>
        <tr>
          <th>Parameter</th>
          <th>In</th>
          <th>Required</th>
          <th>Schema</th>
        </tr>
      </thead>
      <tbody>
        {parameters.map((parameter) => (
          <tr>
            <td>
              <code>{parameter.name}</code>
            </td>
            <td>{parameter.in}</td>
            <td>{parameter.required ? 'yes' : 'no'}</td>
            <td>
              <code>{json(parameter.schema ?? {})}</code>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
};

const Body: FC<{ operation: Operation }> = ({ operation }) => {
  const content = (operation.requestBody as { content?: Record<string, { schema?: unknown }> } | undefined)
    ?.content;
  if (!content) return null;
  return (
    <>
      {Object.entries(content).map(([type, media]) => (
        <>
          <h4>
            Request body <code>{type}</code>
          </h4>
          <pre>{json(media.schema ?? {})}</pre>
        </>
      ))}
    </>
  );
};

interface ResponseEntry {
  description?: string;
  content?: Record<string, { schema?: { $ref?: string } }>;
}

const SCHEMA_REF = '#/components/schemas/';

/** A response's body: a link to its named schema, or the schema itself when it has no name. */
const MediaSchema: FC<{ schema: { $ref?: string } | undefined }> = ({ schema }) => {
  const name = schema?.$ref?.startsWith(SCHEMA_REF) ? schema.$ref.slice(SCHEMA_REF.length) : undefined;
  return name ? <a href={`#schema-${name}`}>{name}</a> : <code>{JSON.stringify(schema ?? {})}</code>;
};

const Responses: FC<{ operation: Operation }> = ({ operation }) => {
  const responses = Object.entries(operation.responses ?? {}) as [string, ResponseEntry][];
  if (responses.length === 0) return null;
  return (
    <ul>
      {responses.map(([status, response]) => (
        <li>
          <code>{status}</code> {response.description}
          {Object.entries(response.content ?? {}).map(([type, media]) => (
            <>
              {' '}
              — <code>{type}</code> <MediaSchema schema={media.schema} />
            </>
          ))}
        </li>
      ))}
    </ul>
  );
};

export const ReferencePage: FC<{ document: ReferenceDocument }> = ({ document }) => {
  const operations = operationsOf(document.paths);
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{document.info.title}</title>
        <style>{STYLE}</style>
      </head>
      <body>
        <h1>{document.info.title}</h1>
        <p>{document.info.description}</p>
        <p>
          The machine-readable document is at <a href="/openapi.json">/openapi.json</a>.
        </p>
        <nav>
          <ol>
            {operations.map(({ path, method }) => (
              <li>
                <a href={`#${anchorOf(method, path)}`}>
                  {method.toUpperCase()} {path}
                </a>
              </li>
            ))}
          </ol>
        </nav>
        {operations.map(({ path, method, operation }) => (
          <section id={anchorOf(method, path)}>
            <h2>
              <span class="method">{method}</span> <code>{path}</code>
            </h2>
            {operation.summary ? <p>{operation.summary}</p> : null}
            {operation.description ? <p>{operation.description}</p> : null}
            <Parameters operation={operation} />
            <Body operation={operation} />
            <Responses operation={operation} />
          </section>
        ))}
        {document.components?.schemas ? (
          <section id="schemas">
            <h2>Schemas</h2>
            {Object.entries(document.components.schemas).map(([name, schema]) => (
              <section id={`schema-${name}`}>
                <h3>
                  <code>{name}</code>
                </h3>
                <pre>{json(schema)}</pre>
              </section>
            ))}
          </section>
        ) : null}
      </body>
    </html>
  );
};

/** The whole page, doctype included. */
export const renderReferencePage = async (document: ReferenceDocument): Promise<string> =>
  `<!doctype html>${await (<ReferencePage document={document} />).toString()}`;
