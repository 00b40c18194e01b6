// The engine port: the Camunda 8 Orchestration Cluster API as `@camunda8/sdk` 8.8 exposes it
// (`@camunda8/orchestration-cluster-api`): same method names, same request and response shapes.
// The embedded engine and the Camunda adapter both implement it; everything above is written once.
// Keys are strings (Zeebe keys are 64-bit integers).
import { DomainError, type DomainErrorOptions, type ErrorKind } from '../errors.js';
import type { MessageKey } from '../i18n/index.js';
import type { Transaction } from '../store/port.js';

export type Key = string;
export type Variables = { [key: string]: unknown };

// ---------------------------------------------------------------------------------------------
// Deployments

/** A resource to deploy: a File/Blob with a name (as the SDK takes), or a name and its content. */
export type DeploymentResource = { name: string; content: string | Uint8Array } | (Blob & { name: string });

export interface DeploymentProcessResult {
  processDefinitionId: string;
  processDefinitionVersion: number;
  resourceName: string;
  tenantId: string;
  processDefinitionKey: Key;
}

export interface DeploymentFormResult {
  formId: string;
  version: number;
  resourceName: string;
  tenantId: string;
  formKey: Key;
}

export interface DeploymentMetadataResult {
  processDefinition?: DeploymentProcessResult;
  form?: DeploymentFormResult;
}

export interface ExtendedDeploymentResult {
  tenantId: string;
  deploymentKey: Key;
  deployments: DeploymentMetadataResult[];
  processes: DeploymentProcessResult[];
  decisions: never[];
  decisionRequirements: never[];
  forms: DeploymentFormResult[];
  resources: never[];
}

export interface ProcessDefinitionResult {
  name?: string;
  resourceName?: string;
  version?: number;
  versionTag?: string;
  processDefinitionId?: string;
  tenantId?: string;
  processDefinitionKey?: Key;
  hasStartForm?: boolean;
}

// ---------------------------------------------------------------------------------------------
// Process instances

export interface ProcessInstanceCreationInstruction {
  /** The BPMN process id; with `processDefinitionVersion` or the latest version. */
  processDefinitionId?: string;
  processDefinitionVersion?: number;
  /** Or exactly one deployed definition by key. */
  processDefinitionKey?: Key;
  variables?: Variables;
  tenantId?: string;
  operationReference?: string | number;
  /** Resolve only when the instance has ended, answering its root variables. */
  awaitCompletion?: boolean;
  fetchVariables?: string[];
  requestTimeout?: number;
  tags?: string[];
}

export interface CreateProcessInstanceResult {
  processDefinitionId: string;
  processDefinitionVersion: number;
  tenantId: string;
  variables: Variables;
  processDefinitionKey: Key;
  processInstanceKey: Key;
  tags?: string[];
}

export type ProcessInstanceState = 'ACTIVE' | 'COMPLETED' | 'TERMINATED';

export interface ProcessInstanceResult {
  processDefinitionId: string;
  processDefinitionName: string;
  processDefinitionVersion: number;
  processDefinitionVersionTag?: string;
  startDate: string;
  endDate?: string;
  state: ProcessInstanceState;
  hasIncident: boolean;
  tenantId: string;
  processInstanceKey: Key;
  processDefinitionKey: Key;
  parentProcessInstanceKey?: Key;
  parentElementInstanceKey?: Key;
  tags?: string[];
}

export type ElementInstanceType =
  | 'PROCESS'
  | 'SUB_PROCESS'
  | 'START_EVENT'
  | 'INTERMEDIATE_CATCH_EVENT'
  | 'INTERMEDIATE_THROW_EVENT'
  | 'BOUNDARY_EVENT'
  | 'END_EVENT'
  | 'SERVICE_TASK'
  | 'RECEIVE_TASK'
  | 'USER_TASK'
  | 'MANUAL_TASK'
  | 'TASK'
  | 'EXCLUSIVE_GATEWAY'
  | 'INCLUSIVE_GATEWAY'
  | 'PARALLEL_GATEWAY'
  | 'EVENT_BASED_GATEWAY'
  | 'MULTI_INSTANCE_BODY'
  | 'CALL_ACTIVITY'
  | 'BUSINESS_RULE_TASK'
  | 'SCRIPT_TASK'
  | 'SEND_TASK';

