// The platform operator's pages (docs/network.md §2): the chambers of the network, a chamber created with its
// first administrator (the password shown once, after a redirect), and a status change that asks first.
import type { ChamberStatus } from '../../core/network/chamber.ts';
import { CAPTION_LANGUAGES } from '../../core/rendering/caption-languages.ts';
import { PORTAL } from '../context.ts';
import { ErrorSummary, Field } from './components.tsx';
import { countryOptions } from './form-labels.ts';
import { Layout } from './layout.tsx';
import { StackTable } from './stack-table.tsx';
import type { View } from './view-context.ts';

/** A chamber as the operator's verbs answer it (core/network/chamber.ts chamberView). */
export interface ChamberRow {
  id: string;
  name: string;
  nameLocal: string;
  country: string;
  city: string;
  timeZone: string;
  serialPrefix: string;
  labelLanguages: string[];
  hosts: string[];
  publicBaseUrl: string;
  status: ChamberStatus;
  statusSince: string;
  version: number;
}

/** What the chambers page says once after the operator created a chamber. */
export interface ChamberNotice {
  chamberId: string;
  adminEmail: string;
  password?: string | undefined;
}

/** The caption languages a chamber may choose: those with a complete caption set (docs/network.md §5). */
export const LABEL_LANGUAGE_CHOICES: readonly string[] = CAPTION_LANGUAGES;

/** A language's name in the reader's language (the form adds its tag: cnr, sr-Latn…). */
const languageName = (v: View, tag: string) => {
  try {
    return new Intl.DisplayNames([v.language], { type: 'language', fallback: 'code' }).of(tag) ?? tag;
  } catch {
    return tag;
  }
};

/** `{name}`-style placeholders filled in. */
export const fill = (template: string, values: Record<string, string>) =>
  template.replace(/\{(\w+)\}/g, (placeholder, key: string) => values[key] ?? placeholder);

/** A chamber's portal: on its own domain, or on the path form under this deployment (its public base URL). */
export const portalUrlOf = (chamber: Pick<ChamberRow, 'publicBaseUrl'>) =>
  `${chamber.publicBaseUrl.replace(/\/$/, '')}${PORTAL}/login`;

/** The changes open from each status: reactivate what is not active, suspend what is, withdraw what is not yet. */
const changesFrom = (status: ChamberStatus): ChamberStatus[] =>
  status === 'active'
    ? ['suspended', 'withdrawn']
    : status === 'suspended'
      ? ['active', 'withdrawn']
      : ['active'];

const NoticeBox = (props: { v: View; notice: ChamberNotice; chamber: ChamberRow | undefined }) => {
  const n = props.v.m.network;
  const { notice, chamber } = props;
  const values = {
    id: notice.chamberId,
    name: chamber?.name ?? notice.chamberId,
    email: notice.adminEmail,
    url: chamber ? portalUrlOf(chamber) : '',
  };
  return (
    <div class="note" role="status" id="chamber-notice">
      <p>{fill(n.created, values)}</p>
      {notice.password ? (
        <>
          <p>{fill(n.initialPassword, values)}</p>
          <code class="secret">{notice.password}</code>
        </>
      ) : null}
    </div>
  );
};

