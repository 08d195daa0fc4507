// The goods box: one fieldset per goods line, added and removed in place (buttons that also work without the
// script; a template gives the script a new line), and the import of lines from a spreadsheet or CSV file.
import { MeasureUnit } from '../../core/applications/movement-certificate-eur1.ts';
import { fieldId, getPath } from '../application-form.ts';
import { GOODS_CSV_COLUMNS } from '../goods-csv.ts';
import { type BoxProps, boxNumber, GroupError, type Type } from './application-form-boxes.tsx';
import { Field } from './components.tsx';
import type { View } from './view-context.ts';

/** The index the script replaces in the template's field names when it adds a line. */
const NEW_INDEX = 'NEWINDEX';

interface GoodsLineProps {
  v: View;
  type: Type;
  index: number | typeof NEW_INDEX;
  number: number | string;
  line: Record<string, unknown>;
  errors: Map<string, string>;
}

type FieldExtra = Partial<Parameters<typeof Field>[0]>;

/** The measure fields: HS code and quantity on a certificate of origin, other measure on an EUR.1 (box 9). */
type LineField = (path: string, label: string, extra?: FieldExtra) => ReturnType<typeof Field>;

const MeasureFields = (props: { type: Type; v: View; field: LineField }) => {
  const { field } = props;
  const f = props.v.m.form;
  if (props.type === 'co') {
    return (
      <>
        {field('hsCode', f.hsCode, { required: true, hint: '6109.10' })}
        {field('quantity.value', f.quantity, { kind: 'number', required: true })}
        {field('quantity.unit', f.unit, { required: true, maxlength: 20 })}
        {field('grossMassKg', f.grossMass, { kind: 'number' })}
      </>
    );
  }
  const units = MeasureUnit.options.map((unit) => ({ value: unit, label: props.v.m.units[unit] }));
  return (
    <>
      {field('grossMassKg', f.grossMass, { kind: 'number' })}
      {field('otherMeasure.value', f.otherMeasure, { kind: 'number' })}
      {field('otherMeasure.unit', f.unit, { options: [{ value: '', label: '—' }, ...units] })}
    </>
  );
};

const GoodsLineFields = (props: GoodsLineProps) => {
  const { v, index, line, errors } = props;
  const f = v.m.form;
  const field = (path: string, label: string, extra: FieldExtra = {}) => (
    <Field
      v={v}
      name={`goods.${index}.${path}`}
      label={label}
      value={getPath(line, path)}
      errors={errors}
      {...extra}
    />
  );
  return (
    <fieldset class="line" data-line={String(index)}>
      <legend>
        {f.goodsLine} <span data-line-number>{props.number}</span>
      </legend>
      <div class="grid tight">
        {field('description', f.description, { class: 'span-all', required: true, maxlength: 1000 })}
        {field('marks', f.marks, { maxlength: 200 })}
        {field('packages.count', f.packagesCount, { kind: 'number', required: true })}
        {field('packages.kind', f.packagesKind, { required: true, maxlength: 50 })}
        <MeasureFields type={props.type} v={v} field={field} />
      </div>
      <button
        type="submit"
        name="action"
        value={`remove-line:${index}`}
        class="secondary remove no-print"
        data-remove-line
        data-removed-text={f.removeLine}
        formnovalidate
      >
        {f.removeLine}
        <span class="sr-only"> {props.number}</span>
      </button>
    </fieldset>
  );
};

const columnNames = (type: Type, required: boolean) =>
  GOODS_CSV_COLUMNS[type]
    .filter((column) => column.required === required)
    .map((column) => column.name)
    .join(', ');

/** The import of goods lines: the columns it reads, the file, and its own submit button. */
const GoodsImportFields = (props: { v: View; type: Type }) => {
  const f = props.v.m.form;
  return (
    <div class="line mt no-print" id="csv-import">
      <h3>{f.importTitle}</h3>
      <p>
        {f.importHelp} <code>{columnNames(props.type, true)}</code>
      </p>
      <p class="muted">
        {f.importOptional} <code>{columnNames(props.type, false)}</code>. {f.importDecimals}
      </p>
      <div class="grid">
        <div class="field">
          <label for="goods-csv">{f.importFile}</label>
          <input
            id="goods-csv"
            name="goodsCsv"
            type="file"
            accept=".xlsx,.csv,.tsv,.txt,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          />
        </div>
      </div>
      <div class="actions">
        <button type="submit" name="action" value="import" class="secondary" formnovalidate>
          {f.importButton}
        </button>
      </div>
    </div>
  );
};

/** The goods lines typed so far and the empty ones asked for (`lines`). */
export const GoodsBox = (props: Omit<BoxProps, 'values'> & { lines: Record<string, unknown>[] }) => {
  const { v, type, errors, lines } = props;
  const f = v.m.form;
  return (
    <fieldset
      class="card"
      data-box={boxNumber(type, '8 9')}
      aria-describedby={errors.has('goods') ? fieldId('goods') : undefined}
    >
      <legend>{type === 'co' ? f.boxGoods : f.boxGoodsEur1}</legend>
      <GroupError v={v} name="goods" errors={errors} />
      <div id="goods-lines" data-next-index={String(lines.length)}>
        {lines.map((line, index) => (
          <GoodsLineFields v={v} type={type} index={index} number={index + 1} line={line} errors={errors} />
        ))}
      </div>
      <template id="goods-line-template">
        <GoodsLineFields v={v} type={type} index={NEW_INDEX} number="" line={{}} errors={new Map()} />
      </template>
      <button
        type="submit"
        name="action"
        value="add-line"
        class="secondary no-print"
        data-add-line
        data-added-text={f.addLine}
        formnovalidate
      >
        + {f.addLine}
      </button>
      <GoodsImportFields v={v} type={type} />
    </fieldset>
  );
};
