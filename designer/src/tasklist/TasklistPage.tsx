// /tareas — the first page a staff member opens: their tasks, their groups' pending tasks or every
// task they may see, filtered (the filters live in the URL, so a reload keeps them), oldest first,
// each with its SLA, and a "Tomar" button for tasks nobody holds. Kept light: no diagram, no forms.
// Live: the tasks the server's event stream brings (live.ts) come in, change or leave the list as
// they fit its filters, without reloading; the e-mail opt-in is switched here too.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { PageProps } from '../app/App';
import { Link, setQuery, useLocation } from '../app/router';
import { useSession } from '../app/session';
import { ApiProblem } from '../api/client';
import { catalogueApi } from '../api/catalogue';
import { TASK_STATES, tasksApi, type TaskItem, type TaskQuery, type TaskState } from '../api/tasks';
import { useT } from '../i18n';
import { ProblemAlert, Loading } from '../ui/Problem';
import { clearFlash, peekFlash, rememberListAddress } from './flash';
import { useGroupNames } from './groupNames';
import { SlaBadge } from './SlaBadge';
import { EmailOptIn } from './EmailOptIn';
import { useLiveEvents } from './live';
import './tasklist.css';

type View = 'mine' | 'groups' | 'all';
const VIEWS: readonly View[] = ['mine', 'groups', 'all'];
/** The view's name in the URL (?vista=grupos) and its label. */
const VIEW_PARAM = { mine: 'mias', groups: 'grupos', all: 'todas' } as const;
const VIEW_LABEL = { mine: 'tasks.view.mine', groups: 'tasks.view.groups', all: 'tasks.view.all' } as const;

const PAGE_SIZE = 50;
const MAX_PAGE = 200;

interface Filters {
  view: View;
  process: string;
  group: string;
  /** YYYY-MM-DD, the reader's calendar day. */
  dueBefore: string;
  state: TaskState;
  /** 'none': only tasks nobody holds; 'any': assigned or not. */
  assignment: 'none' | 'any';
}

function readFilters(query: URLSearchParams, hasGroups: boolean): Filters {
  const viewParam = query.get('vista');
  let view: View = (VIEWS.find((v) => VIEW_PARAM[v] === viewParam) ?? 'mine') as View;
  if (view === 'groups' && !hasGroups) view = 'mine';
  const stateParam = query.get('estado') as TaskState | null;
  const state = stateParam && TASK_STATES.includes(stateParam) ? stateParam : 'CREATED';
  const assignment = query.get('asignacion');
  return {
    view,
    process: query.get('proceso') ?? '',
    group: query.get('grupo') ?? '',
    dueBefore: /^\d{4}-\d{2}-\d{2}$/.test(query.get('vence') ?? '') ? query.get('vence')! : '',
    state,
    // In "De mis grupos" the work nobody took comes first; closed tasks were all taken, so not there.
    assignment: assignment === 'sin' ? 'none' : assignment === 'todas' ? 'any' : view === 'groups' && state === 'CREATED' ? 'none' : 'any',
  };
}

/** The server's query for these filters (without paging). */
function toQuery(filters: Filters, myGroups: string[], readsAll: boolean): TaskQuery {
  const query: TaskQuery = { state: filters.state };
  if (filters.process) query.processDefinitionId = filters.process;
  if (filters.dueBefore) query.dueBefore = new Date(`${filters.dueBefore}T00:00:00`).toISOString();
  if (filters.view === 'mine') query.assignee = 'me';
  else if (filters.assignment === 'none') query.assignee = 'none';
  // Whoever reads every task would see them all without a group: "their groups" must name one.
  const group = filters.group || (filters.view === 'groups' && readsAll ? myGroups[0] : '');
  if (group) query.candidateGroup = group;
  return query;
}