export type ElementInstanceState = 'ACTIVE' | 'COMPLETED' | 'TERMINATED';

export interface ElementInstanceResult {
  processDefinitionId: string;
  startDate: string;
  endDate?: string;
  elementId: string;
  elementName: string;
  type: ElementInstanceType;
  state: ElementInstanceState;
  hasIncident: boolean;
  tenantId: string;
  elementInstanceKey: Key;
  processInstanceKey: Key;
  processDefinitionKey: Key;
  incidentKey?: Key;
  /** Oficio addition: the element instance (or process instance) this one runs inside. */
  flowScopeKey?: Key;
}

export interface VariableResult {
  name: string;
  /** The value as JSON text, as Camunda answers it. */
  value: string;
  tenantId: string;
  variableKey: Key;
  scopeKey: Key;
  processInstanceKey: Key;
  isTruncated?: boolean;
}

export type IncidentErrorType = 'UNKNOWN' | 'IO_MAPPING_ERROR' | 'JOB_NO_RETRIES' | 'CONDITION_ERROR' | 'EXTRACT_VALUE_ERROR' | 'CALLED_ELEMENT_ERROR' | 'UNHANDLED_ERROR_EVENT';

export interface IncidentResult {
  processDefinitionId?: string;
  errorType?: IncidentErrorType;
  errorMessage?: string;
  elementId?: string;
  creationTime?: string;
  state?: 'ACTIVE' | 'RESOLVED';
  tenantId?: string;
  incidentKey?: Key;
  processDefinitionKey?: Key;
  processInstanceKey?: Key;
  elementInstanceKey?: Key;
  jobKey?: Key;
}

// ---------------------------------------------------------------------------------------------
// User tasks

export type UserTaskState = 'CREATED' | 'COMPLETED' | 'CANCELED' | 'FAILED';

export interface UserTaskResult {
  name?: string;
  state?: UserTaskState;
  assignee?: string;
  elementId?: string;
  candidateGroups?: string[];
  candidateUsers?: string[];
  processDefinitionId?: string;
  creationDate?: string;
  completionDate?: string;
  followUpDate?: string;
  dueDate?: string;
  tenantId?: string;
  externalFormReference?: string;
  processDefinitionVersion?: number;
  customHeaders?: { [key: string]: string };
  priority?: number;
  userTaskKey?: Key;
  elementInstanceKey?: Key;
  processName?: string;
  processInstanceKey?: Key;
  processDefinitionKey?: Key;
  formKey?: Key;
}

// ---------------------------------------------------------------------------------------------
// Searching: `{ filter, sort, page }` answering `{ items, page }`, as the Camunda search API.

/** A filter property: a plain value means equality; the object form is Camunda's advanced filter. */
export type FilterProperty<T> =
  | T
  | {
      $eq?: T;
      $neq?: T;
      $exists?: boolean;
      $in?: T[];
      $notIn?: T[];
      $like?: string;
      $gt?: T;
      $gte?: T;
      $lt?: T;
      $lte?: T;
    };

export interface SearchPageRequest {
  from?: number;
  limit?: number;
  after?: string;
  before?: string;
}

export interface SearchQuery<F, S extends string> {
  filter?: F;
  sort?: Array<{ field: S; order?: 'ASC' | 'DESC' | 'asc' | 'desc' }>;
  page?: SearchPageRequest;
}

export interface SearchQueryResponse<T> {
  items: T[];
  page: { totalItems: number; hasMoreTotalItems?: boolean; startCursor?: string; endCursor?: string };
}

export interface ProcessInstanceFilter {
  processDefinitionId?: FilterProperty<string>;
  processDefinitionName?: FilterProperty<string>;
  processDefinitionVersion?: FilterProperty<number>;
  processDefinitionKey?: FilterProperty<Key>;
  processInstanceKey?: FilterProperty<Key>;
  parentProcessInstanceKey?: FilterProperty<Key>;
  parentElementInstanceKey?: FilterProperty<Key>;
  startDate?: FilterProperty<string>;
  endDate?: FilterProperty<string>;
  state?: FilterProperty<ProcessInstanceState>;
  hasIncident?: boolean;
  tenantId?: FilterProperty<string>;
}

