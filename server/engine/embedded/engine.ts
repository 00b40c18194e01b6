// The embedded engine behind the engine port: commands run as store transactions (see runtime.ts),
// timers and job deadlines follow the clock, job workers are served in-process.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { ConflictError, type Filter, type FindOptions, type Store, type Stored, type Transaction } from '../../store/port.js';
import {
  DeploymentRejectedError,
  EngineError,
  type CommandOptions,
  type CreateProcessInstanceResult,
  type DeploymentProblem,
  type DeploymentProcessResult,
  type DeploymentResource,
  type ElementInstanceResult,
  type EngineCommandFilter,
  type EngineCommandResult,
  type EnginePort,
  type ExtendedDeploymentResult,
  type IncidentResult,
  type InstanceCreationHook,
  type JobCommands,
  type JobWorker,
  type JobWorkerConfig,
  type MessagePublicationResult,
  type ProcessDefinitionResult,
  type ProcessInstanceCreation,
  type ProcessInstanceResult,
  type RootVariableWatch,
  type SearchQuery,
  type SearchQueryResponse,
  type UserTaskResult,
  type VariableResult,
  type Variables,
} from '../port.js';
import { putCondition, userTaskFilter } from '../user-task-records.js';
import { createSystemClock, type Clock } from './clock.js';
import { openCollections, txCollections, type Collections, type CommandDoc, type DefinitionDoc, type IncidentDoc, type JobDoc } from './collections.js';
import { evaluateExpr, evaluateInWorker, type WorkerOutcome } from './feel.js';
import { deploymentProblem, parseBpmn, type ProcessModel } from './model.js';
import {
  computeTimer,
  KeysExhausted,
  Step,
  WorkerEvaluationNeeded,
  type Definition,
  type Effects,
  type Instance,
  type StepHost,
  type UserTaskChange as StepUserTaskChange,
} from './runtime.js';
import { EmbeddedJobWorker, type ActivatedJobRecord } from './workers.js';
import type { Logger } from '../../log.js';

export interface EmbeddedEngineOptions {
  store: Store;
  /** Defaults to the system clock. */
  clock?: Clock;
  /** Told of every incident the engine raises, once, after the step that raised it commits (the operator's log). */
  onIncident?: (incident: RaisedIncident) => void;
  /** Told of every user task a step created, assigned, unassigned, completed or cancelled, after the step commits, in commit order (the live tasklist). */
  onUserTask?: (change: UserTaskChange) => void;
  /** Where a job worker that cannot activate jobs says so (standard error when absent). */
  log?: Pick<Logger, 'warn'>;
  /** The platform's work on every instance created, inside the creating command (the port's InstanceCreationHook: folios). */
  onInstanceCreated?: InstanceCreationHook;
  /** The platform's watch on root-scope variables, inside the step that changes them (the port's RootVariableWatch: case references). */
  rootVariables?: RootVariableWatch;
}

/** An incident as the engine raised it. */
export type RaisedIncident = Pick<
  IncidentDoc,
  'incidentKey' | 'errorType' | 'errorMessage' | 'elementId' | 'elementInstanceKey' | 'processInstanceKey' | 'processDefinitionKey' | 'processDefinitionId' | 'jobKey'
>;

export interface EmbeddedEngine extends EnginePort, JobCommands {
  /** Resolves once no job handler is running and no job is waiting for a free worker slot. */
  idle(): Promise<void>;
  /** The engine answers jobs by key itself (so it serves /v2): this capability is the engine. */
  readonly jobs: JobCommands;
  /** Hands out up to `maxJobsToActivate` jobs of a type (what workers call; exposed for the /v2 API). */
  activateJobs(input: { type: string; maxJobsToActivate: number; timeout: number; worker?: string; fetchVariable?: string[] }): Promise<ActivatedJobRecord[]>;
  completeJob(input: { jobKey: string; variables?: Variables }, options?: CommandOptions): Promise<void>;
  failJob(input: { jobKey: string; retries?: number; errorMessage?: string; retryBackOff?: number; variables?: Variables }, options?: CommandOptions): Promise<void>;
  throwJobError(input: { jobKey: string; errorCode: string; errorMessage?: string | null; variables?: Variables | null }, options?: CommandOptions): Promise<void>;
  readonly atomicCommandHooks: true;
  searchCommandHistory(input?: SearchQuery<EngineCommandFilter, 'commandKey' | 'userTaskKey'>): Promise<SearchQueryResponse<EngineCommandResult>>;
}

const TENANT = '<default>';
// Zeebe's keys on partition 1 start at 2^51; 16 decimal digits keep string order numeric.
const KEY_BASE = 2n ** 51n;
const KEY_BLOCK = 10_000;
// Active instances kept in memory between steps, so a step need not re-read its tokens.
const INSTANCE_CACHE_SIZE = 20_000;
/**
 * A step that needs a worker-thread FEEL value is rolled back, the value evaluated with the store
 * free, and the step run again; after this many such runs of one command, the step awaits the
 * worker inside its transaction instead (a step with many such expressions must still end).
 */
const MAX_DEFERRED_EVALUATIONS = 8;

export function createEmbeddedEngine(options: EmbeddedEngineOptions): EmbeddedEngine {
  const engine = new Engine(options.store, options.clock ?? createSystemClock(), options.onIncident, options.log, {
    instanceCreated: options.onInstanceCreated,
    rootVariableWatch: options.rootVariables,
  });
  engine.userTaskListener = options.onUserTask;
  return engine;
}

/** A user task's change as the engine reports it: the task as its search answers it. */
export interface UserTaskChange {
  change: StepUserTaskChange['change'];
  task: UserTaskResult;
  previousAssignee?: string;
}