/** Whether `task`, as it is now, belongs in the list the server answers for `query` (the filters, client-side). */
function fits(task: TaskItem, query: TaskQuery, view: View, me: { username: string; groups: string[] }, readsAll: boolean): boolean {
  if (task.state !== (query.state ?? 'CREATED')) return false;
  if (query.processDefinitionId && task.processDefinitionId !== query.processDefinitionId) return false;
  if (query.candidateGroup && !task.candidateGroups.includes(query.candidateGroup)) return false;
  if (query.dueBefore && !(task.dueDate && Date.parse(task.dueDate) < Date.parse(query.dueBefore))) return false;
  if (query.assignee === 'me' && task.assignee !== me.username) return false;
  if (query.assignee === 'none' && task.assignee) return false;
  if (view === 'groups' && !readsAll && !query.candidateGroup && !task.candidateGroups.some((g) => me.groups.includes(g))) return false;
  return true;
}

/** The list's order: oldest first, the key breaking ties (as the server sorts). */
const before = (a: TaskItem, b: TaskItem) => a.creationDate < b.creationDate || (a.creationDate === b.creationDate && a.userTaskKey < b.userTaskKey);

interface ListState {
  items: TaskItem[];
  /** Written as undefined once the last page is in: loading more replaces the previous page's cursor. */
  nextCursor?: string | undefined;
  loading: boolean;
  loadingMore: boolean;
  error: unknown;
  loadedAt?: Date;
}

