// /auditoria: the audit trail for auditors — whether its hash chain is intact (checked on
// opening and on demand), the events with filters kept in the URL (the action chosen from a list
// in words, the instance by its folio), and the CSV export of the same filtered events.
import { useEffect, useState, type FormEvent } from 'react';
import type { PageProps } from '../app/App';
import { Link, setQuery, useLocation } from '../app/router';
import { useSession } from '../app/session';
import { auditCsvUrl, listProcesses, queryAudit, verifyAudit, type AuditEvent, type AuditFilter, type ChainCheck } from '../api/auditor';
import { searchApi } from '../api/search';
import { MESSAGES, useT, type I18n } from '../i18n';
import { Loading, ProblemAlert } from '../ui/Problem';
import { useAsync } from '../ui/useAsync';
import { ActionText, actionLabel, dayEnd, dayStart, EngineKey, errorTypeLabel, folioOf, valueText, whoName } from './shared';
import './auditor.css';

const PAGE_SIZE = 50;
const FIELDS = ['usuario', 'accion', 'desde', 'hasta', 'folio'] as const;
type Field = (typeof FIELDS)[number];
type Filters = Record<Field, string>;

/** The actions the catalogue names: the action filter's choices (the server still filters by the code). */
const KNOWN_ACTIONS = Object.keys(MESSAGES.es)
  .filter((k) => k.startsWith('auditor.action.'))
  .map((k) => k.slice('auditor.action.'.length));

/** The action list's groups, in this order; an intent or refusal around an engine that cannot commit with the trail goes to 'engine'. */
const ACTION_GROUPS = ['instance', 'case', 'task', 'incident', 'attachment', 'auth', 'preferences', 'model', 'form', 'audit', 'message', 'job', 'other', 'engine'] as const;
type ActionGroup = (typeof ACTION_GROUPS)[number];

function groupOf(action: string): ActionGroup {
  if (/\.(intent|failed)$/.test(action)) return 'engine';
  const area = action.split('.')[0] as ActionGroup;
  return (ACTION_GROUPS as readonly string[]).includes(area) ? area : 'other';
}

/** A folio as people write it (CAS-2026-000001), any case. */
const FOLIO = /^[A-Za-z][A-Za-z0-9]{0,9}-\d{4}-\d{6}$/;
/** An engine key, which operators may type instead. */
const ENGINE_KEY = /^\d{1,30}$/;

/** The instance the folio field names: an engine key as is, a folio through the search (by its exact folio). */
type InstanceChoice = { key?: string } | { notFound: string } | { invalid: string };

async function instanceOf(text: string): Promise<InstanceChoice> {
  const typed = text.trim();
  if (!typed) return {};
  if (ENGINE_KEY.test(typed)) return { key: typed };
  if (!FOLIO.test(typed)) return { invalid: typed };
  const folio = typed.toUpperCase();
  const found = await searchApi.search({ q: folio, limit: 5 });
  const hit = found.instances.find((i) => i.folio === folio);
  return hit ? { key: hit.processInstanceKey } : { notFound: folio };
}

function filtersOf(query: URLSearchParams): Filters {
  return Object.fromEntries(FIELDS.map((f) => [f, query.get(f) ?? ''])) as Filters;
}

