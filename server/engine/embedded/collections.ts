// The embedded engine's documents in the store: instance state is tokens (element instances) and
// scoped variables; jobs, timers, subscriptions, user tasks and incidents are what waits on them.
import type { UserTaskRecord } from '../user-task-records.js';
import type { Collection, CollectionSpec, Store, Transaction } from '../../store/port.js';
import type { ElementInstanceState, ElementInstanceType, EngineCommandType, IncidentErrorType, ProcessInstanceState } from '../port.js';

/** Arrivals at joining gateways of one scope: gateway id → incoming flow id → tokens waiting. */
export type Joins = Record<string, Record<string, number>>;

export interface DefinitionDoc {
  processDefinitionKey: string;
  processDefinitionId: string;
  name: string;
  processDefinitionVersion: number;
  versionTag?: string;
  resourceName: string;
  deploymentKey: string;
  checksum: string;
  xml: string;
  deployedAt: string;
  tenantId: string;
  isLatest: boolean;
}

export interface ProcessInstanceDoc {
  processInstanceKey: string;
  processDefinitionKey: string;
  processDefinitionId: string;
  processDefinitionName: string;
  processDefinitionVersion: number;
  processDefinitionVersionTag?: string;
  state: ProcessInstanceState;
  startDate: string;
  endDate?: string;
  /** Active incidents of this instance (the API's hasIncident is `incidents > 0`). */
  incidents: number;
  parentProcessInstanceKey?: string;
  parentElementInstanceKey?: string;
  /** Message start: the correlation key that must stay unique among active instances. */
  startCorrelationKey?: string;
  joins?: Joins;
}

export interface MultiInstanceState {
  items: unknown[];
  /** Index of the next item a sequential body starts. */
  next: number;
  completed: number;
  active: number;
}

export interface ElementInstanceDoc {
  elementInstanceKey: string;
  processInstanceKey: string;
  processDefinitionKey: string;
  processDefinitionId: string;
  elementId: string;
  elementName: string;
  type: ElementInstanceType;
  state: ElementInstanceState;
  flowScopeKey: string;
  startDate: string;
  endDate?: string;
  incidentKey?: string;
  /** Runtime of containers: joins inside a sub-process scope. */
  joins?: Joins;
  /** Multi-instance body bookkeeping. */
  mi?: MultiInstanceState;
  /** Inner instance of a multi-instance body: its 1-based loop counter. */
  loopCounter?: number;
  jobKey?: string;
  userTaskKey?: string;
  childProcessInstanceKey?: string;
}

export type JobState = 'ACTIVATABLE' | 'ACTIVATED' | 'FAILED' | 'ERROR_THROWN';

export interface JobDoc {
  jobKey: string;
  type: string;
  state: JobState;
  /** When the job may next be handed out: now, a back-off's end, or an activation's deadline. */
  due: number;
  retries: number;
  worker?: string;
  deadline?: number;
  errorMessage?: string;
  customHeaders: Record<string, string>;
  processInstanceKey: string;
  processDefinitionKey: string;
  processDefinitionId: string;
  processDefinitionVersion: number;
  elementId: string;
  elementInstanceKey: string;
  /** The element instance and its enclosing scopes, innermost first: whose variables the job sees. */
  scopeKeys: string[];
}

export type TimerKind = 'start' | 'catch' | 'boundary' | 'eventGateway';

export interface TimerDoc {
  kind: TimerKind;
  due: number;
  elementId: string;
  processDefinitionKey: string;
  processDefinitionId: string;
  processInstanceKey?: string;
  elementInstanceKey?: string;
  /** Repetitions still to fire after this one (cycles); -1 repeats forever. */
  remaining: number;
  interval?: string;
}

export interface SubscriptionDoc {
  kind: 'catch' | 'boundary' | 'eventGateway';
  messageName: string;
  correlationKey: string;
  processInstanceKey: string;
  elementInstanceKey: string;
  /** The catching element (the boundary or the event after an event-based gateway). */
  elementId: string;
}

export interface MessageStartDoc {
  messageName: string;
  processDefinitionKey: string;
  processDefinitionId: string;
  elementId: string;
}

export interface MessageDoc {
  name: string;
  correlationKey: string;
  messageId?: string;
  variables: Record<string, unknown>;
  expiresAt: number;
  /** Process instances (and definitions, for start events) it was already correlated to. */
  correlatedTo: string[];
}

/** A user task as the embedded engine keeps it (the shape both engine adapters share). */
export type UserTaskDoc = UserTaskRecord;

export type RetryPhase = 'enter' | 'complete' | 'job';

export interface IncidentDoc {
  incidentKey: string;
  errorType: IncidentErrorType;
  errorMessage: string;
  state: 'ACTIVE' | 'RESOLVED';
  creationTime: string;
  elementId: string;
  elementInstanceKey: string;
  processInstanceKey: string;
  processDefinitionKey: string;
  processDefinitionId: string;
  jobKey?: string;
  /** What resolving re-attempts. */
  retry: RetryPhase;
}

