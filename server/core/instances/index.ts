// Process instances as the auditor and the process owner read them: filtered lists, and one
// instance in full — what ran and when, who completed each user task, every value each variable
// took and who set it, incidents, attachments and the instance's audit events. Also incidents
// and their retry. Use cases over the engine port and the audit trail only.
import type {
  ElementInstanceResult,
  EnginePort,
  IncidentErrorType,
  IncidentResult,
  ProcessInstanceFilter,
  ProcessInstanceResult,
  ProcessInstanceState,
  VariableChangeResult,
} from '../../engine/port.js';
import type { AuditActor, AuditEvent, AuditTrail } from '../audit/index.js';
import { createAuditedCommands } from '../audit/commands.js';
import type { Attachments } from '../attachments/index.js';
import { slaOf, type Sla } from '../tasks/sla.js';
import { STARTED_BY_VARIABLE, type InstanceAccess, type Viewer } from './access.js';

export { createInstanceAccess, startedById, STARTED_BY_VARIABLE, type InstanceAccess, type Viewer } from './access.js';

/** Undefined members count as absent, so a parsed query string is passed as it is. */
export interface InstanceListFilter {
  /** The BPMN process id. */
  process?: string | undefined;
  state?: ProcessInstanceState | undefined;
  /** Started at or after. */
  startedFrom?: string | undefined;
  /** Started before. */
  startedTo?: string | undefined;
  /** A user id: instances that user started. */
  startedBy?: string | undefined;
  withIncident?: boolean | undefined;
}

export interface PageRequest {
  limit: number;
  cursor?: string;
}

export interface InstanceSummary {
  processInstanceKey: string;
  processDefinitionId: string;
  processDefinitionName: string;
  processDefinitionVersion: number;
  processDefinitionKey: string;
  state: ProcessInstanceState;
  startDate: string;
  endDate?: string;
  hasIncident: boolean;
  /** The iniciadoPor root variable, when the start route set it. */
  iniciadoPor?: unknown;
  /** The folio of the instance's case (its `folio` variable: a called instance carries its caller's). */
  folio?: string;
}

/** The variable every instance of a case carries (server/core/cases FOLIO_VARIABLE). */
const FOLIO_VARIABLE = 'folio';

export interface InstancesDeps {
  engine: EnginePort;
  audit: AuditTrail;
  access: InstanceAccess;
  attachments: Attachments;
}

const ALL = 10_000;

