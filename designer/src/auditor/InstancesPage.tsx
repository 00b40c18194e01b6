// /instancias: process instances with filters kept in the URL (so a filtered list can be shared
// and survives a reload), a page at a time. Which instances appear is the server's decision:
// auditors see all, everybody else the ones they are part of.
import { useEffect, useState, type FormEvent } from 'react';
import type { PageProps } from '../app/App';
import { Link, setQuery, useLocation } from '../app/router';
import { listInstances, listProcesses, type InstanceQuery, type InstanceRow, type InstanceState } from '../api/auditor';
import { useT } from '../i18n';
import { Loading, ProblemAlert } from '../ui/Problem';
import { useAsync } from '../ui/useAsync';
import { dayEnd, dayStart, EngineKey, folioOf, IncidentBadge, InstanceStateBadge, startedByName } from './shared';
import './auditor.css';

const STATES: InstanceState[] = ['ACTIVE', 'COMPLETED', 'TERMINATED'];
const PAGE_SIZE = 50;

/** The URL's query names (Spanish, as the reader sees them) and the form fields they fill. */
const FIELDS = ['proceso', 'estado', 'desde', 'hasta', 'iniciadoPor', 'incidentes'] as const;
type Field = (typeof FIELDS)[number];
type Filters = Record<Field, string>;

function filtersOf(query: URLSearchParams): Filters {
  return Object.fromEntries(FIELDS.map((f) => [f, query.get(f) ?? ''])) as Filters;
}

function apiFilterOf(f: Filters): InstanceQuery {
  const state = STATES.includes(f.estado as InstanceState) ? (f.estado as InstanceState) : undefined;
  const from = dayStart(f.desde);
  const to = dayEnd(f.hasta);
  return {
    ...(f.proceso ? { process: f.proceso } : {}),
    ...(state ? { state } : {}),
    ...(from ? { startedFrom: from } : {}),
    ...(to ? { startedTo: to } : {}),
    ...(f.iniciadoPor.trim() ? { startedBy: f.iniciadoPor.trim() } : {}),
    ...(f.incidentes === 'true' || f.incidentes === 'false' ? { withIncident: f.incidentes } : {}),
    limit: PAGE_SIZE,
  };
}

