// The engine port on a Camunda 8.8 cluster, through the SDK's Orchestration Cluster REST client:
// the port already mirrors its methods and shapes, so most calls pass through; what is added is
// error translation, the task listeners at deploy and Oficio's record of user tasks.
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import {
  EngineError,
  type CommandOptions,
  type CreateProcessInstanceResult,
  type DeploymentResource,
  type ElementInstanceFilter,
  type ElementInstanceResult,
  type ElementInstanceSortField,
  type EnginePort,
  type ExtendedDeploymentResult,
  type IncidentFilter,
  type IncidentResult,
  type IncidentSortField,
  type JobUpdateRequest,
  type JobWorker,
  type JobWorkerConfig,
  type MessagePublicationRequest,
  type MessagePublicationResult,
  type ProcessDefinitionFilter,
  type ProcessDefinitionResult,
  type ProcessDefinitionSortField,
  type ProcessInstanceCreation,
  type ProcessInstanceCreationInstruction,
  type ProcessInstanceFilter,
  type ProcessInstanceResult,
  type ProcessInstanceSortField,
  type SearchQuery,
  type SearchQueryResponse,
  type UserTaskFilter,
  type UserTaskResult,
  type UserTaskSortField,
  type VariableFilter,
  type VariableResult,
  type VariableSortField,
  type Variables,
} from '../port.js';
import type { Logger } from '../../log.js';
import type { Store } from '../../store/port.js';
import { clusterAddress, createSdkClient, type SdkClient, type SdkSettings } from './client.js';
import { deploymentRejection, translateError, type Operation } from './errors.js';
import { userTaskModels, withTaskListeners, type UserTaskModel } from './models.js';
import { startTaskListenerWorker, UserTaskRecords, type CompletionCheck } from './user-tasks.js';
import { CamundaJobWorker } from './workers.js';

export interface CamundaEngineOptions {
  /** The SDK's own variables (ZEEBE_REST_ADDRESS, CAMUNDA_AUTH_STRATEGY, …), from config.ts. */
  settings: SdkSettings;
  /**
   * Oficio's store: Oficio's task listeners record every user task there and the port's user task
   * reads answer from it. Without it no listener worker runs and user tasks are read from
   * Camunda's (eventually consistent) search.
   */
  userTasks?: { store: Store; checkCompletion?: CompletionCheck };
  /** Add Oficio's task listeners to the user tasks of deployed models (default true). */
  taskListeners?: boolean;
  /** Where the task listener's failures are reported (the operator's log). */
  log?: Logger;
}

export interface CamundaEngine extends EnginePort {
  /** The cluster's REST address, for messages. */
  readonly address: string;
}

/** Searches answer at once: Oficio polls where it must wait, as it does on the embedded engine. */
const NOW = { consistency: { waitUpToMs: 0 } };
/** A definition just deployed may take a moment to reach Camunda's search. */
const DEFINITION_WAIT = { consistency: { waitUpToMs: 10_000, pollIntervalMs: 200 } };
/** Element types whose instances are the scope of other element instances. */
const SCOPE_TYPES = ['SUB_PROCESS', 'EVENT_SUB_PROCESS', 'AD_HOC_SUB_PROCESS', 'MULTI_INSTANCE_BODY'] as const;
const PAGE_MAX = 10_000;

/**
 * A cluster shares no transaction with Oficio's store, so work cannot commit with its commands: a
 * hook is refused rather than run apart (the port's atomicCommandHooks is left out; callers record
 * an intent before the call and confirm it after).
 */
function refuseHook(options: CommandOptions<never> | undefined): void {
  if (options?.withinCommand) throw new EngineError('NOT_SUPPORTED', 'A Camunda cluster cannot commit work together with its commands', { feature: 'withinCommand' });
}

export function createCamundaEngine(options: CamundaEngineOptions): CamundaEngine {
  return new Engine(options);
}

type Loose = Record<string, unknown>;

class Engine implements CamundaEngine {
  readonly address: string;
  private readonly client: SdkClient;
  private readonly records?: UserTaskRecords;
  private readonly listenerWorker?: { shutdown(waitUpToMs: number): Promise<void> };
  private readonly workers = new Set<CamundaJobWorker>();
  /** The XML this process deployed, by process definition key; the rest is read back from Camunda. */
  private readonly models = new Map<string, Promise<Map<string, UserTaskModel>>>();
  private readonly addListeners: boolean;

