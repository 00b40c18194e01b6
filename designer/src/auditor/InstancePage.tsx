// /instancias/:key: one instance in full — its header, the diagram marked with the path it took
// (and the same marking as a table for keyboard and screen-reader users), what happened when and
// by whom, every value of every variable, incidents (with retry for operators) and attachments.
import { Fragment, lazy, Suspense, useMemo, useRef, useState } from 'react';
import type { PageProps } from '../app/App';
import { Link } from '../app/router';
import { useSession } from '../app/session';
import {
  attachmentUrl,
  getInstance,
  retryIncident,
  type AuditEvent,
  type ElementHistoryItem,
  type Incident,
  type InstanceAttachment,
  type InstanceDetail,
  type Sla,
  type VariableView,
} from '../api/auditor';
import { useT, type I18n } from '../i18n';
import { Loading, ProblemAlert } from '../ui/Problem';
import { useAsync } from '../ui/useAsync';
import { countMarks, MARK_ICON, markingOf, markOfPass, type ElementMark, type Mark } from './marking';
import { actionLabel, elementTypeLabel, errorTypeLabel, folioOf, formatMinutes, formatSize, IncidentBadge, InstanceStateBadge, startedByName, ValueCell, whoName } from './shared';
import './auditor.css';

const InstanceDiagram = lazy(() => import('./InstanceDiagram'));

export default function InstancePage({ params }: PageProps) {
  const key = params.key ?? '';
  const { t, formatDateTime } = useT();
  const detail = useAsync(() => getInstance(key), [key]);
  const [selected, setSelected] = useState<string | undefined>();
  const diagramSection = useRef<HTMLElement>(null);
  const marking = useMemo(() => markingOf(detail.data?.elements ?? [], detail.data?.incidents ?? []), [detail.data]);

  if (!detail.data) {
    return (
      <>
        <p>
          <Link to="/instancias">{t('auditor.instance.back')}</Link>
        </p>
        {/* Until the instance is read, its folio is not known. */}
        <h1>{t('auditor.instance.heading')}</h1>
        {detail.loading ? <Loading /> : <ProblemAlert error={detail.error} />}
      </>
    );
  }
  const d = detail.data;
  const i = d.instance;
  const processName = i.processDefinitionName || i.processDefinitionId;
  const folio = folioOf(i);
  const counts = countMarks(marking);
  const locate = (elementId: string) => {
    setSelected(elementId);
    diagramSection.current?.scrollIntoView({ block: 'start' });
  };

  return (
    <>
      <p>
        <Link to="/instancias">{t('auditor.instance.back')}</Link>
      </p>
      <div className="auditor-heading">
        <h1>
          {folio ? t('auditor.instance.title', { folio }) : t('auditor.instance.titleNoFolio')} <span className="auditor-subtitle">{processName}</span>
        </h1>
        <button type="button" onClick={detail.reload} disabled={detail.loading}>
          {detail.loading ? t('app.loading') : t('auditor.instance.reload')}
        </button>
      </div>
      {/* A failed refresh keeps what was shown and says so. */}
      <ProblemAlert error={detail.error} />

      <section className="card auditor-summary" aria-labelledby="instance-summary">
        <h2 id="instance-summary" className="visually-hidden">
          {t('auditor.instance.summary')}
        </h2>
        <dl>
          <div>
            <dt>{t('auditor.instance.process')}</dt>
            <dd>{processName}</dd>
          </div>
          <div>
            <dt>{t('auditor.instance.version')}</dt>
            <dd>{i.processDefinitionVersion}</dd>
          </div>
          <div>
            <dt>{t('auditor.instance.state')}</dt>
            <dd data-testid="instance-state">
              <InstanceStateBadge state={i.state} /> {i.hasIncident && <IncidentBadge />}
            </dd>
          </div>
          <div>
            <dt>{t('auditor.instance.started')}</dt>
            <dd>{formatDateTime(i.startDate)}</dd>
          </div>
          <div>
            <dt>{t('auditor.instance.ended')}</dt>
            <dd>{formatDateTime(i.endDate)}</dd>
          </div>
          <div>
            <dt>{t('auditor.instance.startedBy')}</dt>
            <dd>{startedByName(i.iniciadoPor) ?? startedByAudit(d.audit, t)}</dd>
          </div>
          {d.sla && (
            <div>
              <dt>{t('auditor.instance.sla')}</dt>
              <dd>
                <SlaText sla={d.sla} finished={i.state !== 'ACTIVE'} />
              </dd>
            </div>
          )}
          {/* For operators: what the engine, the /v2 API and the command line know the instance by. */}
          <div className="auditor-operator" data-operator="engine-key">
            <dt>{t('auditor.instance.engineKey')}</dt>
            <dd>
              <code data-testid="instance-engine-key">{i.processInstanceKey}</code>
            </dd>
          </div>
        </dl>
      </section>

      <IncidentsSection detail={d} marking={marking} onRetried={detail.reload} />

      <section ref={diagramSection} aria-labelledby="instance-diagram" className="auditor-section">
        <h2 id="instance-diagram">{t('auditor.diagram.title')}</h2>
        <p id="instance-diagram-summary" className="muted">
          {t('auditor.diagram.summary', { completed: counts.completed, active: counts.active, incident: counts.incident })}
        </p>
        <Suspense fallback={<p className="muted">{t('auditor.diagram.loading')}</p>}>
          <InstanceDiagram
            url={d.diagram}
            processName={processName}
            instanceKey={folio ?? i.processInstanceKey}
            marking={marking}
            elements={d.elements}
            selected={selected}
            onSelect={setSelected}
            describedBy="instance-diagram-summary instance-diagram-legend"
          />
        </Suspense>
        <Legend />
      </section>

      <ElementsSection elements={d.elements} marking={marking} selected={selected} onLocate={locate} />
      <TimelineSection detail={d} />
      <VariablesSection variables={d.variables} marking={marking} />
      <AttachmentsSection attachments={d.attachments} />
    </>
  );
}