export interface ElementInstanceFilter {
  processDefinitionId?: string;
  state?: FilterProperty<ElementInstanceState>;
  type?: ElementInstanceType;
  elementId?: string;
  elementName?: string;
  hasIncident?: boolean;
  elementInstanceKey?: Key;
  processInstanceKey?: Key;
  processDefinitionKey?: Key;
  incidentKey?: Key;
  startDate?: FilterProperty<string>;
  endDate?: FilterProperty<string>;
  elementInstanceScopeKey?: Key;
}

export interface VariableFilter {
  name?: FilterProperty<string>;
  value?: FilterProperty<string>;
  variableKey?: FilterProperty<Key>;
  scopeKey?: FilterProperty<Key>;
  processInstanceKey?: FilterProperty<Key>;
  isTruncated?: boolean;
}

/** Oficio extension: one value a variable took. */
export interface VariableChangeResult {
  variableKey: Key;
  name: string;
  /** The value as JSON text. */
  value: string;
  scopeKey: Key;
  processInstanceKey: Key;
  changedAt: string;
}

export interface VariableChangeFilter {
  processInstanceKey?: Key;
  variableKey?: Key;
  name?: FilterProperty<string>;
  scopeKey?: FilterProperty<Key>;
}

export interface IncidentFilter {
  processDefinitionId?: string;
  errorType?: IncidentErrorType;
  errorMessage?: string;
  elementId?: string;
  creationTime?: FilterProperty<string>;
  state?: 'ACTIVE' | 'RESOLVED';
  incidentKey?: Key;
  processDefinitionKey?: Key;
  processInstanceKey?: Key;
  elementInstanceKey?: Key;
  jobKey?: Key;
}

export interface UserTaskFilter {
  state?: FilterProperty<UserTaskState>;
  assignee?: FilterProperty<string>;
  priority?: FilterProperty<number>;
  elementId?: string;
  name?: string;
  candidateGroup?: FilterProperty<string>;
  candidateUser?: FilterProperty<string>;
  processDefinitionId?: string;
  creationDate?: FilterProperty<string>;
  completionDate?: FilterProperty<string>;
  followUpDate?: FilterProperty<string>;
  dueDate?: FilterProperty<string>;
  userTaskKey?: Key;
  processDefinitionKey?: Key;
  processInstanceKey?: Key;
  elementInstanceKey?: Key;
}

export interface ProcessDefinitionFilter {
  name?: FilterProperty<string>;
  processDefinitionId?: FilterProperty<string>;
  processDefinitionKey?: Key;
  version?: number;
  isLatestVersion?: boolean;
  resourceName?: string;
}

export type ProcessInstanceSortField =
  | 'processInstanceKey'
  | 'processDefinitionId'
  | 'processDefinitionName'
  | 'processDefinitionVersion'
  | 'processDefinitionKey'
  | 'startDate'
  | 'endDate'
  | 'state'
  | 'hasIncident';
export type ElementInstanceSortField = 'elementInstanceKey' | 'processInstanceKey' | 'startDate' | 'endDate' | 'elementId' | 'type' | 'state';
export type VariableSortField = 'name' | 'value' | 'variableKey' | 'scopeKey' | 'processInstanceKey';
export type IncidentSortField = 'incidentKey' | 'processInstanceKey' | 'creationTime' | 'errorType' | 'state' | 'elementId';
export type UserTaskSortField = 'creationDate' | 'completionDate' | 'followUpDate' | 'dueDate' | 'priority' | 'name';
export type ProcessDefinitionSortField = 'processDefinitionKey' | 'name' | 'version' | 'processDefinitionId';

// ---------------------------------------------------------------------------------------------
// Messages

export interface MessagePublicationRequest {
  name: string;
  correlationKey?: string;
  /** Milliseconds the message is buffered for subscriptions that open later. */
  timeToLive?: number;
  messageId?: string;
  variables?: Variables;
  tenantId?: string;
}

export interface MessagePublicationResult {
  tenantId?: string;
  messageKey?: Key;
}

// ---------------------------------------------------------------------------------------------
// Jobs and workers

/** What a job handler must return: only the job's own action methods produce it. */
export declare const JobActionReceipt: unique symbol;
export type JobActionReceipt = 'JOB_ACTION_RECEIPT';