  constructor(options: CamundaEngineOptions) {
    this.address = clusterAddress(options.settings);
    this.client = createSdkClient(options.settings);
    this.addListeners = options.taskListeners !== false;
    if (options.userTasks) {
      this.records = new UserTaskRecords(options.userTasks.store);
      this.listenerWorker = startTaskListenerWorker({
        client: this.client,
        records: this.records,
        modelOf: (key, elementId) => this.modelOf(key, elementId),
        ...(options.userTasks.checkCompletion ? { checkCompletion: options.userTasks.checkCompletion } : {}),
        ...(options.log ? { log: options.log } : {}),
      });
    }
  }

  /** Runs one SDK call, its failure translated. */
  private async call<T>(op: Operation, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw translateError(error, op, this.address);
    }
  }

  // ------------------------------------------------------------------------------------------
  // Deployments

  async deployResourcesFromFiles(resourceFilenames: string[], options?: { tenantId?: string }): Promise<ExtendedDeploymentResult> {
    const resources: DeploymentResource[] = [];
    for (const file of resourceFilenames) {
      try {
        resources.push({ name: basename(file), content: await readFile(file, 'utf8') });
      } catch {
        throw new EngineError('INVALID_ARGUMENT', `Cannot read resource file '${file}'`, { file });
      }
    }
    return this.createDeployment({ resources, ...(options?.tenantId ? { tenantId: options.tenantId } : {}) });
  }

  async createDeployment(input: { resources: DeploymentResource[]; tenantId?: string }): Promise<ExtendedDeploymentResult> {
    const sent: Array<{ name: string; xml: string }> = [];
    for (const resource of input?.resources ?? []) {
      if (!resource?.name) throw new EngineError('INVALID_ARGUMENT', 'Every resource needs a name');
      const xml = 'content' in resource ? (typeof resource.content === 'string' ? resource.content : new TextDecoder().decode(resource.content)) : await (resource as Blob).text();
      sent.push({ name: resource.name, xml: this.addListeners && /\.bpmn$/i.test(resource.name) ? await withTaskListeners(xml) : xml });
    }
    let result: Loose;
    try {
      result = (await this.client.createDeployment({
        resources: sent.map((r) => new File([r.xml], r.name, { type: 'application/xml' })) as never,
        ...(input.tenantId ? { tenantId: input.tenantId } : {}),
      })) as unknown as Loose;
    } catch (error) {
      throw await deploymentRejection(error, sent, this.address);
    }
    const processes = ((result.processes as Loose[] | undefined) ?? []).map((p) => ({
      processDefinitionId: String(p.processDefinitionId),
      processDefinitionVersion: Number(p.processDefinitionVersion),
      resourceName: String(p.resourceName),
      tenantId: String(p.tenantId),
      processDefinitionKey: String(p.processDefinitionKey),
    }));
    for (const p of processes) {
      const xml = sent.find((r) => r.name === p.resourceName)?.xml;
      if (xml) this.models.set(p.processDefinitionKey, userTaskModels(xml));
    }
    const forms = ((result.forms as Loose[] | undefined) ?? []).map((f) => ({
      formId: String(f.formId),
      version: Number(f.version),
      resourceName: String(f.resourceName),
      tenantId: String(f.tenantId),
      formKey: String(f.formKey),
    }));
    return {
      tenantId: String(result.tenantId),
      deploymentKey: String(result.deploymentKey),
      deployments: [...processes.map((processDefinition) => ({ processDefinition })), ...forms.map((form) => ({ form }))],
      processes,
      decisions: [],
      decisionRequirements: [],
      forms,
      resources: [],
    };
  }

  async searchProcessDefinitions(input: SearchQuery<ProcessDefinitionFilter, ProcessDefinitionSortField> = {}): Promise<SearchQueryResponse<ProcessDefinitionResult>> {
    const result = await this.call({ action: 'search process definitions' }, () => this.client.searchProcessDefinitions(query(input) as never, NOW));
    return page(result, (d) => ({
      ...(d.name !== undefined ? { name: String(d.name) } : {}),
      ...(d.resourceName !== undefined ? { resourceName: String(d.resourceName) } : {}),
      ...(d.version !== undefined ? { version: Number(d.version) } : {}),
      ...(d.versionTag !== undefined ? { versionTag: String(d.versionTag) } : {}),
      ...(d.processDefinitionId !== undefined ? { processDefinitionId: String(d.processDefinitionId) } : {}),
      ...(d.tenantId !== undefined ? { tenantId: String(d.tenantId) } : {}),
      ...(d.processDefinitionKey !== undefined ? { processDefinitionKey: String(d.processDefinitionKey) } : {}),
      ...(d.hasStartForm !== undefined ? { hasStartForm: Boolean(d.hasStartForm) } : {}),
    }));
  }

  async getProcessDefinitionXml(input: { processDefinitionKey: string }): Promise<string> {
    const key = input.processDefinitionKey;
    const xml = await this.call({ action: `read the XML of process definition '${key}'`, key }, () => this.client.getProcessDefinitionXml({ processDefinitionKey: key }, NOW));
    return String(xml);
  }

  /** The model of a user task: from this process's own deployments, else read back from Camunda. */
  private async modelOf(processDefinitionKey: string, elementId: string): Promise<UserTaskModel | undefined> {
    let models = this.models.get(processDefinitionKey);
    if (!models) {
      models = this.client
        .getProcessDefinitionXml({ processDefinitionKey }, DEFINITION_WAIT)
        .then((xml) => userTaskModels(String(xml)))
        .catch((error: unknown) => {
          // Not cached, and not guessed: the listener job fails and Camunda hands it out again, rather
          // than a task being recorded without its form (and then completed without its checks).
          this.models.delete(processDefinitionKey);
          throw error;
        });
      this.models.set(processDefinitionKey, models);
    }
    return (await models).get(elementId);
  }

  // ------------------------------------------------------------------------------------------
  // Process instances

  async createProcessInstance(input: ProcessInstanceCreationInstruction, options?: CommandOptions<ProcessInstanceCreation>): Promise<CreateProcessInstanceResult> {
    refuseHook(options);
    if (input?.variables !== undefined && (input.variables === null || typeof input.variables !== 'object' || Array.isArray(input.variables))) {
      throw new EngineError('INVALID_ARGUMENT', 'The variables must be a JSON object');
    }
    const what = input.processDefinitionKey ?? input.processDefinitionId ?? '';
    const body: Loose = input.processDefinitionKey
      ? { processDefinitionKey: input.processDefinitionKey }
      : { processDefinitionId: input.processDefinitionId, ...(input.processDefinitionVersion !== undefined ? { processDefinitionVersion: input.processDefinitionVersion } : {}) };
    for (const field of ['variables', 'tenantId', 'operationReference', 'awaitCompletion', 'fetchVariables', 'requestTimeout', 'tags'] as const) {
      if (input[field] !== undefined) body[field] = input[field];
    }
    const result = (await this.call({ action: `start an instance of '${what}'`, key: String(what) }, () => this.client.createProcessInstance(body as never))) as unknown as Loose;
    return {
      processDefinitionId: String(result.processDefinitionId),
      processDefinitionVersion: Number(result.processDefinitionVersion),
      tenantId: String(result.tenantId),
      variables: (result.variables as Variables | undefined) ?? {},
      processDefinitionKey: String(result.processDefinitionKey),
      processInstanceKey: String(result.processInstanceKey),
      ...(Array.isArray(result.tags) && result.tags.length ? { tags: (result.tags as unknown[]).map(String) } : {}),
    };
  }

  async cancelProcessInstance(input: { processInstanceKey: string; operationReference?: string | number }, options?: CommandOptions): Promise<void> {
    refuseHook(options);
    const key = input.processInstanceKey;
    await this.call({ action: `cancel process instance '${key}'`, key }, () =>
      this.client.cancelProcessInstance({ processInstanceKey: key, ...(input.operationReference !== undefined ? { operationReference: Number(input.operationReference) } : {}) } as never),
    );
  }

  async getProcessInstance(input: { processInstanceKey: string }): Promise<ProcessInstanceResult> {
    const key = input.processInstanceKey;
    const result = await this.call({ action: `read process instance '${key}'`, key }, () => this.client.getProcessInstance({ processInstanceKey: key }, NOW));
    return toProcessInstance(result as unknown as Loose);
  }

  async searchProcessInstances(input: SearchQuery<ProcessInstanceFilter, ProcessInstanceSortField> = {}): Promise<SearchQueryResponse<ProcessInstanceResult>> {
    const result = await this.call({ action: 'search process instances' }, () => this.client.searchProcessInstances(query(input) as never, NOW));
    return page(result, toProcessInstance);
  }

  async searchElementInstances(input: SearchQuery<ElementInstanceFilter, ElementInstanceSortField> = {}): Promise<SearchQueryResponse<ElementInstanceResult>> {
    const result = await this.rawElementInstances(input);
    await this.addFlowScopes(result.items);
    return result;
  }

  private async rawElementInstances(input: SearchQuery<ElementInstanceFilter, ElementInstanceSortField>): Promise<SearchQueryResponse<ElementInstanceResult>> {
    const result = await this.call({ action: 'search element instances' }, () => this.client.searchElementInstances(query(input) as never, NOW));
    return page(result, (e) => ({
      processDefinitionId: String(e.processDefinitionId),
      startDate: String(e.startDate),
      ...(e.endDate ? { endDate: String(e.endDate) } : {}),
      elementId: String(e.elementId),
      elementName: String(e.elementName ?? ''),
      type: e.type as ElementInstanceResult['type'],
      state: e.state as ElementInstanceResult['state'],
      hasIncident: Boolean(e.hasIncident),
      tenantId: String(e.tenantId),
      elementInstanceKey: String(e.elementInstanceKey),
      processInstanceKey: String(e.processInstanceKey),
      processDefinitionKey: String(e.processDefinitionKey),
      ...(e.incidentKey ? { incidentKey: String(e.incidentKey) } : {}),
    }));
  }

  /**
   * Camunda does not say which scope an element instance runs in, only which instances a scope
   * holds (`elementInstanceScopeKey`): the scopes of each instance are asked for their members.
   */
  private async addFlowScopes(items: ElementInstanceResult[]) {
    const wanted = items.filter((i) => i.type !== 'PROCESS' && !i.flowScopeKey);
    const instances = [...new Set(wanted.map((i) => i.processInstanceKey))];
    if (!wanted.length || instances.length > 20) return;
    const scopeOf = new Map<string, string>();
    for (const processInstanceKey of instances) {
      const scopes = [processInstanceKey];
      for (const type of SCOPE_TYPES) {
        const { items: found } = await this.rawElementInstances({ filter: { processInstanceKey, type: type as ElementInstanceResult['type'] }, page: { limit: PAGE_MAX } });
        scopes.push(...found.map((s) => s.elementInstanceKey));
      }
      for (const scope of scopes) {
        const { items: members } = await this.rawElementInstances({ filter: { elementInstanceScopeKey: scope }, page: { limit: PAGE_MAX } });
        for (const member of members) if (member.elementInstanceKey !== scope) scopeOf.set(member.elementInstanceKey, scope);
      }
    }
    for (const item of wanted) {
      const scope = scopeOf.get(item.elementInstanceKey);
      if (scope) item.flowScopeKey = scope;
    }
  }

  async searchVariables(input: SearchQuery<VariableFilter, VariableSortField> = {}): Promise<SearchQueryResponse<VariableResult>> {
    // Oficio reads whole values, as the embedded engine keeps them.
    const result = await this.call({ action: 'search variables' }, () => this.client.searchVariables({ ...query(input), truncateValues: false } as never, NOW));
    return page(result, (v) => ({
      name: String(v.name),
      value: String(v.value),
      tenantId: String(v.tenantId),
      variableKey: String(v.variableKey),
      scopeKey: String(v.scopeKey),
      processInstanceKey: String(v.processInstanceKey),
      ...(v.isTruncated !== undefined ? { isTruncated: Boolean(v.isTruncated) } : {}),
    }));
  }

  // searchVariableHistory is left out: Camunda keeps only the current value of a variable.

  // ------------------------------------------------------------------------------------------
  // Messages

  async publishMessage(input: MessagePublicationRequest, options?: CommandOptions<MessagePublicationResult>): Promise<MessagePublicationResult> {
    refuseHook(options);
    const body: Loose = { name: input.name, correlationKey: input.correlationKey ?? '' };
    for (const field of ['timeToLive', 'messageId', 'variables', 'tenantId'] as const) if (input[field] !== undefined) body[field] = input[field];
    const result = (await this.call({ action: `publish message '${input.name}'`, key: input.name }, () => this.client.publishMessage(body as never))) as unknown as Loose;
    return {
      ...(result?.tenantId !== undefined ? { tenantId: String(result.tenantId) } : {}),
      ...(result?.messageKey !== undefined ? { messageKey: String(result.messageKey) } : {}),
    };
  }

  // ------------------------------------------------------------------------------------------
  // Jobs

  createJobWorker(config: JobWorkerConfig): JobWorker {
    if (!config?.jobType) throw new EngineError('INVALID_ARGUMENT', 'A job worker needs a jobType');
    if (!(config.maxParallelJobs > 0)) throw new EngineError('INVALID_ARGUMENT', 'maxParallelJobs must be at least 1');
    if (!(config.jobTimeoutMs > 0)) throw new EngineError('INVALID_ARGUMENT', 'jobTimeoutMs must be greater than 0');
    const worker = new CamundaJobWorker(this.client, config, this.address);
    this.workers.add(worker);
    return worker;
  }

  async updateJob(input: JobUpdateRequest, options?: CommandOptions): Promise<void> {
    refuseHook(options);
    const { retries, timeout } = input.changeset ?? {};
    const changeset: Loose = {};
    if (retries !== undefined && retries !== null) changeset.retries = retries;
    if (timeout !== undefined && timeout !== null) changeset.timeout = timeout;
    await this.call({ action: `update job '${input.jobKey}'`, key: input.jobKey }, () =>
      this.client.updateJob({ jobKey: input.jobKey, changeset, ...(input.operationReference !== undefined ? { operationReference: Number(input.operationReference) } : {}) } as never),
    );
  }

  // ------------------------------------------------------------------------------------------
  // User tasks

  async searchUserTasks(input: SearchQuery<UserTaskFilter, UserTaskSortField> = {}): Promise<SearchQueryResponse<UserTaskResult>> {
    if (this.records) return this.records.search(input);
    const result = await this.call({ action: 'search user tasks' }, () => this.client.searchUserTasks(query(input) as never, NOW));
    return page(result, toUserTask);
  }

  async getUserTask(input: { userTaskKey: string }): Promise<UserTaskResult> {
    const key = input.userTaskKey;
    const recorded = await this.records?.get(key);
    if (recorded) return recorded;
    const result = await this.call({ action: `read user task '${key}'`, key }, () => this.client.getUserTask({ userTaskKey: key }, NOW));
    return toUserTask(result as unknown as Loose);
  }

  async assignUserTask(input: { userTaskKey: string; assignee: string; allowOverride?: boolean | null; action?: string | null }, options?: CommandOptions): Promise<void> {
    refuseHook(options);
    if (!input?.assignee) throw new EngineError('INVALID_ARGUMENT', 'An assignee is required');
    const key = input.userTaskKey;
    await this.call(
      // Camunda refuses to claim a task someone holds with INVALID_STATE; for the port that is a conflict.
      { action: `assign user task '${key}'`, key, conflict: (detail) => input.allowOverride === false && /assign/i.test(detail) },
      () =>
        this.client.assignUserTask({
          userTaskKey: key,
          assignee: input.assignee,
          ...(input.allowOverride !== undefined && input.allowOverride !== null ? { allowOverride: input.allowOverride } : {}),
          ...(input.action ? { action: input.action } : {}),
        } as never),
    );
  }

  async unassignUserTask(input: { userTaskKey: string }, options?: CommandOptions): Promise<void> {
    refuseHook(options);
    const key = input.userTaskKey;
    await this.call({ action: `unassign user task '${key}'`, key }, () => this.client.unassignUserTask({ userTaskKey: key } as never));
  }

  async completeUserTask(input: { userTaskKey: string; variables?: Variables | null; action?: string | null }, options?: CommandOptions): Promise<void> {
    refuseHook(options);
    if (input.variables !== undefined && input.variables !== null && (typeof input.variables !== 'object' || Array.isArray(input.variables))) {
      throw new EngineError('INVALID_ARGUMENT', 'The variables must be a JSON object');
    }
    const key = input.userTaskKey;
    // The completing listener checks what is submitted here, whether or not Camunda hands it the variables.
    await this.records?.holdCompletion(key, input.variables);
    try {
      await this.client.completeUserTask({ userTaskKey: key, ...(input.variables ? { variables: input.variables } : {}), ...(input.action ? { action: input.action } : {}) } as never);
    } catch (error) {
      await this.records?.releaseCompletion(key).catch(() => undefined);
      const e = error as { status?: number; detail?: string };
      const denied = e.status === 409 && typeof e.detail === 'string' ? /Reason to deny: '([\s\S]*)'/.exec(e.detail) : null;
      if (denied) {
        // The reason is Oficio's own (its completing listener's), in the catalogue's language.
        const refused = new EngineError('INVALID_ARGUMENT', `The completion of user task '${key}' was refused: ${denied[1]}`, { key, reason: denied[1]! });
        Object.defineProperty(refused, 'cause', { value: error });
        throw refused;
      }
      throw translateError(error, { action: `complete user task '${key}'`, key }, this.address);
    }
  }

  // ------------------------------------------------------------------------------------------
  // Incidents

  async searchIncidents(input: SearchQuery<IncidentFilter, IncidentSortField> = {}): Promise<SearchQueryResponse<IncidentResult>> {
    const result = await this.call({ action: 'search incidents' }, () => this.client.searchIncidents(query(input) as never, NOW));
    return page(result, (i) => {
      const out: IncidentResult = {};
      for (const field of [
        'processDefinitionId',
        'errorType',
        'errorMessage',
        'elementId',
        'creationTime',
        'state',
        'tenantId',
        'incidentKey',
        'processDefinitionKey',
        'processInstanceKey',
        'elementInstanceKey',
        'jobKey',
      ] as const) {
        if (i[field] !== undefined && i[field] !== null) (out as Record<string, unknown>)[field] = String(i[field]);
      }
      return out;
    });
  }

  async resolveIncident(input: { incidentKey: string; operationReference?: string | number }, options?: CommandOptions): Promise<void> {
    refuseHook(options);
    const key = input.incidentKey;
    await this.call({ action: `resolve incident '${key}'`, key }, () => this.client.resolveIncident({ incidentKey: key } as never));
  }

  // ------------------------------------------------------------------------------------------

  async close(): Promise<void> {
    // Listener handlers under way finish before the store they write to is closed.
    await this.listenerWorker?.shutdown(2000);
    await Promise.all([...this.workers].map((w) => w.shutdown(2000)));
    this.client.stopAllWorkers();
  }
}

