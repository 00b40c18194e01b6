// /auditoria: the audit trail for auditors — whether its hash chain is intact (checked on
// opening and on demand), the events with filters kept in the URL, and the CSV export of the
// same filtered events.
import { useEffect, useState, type FormEvent } from 'react';
import type { PageProps } from '../app/App';
import { Link, setQuery, useLocation } from '../app/router';
import { useSession } from '../app/session';
import { auditCsvUrl, queryAudit, verifyAudit, type AuditEvent, type AuditFilter, type ChainCheck } from '../api/auditor';
import { MESSAGES, useT } from '../i18n';
import { Loading, ProblemAlert } from '../ui/Problem';
import { useAsync } from '../ui/useAsync';
import { ActionText, dayEnd, dayStart, valueText, whoName } from './shared';
import './auditor.css';

const PAGE_SIZE = 50;
const FIELDS = ['usuario', 'accion', 'desde', 'hasta', 'folio'] as const;
type Field = (typeof FIELDS)[number];
type Filters = Record<Field, string>;

/** The actions the catalogue names, for the action field's suggestions. */
const KNOWN_ACTIONS = Object.keys(MESSAGES.es)
  .filter((k) => k.startsWith('auditor.action.') && k !== 'auditor.action.code')
  .map((k) => k.slice('auditor.action.'.length));

function filtersOf(query: URLSearchParams): Filters {
  return Object.fromEntries(FIELDS.map((f) => [f, query.get(f) ?? ''])) as Filters;
}

function apiFilterOf(f: Filters): AuditFilter {
  const from = dayStart(f.desde);
  const to = dayEnd(f.hasta);
  return {
    ...(f.usuario.trim() ? { actor: f.usuario.trim() } : {}),
    ...(f.accion.trim() ? { action: f.accion.trim() } : {}),
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
    ...(f.folio.trim() ? { processInstanceKey: f.folio.trim() } : {}),
  };
}

export default function AuditPage(_props: PageProps) {
  const { t } = useT();
  const session = useSession();
  if (!session.can('audit.read')) {
    return (
      <>
        <h1>{t('auditor.audit.title')}</h1>
        <p className="alert warn" role="alert">
          {t('auditor.audit.forbidden')}
        </p>
      </>
    );
  }
  return <AuditTrail />;
}