export interface JobFailRequest {
  /** The retries left after this failure; 0 raises an incident. */
  retries?: number;
  errorMessage?: string;
  /** Milliseconds before the job may be activated again. */
  retryBackOff?: number;
  variables?: Variables;
}

export interface JobErrorRequest {
  errorCode: string;
  errorMessage?: string | null;
  variables?: Variables | null;
}

export interface ActivatedJob {
  type: string;
  processDefinitionId: string;
  processDefinitionVersion: number;
  elementId: string;
  customHeaders: { [key: string]: unknown };
  worker: string;
  retries: number;
  /** Epoch milliseconds after which the job is handed out again. */
  deadline: number;
  variables: Variables;
  tenantId: string;
  jobKey: Key;
  processInstanceKey: Key;
  processDefinitionKey: Key;
  elementInstanceKey: Key;
  kind: 'BPMN_ELEMENT';
  listenerEventType: 'UNSPECIFIED';
}

export interface Job extends ActivatedJob {
  complete(variables?: Variables): Promise<JobActionReceipt>;
  fail(body: JobFailRequest): Promise<JobActionReceipt>;
  error(error: JobErrorRequest): Promise<JobActionReceipt>;
  /** Cancels the whole process instance the job belongs to. */
  cancelWorkflow(): Promise<JobActionReceipt>;
  /** Acknowledges without answering: the job times out and is handed out again. */
  ignore(): Promise<JobActionReceipt>;
  modifyJobTimeout(input: { newTimeoutMs: number }): Promise<void>;
  modifyRetries(input: { retries: number }): Promise<void>;
}

export interface JobWorkerConfig {
  jobType: string;
  jobHandler: (job: Job) => Promise<JobActionReceipt> | JobActionReceipt;
  maxParallelJobs: number;
  jobTimeoutMs: number;
  /** Only these variables are fetched; all visible variables when absent. */
  fetchVariables?: string[];
  pollIntervalMs?: number;
  workerName?: string;
  autoStart?: boolean;
}

export interface JobWorker {
  readonly name: string;
  readonly activeJobs: number;
  readonly stopped: boolean;
  start(): void;
  stop(): void;
  stopGracefully(opts?: { waitUpToMs?: number; checkIntervalMs?: number }): Promise<{ remainingJobs: number; timedOut: boolean }>;
}

export interface JobUpdateRequest {
  jobKey: Key;
  changeset: { retries?: number | null; timeout?: number | null };
  operationReference?: string | number;
}

// ---------------------------------------------------------------------------------------------
// Oficio extension: work that commits with a command, and the commands the engine carried out

/**
 * Oficio extension (not in the Camunda API): what a state-changing command the platform audits
 * takes besides its Camunda input — the caller's own work (its audit event) to commit together with
 * the command, so that the action and its record exist together or not at all.
 */
export interface CommandOptions<O = void> {
  /**
   * Runs after the command has done its work and before it commits, inside the command's own store
   * transaction, with what the command did (`outcome`: the new instance's key, a message's key …).
   * What it writes through `tx` commits with the command; when it throws, the command is rolled
   * back — nothing of it happened — and the error reaches the caller. It may run more than once
   * when the engine retries a command that lost a race with another writer (every earlier run was
   * rolled back with its attempt), so it must do nothing outside `tx`.
   *
   * Only an engine with `atomicCommandHooks` runs it; any other refuses a command given one
   * (NOT_SUPPORTED) rather than run it apart from the command.
   */
  withinCommand?: (tx: Transaction, outcome: O) => Promise<void>;
}

/** What an instance start did, as a `withinCommand` hook sees it (before any awaited completion). */
export type ProcessInstanceCreation = Pick<CreateProcessInstanceResult, 'processInstanceKey' | 'processDefinitionKey' | 'processDefinitionId' | 'processDefinitionVersion'>;