export default function InstancesPage(_props: PageProps) {
  const { t } = useT();
  const { query } = useLocation();
  const applied = filtersOf(query);
  const key = FIELDS.map((f) => applied[f]).join('\u0000');
  const [draft, setDraft] = useState<Filters>(applied);
  // The URL changes under the form when the reader goes back or clears: the fields follow it.
  useEffect(() => setDraft(filtersOf(new URLSearchParams(location.search))), [key]);

  const processes = useAsync(() => listProcesses(), []);
  const first = useAsync(() => listInstances(apiFilterOf(applied)), [key]);
  // Pages after the first; `started` once one was asked for, so its cursor replaces the first page's.
  const [more, setMore] = useState<{ items: InstanceRow[]; nextCursor?: string; started: boolean; loading: boolean; error?: unknown }>({ items: [], started: false, loading: false });
  useEffect(() => setMore({ items: [], started: false, loading: false }), [first.data]);

  const items = [...(first.data?.items ?? []), ...more.items];
  const nextCursor = more.started ? more.nextCursor : first.data?.nextCursor;
  const filtered = FIELDS.some((f) => applied[f] !== '');

  const loadMore = async () => {
    if (!nextCursor) return;
    setMore((m) => ({ ...m, loading: true, error: undefined }));
    try {
      const page = await listInstances({ ...apiFilterOf(applied), cursor: nextCursor });
      setMore((m) => ({ items: [...m.items, ...page.items], ...(page.nextCursor !== undefined ? { nextCursor: page.nextCursor } : {}), started: true, loading: false }));
    } catch (error) {
      // The same cursor stays, so the button asks for the same page again.
      setMore((m) => ({ ...m, nextCursor, started: true, loading: false, error }));
    }
  };

  const apply = (event: FormEvent) => {
    event.preventDefault();
    setQuery({ ...draft, iniciadoPor: draft.iniciadoPor.trim() });
  };
  const clear = () => setQuery(Object.fromEntries(FIELDS.map((f) => [f, undefined])));
  const field = (name: Field) => ({
    id: `instancias-${name}`,
    name,
    value: draft[name],
    onChange: (e: { target: { value: string } }) => setDraft((d) => ({ ...d, [name]: e.target.value })),
  });

  return (
    <>
      <h1>{t('auditor.instances.title')}</h1>
      <p className="muted">{t('auditor.instances.intro')}</p>
      <form className="toolbar" role="search" aria-label={t('auditor.instances.filters')} onSubmit={apply}>
        <label htmlFor="instancias-proceso">
          {t('auditor.filter.process')}
          <select {...field('proceso')}>
            <option value="">{t('auditor.filter.anyProcess')}</option>
            {processes.data?.items.map((p) => (
              <option key={p.processDefinitionId} value={p.processDefinitionId}>
                {p.name}
              </option>
            ))}
            {/* A process in the URL that is not (or no longer) deployed stays selectable. */}
            {draft.proceso && processes.data && !processes.data.items.some((p) => p.processDefinitionId === draft.proceso) && <option value={draft.proceso}>{draft.proceso}</option>}
          </select>
        </label>
        <label htmlFor="instancias-estado">
          {t('auditor.filter.state')}
          <select {...field('estado')}>
            <option value="">{t('auditor.filter.anyState')}</option>
            {STATES.map((s) => (
              <option key={s} value={s}>
                {t(`auditor.state.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label htmlFor="instancias-desde">
          {t('auditor.filter.startedFrom')}
          <input type="date" {...field('desde')} />
        </label>
        <label htmlFor="instancias-hasta">
          {t('auditor.filter.startedTo')}
          <input type="date" {...field('hasta')} min={draft.desde || undefined} />
        </label>
        <label htmlFor="instancias-iniciadoPor">
          {t('auditor.filter.startedBy')}
          <input type="text" autoComplete="off" spellCheck={false} maxLength={100} {...field('iniciadoPor')} />
        </label>
        <label htmlFor="instancias-incidentes">
          {t('auditor.filter.incidents')}
          <select {...field('incidentes')}>
            <option value="">{t('auditor.filter.anyIncidents')}</option>
            <option value="true">{t('auditor.filter.withIncidents')}</option>
            <option value="false">{t('auditor.filter.withoutIncidents')}</option>
          </select>
        </label>
        <button type="submit" className="primary">
          {t('action.apply')}
        </button>
        <button type="button" onClick={clear} disabled={!filtered}>
          {t('action.clear')}
        </button>
      </form>

      <ProblemAlert
        error={first.error}
        labels={{ 'query/startedFrom': t('auditor.filter.startedFrom'), 'query/startedTo': t('auditor.filter.startedTo'), 'query/startedBy': t('auditor.filter.startedBy') }}
      />
      {first.loading && !first.data ? (
        <Loading />
      ) : first.data && items.length === 0 ? (
        <p className="auditor-empty" role="status">
          {filtered ? t('auditor.instances.emptyFiltered') : t('auditor.instances.empty')}
        </p>
      ) : first.data ? (
        <>
          <p className="visually-hidden" role="status">
            {t('auditor.instances.count', { count: items.length })}
          </p>
          <InstancesTable items={items} />
          <ProblemAlert error={more.error} />
          {nextCursor && (
            <p>
              <button type="button" onClick={() => void loadMore()} disabled={more.loading}>
                {more.loading ? t('app.loading') : t('action.more')}
              </button>
            </p>
          )}
        </>
      ) : null}
    </>
  );
}

function InstancesTable({ items }: { items: InstanceRow[] }) {
  const { t, formatDateTime } = useT();
  return (
    <div className="auditor-scroll">
      <table className="auditor-table" data-testid="instances-table">
        <caption className="visually-hidden">{t('auditor.instances.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('auditor.instances.col.folio')}</th>
            <th scope="col">{t('auditor.instances.col.process')}</th>
            <th scope="col">{t('auditor.instances.col.state')}</th>
            <th scope="col">{t('auditor.instances.col.started')}</th>
            <th scope="col">{t('auditor.instances.col.ended')}</th>
            <th scope="col">{t('auditor.instances.col.startedBy')}</th>
            <th scope="col">{t('auditor.instances.col.incidents')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((i) => (
            <tr key={i.processInstanceKey} data-instance-key={i.processInstanceKey} data-folio={folioOf(i)}>
              <th scope="row">
                <FolioLink instance={i} />
              </th>
              <td>
                {i.processDefinitionName || i.processDefinitionId} <span className="muted">{t('auditor.version', { version: i.processDefinitionVersion })}</span>
              </td>
              <td>
                <InstanceStateBadge state={i.state} />
              </td>
              <td>{formatDateTime(i.startDate)}</td>
              <td>{formatDateTime(i.endDate)}</td>
              <td>{startedByName(i.iniciadoPor) ?? t('auditor.none')}</td>
              <td>{i.hasIncident ? <IncidentBadge count={i.openIncidents} /> : <span className="muted">{t('auditor.none')}</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The instance's folio as its link; an instance from before folios says it has none, its key marked for operators. */
function FolioLink({ instance }: { instance: InstanceRow }) {
  const { t } = useT();
  const folio = folioOf(instance);
  const to = `/instancias/${encodeURIComponent(instance.processInstanceKey)}`;
  if (folio) {
    return (
      <Link to={to} className="auditor-folio" aria-label={t('auditor.instances.openFolio', { folio })}>
        {folio}
      </Link>
    );
  }
  return (
    <>
      <Link to={to} aria-label={t('auditor.instances.openNoFolio')}>
        {t('auditor.noFolio')}
      </Link>{' '}
      <EngineKey engineKey={instance.processInstanceKey} />
    </>
  );
}