class Engine implements EmbeddedEngine, StepHost {
  private readonly c: Collections;
  private readonly definitions = new Map<string, Definition>();
  private readonly latest = new Map<string, string>();
  private readonly instanceCache = new Map<string, Instance>();
  private readonly workers = new Set<EmbeddedJobWorker>();
  private readonly waiters = new Map<string, Array<(variables: Variables) => void>>();
  private keyNext = 0n;
  private keyEnd = 0n;
  /** The key reservation under way; cleared (set to undefined) when it settles. */
  private reserving: Promise<void> | undefined;
  private closed = false;
  private readonly ready: Promise<void>;
  /** When the timer wake-up is set for; cleared (set to undefined) when it fires. */
  private timerWake: number | undefined;
  private firing = false;
  readonly instanceCreated: InstanceCreationHook | undefined;
  readonly rootVariableWatch: RootVariableWatch | undefined;
  userTaskListener: ((change: UserTaskChange) => void) | undefined;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly onIncident?: (incident: RaisedIncident) => void,
    private readonly log?: Pick<Logger, 'warn'>,
    hooks: Pick<StepHost, 'instanceCreated' | 'rootVariableWatch'> = {},
  ) {
    this.c = openCollections(store);
    this.instanceCreated = hooks.instanceCreated;
    this.rootVariableWatch = hooks.rootVariableWatch;
    this.ready = this.recover();
  }

  /** At start: timers that fell due while down fire, and job deadlines are watched again. */
  private async recover() {
    const { items: timers } = await this.c.timers.find({}, { sort: [{ field: 'due' }], limit: 1 });
    if (timers[0]) this.scheduleTimers(timers[0].due);
    const { items: jobs } = await this.c.jobs.find({ state: 'ACTIVATED' }, { sort: [{ field: 'due' }], limit: 1 });
    if (jobs[0]) this.scheduleJobWake(jobs[0].due);
  }

  // ------------------------------------------------------------------------------------------
  // Keys and definitions (StepHost)

  nextKey(): string {
    if (this.keyNext >= this.keyEnd) throw new KeysExhausted();
    return String(KEY_BASE + this.keyNext++);
  }

  /** Makes sure at least `needed` keys are reserved; one reservation runs at a time. */
  private async reserveKeys(needed: number) {
    while (this.keyEnd - this.keyNext < BigInt(needed)) {
      this.reserving ??= this.reserveBlock(Math.max(KEY_BLOCK, needed)).finally(() => (this.reserving = undefined));
      await this.reserving;
    }
  }

  // Its own transaction, so that a rolled-back command never hands the same block out twice.
  private async reserveBlock(size: number) {
    const [start, end] = await this.store.transaction(async (tx) => {
      const sequences = txCollections(tx).sequences;
      const current = await sequences.get('keys');
      const from = current ? BigInt(current.next) : 1n;
      const to = from + BigInt(size);
      if (current) await sequences.update('keys', { next: String(to) }, current.version);
      else await sequences.insert({ id: 'keys', next: String(to) });
      return [from, to] as const;
    });
    this.keyNext = start;
    this.keyEnd = end;
  }

  async definition(c: Collections, key: string): Promise<Definition> {
    const cached = this.definitions.get(key);
    if (cached) return cached;
    const doc = await c.definitions.get(key);
    if (!doc) throw new EngineError('NOT_FOUND', `Process definition with key '${key}' not found`, { key });
    return this.remember(doc);
  }

  private async remember(doc: DefinitionDoc): Promise<Definition> {
    const { processes } = await parseBpmn(doc.resourceName, doc.xml);
    const model = processes.find((p) => p.id === doc.processDefinitionId)!;
    const def: Definition = {
      key: doc.processDefinitionKey,
      processDefinitionId: doc.processDefinitionId,
      name: doc.name,
      version: doc.processDefinitionVersion,
      ...(doc.versionTag !== undefined ? { versionTag: doc.versionTag } : {}),
      model,
    };
    this.definitions.set(def.key, def);
    return def;
  }

  async latestDefinition(c: Collections, processId: string): Promise<Definition | undefined> {
    const known = this.latest.get(processId);
    if (known) return this.definition(c, known);
    const doc = await c.definitions.findOne({ processDefinitionId: processId, isLatest: true });
    if (!doc) return undefined;
    this.latest.set(processId, doc.id);
    return this.definition(c, doc.id);
  }

  checkOut(key: string, version: number): Instance | undefined {
    const cached = this.instanceCache.get(key);
    if (!cached) return undefined;
    this.instanceCache.delete(key);
    return cached.tracked.version === version ? cached : undefined;
  }

  private checkIn(instances: Instance[]) {
    for (const inst of instances) {
      if (inst.doc.state !== 'ACTIVE') continue;
      this.instanceCache.set(inst.key, inst);
    }
    for (const key of this.instanceCache.keys()) {
      if (this.instanceCache.size <= INSTANCE_CACHE_SIZE) break;
      this.instanceCache.delete(key);
    }
  }

  // ------------------------------------------------------------------------------------------
  // Commands

  /**
   * Runs one command as a transaction; retried when another writer got there first. `within` (a
   * caller's CommandOptions.withinCommand, adapted to the command's result) runs last inside the
   * same transaction, so what it writes commits with the step or not at all.
   */
  private async command<R>(work: (step: Step) => Promise<R>, keysNeeded = 256, within?: (tx: Transaction, result: R) => Promise<void>): Promise<R> {
    await this.ready;
    // Worker-thread FEEL values this command's step needed, evaluated with no transaction open.
    const evaluated = new Map<string, WorkerOutcome>();
    let now: number | undefined;
    for (let attempt = 0, deferrals = 0; ; attempt++) {
      await this.reserveKeys(keysNeeded);
      try {
        let step: Step | undefined;
        const result = await this.store
          .transaction(async (tx) => {
            step = new Step(this, txCollections(tx), now ?? this.clock.now(), deferrals < MAX_DEFERRED_EVALUATIONS ? evaluated : undefined, tx);
            const result = await work(step);
            await step.run();
            await step.flush();
            if (within) await within(tx, result);
            return result;
          })
          .catch((error: unknown) => {
            // What a failed step changed in memory never reached the store: forget it.
            for (const inst of step?.touched() ?? []) this.instanceCache.delete(inst.key);
            throw error;
          });
        this.checkIn(step!.touched());
        this.afterCommit(step!.effects);
        return result;
      } catch (error) {
        if (error instanceof KeysExhausted) {
          keysNeeded *= 16;
          continue;
        }
        if (error instanceof ConflictError && attempt < 8) continue;
        if (error instanceof WorkerEvaluationNeeded) {
          // The step waits for the worker without holding the store; it runs again at the same instant with the answer.
          evaluated.set(error.key, await evaluateInWorker(error.expression, error.variables, error.nowMs));
          now = error.nowMs;
          deferrals++;
          attempt--;
          continue;
        }
        throw error;
      }
    }
  }

  /** A command whose caller's work (`within`: see CommandOptions.withinCommand) commits with it. */
  private commandWithin<R>(within: ((tx: Transaction, result: R) => Promise<void>) | undefined, work: (step: Step) => Promise<R>): Promise<R> {
    return this.command(work, undefined, within);
  }

  private afterCommit(effects: Effects) {
    if (effects.timerDue !== undefined) this.scheduleTimers(effects.timerDue);
    if (effects.jobDue !== undefined) this.scheduleJobWake(effects.jobDue);
    for (const type of effects.jobTypes) this.pokeWorkers(type);
    for (const { processInstanceKey, variables } of effects.ended) {
      const waiting = this.waiters.get(processInstanceKey);
      if (!waiting) continue;
      this.waiters.delete(processInstanceKey);
      for (const resolve of waiting) resolve(variables);
    }
    if (this.onIncident) this.reportIncidents(effects.incidents, this.onIncident);
    if (this.userTaskListener) this.reportUserTasks(effects.userTasks, this.userTaskListener);
  }

  /** Each user task change of the step, once it committed; a failing listener never fails the command that committed. */
  private reportUserTasks(changes: readonly StepUserTaskChange[], report: (change: UserTaskChange) => void) {
    for (const { change, task, previousAssignee } of changes) {
      try {
        report({ change, task: toUserTask({ ...task, id: task.userTaskKey, version: 0 }), ...(previousAssignee ? { previousAssignee } : {}) });
      } catch {
        // The task is in the store either way; the listener (the live tasklist) is told of the next change.
      }
    }
  }

  /** Each incident the step raised, once it committed; a failing report never fails the command that committed. */
  private reportIncidents(incidents: readonly IncidentDoc[], report: (incident: RaisedIncident) => void) {
    for (const { incidentKey, errorType, errorMessage, elementId, elementInstanceKey, processInstanceKey, processDefinitionKey, processDefinitionId, jobKey } of incidents) {
      try {
        report({ incidentKey, errorType, errorMessage, elementId, elementInstanceKey, processInstanceKey, processDefinitionKey, processDefinitionId, ...(jobKey ? { jobKey } : {}) });
      } catch {
        // The incident is in the store either way; the log is a courtesy to the operator.
      }
    }
  }

  // ------------------------------------------------------------------------------------------
  // Deployments

  async deployResourcesFromFiles(resourceFilenames: string[], options?: { tenantId?: string }) {
    const resources: DeploymentResource[] = [];
    for (const file of resourceFilenames) {
      let content: string;
      try {
        content = await readFile(file, 'utf8');
      } catch {
        throw new EngineError('INVALID_ARGUMENT', `Cannot read resource file '${file}'`, { file });
      }
      resources.push({ name: basename(file), content });
    }
    return this.createDeployment({ resources, ...options });
  }

  async createDeployment(input: { resources: DeploymentResource[]; tenantId?: string }): Promise<ExtendedDeploymentResult> {
    await this.ready;
    if (!input?.resources?.length) throw new EngineError('INVALID_ARGUMENT', 'A deployment needs at least one resource');
    const problems: DeploymentProblem[] = [];
    const parsed: Array<{ name: string; xml: string; processes: ProcessModel[] }> = [];
    for (const resource of input.resources) {
      const { name, xml } = await readResource(resource);
      if (!/\.(bpmn|bpmn20\.xml|xml)$/i.test(name)) {
        problems.push(deploymentProblem(name, 'notBpmnResource'));
        continue;
      }
      const result = await parseBpmn(name, xml);
      problems.push(...result.problems);
      parsed.push({ name, xml, processes: result.processes });
    }
    const ids = parsed.flatMap((r) => r.processes.map((p) => p.id));
    const duplicate = ids.find((id, i) => ids.indexOf(id) !== i);
    if (duplicate) {
      const resource = parsed.find((r) => r.processes.some((p) => p.id === duplicate))!;
      problems.push(deploymentProblem(resource.name, 'duplicateProcessId', {}, { id: duplicate, $type: 'bpmn:Process' }));
    }
    if (problems.length) throw new DeploymentRejectedError(problems);

    const { deploymentKey, processes } = await this.command(async (step) => {
      const deploymentKey = this.nextKey();
      const out: DeploymentProcessResult[] = [];
      for (const resource of parsed) {
        for (const process of resource.processes) {
          const checksum = createHash('sha256').update(resource.xml).digest('hex');
          const latest = await step.c.definitions.findOne({ processDefinitionId: process.id, isLatest: true });
          if (latest && latest.checksum === checksum) {
            out.push({
              processDefinitionId: process.id,
              processDefinitionVersion: latest.processDefinitionVersion,
              resourceName: latest.resourceName,
              tenantId: TENANT,
              processDefinitionKey: latest.id,
            });
            continue;
          }
          const key = this.nextKey();
          const doc: DefinitionDoc = {
            processDefinitionKey: key,
            processDefinitionId: process.id,
            name: process.name,
            processDefinitionVersion: (latest?.processDefinitionVersion ?? 0) + 1,
            resourceName: resource.name,
            deploymentKey,
            checksum,
            xml: resource.xml,
            deployedAt: step.nowIso,
            tenantId: TENANT,
            isLatest: true,
          };
          if (process.versionTag) doc.versionTag = process.versionTag;
          if (latest) {
            const { id, version, ...fields } = latest;
            await step.c.definitions.update(id, { ...fields, isLatest: false }, version);
          }
          await step.c.definitions.insert({ id: key, ...doc });
          this.definitions.set(key, {
            key,
            processDefinitionId: process.id,
            name: process.name,
            version: doc.processDefinitionVersion,
            ...(doc.versionTag !== undefined ? { versionTag: doc.versionTag } : {}),
            model: process,
          });
          await this.replaceStartSubscriptions(step, key, process, resource.name);
          out.push({ processDefinitionId: process.id, processDefinitionVersion: doc.processDefinitionVersion, resourceName: resource.name, tenantId: TENANT, processDefinitionKey: key });
        }
      }
      return { deploymentKey, processes: out };
    });
    for (const p of processes) this.latest.set(p.processDefinitionId, p.processDefinitionKey);
    return {
      tenantId: TENANT,
      deploymentKey,
      deployments: processes.map((processDefinition) => ({ processDefinition })),
      processes,
      decisions: [],
      decisionRequirements: [],
      forms: [],
      resources: [],
    };
  }

  /** A new version's timer and message start events replace the previous version's. */
  private async replaceStartSubscriptions(step: Step, key: string, process: ProcessModel, resourceName: string) {
    await step.c.timers.deleteMany({ processDefinitionId: process.id, kind: 'start' });
    await step.c.messageStarts.deleteMany({ processDefinitionId: process.id });
    for (const id of process.timerStarts) {
      const el = process.elements.get(id)!;
      // A start event has no instance yet: its expressions see no variables.
      let timer: ReturnType<typeof computeTimer>;
      try {
        timer = computeTimer(el.timer!.kind, await evaluateExpr(el.timer!.expr, {}, step.now), step.now);
      } catch (error) {
        throw new DeploymentRejectedError([deploymentProblem(resourceName, 'timerNotEvaluable', { error: (error as Error).message }, { id, $type: el.bpmnType })]);
      }
      const timerKey = this.nextKey();
      await step.c.timers.insert({
        id: timerKey,
        kind: 'start',
        due: timer.due,
        elementId: id,
        processDefinitionKey: key,
        processDefinitionId: process.id,
        remaining: timer.remaining,
        ...(timer.interval ? { interval: timer.interval } : {}),
      });
      step.noteTimer(timer.due);
    }
    for (const id of process.messageStarts) {
      const el = process.elements.get(id)!;
      let name: unknown;
      try {
        name = await evaluateExpr(el.message!.name, {}, step.now);
      } catch (error) {
        name = (error as Error).message;
      }
      if (typeof name !== 'string' || !name) {
        throw new DeploymentRejectedError([deploymentProblem(resourceName, 'messageStartNameNotFixed', {}, { id, $type: el.bpmnType })]);
      }
      await step.c.messageStarts.insert({ id: this.nextKey(), messageName: name, processDefinitionKey: key, processDefinitionId: process.id, elementId: id });
    }
  }

  async searchProcessDefinitions(input: SearchQuery<import('../port.js').ProcessDefinitionFilter, import('../port.js').ProcessDefinitionSortField> = {}) {
    const f = input.filter ?? {};
    const filter: Filter = {};
    putCondition(filter, 'name', f.name);
    putCondition(filter, 'processDefinitionId', f.processDefinitionId);
    putCondition(filter, 'id', f.processDefinitionKey);
    putCondition(filter, 'processDefinitionVersion', f.version);
    putCondition(filter, 'isLatest', f.isLatestVersion);
    putCondition(filter, 'resourceName', f.resourceName);
    return this.search(
      this.c.definitions,
      filter,
      input,
      { processDefinitionKey: 'id', version: 'processDefinitionVersion' },
      (d): ProcessDefinitionResult => ({
        name: d.name,
        resourceName: d.resourceName,
        version: d.processDefinitionVersion,
        ...(d.versionTag ? { versionTag: d.versionTag } : {}),
        processDefinitionId: d.processDefinitionId,
        tenantId: TENANT,
        processDefinitionKey: d.id,
        hasStartForm: false,
      }),
    );
  }

  async getProcessDefinitionXml(input: { processDefinitionKey: string }) {
    await this.ready;
    const doc = await this.c.definitions.get(input.processDefinitionKey);
    if (!doc) throw new EngineError('NOT_FOUND', `Process definition with key '${input.processDefinitionKey}' not found`, { key: input.processDefinitionKey });
    return doc.xml;
  }

  // ------------------------------------------------------------------------------------------
  // Process instances

  async createProcessInstance(input: import('../port.js').ProcessInstanceCreationInstruction, options?: CommandOptions<ProcessInstanceCreation>): Promise<CreateProcessInstanceResult> {
    if (input?.variables !== undefined && (input.variables === null || typeof input.variables !== 'object' || Array.isArray(input.variables))) {
      throw new EngineError('INVALID_ARGUMENT', 'The variables must be a JSON object');
    }
    let waiter: Promise<Variables> | undefined;
    const within = hook(options, (made: { def: Definition; key: string }) => creation(made.def, made.key));
    const created = await this.commandWithin(within, async (step) => {
      let def: Definition | undefined;
      if (input.processDefinitionKey) {
        def = await this.definition(step.c, input.processDefinitionKey).catch(() => undefined);
        if (!def) throw new EngineError('NOT_FOUND', `Expected to find process definition with key '${input.processDefinitionKey}', but none found`, { key: input.processDefinitionKey });
      } else if (input.processDefinitionId) {
        if (input.processDefinitionVersion !== undefined && input.processDefinitionVersion !== -1) {
          const doc = await step.c.definitions.findOne({ processDefinitionId: input.processDefinitionId, processDefinitionVersion: input.processDefinitionVersion });
          def = doc ? await this.definition(step.c, doc.id) : undefined;
        } else def = await this.latestDefinition(step.c, input.processDefinitionId);
        if (!def) {
          throw new EngineError('NOT_FOUND', `Expected to find process definition with process ID '${input.processDefinitionId}', but none found`, { processId: input.processDefinitionId });
        }
      } else throw new EngineError('INVALID_ARGUMENT', 'Either processDefinitionId or processDefinitionKey is required');
      if (!def.model.noneStartId) {
        throw new EngineError('INVALID_STATE', `Expected to create instance of process with none start event, but there is no such event in process '${def.processDefinitionId}'`, {
          processId: def.processDefinitionId,
        });
      }
      const inst = await step.createInstance(def, def.model.noneStartId, input.variables ?? {});
      await this.recordCommand(step, { type: 'PROCESS_INSTANCE_CREATION', processInstanceKey: inst.key });
      if (input.awaitCompletion) waiter = new Promise((resolve) => this.waiters.set(inst.key, [...(this.waiters.get(inst.key) ?? []), resolve]));
      return { def, key: inst.key };
    });
    const result: CreateProcessInstanceResult = {
      processDefinitionId: created.def.processDefinitionId,
      processDefinitionVersion: created.def.version,
      tenantId: TENANT,
      variables: {},
      processDefinitionKey: created.def.key,
      processInstanceKey: created.key,
    };
    if (input.tags) result.tags = input.tags;
    if (waiter) {
      const instance = await this.getProcessInstance({ processInstanceKey: created.key });
      let variables: Variables;
      if (instance.state !== 'ACTIVE') {
        this.waiters.delete(created.key);
        variables = await this.rootVariables(created.key);
      } else {
        variables = await withTimeout(waiter, input.requestTimeout && input.requestTimeout > 0 ? input.requestTimeout : 20_000, created.key);
      }
      result.variables = input.fetchVariables?.length ? Object.fromEntries(Object.entries(variables).filter(([k]) => input.fetchVariables!.includes(k))) : variables;
    }
    return result;
  }

  private async rootVariables(processInstanceKey: string): Promise<Variables> {
    const { items } = await this.c.variables.find({ scopeKey: processInstanceKey }, { limit: 100_000 });
    return Object.fromEntries(items.map((v) => [v.name, JSON.parse(v.value)]));
  }

  async cancelProcessInstance(input: { processInstanceKey: string }, options?: CommandOptions) {
    await this.commandWithin(options?.withinCommand, async (step) => step.cancelInstance(await step.instance(input.processInstanceKey)));
  }

  async getProcessInstance(input: { processInstanceKey: string }): Promise<ProcessInstanceResult> {
    await this.ready;
    const doc = await this.c.processInstances.get(input.processInstanceKey);
    if (!doc) throw new EngineError('NOT_FOUND', `Process instance with key '${input.processInstanceKey}' not found`, { key: input.processInstanceKey });
    return toProcessInstance(doc);
  }

  async searchProcessInstances(input: SearchQuery<import('../port.js').ProcessInstanceFilter, import('../port.js').ProcessInstanceSortField> = {}) {
    const f = input.filter ?? {};
    const filter: Filter = {};
    for (const field of [
      'processDefinitionId',
      'processDefinitionName',
      'processDefinitionVersion',
      'processDefinitionKey',
      'parentProcessInstanceKey',
      'parentElementInstanceKey',
      'startDate',
      'endDate',
      'state',
    ] as const) {
      putCondition(filter, field, f[field]);
    }
    putCondition(filter, 'id', f.processInstanceKey);
    if (f.hasIncident !== undefined) filter.incidents = f.hasIncident ? { $gt: 0 } : 0;
    return this.search(this.c.processInstances, filter, input, { processInstanceKey: 'id', hasIncident: 'incidents' }, toProcessInstance);
  }

  async searchElementInstances(input: SearchQuery<import('../port.js').ElementInstanceFilter, import('../port.js').ElementInstanceSortField> = {}) {
    const f = input.filter ?? {};
    const filter: Filter = {};
    for (const field of ['processDefinitionId', 'state', 'type', 'elementId', 'elementName', 'processInstanceKey', 'processDefinitionKey', 'incidentKey', 'startDate', 'endDate'] as const) {
      putCondition(filter, field, f[field]);
    }
    putCondition(filter, 'id', f.elementInstanceKey);
    putCondition(filter, 'flowScopeKey', f.elementInstanceScopeKey);
    if (f.hasIncident !== undefined) filter.incidentKey = { $exists: f.hasIncident };
    return this.search(
      this.c.elementInstances,
      filter,
      input,
      { elementInstanceKey: 'id' },
      (d): ElementInstanceResult => ({
        processDefinitionId: d.processDefinitionId,
        startDate: d.startDate,
        ...(d.endDate ? { endDate: d.endDate } : {}),
        elementId: d.elementId,
        elementName: d.elementName,
        type: d.type,
        state: d.state,
        hasIncident: !!d.incidentKey,
        tenantId: TENANT,
        elementInstanceKey: d.id,
        processInstanceKey: d.processInstanceKey,
        processDefinitionKey: d.processDefinitionKey,
        ...(d.incidentKey ? { incidentKey: d.incidentKey } : {}),
        flowScopeKey: d.flowScopeKey,
      }),
    );
  }

  async searchVariables(input: SearchQuery<import('../port.js').VariableFilter, import('../port.js').VariableSortField> = {}) {
    const f = input.filter ?? {};
    const filter: Filter = {};
    putCondition(filter, 'name', f.name);
    putCondition(filter, 'value', f.value);
    putCondition(filter, 'id', f.variableKey);
    putCondition(filter, 'scopeKey', f.scopeKey);
    putCondition(filter, 'processInstanceKey', f.processInstanceKey);
    return this.search(
      this.c.variables,
      filter,
      input,
      { variableKey: 'id' },
      (v): VariableResult => ({
        name: v.name,
        value: v.value,
        tenantId: TENANT,
        variableKey: v.id,
        scopeKey: v.scopeKey,
        processInstanceKey: v.processInstanceKey,
        isTruncated: false,
      }),
    );
  }

  async searchVariableHistory(input: SearchQuery<import('../port.js').VariableChangeFilter, 'changedAt' | 'variableKey'> = {}) {
    const f = input.filter ?? {};
    const filter: Filter = {};
    putCondition(filter, 'processInstanceKey', f.processInstanceKey);
    putCondition(filter, 'variableKey', f.variableKey);
    putCondition(filter, 'name', f.name);
    putCondition(filter, 'scopeKey', f.scopeKey);
    // Keys grow with time: ordering by id is the order the changes were made.
    const query = { ...input, sort: input.sort?.length ? input.sort : [{ field: 'id' as 'changedAt', order: 'ASC' as const }] };
    return this.search(this.c.variableHistory, filter, query, {}, (d): import('../port.js').VariableChangeResult => ({
      variableKey: d.variableKey,
      name: d.name,
      value: d.value,
      scopeKey: d.scopeKey,
      processInstanceKey: d.processInstanceKey,
      changedAt: d.changedAt,
    }));
  }

  // ------------------------------------------------------------------------------------------
  // Messages and timers

  async publishMessage(input: import('../port.js').MessagePublicationRequest, options?: CommandOptions<MessagePublicationResult>) {
    if (!input?.name) throw new EngineError('INVALID_ARGUMENT', 'A message needs a name');
    const correlationKey = input.correlationKey ?? '';
    const ttl = Math.max(0, input.timeToLive ?? 0);
    const within = hook(options, (key: string) => ({ tenantId: TENANT, messageKey: key }));
    const messageKey = await this.commandWithin(within, async (step) => {
      const c = step.c;
      if (input.messageId) {
        const duplicate = await c.messages.findOne({ name: input.name, messageId: input.messageId, expiresAt: { $gt: step.now } });
        if (duplicate) {
          throw new EngineError('CONFLICT', `Expected to publish a new message with id '${input.messageId}', but a message with that id was already published`, {
            messageId: input.messageId,
          });
        }
      }
      const key = this.nextKey();
      const message = { id: key, variables: input.variables ?? {}, correlatedTo: [] as string[] };
      const { items: subscriptions } = await c.subscriptions.find({ messageName: input.name, correlationKey }, { limit: 100_000 });
      for (const sub of subscriptions.sort((a, b) => a.id.length - b.id.length || (a.id < b.id ? -1 : 1))) {
        if (message.correlatedTo.includes(sub.processInstanceKey)) continue;
        if (await step.correlate(sub, message)) message.correlatedTo.push(sub.processInstanceKey);
      }
      const { items: starts } = await c.messageStarts.find({ messageName: input.name }, { limit: 10_000 });
      for (const start of starts) {
        if (correlationKey) {
          const running = await c.processInstances.findOne({ processDefinitionId: start.processDefinitionId, state: 'ACTIVE', startCorrelationKey: correlationKey });
          if (running) continue;
        }
        const def = await this.definition(c, start.processDefinitionKey);
        const started = await step.createInstance(def, start.elementId, input.variables ?? {}, undefined, correlationKey || undefined, 'message');
        message.correlatedTo.push(start.processDefinitionKey, started.key);
      }
      if (ttl > 0) {
        await c.messages.deleteMany({ expiresAt: { $lte: step.now } });
        await c.messages.insert({
          id: key,
          name: input.name,
          correlationKey,
          ...(input.messageId ? { messageId: input.messageId } : {}),
          variables: input.variables ?? {},
          expiresAt: step.now + ttl,
          correlatedTo: message.correlatedTo,
        });
      }
      return key;
    });
    return { tenantId: TENANT, messageKey };
  }

  private scheduleTimers(due: number) {
    if (this.closed) return;
    if (this.timerWake !== undefined && this.timerWake <= due && !this.firing) return;
    this.timerWake = due;
    this.clock.wakeAt('timers', due, () => this.fireDueTimers());
  }

  /** Fires every timer that is due, each in its own step, then waits for the next one. */
  private async fireDueTimers() {
    if (this.closed) return;
    this.timerWake = undefined;
    this.firing = true;
    try {
      for (;;) {
        const { items } = await this.c.timers.find({ due: { $lte: this.clock.now() } }, { sort: [{ field: 'due' }], limit: 50 });
        if (!items.length) break;
        for (const timer of items) {
          await this.command(async (step) => {
            const fresh = await step.c.timers.get(timer.id);
            if (fresh && fresh.due === timer.due) await step.fireTimer(fresh);
          });
        }
      }
    } finally {
      this.firing = false;
    }
    const { items } = await this.c.timers.find({}, { sort: [{ field: 'due' }], limit: 1 });
    if (items[0]) this.scheduleTimers(items[0].due);
  }

  // ------------------------------------------------------------------------------------------
  // Jobs

  createJobWorker(config: JobWorkerConfig): JobWorker {
    if (!config?.jobType) throw new EngineError('INVALID_ARGUMENT', 'A job worker needs a jobType');
    if (!(config.maxParallelJobs > 0)) throw new EngineError('INVALID_ARGUMENT', 'maxParallelJobs must be at least 1');
    if (!(config.jobTimeoutMs > 0)) throw new EngineError('INVALID_ARGUMENT', 'jobTimeoutMs must be greater than 0');
    const worker = new EmbeddedJobWorker(
      this,
      config,
      (w) => this.workers.delete(w),
      (message) => (this.log ? this.log.warn({ jobType: config.jobType }, message) : console.error(`[oficio] ${message}`)),
    );
    this.workers.add(worker);
    if (config.autoStart !== false) worker.start();
    return worker;
  }

  private pokeWorkers(type?: string) {
    for (const worker of this.workers) if (!type || worker.jobType === type) worker.poke();
  }

  /** When the job wake-up is set for; cleared (set to undefined) when it fires. */
  private jobWake: number | undefined;

  private scheduleJobWake(due: number) {
    if (this.closed) return;
    if (this.jobWake !== undefined && this.jobWake <= due && this.jobWake > this.clock.now()) return;
    this.jobWake = due;
    this.clock.wakeAt('jobs', due, async () => {
      this.jobWake = undefined;
      this.pokeWorkers();
      // Let the woken workers finish activating (not their handlers, which may take long).
      for (let i = 0; i < 1000 && [...this.workers].some((w) => w.polling); i++) await new Promise((r) => setImmediate(r));
      const { items } = await this.c.jobs.find({ state: { $in: ['ACTIVATABLE', 'ACTIVATED'] }, due: { $gt: this.clock.now() } }, { sort: [{ field: 'due' }], limit: 1 });
      if (items[0]) this.scheduleJobWake(items[0].due);
    });
  }

  async activateJobs(input: { type: string; maxJobsToActivate: number; timeout: number; worker?: string; fetchVariable?: string[] }): Promise<ActivatedJobRecord[]> {
    if (this.closed) return [];
    const jobs = await this.command(async (step) => {
      const { items } = await step.c.jobs.find(
        { type: input.type, state: { $in: ['ACTIVATABLE', 'ACTIVATED'] }, due: { $lte: step.now } },
        { sort: [{ field: 'due' }], limit: input.maxJobsToActivate },
      );
      const out: ActivatedJobRecord[] = [];
      for (const job of items) {
        const { id, version, ...fields } = job;
        const deadline = step.now + input.timeout;
        const activated: JobDoc = { ...fields, state: 'ACTIVATED', worker: input.worker ?? 'oficio', deadline, due: deadline };
        await step.c.jobs.update(id, activated, version);
        step.noteJobDue(deadline);
        out.push({ ...activated, jobKey: id, variables: await this.jobVariables(step, job, input.fetchVariable), deadline });
      }
      return out;
    }, 1);
    return jobs;
  }

  /** What a job sees: the variables of its element's scope and every enclosing one. */
  private async jobVariables(step: Step, job: Stored<JobDoc>, names: string[] | undefined): Promise<Variables> {
    const wanted = names?.length ? names : undefined;
    // The instance as the last step left it in memory, when nothing has changed it since.
    const cached = this.instanceCache.get(job.processInstanceKey);
    if (cached) {
      const stored = await step.c.processInstances.get(job.processInstanceKey);
      if (stored && stored.version === cached.tracked.version && cached.elements.has(job.elementInstanceKey)) {
        return cached.visible(job.elementInstanceKey, wanted);
      }
    }
    const filter: Filter = { scopeKey: { $in: job.scopeKeys } };
    if (wanted) filter.name = { $in: wanted };
    const { items } = await step.c.variables.find(filter, { limit: 100_000 });
    const variables: Variables = {};
    for (const scopeKey of [...job.scopeKeys].reverse()) {
      for (const v of items) if (v.scopeKey === scopeKey) variables[v.name] = JSON.parse(v.value);
    }
    return variables;
  }

  private async jobCommand(jobKey: string, what: string, options: CommandOptions | undefined, work: (step: Step, job: Stored<JobDoc>) => Promise<void>) {
    await this.commandWithin(options?.withinCommand, async (step) => {
      const job = await step.c.jobs.get(jobKey);
      if (!job) throw new EngineError('NOT_FOUND', `Expected to ${what} job with key '${jobKey}', but no such job was found`, { key: jobKey });
      await work(step, job);
    });
  }

  async completeJob(input: { jobKey: string; variables?: Variables }, options?: CommandOptions) {
    await this.jobCommand(input.jobKey, 'complete', options, (step, job) => {
      if (job.state === 'FAILED' || job.state === 'ERROR_THROWN') {
        throw new EngineError('INVALID_STATE', `Expected to complete job with key '${input.jobKey}', but it is in state '${job.state}'`, { key: input.jobKey });
      }
      return step.completeJob(job, input.variables);
    });
  }

  async failJob(input: { jobKey: string; retries?: number; errorMessage?: string; retryBackOff?: number; variables?: Variables }, options?: CommandOptions) {
    await this.jobCommand(input.jobKey, 'fail', options, (step, job) => {
      if (job.state !== 'ACTIVATED' && job.state !== 'ACTIVATABLE') {
        throw new EngineError('INVALID_STATE', `Expected to fail job with key '${input.jobKey}', but it is in state '${job.state}'`, { key: input.jobKey });
      }
      return step.failJob(job, input.retries ?? job.retries - 1, input.errorMessage, input.retryBackOff ?? 0, input.variables);
    });
  }

  async throwJobError(input: { jobKey: string; errorCode: string; errorMessage?: string | null; variables?: Variables | null }, options?: CommandOptions) {
    if (!input.errorCode) throw new EngineError('INVALID_ARGUMENT', 'A BPMN error needs an errorCode');
    await this.jobCommand(input.jobKey, 'throw an error for', options, (step, job) => step.errorJob(job, input.errorCode, input.errorMessage ?? '', input.variables));
  }

  async updateJob(input: import('../port.js').JobUpdateRequest, options?: CommandOptions) {
    const { retries, timeout } = input.changeset ?? {};
    if (retries !== undefined && retries !== null && (!Number.isInteger(retries) || retries < 0)) {
      throw new EngineError('INVALID_ARGUMENT', 'retries must be a whole number of at least 0');
    }
    await this.jobCommand(input.jobKey, 'update', options, async (step, job) => {
      const { id, version, ...fields } = job;
      const next: JobDoc = { ...fields };
      if (retries !== undefined && retries !== null) next.retries = retries;
      if (timeout !== undefined && timeout !== null) {
        if (job.state !== 'ACTIVATED') throw new EngineError('INVALID_STATE', `Expected to update the timeout of job '${job.jobKey}', but it is not activated`);
        next.deadline = step.now + timeout;
        next.due = next.deadline;
        step.noteJobDue(next.due);
      }
      await step.c.jobs.update(id, next, version);
    });
  }

  // ------------------------------------------------------------------------------------------
  // User tasks

  async searchUserTasks(input: SearchQuery<import('../port.js').UserTaskFilter, import('../port.js').UserTaskSortField> = {}) {
    return this.search(this.c.userTasks, userTaskFilter(input.filter ?? {}), input, { userTaskKey: 'id' }, toUserTask);
  }

  async getUserTask(input: { userTaskKey: string }) {
    await this.ready;
    const doc = await this.c.userTasks.get(input.userTaskKey);
    if (!doc) throw new EngineError('NOT_FOUND', `User task with key '${input.userTaskKey}' not found`, { key: input.userTaskKey });
    return toUserTask(doc);
  }

  private async changeTask(userTaskKey: string, what: 'assign' | 'unassign', options: CommandOptions | undefined, change: (task: Stored<import('./collections.js').UserTaskDoc>) => void) {
    await this.commandWithin(options?.withinCommand, async (step) => {
      const task = await step.c.userTasks.get(userTaskKey);
      if (!task) throw new EngineError('NOT_FOUND', `User task with key '${userTaskKey}' not found`, { key: userTaskKey });
      if (task.state !== 'CREATED') {
        throw new EngineError('INVALID_STATE', `Expected to ${what} user task with key '${userTaskKey}', but it is in state '${task.state}'`, { key: userTaskKey });
      }
      const previousAssignee = task.assignee;
      change(task);
      const { id, version, ...fields } = task;
      await step.c.userTasks.update(id, fields, version);
      step.effects.userTasks.push({ change: what === 'assign' ? 'assigned' : 'unassigned', task: fields, ...(previousAssignee ? { previousAssignee } : {}) });
      const type = what === 'assign' ? 'USER_TASK_ASSIGNMENT' : 'USER_TASK_UNASSIGNMENT';
      await this.recordCommand(step, { type, processInstanceKey: task.processInstanceKey, userTaskKey, ...(task.assignee ? { assignee: task.assignee } : {}) });
    });
  }

  async assignUserTask(input: { userTaskKey: string; assignee: string; allowOverride?: boolean | null }, options?: CommandOptions) {
    if (!input?.assignee) throw new EngineError('INVALID_ARGUMENT', 'An assignee is required');
    await this.changeTask(input.userTaskKey, 'assign', options, (task) => {
      if (input.allowOverride === false && task.assignee && task.assignee !== input.assignee) {
        throw new EngineError('CONFLICT', `Expected to assign user task with key '${input.userTaskKey}', but it is already assigned to '${task.assignee}'`, {
          key: input.userTaskKey,
          assignee: task.assignee,
        });
      }
      task.assignee = input.assignee;
    });
  }

  async unassignUserTask(input: { userTaskKey: string }, options?: CommandOptions) {
    await this.changeTask(input.userTaskKey, 'unassign', options, (task) => {
      delete task.assignee;
    });
  }

  async completeUserTask(input: { userTaskKey: string; variables?: Variables | null }, options?: CommandOptions) {
    if (input.variables !== undefined && input.variables !== null && (typeof input.variables !== 'object' || Array.isArray(input.variables))) {
      throw new EngineError('INVALID_ARGUMENT', 'The variables must be a JSON object');
    }
    await this.commandWithin(options?.withinCommand, async (step) => {
      await step.completeUserTask(input.userTaskKey, input.variables);
      const task = (await step.c.userTasks.get(input.userTaskKey))!;
      await this.recordCommand(step, { type: 'USER_TASK_COMPLETION', processInstanceKey: task.processInstanceKey, userTaskKey: input.userTaskKey });
    });
  }

  // ------------------------------------------------------------------------------------------
  // Incidents

  async searchIncidents(input: SearchQuery<import('../port.js').IncidentFilter, import('../port.js').IncidentSortField> = {}) {
    const f = input.filter ?? {};
    const filter: Filter = {};
    for (const field of [
      'processDefinitionId',
      'errorType',
      'errorMessage',
      'elementId',
      'creationTime',
      'state',
      'processDefinitionKey',
      'processInstanceKey',
      'elementInstanceKey',
      'jobKey',
    ] as const) {
      putCondition(filter, field, f[field]);
    }
    putCondition(filter, 'id', f.incidentKey);
    return this.search(
      this.c.incidents,
      filter,
      input,
      { incidentKey: 'id' },
      (d): IncidentResult => ({
        processDefinitionId: d.processDefinitionId,
        errorType: d.errorType,
        errorMessage: d.errorMessage,
        elementId: d.elementId,
        creationTime: d.creationTime,
        state: d.state,
        tenantId: TENANT,
        incidentKey: d.id,
        processDefinitionKey: d.processDefinitionKey,
        processInstanceKey: d.processInstanceKey,
        elementInstanceKey: d.elementInstanceKey,
        ...(d.jobKey ? { jobKey: d.jobKey } : {}),
      }),
    );
  }

  async resolveIncident(input: { incidentKey: string }, options?: CommandOptions) {
    await this.commandWithin(options?.withinCommand, async (step) => {
      await step.resolveIncident(input.incidentKey);
      const incident = (await step.c.incidents.get(input.incidentKey))!;
      await this.recordCommand(step, { type: 'INCIDENT_RESOLUTION', processInstanceKey: incident.processInstanceKey, incidentKey: input.incidentKey });
    });
  }

  async searchCommandHistory(input: SearchQuery<EngineCommandFilter, 'commandKey' | 'userTaskKey'> = {}): Promise<SearchQueryResponse<EngineCommandResult>> {
    const f = input.filter ?? {};
    const filter: Filter = {};
    putCondition(filter, 'type', f.type);
    putCondition(filter, 'processInstanceKey', f.processInstanceKey);
    putCondition(filter, 'userTaskKey', f.userTaskKey);
    // Keys grow with time: by id is the order the commands committed.
    const query = { ...input, sort: input.sort?.length ? input.sort : [{ field: 'commandKey' as const, order: 'ASC' as const }] };
    return this.search(
      this.c.commands,
      filter,
      query,
      { commandKey: 'id' },
      (d): EngineCommandResult => ({
        commandKey: d.id,
        type: d.type,
        processInstanceKey: d.processInstanceKey,
        ...(d.userTaskKey ? { userTaskKey: d.userTaskKey } : {}),
        ...(d.incidentKey ? { incidentKey: d.incidentKey } : {}),
        ...(d.assignee ? { assignee: d.assignee } : {}),
        executedAt: d.executedAt,
      }),
    );
  }

  /** Commits `withinCommand` hooks with the command: see the port's CommandOptions. */
  readonly atomicCommandHooks = true;

  /** Notes a command carried out on request, in the command's own transaction (searchCommandHistory). */
  private async recordCommand(step: Step, command: Omit<CommandDoc, 'executedAt'>) {
    await step.c.commands.insert({ id: this.nextKey(), ...command, executedAt: step.nowIso });
  }

  get jobs(): JobCommands {
    return this;
  }

  // ------------------------------------------------------------------------------------------
  // Life cycle

  async idle(): Promise<void> {
    await this.ready;
    for (let round = 0; round < 10_000; round++) {
      const busy = [...this.workers].filter((w) => !w.stopped && w.busy);
      if (busy.length) {
        await new Promise((r) => setTimeout(r, 1));
        continue;
      }
      const types = [...new Set([...this.workers].filter((w) => !w.stopped).map((w) => w.jobType))];
      if (!types.length) return;
      const waiting = await this.c.jobs.count({ type: { $in: types }, state: { $in: ['ACTIVATABLE', 'ACTIVATED'] }, due: { $lte: this.clock.now() } });
      if (!waiting) return;
      this.pokeWorkers();
      await new Promise((r) => setTimeout(r, 1));
    }
  }

  async close() {
    this.closed = true;
    this.clock.cancelAll();
    await Promise.all([...this.workers].map((w) => w.stopGracefully({ waitUpToMs: 2000 })));
    await this.ready.catch(() => undefined);
  }

  // ------------------------------------------------------------------------------------------
  // Searching

  private async search<D extends object, R>(
    collection: import('../../store/port.js').Collection<D>,
    filter: Filter,
    input: SearchQuery<unknown, string>,
    renames: Record<string, string>,
    map: (doc: Stored<D>) => R,
  ): Promise<SearchQueryResponse<R>> {
    await this.ready;
    const options: FindOptions = { limit: Math.min(Math.max(input.page?.limit ?? 100, 1), 10_000) };
    if (input.sort?.length) options.sort = input.sort.map((s) => ({ field: renames[s.field] ?? s.field, order: String(s.order ?? 'asc').toLowerCase() === 'desc' ? 'desc' : 'asc' }));
    if (input.page?.after) options.after = input.page.after;
    if (input.page?.from) options.offset = input.page.from;
    const [page, totalItems] = await Promise.all([collection.find(filter, options), collection.count(filter)]);
    return {
      items: page.items.map(map),
      page: { totalItems, ...(page.nextCursor ? { endCursor: page.nextCursor } : {}) },
    };
  }
}