/** A process instance the engine is creating, as an InstanceCreationHook sees it. */
export interface InstanceCreation {
  processInstanceKey: Key;
  processDefinitionKey: Key;
  processDefinitionId: string;
  processDefinitionName: string;
  processDefinitionVersion: number;
  /** When it starts (ISO 8601, the engine's clock): its startDate. */
  startDate: string;
  /** What created it: a start command (createProcessInstance), a call activity, a message or a timer start event. */
  cause: 'command' | 'callActivity' | 'message' | 'timer';
  /** The variables it is created with (a called instance: what its call activity passes it). */
  variables: Variables;
  /** The zeebe:properties of its process element, by name (contracts/bpmn.ts reads Oficio's among them). */
  processProperties: Readonly<Record<string, string>>;
  /** A called instance: the instance of its call activity. */
  parentProcessInstanceKey?: Key;
  /** The root of its call hierarchy: itself, unless a call activity created it. */
  rootProcessInstanceKey: Key;
}

/**
 * Oficio extension (not in the Camunda API): told of every process instance the engine creates —
 * a start command, a call activity's child, a message or timer start — inside the creating
 * command's own store transaction, BEFORE the instance takes its first step. The variables it
 * answers become variables of the new instance's own scope (over those it was created with), so
 * its start event and everything after see them. What it writes through `tx` commits with the
 * command; when it throws, the command is rolled back (nothing of it happened: a start fails with
 * the error, a job's completion or a timer is tried again). Like `withinCommand`, it may run more
 * than once when the engine retries a command, so it must do nothing outside `tx`.
 *
 * Only an engine that shares Oficio's store can run it (the embedded engine, given it as an option);
 * a Camunda cluster cannot, and its callers do the work around their own calls instead.
 */
export type InstanceCreationHook = (tx: Transaction, instance: InstanceCreation) => Promise<Variables | undefined | void>;

/** A variable of an instance's own scope that a step set or changed. */
export interface RootVariableChange {
  processInstanceKey: Key;
  /** The root of its call hierarchy (see InstanceCreation). */
  rootProcessInstanceKey: Key;
  name: string;
  value: unknown;
}

/**
 * Oficio extension (not in the Camunda API): told, inside the step's own store transaction, of the
 * changes a step made to the variables named in `names` in an instance's own scope (a worker's
 * `ticket`, say). Same rules as InstanceCreationHook: it writes only through `tx`, a throw rolls
 * the step back, it may run more than once. Embedded engine only.
 */
export interface RootVariableWatch {
  names: readonly string[];
  changed(tx: Transaction, changes: RootVariableChange[]): Promise<void>;
}

/**
 * The commands an engine records having carried out on request — not what it does on its own
 * (a call activity's child, a message or timer start, an incident closed because its element was
 * cancelled) — so that `audit verify` can prove each has its audit event.
 */
export type EngineCommandType = 'PROCESS_INSTANCE_CREATION' | 'USER_TASK_ASSIGNMENT' | 'USER_TASK_UNASSIGNMENT' | 'USER_TASK_COMPLETION' | 'INCIDENT_RESOLUTION';

/** Oficio extension: one command the engine carried out. */
export interface EngineCommandResult {
  commandKey: Key;
  type: EngineCommandType;
  processInstanceKey: Key;
  userTaskKey?: Key;
  incidentKey?: Key;
  /** An assignment's new assignee. */
  assignee?: string;
  /** When it committed (ISO 8601, the engine's clock). */
  executedAt: string;
}

export interface EngineCommandFilter {
  type?: FilterProperty<EngineCommandType>;
  processInstanceKey?: Key;
  userTaskKey?: Key;
}

// ---------------------------------------------------------------------------------------------
// The port

export interface EnginePort {
  deployResourcesFromFiles(resourceFilenames: string[], options?: { tenantId?: string }): Promise<ExtendedDeploymentResult>;
  createDeployment(input: { resources: DeploymentResource[]; tenantId?: string }): Promise<ExtendedDeploymentResult>;
  searchProcessDefinitions(input?: SearchQuery<ProcessDefinitionFilter, ProcessDefinitionSortField>): Promise<SearchQueryResponse<ProcessDefinitionResult>>;
  getProcessDefinitionXml(input: { processDefinitionKey: Key }): Promise<string>;