export default function TasklistPage(_props: PageProps) {
  const { t, formatDateTime, intlLocale } = useT();
  const session = useSession();
  const user = session.user!;
  const { query } = useLocation();
  const { groups: namedGroups, nameOf } = useGroupNames();
  const readsAll = session.can('instances.readAll');
  const myGroups = user.groups;
  const filters = readFilters(query, myGroups.length > 0);
  const serverQuery = toQuery(filters, myGroups, readsAll);
  const queryKey = JSON.stringify(serverQuery);
  const search = query.toString();
  useEffect(() => rememberListAddress(search ? `?${search}` : ''), [search]);

  const [list, setList] = useState<ListState>({ items: [], loading: true, loadingMore: false, error: undefined });
  const [flash] = useState(peekFlash);
  useEffect(clearFlash, []);
  const [claimed, setClaimed] = useState<{ key: string; name: string }>();
  const [claiming, setClaiming] = useState<string>();
  // The row being claimed here stays (its button becomes "Abrirla") even when the claim's own event,
  // which may arrive before the claim's answer, says it no longer fits the filter.
  const kept = useRef<string | undefined>(undefined);
  const [actionError, setActionError] = useState<unknown>();
  const latest = useRef(0);
  /** Rows the live stream brought in since the list was read. */
  const [arrived, setArrived] = useState<ReadonlySet<string>>(new Set());

  const load = useCallback(
    (limit: number) => {
      const run = ++latest.current;
      setList((s) => ({ ...s, loading: true, error: undefined }));
      tasksApi.list({ ...(JSON.parse(queryKey) as TaskQuery), limit }).then(
        (page) => run === latest.current && setList({ items: page.items, nextCursor: page.nextCursor, loading: false, loadingMore: false, error: undefined, loadedAt: new Date() }),
        (error: unknown) => run === latest.current && setList((s) => ({ ...s, loading: false, loadingMore: false, error })),
      );
    },
    [queryKey],
  );

  useEffect(() => {
    setList({ items: [], loading: true, loadingMore: false, error: undefined });
    setClaimed(undefined);
    kept.current = undefined;
    setArrived(new Set());
    load(PAGE_SIZE);
  }, [load]);

  // A change the server tells: the row comes in (in its place), changes, or leaves as it fits the filters.
  useLiveEvents((message) => {
    if (message.kind === 'reload') {
      load(Math.min(MAX_PAGE, Math.max(PAGE_SIZE, list.items.length)));
      return;
    }
    if (message.kind !== 'task') return;
    const { change, task } = message.event;
    const belongs = fits(task, serverQuery, filters.view, { username: user.username, groups: myGroups }, readsAll);
    setList((s) => {
      if (s.loading) return s;
      const at = s.items.findIndex((i) => i.userTaskKey === task.userTaskKey);
      // The row just claimed here keeps its "Abrirla" link, whatever the filter says.
      if (!belongs && at >= 0 && kept.current !== task.userTaskKey) return { ...s, items: s.items.filter((_, i) => i !== at) };
      if (at >= 0) return { ...s, items: s.items.map((i, n) => (n === at ? task : i)) };
      if (!belongs) return s;
      const last = s.items[s.items.length - 1];
      // A row past the last one loaded comes with "Cargar más".
      if (s.nextCursor && last && !before(task, last)) return s;
      const place = s.items.findIndex((i) => before(task, i));
      const items = place < 0 ? [...s.items, task] : [...s.items.slice(0, place), task, ...s.items.slice(place)];
      return { ...s, items };
    });
    if (change === 'created' && belongs) setArrived((keys) => new Set(keys).add(task.userTaskKey));
  });

  // Refreshing keeps as many rows as were loaded, so "Cargar más" pages are not lost.
  const refresh = () => {
    setActionError(undefined);
    load(Math.min(MAX_PAGE, Math.max(PAGE_SIZE, list.items.length)));
  };

  const loadMore = () => {
    if (!list.nextCursor) return;
    const run = latest.current;
    setList((s) => ({ ...s, loadingMore: true, error: undefined }));
    tasksApi.list({ ...serverQuery, limit: PAGE_SIZE, cursor: list.nextCursor }).then(
      (page) =>
        run === latest.current &&
        setList((s) => ({ ...s, items: [...s.items, ...page.items.filter((i) => !s.items.some((o) => o.userTaskKey === i.userTaskKey))], nextCursor: page.nextCursor, loadingMore: false })),
      (error: unknown) => run === latest.current && setList((s) => ({ ...s, loadingMore: false, error })),
    );
  };

  // The claimed row's button gives way to an "Abrirla" link: the focus follows it.
  useEffect(() => {
    if (claimed) document.getElementById(`abrir-${claimed.key}`)?.focus();
  }, [claimed]);

  const claim = async (task: TaskItem) => {
    setClaiming(task.userTaskKey);
    setActionError(undefined);
    kept.current = task.userTaskKey;
    try {
      await tasksApi.claim(task.userTaskKey);
      setList((s) => ({ ...s, items: s.items.map((i) => (i.userTaskKey === task.userTaskKey ? { ...i, assignee: user.username } : i)) }));
      setClaimed({ key: task.userTaskKey, name: task.name });
    } catch (error) {
      kept.current = undefined;
      setActionError(error);
      // Someone else may have taken it meanwhile: show the list as it is now.
      if (error instanceof ApiProblem && (error.status === 409 || error.status === 404)) load(Math.min(MAX_PAGE, Math.max(PAGE_SIZE, list.items.length)));
    } finally {
      setClaiming(undefined);
    }
  };

  // The processes a filter can name: those one may start, those of the tasks shown, the one asked for.
  const [startable, setStartable] = useState<Array<{ id: string; name: string }>>([]);
  useEffect(() => {
    let live = true;
    catalogueApi.list().then(
      ({ items }) => live && setStartable(items.map((p) => ({ id: p.processDefinitionId, name: p.name }))),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, []);
  const processOptions = useMemo(() => {
    const byId = new Map<string, string>();
    for (const p of startable) byId.set(p.id, p.name);
    for (const task of list.items) if (!byId.has(task.processDefinitionId)) byId.set(task.processDefinitionId, task.processName);
    if (filters.process && !byId.has(filters.process)) byId.set(filters.process, filters.process);
    return [...byId].sort((a, b) => a[1].localeCompare(b[1], intlLocale));
  }, [startable, list.items, filters.process, intlLocale]);

  const groupOptions = useMemo(() => {
    const ids = new Set<string>(filters.view === 'groups' ? myGroups : namedGroups.length ? namedGroups.map((g) => g.id) : [...myGroups, ...list.items.flatMap((i) => i.candidateGroups)]);
    if (filters.group) ids.add(filters.group);
    return [...ids].map((id) => [id, nameOf(id)] as const).sort((a, b) => a[1].localeCompare(b[1], intlLocale));
  }, [filters.view, filters.group, myGroups, namedGroups, list.items, nameOf, intlLocale]);

  const setView = (view: View) =>
    setQuery({
      vista: view === 'mine' ? undefined : VIEW_PARAM[view],
      asignacion: undefined,
      grupo: view === 'groups' && filters.group && !myGroups.includes(filters.group) ? undefined : filters.group || undefined,
    });
  const filtered = Boolean(filters.process || filters.group || filters.dueBefore || filters.state !== 'CREATED' || query.get('asignacion'));
  const clearFilters = () => setQuery({ proceso: undefined, grupo: undefined, vence: undefined, estado: undefined, asignacion: undefined });

  const isCandidate = (task: TaskItem) => task.candidateGroups.some((g) => myGroups.includes(g));
  const views = VIEWS.filter((v) => v !== 'groups' || myGroups.length > 0);
  const time = new Intl.DateTimeFormat(intlLocale, { timeStyle: 'short' });
  const count = list.items.length;

  return (
    <>
      <h1>{t('tasks.title')}</h1>
      <EmailOptIn />
      {flash && (
        <div className="alert ok" role="status">
          {flash}
        </div>
      )}

      <div className="toolbar view-switch" role="group" aria-label={t('tasks.view.label')}>
        {views.map((view) => (
          <button key={view} type="button" className={filters.view === view ? 'primary' : undefined} aria-pressed={filters.view === view} onClick={() => setView(view)}>
            {t(VIEW_LABEL[view])}
          </button>
        ))}
      </div>

      <form className="toolbar task-filters" aria-label={t('tasks.filters')} onSubmit={(e) => e.preventDefault()}>
        <label>
          {t('tasks.filter.process')}
          <select value={filters.process} onChange={(e) => setQuery({ proceso: e.target.value })}>
            <option value="">{t('tasks.filter.process.any')}</option>
            {processOptions.map(([id, name]) => (
              <option key={id} value={id}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('tasks.filter.group')}
          <select value={filters.group || (filters.view === 'groups' && readsAll ? (myGroups[0] ?? '') : '')} onChange={(e) => setQuery({ grupo: e.target.value })}>
            {!(filters.view === 'groups' && readsAll) && <option value="">{filters.view === 'groups' ? t('tasks.filter.group.mine') : t('tasks.filter.group.any')}</option>}
            {groupOptions.map(([id, name]) => (
              <option key={id} value={id}>
                {name}
              </option>
            ))}
          </select>
        </label>
        {filters.view !== 'mine' && (
          <label>
            {t('tasks.filter.assignment')}
            <select value={filters.assignment} onChange={(e) => setQuery({ asignacion: e.target.value === 'none' ? 'sin' : 'todas' })}>
              <option value="none">{t('tasks.filter.assignment.none')}</option>
              <option value="any">{t('tasks.filter.assignment.any')}</option>
            </select>
          </label>
        )}
        <label>
          {t('tasks.filter.dueBefore')}
          <input type="date" value={filters.dueBefore} onChange={(e) => setQuery({ vence: e.target.value })} />
        </label>
        <label>
          {t('tasks.filter.state')}
          <select value={filters.state} onChange={(e) => setQuery({ estado: e.target.value === 'CREATED' ? undefined : e.target.value })}>
            {TASK_STATES.map((state) => (
              <option key={state} value={state}>
                {t(`tasks.states.${state}`)}
              </option>
            ))}
          </select>
        </label>
        {filtered && (
          <button type="button" onClick={clearFilters}>
            {t('tasks.filter.clear')}
          </button>
        )}
        <button type="button" onClick={refresh} disabled={list.loading}>
          {t('tasks.refresh')}
        </button>
      </form>

      <ProblemAlert error={actionError} />
      {claimed && (
        <div className="alert ok" role="status">
          {t('tasks.claimed', { name: claimed.name })} <Link to={`/tareas/${encodeURIComponent(claimed.key)}`}>{t('tasks.open')}</Link>
        </div>
      )}
      <ProblemAlert error={list.error} />

      {list.loading && count === 0 ? (
        <Loading />
      ) : count === 0 && !list.error ? (
        <div className="card" role="status">
          <p>{t(filters.view === 'mine' ? 'tasks.empty.mine' : filters.view === 'groups' ? 'tasks.empty.groups' : 'tasks.empty.all')}</p>
          {filters.view === 'mine' && myGroups.length > 0 && <p className="muted">{t('tasks.empty.mineHint')}</p>}
          {filtered && (
            <p>
              {t('tasks.empty.filtered')}{' '}
              <button type="button" onClick={clearFilters}>
                {t('tasks.filter.clear')}
              </button>
            </p>
          )}
        </div>
      ) : count > 0 ? (
        <>
          <p role="status" className="muted">
            {list.nextCursor ? t('tasks.count.more', { count }) : count === 1 ? t('tasks.count.one') : t('tasks.count.other', { count })}{' '}
            {list.loading ? t('app.loading') : list.loadedAt ? t('tasks.updatedAt', { time: time.format(list.loadedAt) }) : null}
          </p>
          <div className="table-scroll">
            <table className="task-table">
              <caption className="visually-hidden">{t('tasks.caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('tasks.col.name')}</th>
                  <th scope="col">{t('tasks.col.process')}</th>
                  <th scope="col">{t('tasks.col.instance')}</th>
                  <th scope="col">{t('tasks.col.group')}</th>
                  <th scope="col">{t('tasks.col.assignee')}</th>
                  <th scope="col">{t('tasks.col.created')}</th>
                  <th scope="col">{t('tasks.col.due')}</th>
                  <th scope="col">{t('tasks.col.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {list.items.map((task) => (
                  <tr key={task.userTaskKey} className={arrived.has(task.userTaskKey) ? 'live-new' : undefined}>
                    <th scope="row">
                      <Link to={`/tareas/${encodeURIComponent(task.userTaskKey)}`}>{task.name}</Link>
                      {arrived.has(task.userTaskKey) && task.state === 'CREATED' && (
                        <>
                          {' '}
                          <span className="badge ok">{t('tasks.live.new')}</span>
                        </>
                      )}
                      {task.state !== 'CREATED' && (
                        <>
                          {' '}
                          <span className="badge neutral">{t(`task.state.${task.state}`)}</span>
                        </>
                      )}
                    </th>
                    <td>{task.processName}</td>
                    <td>
                      <Link to={`/instancias/${encodeURIComponent(task.processInstanceKey)}`}>{task.folio ?? task.processInstanceKey}</Link>
                    </td>
                    <td>{task.candidateGroups.map(nameOf).join(', ') || '—'}</td>
                    <td>
                      {task.assignee ? (
                        task.assignee === user.username ? (
                          t('tasks.assignee.you', { name: task.assignee })
                        ) : (
                          task.assignee
                        )
                      ) : (
                        <span className="muted">{t('tasks.unassigned')}</span>
                      )}
                    </td>
                    <td>{formatDateTime(task.creationDate)}</td>
                    <td className="due">
                      {task.dueDate ? (
                        <>
                          <div>{formatDateTime(task.dueDate)}</div>
                          <SlaBadge sla={task.sla} state={task.state} />
                        </>
                      ) : (
                        <span className="muted">{t('tasks.noDue')}</span>
                      )}
                    </td>
                    <td>
                      {claimed?.key === task.userTaskKey ? (
                        <Link id={`abrir-${task.userTaskKey}`} to={`/tareas/${encodeURIComponent(task.userTaskKey)}`}>
                          {t('tasks.open')}
                          <span className="visually-hidden"> {t('tasks.claim.which', { name: task.name, key: task.folio ?? task.processInstanceKey })}</span>
                        </Link>
                      ) : (
                        task.state === 'CREATED' &&
                        !task.assignee &&
                        isCandidate(task) && (
                          <button type="button" onClick={() => void claim(task)} disabled={claiming !== undefined}>
                            {claiming === task.userTaskKey ? t('tasks.claiming') : t('tasks.claim')}
                            <span className="visually-hidden"> {t('tasks.claim.which', { name: task.name, key: task.folio ?? task.processInstanceKey })}</span>
                          </button>
                        )
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {list.nextCursor && (
            <p>
              <button type="button" onClick={loadMore} disabled={list.loadingMore}>
                {list.loadingMore ? t('tasks.loadingMore') : t('action.more')}
              </button>
            </p>
          )}
        </>
      ) : null}
    </>
  );
}