function summary(instance: ProcessInstanceResult, startedBy?: unknown, folio?: unknown): InstanceSummary {
  return {
    processInstanceKey: instance.processInstanceKey,
    processDefinitionId: instance.processDefinitionId,
    processDefinitionName: instance.processDefinitionName,
    processDefinitionVersion: instance.processDefinitionVersion,
    processDefinitionKey: instance.processDefinitionKey,
    state: instance.state,
    startDate: instance.startDate,
    ...(instance.endDate ? { endDate: instance.endDate } : {}),
    hasIncident: instance.hasIncident,
    ...(startedBy !== undefined ? { iniciadoPor: startedBy } : {}),
    ...(typeof folio === 'string' ? { folio } : {}),
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export async function listInstances(
  { engine, access }: Pick<InstancesDeps, 'engine' | 'access'>,
  user: Viewer,
  filter: InstanceListFilter,
  page: PageRequest,
): Promise<{ items: InstanceSummary[]; nextCursor?: string }> {
  const visible = await access.visibleKeys(user);
  let only: Set<string> | undefined = visible === 'all' ? undefined : visible;
  if (filter.startedBy !== undefined) {
    const started = await access.startedBy(filter.startedBy);
    only = only === undefined ? started : new Set([...started].filter((k) => only!.has(k)));
  }
  if (only !== undefined && only.size === 0) return { items: [] };

  const where: ProcessInstanceFilter = {};
  if (only !== undefined) where.processInstanceKey = { $in: [...only] };
  if (filter.process !== undefined) where.processDefinitionId = filter.process;
  if (filter.state !== undefined) where.state = filter.state;
  if (filter.withIncident !== undefined) where.hasIncident = filter.withIncident;
  if (filter.startedFrom !== undefined || filter.startedTo !== undefined) {
    where.startDate = { ...(filter.startedFrom ? { $gte: filter.startedFrom } : {}), ...(filter.startedTo ? { $lt: filter.startedTo } : {}) };
  }
  const { items, page: info } = await engine.searchProcessInstances({
    filter: where,
    sort: [{ field: 'startDate', order: 'DESC' }],
    page: { limit: page.limit, ...(page.cursor ? { after: page.cursor } : {}) },
  });
  const startedBy = new Map<string, unknown>();
  const folios = new Map<string, unknown>();
  if (items.length) {
    const { items: vars } = await engine.searchVariables({
      filter: { name: { $in: [STARTED_BY_VARIABLE, FOLIO_VARIABLE] }, processInstanceKey: { $in: items.map((i) => i.processInstanceKey) } },
      page: { limit: ALL },
    });
    for (const v of vars) if (v.scopeKey === v.processInstanceKey) (v.name === FOLIO_VARIABLE ? folios : startedBy).set(v.processInstanceKey, parseJson(v.value));
  }
  return {
    items: items.map((i) => summary(i, startedBy.get(i.processInstanceKey), folios.get(i.processInstanceKey))),
    ...(info.endCursor && items.length === page.limit ? { nextCursor: info.endCursor } : {}),
  };
}

/** Who, as the detail shows it: a person's id and name, or 'system' / 'anonymous'. */
export type Who = { id: string; name: string } | 'system' | 'anonymous';

function who(actor: AuditActor): Who {
  return typeof actor === 'string' ? actor : { id: actor.id, name: actor.name };
}

export interface ElementHistoryItem {
  elementInstanceKey: string;
  elementId: string;
  name: string;
  type: string;
  state: string;
  startDate: string;
  endDate?: string;
  hasIncident: boolean;
  userTaskKey?: string;
  assignee?: string;
  completedBy?: Who;
  /** A user task against its due date: on time, due soon or breached, and by how many minutes. */
  sla?: Sla;
}

export interface VariableChange {
  value: unknown;
  changedAt: string;
  changedBy?: Who;
}

export interface VariableView {
  name: string;
  variableKey: string;
  /** 'proceso' for the instance's own scope, else the element id of the scope. */
  scope: string;
  scopeKey: string;
  value: unknown;
  history: VariableChange[];
}

/** Audit events are matched to a variable change that happened this close to them. */
const SAME_MOMENT_MS = 2000;

function compareKeys(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

async function allAuditEvents(audit: AuditTrail, processInstanceKey: string): Promise<AuditEvent[]> {
  const events: AuditEvent[] = [];
  let after: string | undefined;
  for (;;) {
    const { items, nextCursor } = await audit.query({ processInstanceKey }, { order: 'asc', limit: 1000, ...(after ? { after } : {}) });
    events.push(...items);
    if (!nextCursor || events.length >= ALL) return events;
    after = nextCursor;
  }
}

/** The event that most likely made a change: of this instance, carrying the variable in its data, at (about) the same time. */
/** The instance's SLA: its worst task — any breach (by the largest margin), else due soon, else on time. */
export function instanceSla(elements: ElementHistoryItem[]): Sla | undefined {
  const slas = elements.map((e) => e.sla).filter((x): x is Sla => x !== undefined);
  const breached = slas.filter((x) => x.status === 'breached').sort((a, b) => b.byMinutes - a.byMinutes);
  if (breached[0]) return breached[0];
  const soon = slas.filter((x) => x.status === 'due-soon').sort((a, b) => a.byMinutes - b.byMinutes);
  if (soon[0]) return soon[0];
  return slas.sort((a, b) => a.byMinutes - b.byMinutes)[0];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function carries(data: unknown, name: string): boolean {
  return isObject(data) && Object.hasOwn(data, name);
}

function changedByOf(change: VariableChangeResult, events: AuditEvent[]): Who | undefined {
  const at = Date.parse(change.changedAt);
  let best: { event: AuditEvent; distance: number } | undefined;
  for (const event of events) {
    // Start and completion events keep the form's values under `data` (their own fields beside it).
    if (!carries(event.data, change.name) && !carries(isObject(event.data) ? event.data.data : undefined, change.name)) continue;
    const distance = Math.abs(Date.parse(event.at) - at);
    if (distance <= SAME_MOMENT_MS && (!best || distance < best.distance)) best = { event, distance };
  }
  return best && who(best.event.actor);
}

export async function instanceDetail({ engine, audit, attachments }: Omit<InstancesDeps, 'access'>, processInstanceKey: string, now: Date = new Date()) {
  const instance = await engine.getProcessInstance({ processInstanceKey });
  const [elements, tasks, variables, history, incidents, events, files, startedBy] = await Promise.all([
    engine.searchElementInstances({ filter: { processInstanceKey }, page: { limit: ALL } }),
    engine.searchUserTasks({ filter: { processInstanceKey }, page: { limit: ALL } }),
    engine.searchVariables({ filter: { processInstanceKey }, page: { limit: ALL } }),
    engine.searchVariableHistory
      ? engine.searchVariableHistory({ filter: { processInstanceKey }, page: { limit: ALL } })
      : Promise.resolve({ items: [] as VariableChangeResult[], page: { totalItems: 0 } }),
    engine.searchIncidents({ filter: { processInstanceKey }, page: { limit: ALL } }),
    allAuditEvents(audit, processInstanceKey),
    attachments.ofInstance(processInstanceKey),
    engine.searchVariables({ filter: { processInstanceKey, scopeKey: processInstanceKey, name: { $in: [STARTED_BY_VARIABLE, FOLIO_VARIABLE] } }, page: { limit: 2 } }),
  ]);

  const completedBy = new Map<string, Who>();
  for (const e of events) if (e.action === 'task.complete' && e.userTaskKey) completedBy.set(e.userTaskKey, who(e.actor));
  const taskOf = new Map(tasks.items.filter((t) => t.elementInstanceKey).map((t) => [t.elementInstanceKey!, t]));

  const ordered = elements.items
    .filter((e: ElementInstanceResult) => e.type !== 'PROCESS')
    .sort((a, b) => (a.startDate < b.startDate ? -1 : a.startDate > b.startDate ? 1 : compareKeys(a.elementInstanceKey, b.elementInstanceKey)));
  const elementHistory: ElementHistoryItem[] = ordered.map((e) => {
    const task = taskOf.get(e.elementInstanceKey);
    const by = task?.userTaskKey ? completedBy.get(task.userTaskKey) : undefined;
    return {
      elementInstanceKey: e.elementInstanceKey,
      elementId: e.elementId,
      name: e.elementName,
      type: e.type,
      state: e.state,
      startDate: e.startDate,
      ...(e.endDate ? { endDate: e.endDate } : {}),
      hasIncident: e.hasIncident,
      ...(task?.userTaskKey ? { userTaskKey: task.userTaskKey } : {}),
      ...(task?.assignee ? { assignee: task.assignee } : {}),
      ...(by ? { completedBy: by } : {}),
      ...(task && slaOf(task, now) ? { sla: slaOf(task, now)! } : {}),
    };
  });

  const elementIdOf = new Map(elements.items.map((e) => [e.elementInstanceKey, e.elementId]));
  const changesOf = new Map<string, VariableChangeResult[]>();
  for (const change of history.items) {
    const list = changesOf.get(change.variableKey) ?? [];
    list.push(change);
    changesOf.set(change.variableKey, list);
  }
  const variableViews: VariableView[] = variables.items
    .map((v) => ({
      name: v.name,
      variableKey: v.variableKey,
      scope: v.scopeKey === processInstanceKey ? 'proceso' : (elementIdOf.get(v.scopeKey) ?? v.scopeKey),
      scopeKey: v.scopeKey,
      value: parseJson(v.value),
      history: (changesOf.get(v.variableKey) ?? []).map((c) => {
        const by = changedByOf(c, events);
        return { value: parseJson(c.value), changedAt: c.changedAt, ...(by ? { changedBy: by } : {}) };
      }),
    }))
    .sort((a, b) => (a.scope === b.scope ? a.name.localeCompare(b.name) : a.scope === 'proceso' ? -1 : b.scope === 'proceso' ? 1 : a.scope.localeCompare(b.scope)));

  const started = startedBy.items.find((v) => v.name === STARTED_BY_VARIABLE);
  const folio = startedBy.items.find((v) => v.name === FOLIO_VARIABLE);
  return {
    instance: summary(instance, started ? parseJson(started.value) : undefined, folio ? parseJson(folio.value) : undefined),
    sla: instanceSla(elementHistory),
    elements: elementHistory,
    variables: variableViews,
    incidents: incidents.items,
    attachments: files,
    audit: events,
    diagram: `/api/instances/${encodeURIComponent(processInstanceKey)}/diagram`,
  };
}

// ---------------------------------------------------------------------------------------------
// Incidents

/** Undefined members count as absent, so a parsed query string is passed as it is. */
export interface IncidentListFilter {
  processInstanceKey?: string | undefined;
  process?: string | undefined;
  state?: 'ACTIVE' | 'RESOLVED' | undefined;
  errorType?: IncidentErrorType | undefined;
  elementId?: string | undefined;
}

export async function listIncidents(engine: EnginePort, filter: IncidentListFilter, page: PageRequest): Promise<{ items: IncidentResult[]; nextCursor?: string }> {
  const { items, page: info } = await engine.searchIncidents({
    filter: {
      ...(filter.processInstanceKey ? { processInstanceKey: filter.processInstanceKey } : {}),
      ...(filter.process ? { processDefinitionId: filter.process } : {}),
      ...(filter.state ? { state: filter.state } : {}),
      ...(filter.errorType ? { errorType: filter.errorType } : {}),
      ...(filter.elementId ? { elementId: filter.elementId } : {}),
    },
    sort: [{ field: 'creationTime', order: 'DESC' }],
    page: { limit: page.limit, ...(page.cursor ? { after: page.cursor } : {}) },
  });
  return { items, ...(info.endCursor && items.length === page.limit ? { nextCursor: info.endCursor } : {}) };
}

export async function findIncident(engine: EnginePort, incidentKey: string): Promise<IncidentResult | undefined> {
  const { items } = await engine.searchIncidents({ filter: { incidentKey }, page: { limit: 1 } });
  return items[0];
}

/**
 * Retries an incident: a job that ran out of retries gets one more, then the incident is
 * resolved so the engine attempts the step again — the resolution and its 'incident.retry' event
 * committing together. Answers what was done.
 */
export async function retryIncident(
  { engine, audit }: { engine: EnginePort; audit: AuditTrail },
  incident: IncidentResult,
  by: { actor: AuditActor; ip?: string },
): Promise<{ retriesSet: boolean }> {
  const incidentKey = incident.incidentKey!;
  const retriesSet = !!incident.jobKey && incident.errorType === 'JOB_NO_RETRIES';
  // Harmless on its own: the job runs again only once the incident is resolved.
  if (retriesSet) await engine.updateJob({ jobKey: incident.jobKey!, changeset: { retries: 1 } });
  await createAuditedCommands({ engine, audit })(
    {
      actor: by.actor,
      action: 'incident.retry',
      ...(incident.processInstanceKey ? { processInstanceKey: incident.processInstanceKey } : {}),
      subject: incidentKey,
      data: {
        incidentKey,
        errorType: incident.errorType ?? 'UNKNOWN',
        elementId: incident.elementId ?? '',
        ...(incident.jobKey ? { jobKey: incident.jobKey } : {}),
        retriesSet,
      },
      ...(by.ip ? { ip: by.ip } : {}),
    },
    (options) => engine.resolveIncident({ incidentKey }, options),
  );
  return { retriesSet };
}
