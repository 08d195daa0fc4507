// The boxes of the application form, each a fieldset named like the certificate's box: exporter, preferential
// trade (EUR.1), consignee, countries, transport, remarks, invoices and the exporter's declaration (EUR.1).
// The goods box is in goods-box.tsx. Field names are the data's paths (application-form.ts).
import type { Application } from '../../core/applications/application.ts';
import { fieldId, getPath } from '../application-form.ts';
import { Field } from './components.tsx';
import { countryOptions } from './form-labels.ts';
import type { View } from './view-context.ts';

export type Type = Application['type'];

/** What every box reads: the words, the certificate type, the typed values and the errors by field. */
export interface BoxProps {
  v: View;
  type: Type;
  values: Record<string, unknown>;
  errors: Map<string, string>;
}

type FieldExtra = Partial<Parameters<typeof Field>[0]>;

/** A field of the form showing its typed value and its error. */
export const boxField =
  ({ v, values, errors }: BoxProps) =>
  (name: string, label: string, extra: FieldExtra = {}) => (
    <Field v={v} name={name} label={label} value={getPath(values, name)} errors={errors} {...extra} />
  );

/** The printed EUR.1's box numbers (templates/eur1.manifest.json), pinned by test/api/portal-forms.test.ts. */
export const boxNumber = (type: Type, numbers: string) => (type === 'eur1' ? numbers : undefined);

/** Box 2 (EUR.1) and boxes 4 and 5 name a country or a group of countries (EU, EFTA, CEFTA). */
const areaOptions = (v: View, type: Type) =>
  type === 'eur1' ? countryOptions(v, ['EU', 'EFTA', 'CEFTA']) : countryOptions(v);

/** An error on a whole list (goods, invoices, documents), shown above it. */
export const GroupError = (props: { v: View; name: string; errors: Map<string, string> }) => {
  const message = props.errors.get(props.name);
  return message ? (
    <p class="error-text" id={fieldId(props.name)} tabindex={-1}>
      {message}
    </p>
  ) : null;
};

/** Box 1: printed from the organisation's verified record, not typed. */
export const ExporterBox = (props: { v: View; type: Type; exporter: string }) => (
  <section class="card" data-box={boxNumber(props.type, '1')}>
    <h2>{props.v.m.form.boxExporter}</h2>
    <p>{props.exporter}</p>
    <p class="muted">{props.v.m.form.exporterNote}</p>
  </section>
);

/** EUR.1 box 2: the two parties of the preferential trade. */
export const TradeBox = (props: BoxProps) => {
  const f = props.v.m.form;
  const field = boxField(props);
  const areas = areaOptions(props.v, props.type);
  return (
    <fieldset class="card" data-box={boxNumber(props.type, '2')}>
      <legend>{f.boxTrade}</legend>
      <div class="grid">
        {field('preferentialTrade.between', f.between, { options: areas, required: true })}
        {field('preferentialTrade.and', f.and, { options: areas, required: true })}
      </div>
    </fieldset>
  );
};

/** The consignee: required on a certificate of origin, optional on an EUR.1 (box 3). */
export const ConsigneeBox = (props: BoxProps) => {
  const { v, type } = props;
  const f = v.m.form;
  const field = boxField(props);
  return (
    <fieldset class="card" data-box={boxNumber(type, '3')}>
      <legend>{type === 'co' ? f.boxConsignee : f.boxConsigneeEur1}</legend>
      <div class="grid">
        {field('consignee.name', f.name, { required: type === 'co', maxlength: 200, autocomplete: 'off' })}
        {field('consignee.country', f.country, { options: countryOptions(v), required: type === 'co' })}
        {field('consignee.address', f.address, {
          kind: 'textarea',
          class: 'span-all',
          required: type === 'co',
          maxlength: 500,
        })}
      </div>
    </fieldset>
  );
};

/** Origin and destination: one box on a certificate of origin, boxes 4 and 5 on an EUR.1. */
export const CountriesBox = (props: BoxProps) => {
  const { v, type } = props;
  const f = v.m.form;
  const field = boxField(props);
  const areas = areaOptions(v, type);
  if (type === 'co') {
    return (
      <fieldset class="card">
        <legend>{f.boxCountries}</legend>
        <div class="grid">
          {field('originCountry', f.originCountry, { options: areas, required: true })}
          {field('destinationCountry', f.destinationCountry, { options: areas, required: true })}
        </div>
      </fieldset>
    );
  }
  return (
    <section class="card">
      <div class="grid">
        <div data-box="4">{field('originCountry', f.boxOriginEur1, { options: areas, required: true })}</div>
        <div data-box="5">
          {field('destinationCountry', f.boxDestinationEur1, { options: areas, required: true })}
        </div>
      </div>
    </section>
  );
};

export const TransportBox = (props: BoxProps) => {
  const { v, type } = props;
  const f = v.m.form;
  const field = boxField(props);
  const modes = Object.entries(f.modes).map(([value, label]) => ({ value, label }));
  return (
    <fieldset class="card" data-box={boxNumber(type, '6')}>
      <legend>{type === 'co' ? f.boxTransport : f.boxTransportEur1}</legend>
      <div class="grid">
        {field('transport.mode', f.transportMode, {
          options: [{ value: '', label: f.chooseCountry }, ...modes],
          required: type === 'co',
        })}
        {field('transport.details', f.transportDetails, { maxlength: 300 })}
      </div>
    </fieldset>
  );
};

export const RemarksBox = (props: BoxProps) => {
  const f = props.v.m.form;
  return (
    <fieldset class="card" data-box={boxNumber(props.type, '7')}>
      <legend>{props.type === 'co' ? f.boxRemarks : f.boxRemarksEur1}</legend>
      {boxField(props)('remarks', f.remarks, { kind: 'textarea', maxlength: 1000 })}
    </fieldset>
  );
};

/** The invoices typed so far and one empty row for the next. */
export const InvoicesBox = (props: BoxProps & { rows: Record<string, unknown>[] }) => {
  const { v, type, errors, rows } = props;
  const f = v.m.form;
  const numbered = (label: string, index: number) => `${label}${rows.length > 1 ? ` ${index + 1}` : ''}`;
  return (
    <fieldset class="card" data-box={boxNumber(type, '10')}>
      <legend>{type === 'co' ? f.boxInvoices : f.boxInvoicesEur1}</legend>
      <GroupError v={v} name="invoices" errors={errors} />
      {rows.map((invoice, index) => (
        <div class="grid">
          <Field
            v={v}
            name={`invoices.${index}.number`}
            label={numbered(f.invoiceNumber, index)}
            value={invoice.number}
            errors={errors}
            maxlength={50}
          />
          <Field
            v={v}
            name={`invoices.${index}.date`}
            label={numbered(f.invoiceDate, index)}
            value={invoice.date}
            errors={errors}
            kind="date"
          />
        </div>
      ))}
    </fieldset>
  );
};

/** EUR.1 box 12: the exporter's declaration, place and date. */
export const DeclarationBox = (props: BoxProps) => {
  const f = props.v.m.form;
  const field = boxField(props);
  return (
    <fieldset class="card" data-box="12">
      <legend>{f.boxDeclaration}</legend>
      <div class="grid">
        {field('declaration.place', f.place, { required: true, maxlength: 100 })}
        {field('declaration.date', f.date, { kind: 'date', required: true })}
      </div>
    </fieldset>
  );
};