// ---------------------------------------------------------------------------------------------
// Shapes

/** The port's query in the API's terms: sort orders in capitals, nothing undefined. */
function query(input: SearchQuery<unknown, string>): Loose {
  const out: Loose = {};
  if (input.filter && Object.keys(input.filter as object).length) out.filter = input.filter;
  if (input.sort?.length) out.sort = input.sort.map((s) => ({ field: s.field, order: String(s.order ?? 'ASC').toUpperCase() }));
  if (input.page) out.page = Object.fromEntries(Object.entries(input.page).filter(([, v]) => v !== undefined));
  return out;
}

/** A search answer as the port's page: totals as numbers (the SDK may answer them as bigint). */
function page<R>(result: unknown, map: (item: Loose) => R): SearchQueryResponse<R> {
  const r = (result ?? {}) as { items?: Loose[]; page?: Loose };
  const p = r.page ?? {};
  return {
    items: (r.items ?? []).map(map),
    page: {
      totalItems: Number(p.totalItems ?? 0),
      ...(p.hasMoreTotalItems !== undefined ? { hasMoreTotalItems: Boolean(p.hasMoreTotalItems) } : {}),
      ...(p.startCursor ? { startCursor: String(p.startCursor) } : {}),
      ...(p.endCursor ? { endCursor: String(p.endCursor) } : {}),
    },
  };
}