/** A public-form start has no iniciadoPor: the trail's instance.start event says who it was. */
function startedByAudit(events: AuditEvent[], t: I18n['t']): string {
  const start = events.find((e) => e.action === 'instance.start');
  return start ? whoName(start.actor, t) : t('auditor.none');
}

/** The instance's deadline: a finished instance is measured at its completion, an open one now. */
function SlaText({ sla, finished }: { sla: Sla; finished: boolean }) {
  const { t, formatDateTime } = useT();
  const state = t(`auditor.sla.${sla.status}`);
  const badge = sla.status === 'breached' ? 'bad' : sla.status === 'due-soon' ? 'warn' : 'ok';
  return (
    <>
      <span className={`badge ${badge}`}>{state}</span>{' '}
      <span className="muted">
        {sla.status === 'breached'
          ? t('auditor.sla.lateMinutes', { duration: formatMinutes(sla.byMinutes, t), due: formatDateTime(sla.dueDate) })
          : t(finished ? 'auditor.sla.doneEarly' : 'auditor.sla.leftMinutes', { duration: formatMinutes(sla.byMinutes, t), due: formatDateTime(sla.dueDate) })}
      </span>
    </>
  );
}

function Legend() {
  const { t } = useT();
  const marks: Array<[Mark, 'auditor.legend.completed' | 'auditor.legend.active' | 'auditor.legend.incident' | 'auditor.legend.terminated']> = [
    ['completed', 'auditor.legend.completed'],
    ['active', 'auditor.legend.active'],
    ['incident', 'auditor.legend.incident'],
    ['terminated', 'auditor.legend.terminated'],
  ];
  return (
    <div className="auditor-legend">
      <h3 id="instance-diagram-legend-title">{t('auditor.diagram.legend')}</h3>
      <ul id="instance-diagram-legend" aria-labelledby="instance-diagram-legend-title">
        {marks.map(([mark, label]) => (
          <li key={mark}>
            <span className={`oficio-swatch oficio-swatch-${mark}`} aria-hidden="true">
              {MARK_ICON[mark]}
            </span>
            {t(label)}
          </li>
        ))}
        <li>
          <span className="oficio-swatch oficio-swatch-taken" aria-hidden="true" />
          {t('auditor.legend.taken')}
        </li>
        <li>
          <span className="oficio-mark-times" aria-hidden="true">
            ×N
          </span>{' '}
          {t('auditor.legend.times')}
        </li>
      </ul>
    </div>
  );
}