export const ChambersPage = (props: {
  v: View;
  chambers: ChamberRow[];
  notice?: ChamberNotice | undefined;
}) => {
  const { v } = props;
  const n = v.m.network;
  const created = props.notice && props.chambers.find((chamber) => chamber.id === props.notice?.chamberId);
  return (
    <Layout v={v} title={n.chambersTitle}>
      {props.notice ? <NoticeBox v={v} notice={props.notice} chamber={created} /> : null}
      <div class="actions">
        <a class="button" href={`${PORTAL}/network/chambers/new`}>
          {n.newChamber}
        </a>
      </div>
      <section class="card mt">
        {props.chambers.length === 0 ? (
          <p>{n.noChambers}</p>
        ) : (
          <div class="table-wrap">
            <StackTable
              id="chambers"
              rows={props.chambers}
              rowAttributes={(chamber) => ({ 'data-chamber': chamber.id })}
              columns={[
                {
                  label: n.chamberTitle,
                  cell: (chamber) => (
                    <div>
                      <code>{chamber.id}</code>
                      <br />
                      {chamber.name}
                      <br />
                      <span class="muted">{chamber.nameLocal}</span>
                    </div>
                  ),
                },
                {
                  label: n.country,
                  cell: (chamber) => `${v.format.country(chamber.country)} (${chamber.country})`,
                },
                { label: n.serialPrefix, cell: (chamber) => <code>{chamber.serialPrefix}</code> },
                {
                  // tags, which fit a narrow column (the form names each language in words)
                  label: n.captions,
                  cell: (chamber) => <code>{chamber.labelLanguages.join(' / ')}</code>,
                },
                {
                  label: n.status,
                  cell: (chamber) => (
                    <div>
                      <span class="badge" data-chamber-status={chamber.status}>
                        {n.statuses[chamber.status]}
                      </span>
                      <br />
                      <span class="muted">
                        {n.since}{' '}
                        <time datetime={chamber.statusSince}>{v.format.dateTime(chamber.statusSince)}</time>
                      </span>
                    </div>
                  ),
                },
                {
                  label: n.routingTitle,
                  cell: (chamber) => (
                    <div>
                      <code>{chamber.publicBaseUrl}</code>
                      {chamber.hosts.length > 0 ? (
                        <>
                          <br />
                          <span class="muted">{chamber.hosts.join(', ')}</span>
                        </>
                      ) : null}
                      <br />
                      <a href={portalUrlOf(chamber)}>{fill(n.openPortal, { id: chamber.id })}</a>
                    </div>
                  ),
                },
                {
                  label: n.actions,
                  actions: true,
                  cell: (chamber) => (
                    <div class="row-actions">
                      {changesFrom(chamber.status).map((to) => (
                        // a plain GET to the page that asks first, carrying the version this list shows
                        <form
                          method="get"
                          action={`${PORTAL}/network/chambers/${chamber.id}/status`}
                          class="inline"
                        >
                          <input type="hidden" name="to" value={to} />
                          <input type="hidden" name="version" value={String(chamber.version)} />
                          <button type="submit" class={to === 'active' ? 'secondary' : 'danger'}>
                            {n.change[to]}
                            <span class="sr-only"> {chamber.id}</span>
                          </button>
                        </form>
                      ))}
                    </div>
                  ),
                },
              ]}
            />
          </div>
        )}
      </section>
    </Layout>
  );
};

/** The create form's fields by name, as posted and as the errors name them. */
export const CHAMBER_FORM_FIELDS = [
  'id',
  'name',
  'nameLocal',
  'country',
  'city',
  'timeZone',
  'serialPrefix',
  'labelLanguages.0',
  'labelLanguages.1',
  'contact.address',
  'contact.phone',
  'contact.email',
  'contact.web',
  'hosts',
  'publicBaseUrl',
  'admin.email',
  'admin.name',
] as const;

const labelsOf = (v: View): Map<string, string> => {
  const n = v.m.network;
  const labels: Record<(typeof CHAMBER_FORM_FIELDS)[number], string> = {
    id: n.id,
    name: n.name,
    nameLocal: n.nameLocal,
    country: n.country,
    city: n.city,
    timeZone: n.timeZone,
    serialPrefix: n.serialPrefix,
    'labelLanguages.0': n.labelLanguage1,
    'labelLanguages.1': n.labelLanguage2,
    'contact.address': n.address,
    'contact.phone': n.phone,
    'contact.email': n.email,
    'contact.web': n.web,
    hosts: n.hosts,
    publicBaseUrl: n.publicBaseUrl,
    'admin.email': n.adminEmail,
    'admin.name': n.adminName,
  };
  return new Map(Object.entries(labels));
};

