// The portal's lists: a table that stacks into labelled cards on a phone (portal.css `table.stack`: each cell shows
// its column's `data-label`), and the link to the next page of a list. One markup for every list.
import type { Child } from 'hono/jsx';

export interface Column<Row> {
  /** The heading, and the label a cell shows when the table stacks. */
  label: string;
  /**
   * A column of links or buttons: its heading is for screen readers only, and on a phone its cell carries no label
   * and its buttons sit together under the card (portal.css `td.actions-cell`).
   */
  actions?: boolean;
  /** Figures, aligned right. */
  numeric?: boolean;
  cell: (row: Row, index: number) => Child;
}

export const StackTable = <Row,>(props: {
  id?: string;
  columns: readonly Column<Row>[];
  rows: readonly Row[];
  /** Attributes of a row's `<tr>`, e.g. `data-application` for the tests and the page script. */
  rowAttributes?: (row: Row) => Record<string, string>;
}) => (
  <table class="stack" id={props.id}>
    <thead>
      <tr>
        {props.columns.map((column) => (
          <th class={column.numeric ? 'num' : undefined}>
            {column.actions ? <span class="sr-only">{column.label}</span> : column.label}
          </th>
        ))}
      </tr>
    </thead>
    <tbody>
      {props.rows.map((row, index) => (
        <tr {...(props.rowAttributes?.(row) ?? {})}>
          {props.columns.map((column) =>
            column.actions ? (
              <td data-label="" class="actions-cell">
                <div class="row-actions">{column.cell(row, index)}</div>
              </td>
            ) : (
              <td data-label={column.label} class={column.numeric ? 'num' : undefined}>
                {column.cell(row, index)}
              </td>
            ),
          )}
        </tr>
      ))}
    </tbody>
  </table>
);

/** "Next →" under a list, when there is a next page (`cursor` from the core's list verbs). */
export const NextPageLink = (props: {
  cursor: string | undefined;
  label: string;
  query?: URLSearchParams;
}) => {
  if (!props.cursor) return null;
  const query = new URLSearchParams(props.query);
  query.set('cursor', props.cursor);
  return (
    <p>
      <a href={`?${query.toString()}`}>{props.label} →</a>
    </p>
  );
};