function toProcessInstance(p: Loose): ProcessInstanceResult {
  return {
    processDefinitionId: String(p.processDefinitionId),
    processDefinitionName: String(p.processDefinitionName ?? p.processDefinitionId),
    processDefinitionVersion: Number(p.processDefinitionVersion),
    ...(p.processDefinitionVersionTag ? { processDefinitionVersionTag: String(p.processDefinitionVersionTag) } : {}),
    startDate: String(p.startDate),
    ...(p.endDate ? { endDate: String(p.endDate) } : {}),
    state: p.state as ProcessInstanceResult['state'],
    hasIncident: Boolean(p.hasIncident),
    tenantId: String(p.tenantId),
    processInstanceKey: String(p.processInstanceKey),
    processDefinitionKey: String(p.processDefinitionKey),
    ...(p.parentProcessInstanceKey ? { parentProcessInstanceKey: String(p.parentProcessInstanceKey) } : {}),
    ...(p.parentElementInstanceKey ? { parentElementInstanceKey: String(p.parentElementInstanceKey) } : {}),
    ...(Array.isArray(p.tags) && p.tags.length ? { tags: (p.tags as unknown[]).map(String) } : {}),
  };
}

function toUserTask(t: Loose): UserTaskResult {
  const out: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(t)) {
    if (value === undefined || value === null) continue;
    if (/Key$/.test(field)) out[field] = String(value);
    else if (field === 'priority' || field === 'processDefinitionVersion') out[field] = Number(value);
    else out[field] = value;
  }
  return out as UserTaskResult;
}