function toProcessInstance(d: Stored<import('./collections.js').ProcessInstanceDoc>): ProcessInstanceResult {
  return {
    processDefinitionId: d.processDefinitionId,
    processDefinitionName: d.processDefinitionName,
    processDefinitionVersion: d.processDefinitionVersion,
    ...(d.processDefinitionVersionTag ? { processDefinitionVersionTag: d.processDefinitionVersionTag } : {}),
    startDate: d.startDate,
    ...(d.endDate ? { endDate: d.endDate } : {}),
    state: d.state,
    hasIncident: d.incidents > 0,
    tenantId: TENANT,
    processInstanceKey: d.id,
    processDefinitionKey: d.processDefinitionKey,
    ...(d.parentProcessInstanceKey ? { parentProcessInstanceKey: d.parentProcessInstanceKey } : {}),
    ...(d.parentElementInstanceKey ? { parentElementInstanceKey: d.parentElementInstanceKey } : {}),
  };
}

function toUserTask(d: Stored<import('./collections.js').UserTaskDoc>): UserTaskResult {
  const { id, version: _v, ...fields } = d;
  return { ...fields, tenantId: TENANT, userTaskKey: id };
}

async function readResource(resource: DeploymentResource): Promise<{ name: string; xml: string }> {
  if (!resource || typeof resource !== 'object' || !('name' in resource) || !resource.name) {
    throw new EngineError('INVALID_ARGUMENT', 'Every resource needs a name');
  }
  if ('content' in resource) {
    return { name: resource.name, xml: typeof resource.content === 'string' ? resource.content : new TextDecoder().decode(resource.content) };
  }
  return { name: resource.name, xml: await (resource as Blob).text() };
}

/** What an instance start did, as its caller's hook sees it. */
const creation = (def: Definition, key: string): ProcessInstanceCreation => ({
  processInstanceKey: key,
  processDefinitionKey: def.key,
  processDefinitionId: def.processDefinitionId,
  processDefinitionVersion: def.version,
});

/** A caller's `withinCommand` hook, given what the command's result says it did. */
function hook<R, O>(options: CommandOptions<O> | undefined, outcome: (result: R) => O): ((tx: Transaction, result: R) => Promise<void>) | undefined {
  const within = options?.withinCommand;
  return within && ((tx, result) => within(tx, outcome(result)));
}

function withTimeout<T>(promise: Promise<T>, ms: number, key: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new EngineError('INVALID_STATE', `Process instance '${key}' did not complete within ${ms} ms`, { key })), ms);
    timer.unref?.();
    promise.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e) => {
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}