function PassState({ element }: { element: ElementHistoryItem }) {
  const { t } = useT();
  const mark = markOfPass(element);
  const words = mark === 'incident' ? t('auditor.elementState.incident') : t(`auditor.elementState.${element.state}`);
  return (
    <span className={`auditor-pass auditor-pass-${mark}`} data-mark={mark}>
      <span aria-hidden="true">{MARK_ICON[mark]} </span>
      {words}
    </span>
  );
}

// `selected` is undefined while no element is chosen.
function ElementsSection({
  elements,
  marking,
  selected,
  onLocate,
}: {
  elements: ElementHistoryItem[];
  marking: Map<string, ElementMark>;
  selected?: string | undefined;
  onLocate(id: string): void;
}) {
  const i18n = useT();
  const { t, formatDateTime } = i18n;
  const shown = elements.filter((e) => e.type !== 'MULTI_INSTANCE_BODY');
  return (
    <section aria-labelledby="instance-elements" className="auditor-section">
      <h2 id="instance-elements">{t('auditor.elements.title')}</h2>
      {shown.length === 0 ? (
        <p className="auditor-empty">{t('auditor.elements.empty')}</p>
      ) : (
        <div className="auditor-scroll">
          <table className="auditor-table" data-testid="instance-elements">
            <caption className="visually-hidden">{t('auditor.elements.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('auditor.elements.col.element')}</th>
                <th scope="col">{t('auditor.elements.col.type')}</th>
                <th scope="col">{t('auditor.elements.col.state')}</th>
                <th scope="col">{t('auditor.elements.col.started')}</th>
                <th scope="col">{t('auditor.elements.col.ended')}</th>
                <th scope="col">{t('auditor.elements.col.who')}</th>
                <th scope="col">{t('auditor.elements.col.locate')}</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((e) => {
                const name = e.name || e.elementId;
                return (
                  <tr key={e.elementInstanceKey} data-element-id={e.elementId} data-mark={markOfPass(e)} className={selected === e.elementId ? 'is-selected' : undefined}>
                    <th scope="row">
                      {name}
                      {(marking.get(e.elementId)?.times ?? 1) > 1 && <span className="muted"> {`×${marking.get(e.elementId)!.times}`}</span>}
                    </th>
                    <td>{elementTypeLabel(e.type, i18n)}</td>
                    <td>
                      <PassState element={e} />
                    </td>
                    <td>{formatDateTime(e.startDate)}</td>
                    <td>{formatDateTime(e.endDate)}</td>
                    <td>
                      {e.completedBy
                        ? t('auditor.elements.completedBy', { name: whoName(e.completedBy, t) })
                        : e.assignee
                          ? t('auditor.elements.assignee', { name: e.assignee })
                          : t('auditor.none')}
                    </td>
                    <td>
                      <button type="button" className="auditor-small" onClick={() => onLocate(e.elementId)} aria-label={t('auditor.elements.locate', { name })}>
                        {t('auditor.elements.locateShort')}
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

interface TimelineEntry {
  at: string;
  what: string;
  /** The audit action's code (a data attribute, for tests and tools; the reader sees its words). */
  code?: string;
  who: string;
  kind: 'element' | 'incident' | 'audit';
}

/** The element history and the instance's audit events as one list, oldest first. */
function timelineOf(d: InstanceDetail, i18n: I18n): TimelineEntry[] {
  const { t } = i18n;
  const nameOfTask = new Map(d.elements.filter((e) => e.userTaskKey).map((e) => [e.userTaskKey!, e.name || e.elementId]));
  const nameOfElement = new Map(d.elements.map((e) => [e.elementId, e.name || e.elementId]));
  // A user task's completion is told by its task.complete event, which names the person.
  const completedByEvent = new Set(d.audit.filter((e) => e.action === 'task.complete' && e.userTaskKey).map((e) => e.userTaskKey!));
  const entries: TimelineEntry[] = [];
  const none = t('auditor.none');
  const system = t('auditor.who.system');
  for (const e of d.elements) {
    if (e.type === 'MULTI_INSTANCE_BODY') continue;
    const name = e.name || e.elementId;
    const instant = e.state === 'COMPLETED' && e.endDate === e.startDate;
    if (instant) {
      entries.push({ at: e.startDate, what: t('auditor.timeline.passed', { name }), who: system, kind: 'element' });
      continue;
    }
    entries.push({ at: e.startDate, what: t('auditor.timeline.entered', { name }), who: none, kind: 'element' });
    if (!e.endDate) continue;
    if (e.userTaskKey && completedByEvent.has(e.userTaskKey)) continue;
    const who = e.completedBy ? whoName(e.completedBy, t) : e.type === 'USER_TASK' ? none : system;
    entries.push({ at: e.endDate, what: t(e.state === 'TERMINATED' ? 'auditor.timeline.terminated' : 'auditor.timeline.completed', { name }), who, kind: 'element' });
  }
  for (const incident of d.incidents) {
    if (!incident.creationTime) continue;
    const name = (incident.elementId && nameOfElement.get(incident.elementId)) || incident.elementId || '';
    entries.push({
      at: incident.creationTime,
      what: t('auditor.timeline.incident', { name, error: errorTypeLabel(incident.errorType, i18n) }),
      who: system,
      kind: 'incident',
    });
  }
  for (const event of d.audit) {
    const action = actionLabel(event.action, i18n);
    const data = (event.data !== null && typeof event.data === 'object' ? event.data : {}) as Record<string, unknown>;
    const task = event.userTaskKey ? nameOfTask.get(event.userTaskKey) : undefined;
    const element = typeof data.elementId === 'string' ? (nameOfElement.get(data.elementId) ?? data.elementId) : undefined;
    const subject = typeof data.nombre === 'string' ? data.nombre : undefined;
    const what = task || element ? t('auditor.timeline.onTask', { action, name: (task ?? element)! }) : subject ? t('auditor.timeline.withSubject', { action, subject }) : action;
    entries.push({ at: event.at, what, code: event.action, who: whoName(event.actor, t), kind: 'audit' });
  }
  // Stable: at the same instant the engine's step comes before the event recorded after it.
  return entries
    .map((entry, index) => ({ entry, index }))
    .sort((a, b) => Date.parse(a.entry.at) - Date.parse(b.entry.at) || a.index - b.index)
    .map((x) => x.entry);
}

function TimelineSection({ detail }: { detail: InstanceDetail }) {
  const i18n = useT();
  const { t, formatDateTime } = i18n;
  const entries = useMemo(() => timelineOf(detail, i18n), [detail, i18n]);
  return (
    <section aria-labelledby="instance-timeline" className="auditor-section">
      <h2 id="instance-timeline">{t('auditor.timeline.title')}</h2>
      {entries.length === 0 ? (
        <p className="auditor-empty">{t('auditor.timeline.empty')}</p>
      ) : (
        <div className="auditor-scroll">
          <table className="auditor-table auditor-timeline" data-testid="instance-timeline">
            <caption className="visually-hidden">{t('auditor.timeline.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('auditor.timeline.col.when')}</th>
                <th scope="col">{t('auditor.timeline.col.what')}</th>
                <th scope="col">{t('auditor.timeline.col.who')}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e, index) => (
                <tr key={index} className={`auditor-timeline-${e.kind}`} data-action={e.code}>
                  <td className="auditor-nowrap">{formatDateTime(e.at)}</td>
                  <td>{e.what}</td>
                  <td>{e.who}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** A variable the platform sets (who started, the folio) by its label; a process's own by its name in the model. */
function VariableName({ name }: { name: string }) {
  const { tDynamic } = useT();
  const label = tDynamic(`auditor.variable.${name}`, '');
  return label ? <span data-variable-name={name}>{label}</span> : <code>{name}</code>;
}

function VariablesSection({ variables, marking }: { variables: VariableView[]; marking: Map<string, ElementMark> }) {
  const { t, formatDateTime } = useT();
  const [open, setOpen] = useState<Set<string>>(new Set());
  const toggle = (key: string) =>
    setOpen((current) => {
      const next = new Set(current);
      if (next.has(key)) next.delete(key);
      else next.add(key);
      return next;
    });
  return (
    <section aria-labelledby="instance-variables" className="auditor-section">
      <h2 id="instance-variables">{t('auditor.variables.title')}</h2>
      {variables.length === 0 ? (
        <p className="auditor-empty">{t('auditor.variables.empty')}</p>
      ) : (
        <div className="auditor-scroll">
          <table className="auditor-table" data-testid="instance-variables">
            <caption className="visually-hidden">{t('auditor.variables.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('auditor.variables.col.name')}</th>
                <th scope="col">{t('auditor.variables.col.scope')}</th>
                <th scope="col">{t('auditor.variables.col.value')}</th>
                <th scope="col">{t('auditor.variables.col.history')}</th>
              </tr>
            </thead>
            <tbody>
              {variables.map((v) => {
                const expanded = open.has(v.variableKey);
                const historyId = `variable-history-${v.variableKey}`;
                return (
                  <Fragment key={v.variableKey}>
                    <tr data-variable={v.name}>
                      <th scope="row">
                        <VariableName name={v.name} />
                      </th>
                      <td>{v.scope === 'proceso' ? t('auditor.variables.scopeProcess') : (marking.get(v.scope)?.name ?? v.scope)}</td>
                      <td>
                        <ValueCell value={v.value} />
                      </td>
                      <td>
                        {v.history.length > 0 ? (
                          <button type="button" className="auditor-small auditor-nowrap" aria-expanded={expanded} aria-controls={historyId} onClick={() => toggle(v.variableKey)}>
                            {expanded ? t('auditor.variables.hideHistory') : t('auditor.variables.showHistory', { count: v.history.length })}
                          </button>
                        ) : (
                          t('auditor.none')
                        )}
                      </td>
                    </tr>
                    {expanded && (
                      <tr id={historyId} className="auditor-history-row">
                        <td colSpan={4}>
                          <table className="auditor-table auditor-nested">
                            <caption>{t('auditor.variables.historyOf', { name: v.name })}</caption>
                            <thead>
                              <tr>
                                <th scope="col">{t('auditor.variables.col.changedAt')}</th>
                                <th scope="col">{t('auditor.variables.col.historyValue')}</th>
                                <th scope="col">{t('auditor.variables.col.changedBy')}</th>
                              </tr>
                            </thead>
                            <tbody>
                              {v.history.map((c, index) => (
                                <tr key={index}>
                                  <td className="auditor-nowrap">{formatDateTime(c.changedAt)}</td>
                                  <td>
                                    <ValueCell value={c.value} />
                                  </td>
                                  <td>{c.changedBy ? whoName(c.changedBy, t) : <span className="muted">{t('auditor.variables.unknownWho')}</span>}</td>
                                </tr>
                              ))}
                            </tbody>
                          </table>
                        </td>
                      </tr>
                    )}
                  </Fragment>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function IncidentsSection({ detail, marking, onRetried }: { detail: InstanceDetail; marking: Map<string, ElementMark>; onRetried(): void }) {
  const { t } = useT();
  const newestFirst = [...detail.incidents].sort((a, b) => (b.creationTime ?? '').localeCompare(a.creationTime ?? ''));
  const open = newestFirst.filter((i) => i.state !== 'RESOLVED');
  const resolved = newestFirst.filter((i) => i.state === 'RESOLVED');
  const nameOf = (incident: Incident) => (incident.elementId && marking.get(incident.elementId)?.name) || incident.elementId || '';
  // Kept here, not in the item: a retried incident moves to the resolved list and its item remounts.
  const [retried, setRetried] = useState<string | undefined>();
  const afterRetry = (name: string) => {
    setRetried(name);
    onRetried();
    // The step runs again on its own time: a second look shows where it got.
    window.setTimeout(onRetried, 2000);
  };
  return (
    <section aria-labelledby="instance-incidents" className="auditor-section">
      <h2 id="instance-incidents">{t('auditor.incidents.title')}</h2>
      <div role="status">{retried !== undefined && <p className="alert ok">{t('auditor.incidents.retried', { name: retried })}</p>}</div>
      {open.length === 0 ? (
        <p className="auditor-empty">{t('auditor.incidents.empty')}</p>
      ) : (
        <ul className="auditor-incidents" data-testid="instance-incidents">
          {open.map((incident, index) => (
            <IncidentItem key={incident.incidentKey ?? index} incident={incident} name={nameOf(incident)} onRetried={afterRetry} />
          ))}
        </ul>
      )}
      {resolved.length > 0 && (
        <details className="auditor-resolved">
          <summary>{t('auditor.incidents.resolved', { count: resolved.length })}</summary>
          <ul className="auditor-incidents">
            {resolved.map((incident, index) => (
              <IncidentItem key={incident.incidentKey ?? index} incident={incident} name={nameOf(incident)} onRetried={afterRetry} />
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}

function IncidentItem({ incident, name, onRetried }: { incident: Incident; name: string; onRetried(name: string): void }) {
  const i18n = useT();
  const { t, tDynamic, formatDateTime } = i18n;
  const session = useSession();
  const [retry, setRetry] = useState<{ busy: boolean; error?: unknown; done?: boolean }>({ busy: false });
  const active = incident.state === 'ACTIVE';
  const run = async () => {
    if (!incident.incidentKey) return;
    setRetry({ busy: true });
    try {
      await retryIncident(incident.incidentKey);
      setRetry({ busy: false, done: true });
      onRetried(name);
    } catch (error) {
      setRetry({ busy: false, error });
    }
  };
  return (
    <li className={`card auditor-incident ${active ? 'is-active' : ''}`} data-incident-key={incident.incidentKey}>
      <h3>
        <span aria-hidden="true">{active ? '⚠ ' : '✓ '}</span>
        {t('auditor.incidents.element', { name })}{' '}
        <span className={`badge ${active ? 'bad' : 'ok'}`}>{tDynamic(`auditor.incidents.state.${incident.state ?? 'ACTIVE'}`, t('auditor.none'))}</span>
      </h3>
      <p>
        <strong>{errorTypeLabel(incident.errorType, i18n)}</strong>
        {incident.creationTime && <span className="muted"> · {t('auditor.incidents.created', { when: formatDateTime(incident.creationTime) })}</span>}
      </p>
      <p className="auditor-error-message">{incident.errorMessage || t('auditor.incidents.noMessage')}</p>
      {active && session.can('instances.operate') && incident.incidentKey && !retry.done && (
        <button type="button" className="primary" onClick={() => void run()} disabled={retry.busy}>
          {retry.busy ? t('auditor.incidents.retrying') : t('auditor.incidents.retry')}
        </button>
      )}
      <ProblemAlert error={retry.error} />
    </li>
  );
}

function AttachmentsSection({ attachments }: { attachments: InstanceAttachment[] }) {
  const { t, formatDateTime, intlLocale } = useT();
  return (
    <section aria-labelledby="instance-attachments" className="auditor-section">
      <h2 id="instance-attachments">{t('auditor.attachments.title')}</h2>
      {attachments.length === 0 ? (
        <p className="auditor-empty">{t('auditor.attachments.empty')}</p>
      ) : (
        <div className="auditor-scroll">
          <table className="auditor-table" data-testid="instance-attachments">
            <thead>
              <tr>
                <th scope="col">{t('auditor.attachments.col.name')}</th>
                <th scope="col">{t('auditor.attachments.col.type')}</th>
                <th scope="col">{t('auditor.attachments.col.size')}</th>
                <th scope="col">{t('auditor.attachments.col.by')}</th>
                <th scope="col">{t('auditor.attachments.col.at')}</th>
              </tr>
            </thead>
            <tbody>
              {attachments.map((a) => (
                <tr key={a.id}>
                  <th scope="row">
                    <a href={attachmentUrl(a.id)} download={a.nombre} title={t('auditor.attachments.download', { name: a.nombre })}>
                      {a.nombre}
                    </a>
                  </th>
                  <td>{a.tipo}</td>
                  <td>{formatSize(a.tamano, t, intlLocale)}</td>
                  <td>{a.uploadedBy ? a.uploadedBy.name : t('auditor.none')}</td>
                  <td>{formatDateTime(a.uploadedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
