// /buscar?q=… — what the search box found: the requests (cases) by folio, ticket, requester, kiosk
// or words of the request, and the open tasks of those requests, within what the user may see.
import type { PageProps } from '../app/App';
import { Link, useLocation } from '../app/router';
import { searchApi, type CaseHit, type SearchResults } from '../api/search';
import type { TaskItem } from '../api/tasks';
import { useT } from '../i18n';
import { SlaBadge } from '../tasklist/SlaBadge';
import { Loading, ProblemAlert } from '../ui/Problem';
import { useAsync } from '../ui/useAsync';
import './search.css';

export default function SearchPage(_props: PageProps) {
  const { t, locale } = useT();
  const q = (useLocation().query.get('q') ?? '').trim();
  const found = useAsync<SearchResults | undefined>(() => (q ? searchApi.search({ q }) : Promise.resolve(undefined)), [q, locale]);
  const results = found.data && !found.loading ? found.data : undefined;
  const nothing = results && results.instances.length === 0 && results.tasks.length === 0;

  return (
    <div className="search-results">
      <h1>{q ? t('search.titleFor', { q }) : t('search.title')}</h1>
      <p className="muted">{t('search.hint')}</p>
      {!q ? (
        <p data-testid="search-empty">{t('search.empty')}</p>
      ) : found.loading ? (
        <Loading />
      ) : found.error ? (
        <ProblemAlert error={found.error} />
      ) : nothing ? (
        <div role="status" data-testid="search-none">
          <p>{t('search.none', { q })}</p>
          <p className="muted">{t('search.noneHint')}</p>
        </div>
      ) : results ? (
        <>
          <p role="status" className="visually-hidden">
            {t('search.instances.count', { count: results.instances.length })} {t('search.tasks.count', { count: results.tasks.length })}
          </p>
          <Instances hits={results.instances} />
          <Tasks tasks={results.tasks} />
        </>
      ) : null}
    </div>
  );
}

function Instances({ hits }: { hits: CaseHit[] }) {
  const { t, formatDateTime } = useT();
  return (
    <section aria-labelledby="resultados-tramites">
      <h2 id="resultados-tramites">{t('search.instances.title')}</h2>
      {hits.length === 0 ? (
        <p className="muted">{t('search.instances.none')}</p>
      ) : (
        <>
          <p className="muted">{t('search.instances.count', { count: hits.length })}</p>
          <div className="table-scroll">
            <table data-testid="search-instances">
              <caption className="visually-hidden">{t('search.instances.caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('search.col.folio')}</th>
                  <th scope="col">{t('search.col.process')}</th>
                  <th scope="col">{t('search.col.requester')}</th>
                  <th scope="col">{t('search.col.summary')}</th>
                  <th scope="col">{t('search.col.state')}</th>
                  <th scope="col">{t('search.col.started')}</th>
                </tr>
              </thead>
              <tbody>
                {hits.map((hit) => (
                  <tr key={hit.processInstanceKey} data-folio={hit.folio}>
                    <th scope="row" className="folio">
                      <Link to={`/instancias/${encodeURIComponent(hit.processInstanceKey)}`}>{hit.folio}</Link>
                    </th>
                    <td>{hit.processName}</td>
                    <td>{hit.requester ?? '—'}</td>
                    <td>
                      {[hit.summary, hit.ticket && t('search.ticket', { ticket: hit.ticket }), hit.kiosk && t('search.kiosk', { kiosk: hit.kiosk })].filter(Boolean).join(' · ') || '—'}
                    </td>
                    <td>{t(hit.state === 'open' ? 'search.state.open' : 'search.state.closed')}</td>
                    <td>{formatDateTime(hit.startedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}

function Tasks({ tasks }: { tasks: TaskItem[] }) {
  const { t, formatDateTime } = useT();
  return (
    <section aria-labelledby="resultados-tareas">
      <h2 id="resultados-tareas">{t('search.tasks.title')}</h2>
      {tasks.length === 0 ? (
        <p className="muted">{t('search.tasks.none')}</p>
      ) : (
        <>
          <p className="muted">{t('search.tasks.count', { count: tasks.length })}</p>
          <div className="table-scroll">
            <table data-testid="search-tasks">
              <caption className="visually-hidden">{t('search.tasks.caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('search.col.task')}</th>
                  <th scope="col">{t('search.col.folio')}</th>
                  <th scope="col">{t('search.col.process')}</th>
                  <th scope="col">{t('search.col.requester')}</th>
                  <th scope="col">{t('search.col.due')}</th>
                </tr>
              </thead>
              <tbody>
                {tasks.map((task) => (
                  <tr key={task.userTaskKey} data-folio={task.folio ?? undefined}>
                    <th scope="row">
                      <Link to={`/tareas/${encodeURIComponent(task.userTaskKey)}`}>{task.name}</Link>
                    </th>
                    <td className="folio">{task.folio ?? <span className="muted">{t('search.noFolio')}</span>}</td>
                    <td>{task.processName}</td>
                    <td>{task.caseSummary?.requester ?? '—'}</td>
                    <td>
                      {task.dueDate ? (
                        <>
                          {formatDateTime(task.dueDate)} <SlaBadge sla={task.sla} state={task.state} />
                        </>
                      ) : (
                        <span className="muted">{t('search.noDue')}</span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