  createProcessInstance(input: ProcessInstanceCreationInstruction, options?: CommandOptions<ProcessInstanceCreation>): Promise<CreateProcessInstanceResult>;
  cancelProcessInstance(input: { processInstanceKey: Key; operationReference?: string | number }, options?: CommandOptions): Promise<void>;
  getProcessInstance(input: { processInstanceKey: Key }): Promise<ProcessInstanceResult>;
  searchProcessInstances(input?: SearchQuery<ProcessInstanceFilter, ProcessInstanceSortField>): Promise<SearchQueryResponse<ProcessInstanceResult>>;
  searchElementInstances(input?: SearchQuery<ElementInstanceFilter, ElementInstanceSortField>): Promise<SearchQueryResponse<ElementInstanceResult>>;
  searchVariables(input?: SearchQuery<VariableFilter, VariableSortField>): Promise<SearchQueryResponse<VariableResult>>;
  /**
   * Oficio extension (not in the Camunda API): every value each variable took, in the order the
   * changes happened. The embedded engine keeps it; an adapter that cannot leaves it out.
   */
  searchVariableHistory?(input?: SearchQuery<VariableChangeFilter, 'changedAt' | 'variableKey'>): Promise<SearchQueryResponse<VariableChangeResult>>;

  publishMessage(input: MessagePublicationRequest, options?: CommandOptions<MessagePublicationResult>): Promise<MessagePublicationResult>;

  createJobWorker(config: JobWorkerConfig): JobWorker;
  updateJob(input: JobUpdateRequest, options?: CommandOptions): Promise<void>;

  searchUserTasks(input?: SearchQuery<UserTaskFilter, UserTaskSortField>): Promise<SearchQueryResponse<UserTaskResult>>;
  getUserTask(input: { userTaskKey: Key }): Promise<UserTaskResult>;
  assignUserTask(input: { userTaskKey: Key; assignee: string; allowOverride?: boolean | null; action?: string | null }, options?: CommandOptions): Promise<void>;
  unassignUserTask(input: { userTaskKey: Key }, options?: CommandOptions): Promise<void>;
  completeUserTask(input: { userTaskKey: Key; variables?: Variables | null; action?: string | null }, options?: CommandOptions): Promise<void>;

  searchIncidents(input?: SearchQuery<IncidentFilter, IncidentSortField>): Promise<SearchQueryResponse<IncidentResult>>;
  resolveIncident(input: { incidentKey: Key; operationReference?: string | number }, options?: CommandOptions): Promise<void>;

  /**
   * Oficio extension: whether the state-changing commands above (and `jobs`' answers) run a
   * `CommandOptions.withinCommand` hook inside their own store transaction, so the caller's audit
   * event commits with the command. The embedded engine does; a Camunda cluster shares no
   * transaction with Oficio's store, so its adapter leaves this out and refuses hooks — callers then
   * record an intent before the call and its confirmation after (server/core/audit/commands.ts).
   */
  readonly atomicCommandHooks?: boolean;
  /**
   * Oficio extension: the commands the engine carried out on request (see EngineCommandType), in
   * the order they committed, for `audit verify` to prove each has its audit event. The embedded
   * engine records each in the command's own transaction; an adapter that cannot leaves it out.
   */
  searchCommandHistory?(input?: SearchQuery<EngineCommandFilter, 'commandKey' | 'userTaskKey'>): Promise<SearchQueryResponse<EngineCommandResult>>;

  /**
   * Optional capability: answering jobs by their keys, as a worker in another process does through
   * the Camunda REST API. An engine that has it can serve /v2 (the embedded engine); a Camunda
   * cluster serves /v2 itself, so its adapter leaves it out.
   */
  readonly jobs?: JobCommands;

  /** Stops workers and timers; pending work stays in the store for the next start. */
  close(): Promise<void>;
}

/** A job as activation hands it out. */
export type ActivatedJobRecord = Pick<
  ActivatedJob,
  | 'type'
  | 'processDefinitionId'
  | 'processDefinitionVersion'
  | 'elementId'
  | 'customHeaders'
  | 'retries'
  | 'deadline'
  | 'variables'
  | 'jobKey'
  | 'processInstanceKey'
  | 'processDefinitionKey'
  | 'elementInstanceKey'
> & { worker?: string };