export const NewChamberPage = (props: {
  v: View;
  errors: Map<string, string>;
  values: Record<string, string>;
}) => {
  const { v, errors, values } = props;
  const n = v.m.network;
  const labels = labelsOf(v);
  const label = (name: (typeof CHAMBER_FORM_FIELDS)[number]) => labels.get(name) ?? name;
  const text = (
    name: (typeof CHAMBER_FORM_FIELDS)[number],
    extra: Partial<Parameters<typeof Field>[0]> = {},
  ) => <Field v={v} name={name} label={label(name)} value={values[name]} errors={errors} {...extra} />;
  const languages = LABEL_LANGUAGE_CHOICES.map((tag) => ({
    value: tag,
    label: `${languageName(v, tag)} (${tag})`,
  }));
  return (
    <Layout v={v} title={n.newChamberTitle}>
      <ErrorSummary v={v} errors={errors} labels={labels} />
      <form method="post" action={`${PORTAL}/network/chambers`} novalidate>
        <fieldset class="card">
          <legend>{n.chamberTitle}</legend>
          <div class="grid">
            {text('id', { hint: n.idHint, required: true, maxlength: 40 })}
            {text('name', { required: true, maxlength: 120 })}
            {text('nameLocal', { required: true, maxlength: 120 })}
            <Field
              v={v}
              name="country"
              label={n.country}
              options={countryOptions(v)}
              value={values.country ?? ''}
              errors={errors}
              required
            />
            {text('city', { required: true, maxlength: 60 })}
            {text('timeZone', { hint: n.timeZoneHint, required: true })}
            {text('serialPrefix', { hint: n.serialPrefixHint, required: true, maxlength: 10 })}
            <Field
              v={v}
              name="labelLanguages.0"
              label={n.labelLanguage1}
              options={languages}
              value={values['labelLanguages.0'] ?? LABEL_LANGUAGE_CHOICES[0]}
              errors={errors}
            />
            <Field
              v={v}
              name="labelLanguages.1"
              label={n.labelLanguage2}
              options={[{ value: '', label: n.noLanguage }, ...languages]}
              value={values['labelLanguages.1'] ?? 'en'}
              errors={errors}
            />
          </div>
        </fieldset>
        <fieldset class="card mt">
          <legend>{n.contactTitle}</legend>
          <div class="grid">
            {text('contact.address', { required: true, maxlength: 200 })}
            {text('contact.phone', { required: true, autocomplete: 'off' })}
            {text('contact.email', { kind: 'email', required: true })}
            {text('contact.web', { kind: 'url', required: true })}
          </div>
        </fieldset>
        <fieldset class="card mt">
          <legend>{n.routingTitle}</legend>
          <div class="grid">
            {text('hosts', { hint: n.hostsHint })}
            {text('publicBaseUrl', { kind: 'url', hint: n.publicBaseUrlHint })}
          </div>
        </fieldset>
        <fieldset class="card mt">
          <legend>{n.adminTitle}</legend>
          <p class="muted">{n.adminExplain}</p>
          <div class="grid">
            {text('admin.email', { kind: 'email', required: true, autocomplete: 'off' })}
            {text('admin.name', { required: true, autocomplete: 'off' })}
          </div>
        </fieldset>
        <div class="actions">
          <button type="submit">{n.create}</button>
          <a class="button secondary" href={`${PORTAL}/network/chambers`}>
            {n.cancel}
          </a>
        </div>
      </form>
    </Layout>
  );
};

/** Asks before a status change; carries the version the operator saw, so that a stale page changes nothing. */
export const ChamberStatusPage = (props: {
  v: View;
  chamber: ChamberRow;
  to: ChamberStatus;
  version: number;
  /** Set when the chamber changed since the operator's page: the page says so and shows the state now. */
  stale?: boolean;
}) => {
  const { v, chamber, to } = props;
  const n = v.m.network;
  const now = { status: n.statuses[chamber.status], since: v.format.dateTime(chamber.statusSince) };
  return (
    <Layout v={v} title={n.confirmTitle[to]}>
      {props.stale ? (
        <div class="summary" role="alert" tabindex={-1} id="stale-version">
          <p>{fill(n.staleVersion, now)}</p>
        </div>
      ) : null}
      <form method="post" action={`${PORTAL}/network/chambers/${chamber.id}/status`} class="card">
        <p>
          <strong>{fill(n.confirmQuestion[to], { name: chamber.name, id: chamber.id })}</strong>
        </p>
        <p>{fill(n.nowStatus, now)}</p>
        <p>{n.consequences[to]}</p>
        <input type="hidden" name="status" value={to} />
        <input type="hidden" name="version" value={String(props.version)} />
        <input type="hidden" name="confirm" value="yes" />
        <div class="actions">
          <button type="submit" class={to === 'active' ? undefined : 'danger'}>
            {n.change[to]}
          </button>
          <a class="button secondary" href={`${PORTAL}/network/chambers`}>
            {n.cancel}
          </a>
        </div>
      </form>
    </Layout>
  );
};