function apiFilterOf(f: Filters, instanceKey: string | undefined): AuditFilter {
  const from = dayStart(f.desde);
  const to = dayEnd(f.hasta);
  return {
    ...(f.usuario.trim() ? { actor: f.usuario.trim() } : {}),
    ...(f.accion.trim() ? { action: f.accion.trim() } : {}),
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
    ...(instanceKey ? { processInstanceKey: instanceKey } : {}),
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

  // The folio is looked up first: the trail knows instances by their engine key.
  const first = useAsync(async () => {
    const instance = await instanceOf(applied.folio);
    if ('notFound' in instance || 'invalid' in instance) return { instance, page: { items: [] as AuditEvent[], nextCursor: undefined as string | undefined } };
    const page = await queryAudit({ ...apiFilterOf(applied, instance.key), order: 'desc', limit: PAGE_SIZE });
    return { instance, page };
  }, [key]);
  const instance = first.data?.instance;
  const filter = apiFilterOf(applied, instance && 'key' in instance ? instance.key : undefined);
  const unknownInstance = instance !== undefined && ('notFound' in instance || 'invalid' in instance);
  const processes = useAsync(() => listProcesses(), []);
  const processNames = new Map((processes.data?.items ?? []).map((p) => [p.processDefinitionId, p.name]));
  const [more, setMore] = useState<{ items: AuditEvent[]; nextCursor?: string; started: boolean; loading: boolean; error?: unknown }>({ items: [], started: false, loading: false });
  useEffect(() => setMore({ items: [], started: false, loading: false }), [first.data]);
  const items = [...(first.data?.page.items ?? []), ...more.items];
  const nextCursor = more.started ? more.nextCursor : first.data?.page.nextCursor;
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
            <select {...field('accion')}>
              <option value="">{t('auditor.audit.filter.anyAction')}</option>
              <ActionOptions chosen={draft.accion} />
            </select>
          </label>
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
            <input type="text" autoComplete="off" spellCheck={false} maxLength={30} aria-describedby="auditoria-folio-hint" {...field('folio')} />
            <span id="auditoria-folio-hint" className="auditor-hint">
              {t('auditor.audit.filter.instanceHint')}
            </span>
          </label>
          <button type="submit" className="primary">
            {t('action.apply')}
          </button>
          <button type="button" onClick={clear} disabled={!filtered}>
            {t('action.clear')}
          </button>
          {/* A folio no instance has would export the whole trail: no export until the folio names one. */}
          {!unknownInstance && (
            <a className="button" href={auditCsvUrl(filter, locale)} download aria-describedby="auditoria-csv-hint" data-testid="audit-export">
              {t('auditor.audit.export')}
            </a>
          )}
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
        ) : instance && 'notFound' in instance ? (
          <p className="auditor-empty" role="status">
            {t('auditor.audit.filter.noSuchFolio', { folio: instance.notFound })}
          </p>
        ) : instance && 'invalid' in instance ? (
          <p className="alert warn" role="status">
            {t('auditor.audit.filter.badFolio', { text: instance.invalid })}
          </p>
        ) : first.data && items.length === 0 ? (
          <p className="auditor-empty" role="status">
            {t('auditor.audit.empty')}
          </p>
        ) : first.data ? (
          <>
            <p className="visually-hidden" role="status">
              {t('auditor.audit.count', { count: items.length })}
            </p>
            <EventsTable items={items} brokenAt={brokenAt} processNames={processNames} />
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

/** The actions in words, grouped by what they act on and sorted as the reader's language sorts. */
function ActionOptions({ chosen }: { chosen: string }) {
  const i18n = useT();
  const { t, intlLocale } = i18n;
  const labelled = KNOWN_ACTIONS.map((action) => ({ action, label: actionLabel(action, i18n), group: groupOf(action) }));
  return (
    <>
      {ACTION_GROUPS.map((group) => {
        const actions = labelled.filter((a) => a.group === group).sort((a, b) => a.label.localeCompare(b.label, intlLocale));
        if (!actions.length) return null;
        return (
          <optgroup key={group} label={t(`auditor.actionGroup.${group}`)}>
            {actions.map((a) => (
              <option key={a.action} value={a.action}>
                {a.label}
              </option>
            ))}
          </optgroup>
        );
      })}
      {/* An action in the address the catalogue does not name (an old link) stays chosen. */}
      {chosen && !KNOWN_ACTIONS.includes(chosen) && <option value={chosen}>{t('auditor.actionUnknown')}</option>}
    </>
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

/**
 * The events; the one where the chain breaks (if shown) is marked. `brokenAt`: the first event past
 * the break in the hash chain; undefined while the chain is intact. An event names its instance by
 * the engine key alone: the folio shows when the event carries it, the key only marked for operators.
 */
function EventsTable({ items, brokenAt, processNames }: { items: AuditEvent[]; brokenAt: number | undefined; processNames: Map<string, string> }) {
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
                <Subject subject={e.subject} processNames={processNames} />
                {e.userTaskKey && (
                  <div>
                    <EngineKey engineKey={e.userTaskKey} label="auditor.audit.task" />
                  </div>
                )}
              </td>
              <td>
                <InstanceCell event={e} />
              </td>
              <td>
                <DataSummary data={e.data} processNames={processNames} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** What the event is about: a process by its name; an engine key (an incident's) only for operators; anything else as recorded. */
function Subject({ subject, processNames }: { subject: string | undefined; processNames: Map<string, string> }) {
  if (!subject) return null;
  if (ENGINE_KEY.test(subject)) return <EngineKey engineKey={subject} />;
  return <>{processNames.get(subject) ?? subject}</>;
}

/** The event's instance: its folio when the event carries one, else a link in words with the key for operators. */
function InstanceCell({ event }: { event: AuditEvent }) {
  const { t } = useT();
  const key = event.processInstanceKey;
  if (!key) return null;
  const to = `/instancias/${encodeURIComponent(key)}`;
  const folio = folioOf(event as AuditEvent & { folio?: string });
  if (folio) return <Link to={to}>{folio}</Link>;
  return (
    <>
      <Link to={to} aria-label={t('auditor.audit.openInstanceKey', { key })}>
        {t('auditor.audit.openInstance')}
      </Link>
      <div>
        <EngineKey engineKey={key} />
      </div>
    </>
  );
}

/** Fields holding engine keys: left out of the line people read (they stay in the operators' full data). */
const KEY_FIELD = /Key$/;

/** A recorded value in words: yes/no, a person by name, an action or an error type by its label, a process by its name. */
function dataValueText(field: string, value: unknown, i18n: I18n, processNames: Map<string, string>): string {
  if (typeof value === 'boolean') return i18n.t(value ? 'auditor.yes' : 'auditor.no');
  if (Array.isArray(value)) return value.map((item) => dataValueText(field, item, i18n, processNames)).join(', ');
  if (isRecord(value)) {
    // A person by name; any other record by its plain values (engine keys left out).
    if (typeof value.nombre === 'string') return value.nombre;
    return Object.entries(value)
      .filter(([k, v]) => !KEY_FIELD.test(k) && (typeof v === 'string' || typeof v === 'number'))
      .map(([, v]) => String(v))
      .join(' / ');
  }
  if (typeof value === 'string') {
    if (field === 'errorType') return errorTypeLabel(value, i18n);
    if (field === 'action')
      return value
        .split(',')
        .map((a) => actionLabel(a, i18n))
        .join(', ');
    if (field === 'processDefinitionId') return processNames.get(value) ?? value;
    if (field === 'via') return i18n.tDynamic(`auditor.via.${value}`, value);
  }
  return valueText(value);
}

/** The event's data as `label: value` pairs on one line (engine keys left out); all of it, as recorded, for operators on request. */
function DataSummary({ data, processNames }: { data: unknown; processNames: Map<string, string> }) {
  const i18n = useT();
  const { t, tDynamic } = i18n;
  if (data === undefined || data === null) return null;
  const entries = typeof data === 'object' && !Array.isArray(data) ? Object.entries(data as Record<string, unknown>) : undefined;
  const shown = entries?.filter(([k]) => !KEY_FIELD.test(k));
  const line = shown
    ? shown
        .map(([k, v]) =>
          k === FORM_DATA && isRecord(v) ? t('auditor.data.formFields', { count: Object.keys(v).length }) : `${tDynamic(`auditor.data.${k}`, k)}: ${dataValueText(k, v, i18n, processNames)}`,
        )
        .join(' · ')
    : valueText(data);
  const short = line.length <= 100;
  // The whole record only where the line leaves something out (cut short, engine keys, a form's fields).
  const complete = short && shown?.length === entries?.length && !shown?.some(([k]) => k === FORM_DATA);
  return (
    <div className="auditor-data">
      {line && <span>{short ? line : `${line.slice(0, 100)}…`}</span>}
      {!complete && (
        <details className="auditor-operator" data-operator="audit-data">
          <summary>{t('auditor.audit.dataMore')}</summary>
          <pre>{JSON.stringify(data, null, 2)}</pre>
        </details>
      )}
    </div>
  );
}

/**
 * Start and completion events keep the form's values under `data`, by the form's field names: the line
 * says how many there are, the values (under those names) are in the full record, and in words with
 * the form's own labels on the instance's case.
 */
const FORM_DATA = 'data';

const isRecord = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

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