export interface VariableDoc {
  name: string;
  /** The value as JSON text. */
  value: string;
  scopeKey: string;
  processInstanceKey: string;
}

/** One value a variable took: every insert and every change is kept, for the auditor's view. */
export interface VariableChangeDoc {
  variableKey: string;
  name: string;
  /** The value as JSON text. */
  value: string;
  scopeKey: string;
  processInstanceKey: string;
  changedAt: string;
}

/** A command the engine carried out on request (see the port's EngineCommandType), written in its transaction. */
export interface CommandDoc {
  type: EngineCommandType;
  processInstanceKey: string;
  userTaskKey?: string;
  incidentKey?: string;
  assignee?: string;
  executedAt: string;
}

export const SPECS = {
  definitions: { indexes: [{ fields: ['processDefinitionId', 'processDefinitionVersion'], unique: true }, { fields: ['isLatest'] }] },
  processInstances: {
    indexes: [{ fields: ['state', 'startDate'] }, { fields: ['processDefinitionId', 'state'] }, { fields: ['parentProcessInstanceKey'] }],
  },
  elementInstances: { indexes: [{ fields: ['processInstanceKey', 'state'] }] },
  variables: { indexes: [{ fields: ['scopeKey', 'name'], unique: true }, { fields: ['processInstanceKey'] }] },
  variableHistory: { indexes: [{ fields: ['processInstanceKey'] }, { fields: ['variableKey'] }] },
  jobs: { indexes: [{ fields: ['type', 'state', 'due'] }, { fields: ['state', 'due'] }] },
  timers: { indexes: [{ fields: ['due'] }, { fields: ['elementInstanceKey'] }, { fields: ['processDefinitionId', 'kind'] }] },
  subscriptions: { indexes: [{ fields: ['messageName', 'correlationKey'] }, { fields: ['elementInstanceKey'] }] },
  messageStarts: { indexes: [{ fields: ['messageName'] }, { fields: ['processDefinitionId'] }] },
  messages: { indexes: [{ fields: ['name', 'correlationKey'] }, { fields: ['expiresAt'] }] },
  userTasks: {
    indexes: [
      { fields: ['state', 'creationDate'] },
      { fields: ['processInstanceKey'] },
      { fields: ['assignee', 'state'] },
      { fields: ['elementInstanceKey'] },
      // The tasklist of a group: one entry per candidate group, in the order the list is read.
      { fields: ['candidateGroups', 'state', 'creationDate'], multikey: 'candidateGroups' },
      { fields: ['candidateGroups', 'state', 'dueDate'], multikey: 'candidateGroups' },
    ],
  },
  incidents: { indexes: [{ fields: ['state', 'processInstanceKey'] }, { fields: ['processInstanceKey'] }, { fields: ['elementInstanceKey'] }] },
  sequences: {},
  // Read by type in commit order, and assignments task by task (audit verify).
  commands: { indexes: [{ fields: ['type'] }, { fields: ['type', 'userTaskKey'] }] },
} satisfies Record<string, CollectionSpec>;

export type CollectionName = keyof typeof SPECS;

export interface Docs {
  definitions: DefinitionDoc;
  processInstances: ProcessInstanceDoc;
  elementInstances: ElementInstanceDoc;
  variables: VariableDoc;
  variableHistory: VariableChangeDoc;
  jobs: JobDoc;
  timers: TimerDoc;
  subscriptions: SubscriptionDoc;
  messageStarts: MessageStartDoc;
  messages: MessageDoc;
  userTasks: UserTaskDoc;
  incidents: IncidentDoc;
  sequences: { next: string };
  commands: CommandDoc;
}

/** Typed access to the engine's collections, outside or inside a transaction. */
export type Collections = { [K in CollectionName]: Collection<Docs[K]> };

export function openCollections(store: Store): Collections {
  const out = {} as Record<string, unknown>;
  for (const [name, spec] of Object.entries(SPECS)) out[name] = store.collection(`engine_${name}`, spec);
  return out as Collections;
}

/** The collections inside a transaction, each opened on first use (a step touches only a few). */
class TxCollections {
  private readonly opened: Partial<Record<CollectionName, unknown>> = {};
  constructor(private readonly tx: Transaction) {}
  open<K extends CollectionName>(name: K): Collection<Docs[K]> {
    return (this.opened[name] ??= this.tx.collection<Docs[K]>(`engine_${name}`)) as Collection<Docs[K]>;
  }
}
for (const name of Object.keys(SPECS) as CollectionName[]) {
  Object.defineProperty(TxCollections.prototype, name, {
    get(this: TxCollections) {
      return this.open(name);
    },
  });
}

export function txCollections(tx: Transaction): Collections {
  return new TxCollections(tx) as unknown as Collections;
}