function AuditTrail() {
  const { t, locale } = useT();
  const { query } = useLocation();
  const applied = filtersOf(query);
  const key = FIELDS.map((f) => applied[f]).join('\u0000');
  const [draft, setDraft] = useState<Filters>(applied);
  useEffect(() => setDraft(filtersOf(new URLSearchParams(location.search))), [key]);

  const filter = apiFilterOf(applied);
  const first = useAsync(() => queryAudit({ ...filter, order: 'desc', limit: PAGE_SIZE }), [key]);
  const [more, setMore] = useState<{ items: AuditEvent[]; nextCursor?: string; started: boolean; loading: boolean; error?: unknown }>({ items: [], started: false, loading: false });
  useEffect(() => setMore({ items: [], started: false, loading: false }), [first.data]);
  const items = [...(first.data?.items ?? []), ...more.items];
  const nextCursor = more.started ? more.nextCursor : first.data?.nextCursor;
  const filtered = FIELDS.some((f) => applied[f] !== '');
  const [brokenAt, setBrokenAt] = useState<number | undefined>();

  const loadMore = async () => {
    if (!nextCursor) return;
    setMore((m) => ({ ...m, loading: true, error: undefined }));
    try {
      const page = await queryAudit({ ...filter, order: 'desc', limit: PAGE_SIZE, cursor: nextCursor });
      setMore((m) => ({ items: [...m.items, ...page.items], ...(page.nextCursor !== undefined ? { nextCursor: page.nextCursor } : {}), started: true, loading: false }));
    } catch (error) {
      setMore((m) => ({ ...m, nextCursor, started: true, loading: false, error }));
    }
  };

  const apply = (event: FormEvent) => {
    event.preventDefault();
    setQuery(Object.fromEntries(FIELDS.map((f) => [f, draft[f].trim()])));
  };
  const clear = () => setQuery(Object.fromEntries(FIELDS.map((f) => [f, undefined])));
  const field = (name: Field) => ({
    id: `auditoria-${name}`,
    name,
    value: draft[name],
    onChange: (e: { target: { value: string } }) => setDraft((d) => ({ ...d, [name]: e.target.value })),
  });

  return (
    <>
      <h1>{t('auditor.audit.title')}</h1>
      <p className="muted">{t('auditor.audit.intro')}</p>
      <ChainStatus onChecked={(r) => setBrokenAt(r.intact ? undefined : r.brokenAt)} />

      <section aria-labelledby="audit-events" className="auditor-section">
        <h2 id="audit-events">{t('auditor.audit.events.title')}</h2>
        <form className="toolbar" role="search" aria-label={t('auditor.audit.filters')} onSubmit={apply}>
          <label htmlFor="auditoria-usuario">
            {t('auditor.audit.filter.actor')}
            <input type="text" autoComplete="off" spellCheck={false} maxLength={100} aria-describedby="auditoria-usuario-hint" {...field('usuario')} />
            <span id="auditoria-usuario-hint" className="auditor-hint">
              {t('auditor.audit.filter.actorHint')}
            </span>
          </label>
          <label htmlFor="auditoria-accion">
            {t('auditor.audit.filter.action')}
            <input type="text" autoComplete="off" spellCheck={false} maxLength={1000} list="auditoria-acciones" aria-describedby="auditoria-accion-hint" {...field('accion')} />
            <span id="auditoria-accion-hint" className="auditor-hint">
              {t('auditor.audit.filter.actionHint')}
            </span>
          </label>
          <ActionOptions />
          <label htmlFor="auditoria-desde">
            {t('auditor.audit.filter.from')}
            <input type="date" {...field('desde')} />
          </label>
          <label htmlFor="auditoria-hasta">
            {t('auditor.audit.filter.to')}
            <input type="date" min={draft.desde || undefined} {...field('hasta')} />
          </label>
          <label htmlFor="auditoria-folio">
            {t('auditor.audit.filter.instance')}
            <input type="text" inputMode="numeric" pattern="\d{1,30}" autoComplete="off" maxLength={30} {...field('folio')} />
          </label>
          <button type="submit" className="primary">
            {t('action.apply')}
          </button>
          <button type="button" onClick={clear} disabled={!filtered}>
            {t('action.clear')}
          </button>
          <a className="button" href={auditCsvUrl(filter, locale)} download aria-describedby="auditoria-csv-hint" data-testid="audit-export">
            {t('auditor.audit.export')}
          </a>
          <span id="auditoria-csv-hint" className="visually-hidden">
            {t('auditor.audit.exportHint')}
          </span>
        </form>

        <ProblemAlert
          error={first.error}
          labels={{
            'query/actor': t('auditor.audit.filter.actor'),
            'query/action': t('auditor.audit.filter.action'),
            'query/from': t('auditor.audit.filter.from'),
            'query/to': t('auditor.audit.filter.to'),
            'query/processInstanceKey': t('auditor.audit.filter.instance'),
          }}
        />
        {first.loading && !first.data ? (
          <Loading />
        ) : first.data && items.length === 0 ? (
          <p className="auditor-empty" role="status">
            {t('auditor.audit.empty')}
          </p>
        ) : first.data ? (
          <>
            <p className="visually-hidden" role="status">
              {t('auditor.audit.count', { count: items.length })}
            </p>
            <EventsTable items={items} brokenAt={brokenAt} />
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
      </section>
    </>
  );
}

function ActionOptions() {
  const { tDynamic } = useT();
  return (
    <datalist id="auditoria-acciones">
      {KNOWN_ACTIONS.map((a) => (
        <option key={a} value={a}>
          {tDynamic(`auditor.action.${a}`, a)}
        </option>
      ))}
    </datalist>
  );
}

function ChainStatus({ onChecked }: { onChecked(result: ChainCheck): void }) {
  const { t, formatDateTime } = useT();
  const [check, setCheck] = useState<{ busy: boolean; result?: ChainCheck; at?: string; error?: unknown }>({ busy: true });
  const run = async () => {
    setCheck((c) => ({ ...c, busy: true, error: undefined }));
    try {
      const result = await verifyAudit();
      setCheck({ busy: false, result, at: new Date().toISOString() });
      onChecked(result);
    } catch (error) {
      setCheck((c) => ({ ...c, busy: false, error }));
    }
  };
  // Checked once when the page opens; the button checks again.
  useEffect(() => {
    void run();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once per opening, not per render of the parent's callback
  }, []);
  const r = check.result;
  return (
    <section aria-labelledby="audit-chain" className="card auditor-chain" data-testid="audit-chain" data-intact={r ? String(r.intact) : undefined}>
      <h2 id="audit-chain">{t('auditor.audit.chain.title')}</h2>
      <div role="status" aria-live="polite">
        {check.busy && <p className="muted">{t('auditor.audit.chain.verifying')}</p>}
        {!check.busy && r && r.intact && (
          <p>
            <span className="badge ok" data-testid="audit-chain-badge">
              {t('auditor.audit.chain.intact')}
            </span>{' '}
            {t('auditor.audit.chain.intactDetail', { events: r.events })}
          </p>
        )}
        {!check.busy && r && !r.intact && (
          <>
            <p>
              <span className="badge bad" data-testid="audit-chain-badge">
                {t('auditor.audit.chain.broken')}
              </span>{' '}
              <strong>{t('auditor.audit.chain.brokenDetail', { sequence: r.brokenAt, reason: r.reason, events: r.events })}</strong>
            </p>
            {(r.expectedHash || r.actualHash) && (
              <p className="muted auditor-hashes">{t('auditor.audit.chain.hashes', { expected: r.expectedHash ?? t('auditor.none'), actual: r.actualHash ?? t('auditor.none') })}</p>
            )}
          </>
        )}
        {!check.busy && r && <Completeness completeness={r.completeness} />}
        {!check.busy && check.at && <p className="muted">{t('auditor.audit.chain.checkedAt', { when: formatDateTime(check.at) })}</p>}
      </div>
      <ProblemAlert error={check.error} />
      <button type="button" onClick={() => void run()} disabled={check.busy}>
        {t('auditor.audit.chain.verify')}
      </button>
    </section>
  );
}

/** The events; the one where the chain breaks (if shown) is marked. */
/** `brokenAt`: the first event past the break in the hash chain; undefined while the chain is intact. */
function EventsTable({ items, brokenAt }: { items: AuditEvent[]; brokenAt: number | undefined }) {
  const { t, formatDateTime } = useT();
  return (
    <div className="auditor-scroll">
      <table className="auditor-table" data-testid="audit-events">
        <caption className="visually-hidden">{t('auditor.audit.events.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('auditor.audit.col.sequence')}</th>
            <th scope="col">{t('auditor.audit.col.at')}</th>
            <th scope="col">{t('auditor.audit.col.actor')}</th>
            <th scope="col">{t('auditor.audit.col.action')}</th>
            <th scope="col">{t('auditor.audit.col.subject')}</th>
            <th scope="col">{t('auditor.audit.col.instance')}</th>
            <th scope="col">{t('auditor.audit.col.data')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((e) => (
            <tr key={e.sequence} data-sequence={e.sequence} data-action={e.action} className={e.sequence === brokenAt ? 'auditor-broken' : undefined}>
              <th scope="row">
                {e.sequence}
                {e.sequence === brokenAt && (
                  <span className="badge bad">
                    <span aria-hidden="true">✕ </span>
                    {t('auditor.audit.brokenHere')}
                  </span>
                )}
              </th>
              <td className="auditor-nowrap">{formatDateTime(e.at)}</td>
              <td>{whoName(e.actor, t)}</td>
              <td>
                <ActionText action={e.action} />
              </td>
              <td>
                {e.subject ?? ''}
                {e.userTaskKey && <div className="muted">{t('auditor.audit.task', { key: e.userTaskKey })}</div>}
              </td>
              <td>{e.processInstanceKey ? <Link to={`/instancias/${encodeURIComponent(e.processInstanceKey)}`}>{e.processInstanceKey}</Link> : ''}</td>
              <td>
                <DataSummary data={e.data} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The event's data as `key: value` pairs on one line; all of it, formatted, on request. */
function DataSummary({ data }: { data: unknown }) {
  const { t } = useT();
  if (data === undefined || data === null) return null;
  const line =
    typeof data === 'object' && !Array.isArray(data)
      ? entriesOf(data as Record<string, unknown>)
          .map(([k, v]) => `${k}: ${valueText(v)}`)
          .join(' · ')
      : valueText(data);
  if (line.length <= 100) return <span className="auditor-data">{line}</span>;
  return (
    <details className="auditor-data">
      <summary>
        {`${line.slice(0, 100)}…`} <span className="visually-hidden">{t('auditor.audit.dataMore')}</span>
      </summary>
      <pre>{JSON.stringify(data, null, 2)}</pre>
    </details>
  );
}

/** Start and completion events keep the form's values under `data`: those read as the event's own fields. */
function entriesOf(data: Record<string, unknown>): Array<[string, unknown]> {
  return Object.entries(data).flatMap(
    ([k, v]): Array<[string, unknown]> => (k === 'data' && v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.entries(v as Record<string, unknown>) : [[k, v]]),
  );
}

/** Whether every command the engine carried out has its event; the gaps as the server words them. */
function Completeness({ completeness }: { completeness: ChainCheck['completeness'] }) {
  const { t } = useT();
  return (
    <div data-testid="audit-completeness" data-complete={String(completeness.complete)}>
      <p>
        <span className={`badge ${completeness.complete ? 'ok' : 'bad'}`}>{t(completeness.complete ? 'auditor.audit.completeness.complete' : 'auditor.audit.completeness.gaps')}</span>{' '}
        {completeness.message}
      </p>
      {completeness.gaps.length > 0 && (
        <ul className="auditor-gaps">
          {completeness.gaps.map((gap, i) => (
            <li key={`${gap.kind}-${gap.processInstanceKey ?? ''}-${gap.userTaskKey ?? ''}-${gap.sequence ?? i}`}>{gap.message}</li>
          ))}
        </ul>
      )}
      {completeness.gapCount > completeness.gaps.length && <p className="muted">{t('auditor.audit.completeness.more', { shown: completeness.gaps.length, total: completeness.gapCount })}</p>}
    </div>
  );
}