/** Handing out jobs and answering them by key (POST /v2/jobs/activation, /v2/jobs/:key/completion …). */
export interface JobCommands {
  activateJobs(input: { type: string; maxJobsToActivate: number; timeout: number; worker?: string; fetchVariable?: string[] }): Promise<ActivatedJobRecord[]>;
  completeJob(input: { jobKey: string; variables?: Variables }, options?: CommandOptions): Promise<void>;
  failJob(input: { jobKey: string; retries?: number; errorMessage?: string; retryBackOff?: number; variables?: Variables }, options?: CommandOptions): Promise<void>;
  throwJobError(input: { jobKey: string; errorCode: string; errorMessage?: string | null; variables?: Variables | null }, options?: CommandOptions): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// Errors: the status says what the caller did wrong, as the Camunda API's problem responses do.

export type EngineErrorCode =
  | 'INVALID_ARGUMENT'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'INVALID_STATE'
  | 'DEPLOYMENT_REJECTED'
  /** The engine behind the port cannot do this (an Oficio extension a Camunda cluster lacks). */
  | 'NOT_SUPPORTED'
  /** The engine could not be reached, refused Oficio's credentials or answered unexpectedly. */
  | 'UNAVAILABLE';

const STATUS: Record<EngineErrorCode, number> = {
  INVALID_ARGUMENT: 400,
  NOT_FOUND: 404,
  CONFLICT: 409,
  INVALID_STATE: 409,
  DEPLOYMENT_REJECTED: 400,
  NOT_SUPPORTED: 501,
  UNAVAILABLE: 503,
};

const KIND: Record<EngineErrorCode, ErrorKind> = {
  INVALID_ARGUMENT: 'invalid',
  NOT_FOUND: 'not-found',
  CONFLICT: 'conflict',
  INVALID_STATE: 'conflict',
  DEPLOYMENT_REJECTED: 'invalid',
  NOT_SUPPORTED: 'not-implemented',
  UNAVAILABLE: 'unavailable',
};

/**
 * A refusal of the engine: its Camunda code and status, the engine's own English sentence as the
 * message (a Camunda cluster's text, for logs and API clients), and the catalogue entry
 * `http.engine.<code>` that says it to a person.
 */
export class EngineError extends DomainError {
  readonly status: number;
  constructor(
    readonly code: EngineErrorCode,
    message: string,
    /** Values for the message catalogue (what, which key, which element). */
    params: Record<string, string | number> = {},
    options: Pick<DomainErrorOptions, 'fields' | 'cause'> & { messageKey?: MessageKey; problemId?: string } = {},
  ) {
    const { messageKey = `http.engine.${code}` as MessageKey, problemId = `engine.${code}`, ...rest } = options;
    super(KIND[code], messageKey, params, { ...rest, message, problemId, details: { reason: message } });
    this.name = 'EngineError';
    this.status = STATUS[code];
  }
}

/** One reason a resource cannot be deployed, naming the element. */
export interface DeploymentProblem {
  resourceName: string;
  elementId?: string;
  elementType?: string;
  /** English, for logs and API clients. */
  message: string;
  /**
   * Stable code of the problem (e.g. 'unsupportedElement', 'jobNeedsType', 'invalidFeel'): its text,
   * in Spanish and English, is `deploy.<code>` in server/i18n/messages/deploy.ts. Absent on problems that
   * have no catalogue entry yet; show `message` then.
   */
  code?: string;
  /** The values of the placeholders of `deploy.<code>` (`what` and `event` hold catalogue term ids). */
  params?: Record<string, string | number>;
}

export class DeploymentRejectedError extends EngineError {
  constructor(readonly problems: DeploymentProblem[]) {
    super(
      'DEPLOYMENT_REJECTED',
      'Deployment rejected:\n' +
        problems.map((p) => `- ${p.resourceName}${p.elementId ? ` element '${p.elementId}'` : ''}${p.elementType ? ` (${p.elementType})` : ''}: ${p.message}`).join('\n'),
      { count: problems.length },
      {
        messageKey: 'http.deploymentRejected',
        problemId: 'engine.deploymentRejected',
        // Each problem on its element, in the reader's language where the catalogue has its code.
        fields: problems.map((p) => ({
          field: p.elementId ?? '',
          message: p.message,
          ...(p.code ? { code: p.code, messageKey: `deploy.${p.code}` as MessageKey, params: p.params ?? {} } : {}),
        })),
      },
    );
    this.name = 'DeploymentRejectedError';
  }
}
