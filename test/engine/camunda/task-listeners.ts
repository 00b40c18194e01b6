// Zeebe's user task listeners played over the embedded engine, for the stand-in Camunda cluster of
// the Camunda adapter's tests (double.ts). The embedded engine refuses task listeners, so models
// reach it without them; this decorator of the engine port keeps them aside and plays them as
// Zeebe does: each listener is a job of kind TASK_LISTENER, handed out by job activation with the
// engine's own jobs; an assignment or a completion waits until its listeners answer (a denial or a
// failure refuses it, in Zeebe's words); creating and canceling listeners run as tasks appear and
// end. The deployed XML is answered as deployed, listeners included.
import type { ManualClock } from '../../../server/engine/embedded/index.js';
import type { EmbeddedEngine } from '../../../server/engine/embedded/index.js';
import {
  EngineError,
  type DeploymentResource,
  type EnginePort,
  type Job,
  type JobActionReceipt,
  type JobWorker,
  type JobWorkerConfig,
  type UserTaskResult,
  type Variables,
} from '../../../server/engine/port.js';
import type { CamundaApiEngine, CamundaApiJob, CamundaApiJobCommands, TaskListenerResult } from '../../../server/http/v2/index.js';
import { moddle } from '../../../server/bpmn/read.js';

/** How long a blocked assignment or completion waits for its listeners. */
const LISTENER_WAIT_MS = 10_000;
/** A listener type counts as served while a worker polls for it, or polled within this long. */
const SERVED_WITHIN_MS = 2_000;
/** How often waiting workers are offered the listener jobs that came due (and new tasks announced). */
const OFFER_EVERY_MS = 5;
/** Listener job keys: above the embedded engine's (Zeebe's partition 1 starts at 2^51). */
const FIRST_LISTENER_KEY = 2n ** 52n;
const TENANT = '<default>';

type ListenerEvent = 'CREATING' | 'ASSIGNING' | 'COMPLETING' | 'CANCELING';

interface ListenerDef {
  eventType: ListenerEvent;
  type: string;
  retries: number;
}

interface ListenerOutcome {
  denied?: string;
  failed?: string;
}

interface ListenerJob {
  jobKey: string;
  type: string;
  event: ListenerEvent;
  task: UserTaskResult;
  /** What the job's userTask says beyond the task itself (the assignee being set, the action). */
  props: Record<string, unknown>;
  variables: Variables;
  retries: number;
  state: 'ACTIVATABLE' | 'ACTIVATED' | 'DONE';
  due: number;
  deadline?: number;
  worker?: string;
  settle: (outcome: ListenerOutcome) => void;
  done: Promise<ListenerOutcome>;
}

/** A worker waiting for jobs of its type (a long poll of /v2): listener jobs are offered to it too. */
interface WaitingWorker {
  config: JobWorkerConfig;
}

export interface TaskListenerShimOptions {
  /**
   * Whether a completing listener's job carries the variables the completion submits (default
   * true); false plays a cluster whose listeners see only the instance's variables.
   */
  completionVariablesToListeners?: boolean;
}

export class TaskListenerShim implements CamundaApiEngine {
  readonly jobs: CamundaApiJobCommands;
  /** The XML as deployed (with its listeners) by process definition key. */
  private readonly deployedXml = new Map<string, string>();
  /** Task listeners by process definition key and element id. */
  private readonly listeners = new Map<string, Map<string, ListenerDef[]>>();
  private readonly listenerJobs = new Map<string, ListenerJob>();
  /** Tasks whose creating (and canceling) listeners were started, with the creating run. */
  private readonly announced = { created: new Map<string, Promise<unknown>>(), canceled: new Set<string>() };
  /** Listener runs under way, with the listener types they involve. */
  private readonly runs = new Set<string[]>();
  private readonly polledAt = new Map<string, number>();
  private readonly waiting = new Set<WaitingWorker>();
  private readonly offering: NodeJS.Timeout;
  private offeringNow = false;
  private nextListenerKey = FIRST_LISTENER_KEY;
  private readonly completionVariablesToListeners: boolean;

  constructor(
    private readonly engine: EmbeddedEngine,
    private readonly clock: ManualClock,
    options: TaskListenerShimOptions = {},
  ) {
    this.completionVariablesToListeners = options.completionVariablesToListeners !== false;
    this.offering = setInterval(() => void this.offer(), OFFER_EVERY_MS);
    this.offering.unref();
    this.jobs = {
      activateJobs: (input) => this.activateJobs(input),
      completeJob: (input) => this.answerJob(input.jobKey, 'complete', input),
      failJob: (input) => this.answerJob(input.jobKey, 'fail', input),
      throwJobError: (input) => this.answerJob(input.jobKey, 'error', input),
    };
  }

  // ------------------------------------------------------------------------------------------
  // What the engine answers as it is

  readonly deployResourcesFromFiles: EnginePort['deployResourcesFromFiles'] = (files, options) => this.engine.deployResourcesFromFiles(files, options);
  readonly searchProcessDefinitions: EnginePort['searchProcessDefinitions'] = (input) => this.engine.searchProcessDefinitions(input);
  readonly getProcessInstance: EnginePort['getProcessInstance'] = (input) => this.engine.getProcessInstance(input);
  readonly searchProcessInstances: EnginePort['searchProcessInstances'] = (input) => this.engine.searchProcessInstances(input);
  readonly searchElementInstances: EnginePort['searchElementInstances'] = (input) => this.engine.searchElementInstances(input);
  readonly searchVariables: EnginePort['searchVariables'] = (input) => this.engine.searchVariables(input);
  readonly searchUserTasks: EnginePort['searchUserTasks'] = (input) => this.engine.searchUserTasks(input);
  readonly getUserTask: EnginePort['getUserTask'] = (input) => this.engine.getUserTask(input);
  readonly searchIncidents: EnginePort['searchIncidents'] = (input) => this.engine.searchIncidents(input);

  // ------------------------------------------------------------------------------------------
  // Commands: what they change is announced to the listeners before they answer

  readonly createProcessInstance: EnginePort['createProcessInstance'] = (input) => this.settled(this.engine.createProcessInstance(input));
  readonly cancelProcessInstance: EnginePort['cancelProcessInstance'] = (input) => this.settled(this.engine.cancelProcessInstance(input));
  readonly publishMessage: EnginePort['publishMessage'] = (input) => this.settled(this.engine.publishMessage(input));
  readonly resolveIncident: EnginePort['resolveIncident'] = (input) => this.settled(this.engine.resolveIncident(input));

  private async settled<T>(command: Promise<T>): Promise<T> {
    const result = await command;
    await this.settle();
    return result;
  }

  /** The listeners are kept aside (the embedded engine refuses them), the XML as deployed. */
  async createDeployment(input: { resources: DeploymentResource[]; tenantId?: string }) {
    const resources = await Promise.all(input.resources.map(async (r) => ({ name: r.name, content: await textOf(r) })));
    const listeners = await Promise.all(resources.map((r) => listenersOf(r.content)));
    const result = await this.engine.createDeployment({ resources: resources.map(({ name, content }) => ({ name, content: stripListeners(content) })) });
    for (const p of result.processes) {
      const index = resources.findIndex((r) => r.name === p.resourceName);
      if (index < 0) continue;
      this.deployedXml.set(p.processDefinitionKey, resources[index]!.content);
      const own = listeners[index]!.get(p.processDefinitionId);
      if (own?.size) this.listeners.set(p.processDefinitionKey, own);
    }
    return result;
  }

  async getProcessDefinitionXml(input: { processDefinitionKey: string }) {
    return this.deployedXml.get(input.processDefinitionKey) ?? this.engine.getProcessDefinitionXml(input);
  }

  async assignUserTask(input: { userTaskKey: string; assignee: string; allowOverride?: boolean | null }) {
    const key = input.userTaskKey;
    const task = await this.openTask(key, 'ASSIGN', 'assign');
    if (input.allowOverride === false && task.assignee && task.assignee !== input.assignee) {
      throw rejection('CLAIM', `Expected to claim user task with key '${key}', but it has already been assigned`, key);
    }
    await this.listenedTo(task, 'ASSIGNING', { assignee: input.assignee, action: 'assign' }, {}, ['ASSIGN', 'Assignment', 'assigning']);
    await this.engine.assignUserTask({ userTaskKey: key, assignee: input.assignee, allowOverride: true });
  }

  async unassignUserTask(input: { userTaskKey: string }) {
    const task = await this.openTask(input.userTaskKey, 'ASSIGN', 'assign');
    await this.listenedTo(task, 'ASSIGNING', { assignee: '', action: 'unassign' }, {}, ['ASSIGN', 'Assignment', 'assigning']);
    await this.engine.unassignUserTask(input);
  }

  async completeUserTask(input: { userTaskKey: string; variables?: Variables | null }) {
    const task = await this.openTask(input.userTaskKey, 'COMPLETE', 'complete');
    const submitted = this.completionVariablesToListeners ? (input.variables ?? {}) : {};
    await this.listenedTo(task, 'COMPLETING', { action: 'complete' }, submitted, ['COMPLETE', 'Completion', 'completing']);
    await this.engine.completeUserTask({ userTaskKey: input.userTaskKey, ...(input.variables ? { variables: input.variables } : {}) });
    await this.settle();
  }

  private async openTask(key: string, command: string, verb: string): Promise<UserTaskResult> {
    const task = await this.engine.getUserTask({ userTaskKey: key });
    if (task.state !== 'CREATED') throw rejection(command, `Expected to ${verb} user task with key '${key}', but it is in state '${task.state}'`, key);
    return task;
  }

  /** Runs the task's listeners of `event`; a denial or a failure refuses the command as Zeebe does. */
  private async listenedTo(task: UserTaskResult, event: ListenerEvent, props: Record<string, unknown>, extra: Variables, [command, what, listener]: [string, string, string]) {
    const key = task.userTaskKey!;
    const outcome = await this.runListeners(task, event, props, extra);
    if (outcome.denied !== undefined) {
      throw rejection(command, `${what} of the User Task with key '${key}' was denied by Task Listener. Reason to deny: '${outcome.denied}'`, key);
    }
    if (outcome.failed !== undefined) throw new EngineError('INVALID_STATE', `The ${listener} listener of user task '${key}' failed: ${outcome.failed}`, { key });
  }

  // ------------------------------------------------------------------------------------------
  // Jobs: the listeners' with the engine's

  private async activateJobs(input: Parameters<CamundaApiJobCommands['activateJobs']>[0]): Promise<CamundaApiJob[]> {
    this.polledAt.set(input.type, Date.now());
    await this.announce();
    const jobs: CamundaApiJob[] = this.take(input.type, input.maxJobsToActivate, input.timeout, input.worker ?? '').map((job) => this.recordOf(job));
    if (jobs.length < input.maxJobsToActivate) jobs.push(...(await this.engine.activateJobs({ ...input, maxJobsToActivate: input.maxJobsToActivate - jobs.length })));
    return jobs;
  }

  /** The engine's workers, also offered the listener jobs of their type (a /v2 long poll waits on one). */
  createJobWorker(config: JobWorkerConfig): JobWorker {
    const inner = this.engine.createJobWorker(config);
    const waiting: WaitingWorker = { config };
    const leave = () => {
      this.waiting.delete(waiting);
      this.polledAt.set(config.jobType, Date.now());
    };
    if (config.autoStart !== false) this.waiting.add(waiting);
    return {
      get name() {
        return inner.name;
      },
      get activeJobs() {
        return inner.activeJobs;
      },
      get stopped() {
        return inner.stopped;
      },
      start: () => {
        this.waiting.add(waiting);
        inner.start();
      },
      stop: () => {
        leave();
        inner.stop();
      },
      stopGracefully: (options) => {
        leave();
        return inner.stopGracefully(options);
      },
    };
  }

  private async answerJob(
    jobKey: string,
    action: 'complete' | 'fail' | 'error',
    body: { variables?: Variables | null; retries?: number; errorMessage?: string | null; retryBackOff?: number; errorCode?: string; result?: TaskListenerResult },
  ) {
    const listener = this.listenerJobs.get(jobKey);
    if (listener) return this.answerListenerJob(listener, action, body);
    if (action === 'complete') await this.engine.completeJob({ jobKey, ...(body.variables ? { variables: body.variables } : {}) });
    else if (action === 'fail') {
      await this.engine.failJob({
        jobKey,
        retries: body.retries ?? 0,
        ...(body.errorMessage != null ? { errorMessage: body.errorMessage } : {}),
        retryBackOff: body.retryBackOff ?? 0,
        ...(body.variables ? { variables: body.variables } : {}),
      });
    } else await this.engine.throwJobError({ jobKey, errorCode: body.errorCode!, errorMessage: body.errorMessage ?? null, variables: body.variables ?? null });
    await this.settle();
  }

  private answerListenerJob(
    job: ListenerJob,
    action: 'complete' | 'fail' | 'error',
    body: { retries?: number; errorMessage?: string | null; retryBackOff?: number; result?: TaskListenerResult },
  ) {
    if (job.state !== 'ACTIVATED') throw new EngineError('INVALID_STATE', `Expected to ${action} job with key '${job.jobKey}', but it is not activated`, { key: job.jobKey });
    if (action === 'error') {
      throw new EngineError('INVALID_ARGUMENT', `Expected to throw an error for job with key '${job.jobKey}', but task listener jobs cannot throw BPMN errors`, { key: job.jobKey });
    }
    if (action === 'fail') {
      const retries = body.retries ?? 0;
      if (retries > 0) {
        job.retries = retries;
        job.state = 'ACTIVATABLE';
        job.due = this.clock.now() + (body.retryBackOff ?? 0);
      } else job.settle({ failed: body.errorMessage ?? 'the task listener failed' });
      return;
    }
    job.settle(body.result?.denied ? { denied: body.result.deniedReason ?? '' } : {});
  }

  async updateJob(input: { jobKey: string; changeset: { retries?: number | null; timeout?: number | null } }) {
    const listener = this.listenerJobs.get(input.jobKey);
    if (!listener) return this.engine.updateJob(input);
    const { retries, timeout } = input.changeset;
    if (retries != null) listener.retries = retries;
    if (timeout != null && listener.state === 'ACTIVATED') listener.due = listener.deadline = this.clock.now() + timeout;
  }

  /** Listener jobs of these types that wait for a worker (due, not handed out). */
  waitingListenerJobs(types: string[]): number {
    const now = this.clock.now();
    return [...this.listenerJobs.values()].filter((j) => types.includes(j.type) && j.state !== 'DONE' && j.due <= now).length;
  }

  // ------------------------------------------------------------------------------------------
  // Listener runs

  private listenersFor(task: UserTaskResult, event: ListenerEvent): ListenerDef[] {
    return (this.listeners.get(task.processDefinitionKey ?? '')?.get(task.elementId ?? '') ?? []).filter((l) => l.eventType === event);
  }

  /** Whether a worker polls for this listener type: without one, nothing waits for its jobs. */
  private served(type: string) {
    return [...this.waiting].some((w) => w.config.jobType === type) || Date.now() - (this.polledAt.get(type) ?? 0) < SERVED_WITHIN_MS;
  }

  private async visibleVariables(task: UserTaskResult): Promise<Variables> {
    const { items } = await this.engine.searchVariables({ filter: { processInstanceKey: task.processInstanceKey! }, page: { limit: 10_000 } });
    const out: Variables = {};
    for (const scope of [task.processInstanceKey, task.elementInstanceKey]) for (const v of items) if (v.scopeKey === scope) out[v.name] = JSON.parse(v.value);
    return out;
  }

  /** Runs the task's listeners of one event in order; the first denial or failure ends them. */
  private async runListeners(task: UserTaskResult, event: ListenerEvent, props: Record<string, unknown>, extra: Variables = {}): Promise<ListenerOutcome> {
    const defs = this.listenersFor(task, event);
    if (!defs.length) return {};
    const run = defs.map((d) => d.type);
    this.runs.add(run);
    try {
      for (const def of defs) {
        const variables = { ...(await this.visibleVariables(task)), ...extra };
        const job = this.createListenerJob(def, task, event, props, variables);
        let timer: NodeJS.Timeout | undefined;
        const outcome = await Promise.race([
          job.done,
          new Promise<ListenerOutcome>((resolve) => {
            timer = setTimeout(() => resolve({ failed: 'no task listener answered' }), LISTENER_WAIT_MS);
            timer.unref();
          }),
        ]);
        clearTimeout(timer);
        if (outcome.denied !== undefined || outcome.failed !== undefined) return outcome;
      }
      return {};
    } finally {
      this.runs.delete(run);
    }
  }

  private createListenerJob(def: ListenerDef, task: UserTaskResult, event: ListenerEvent, props: Record<string, unknown>, variables: Variables): ListenerJob {
    let settle!: (outcome: ListenerOutcome) => void;
    const done = new Promise<ListenerOutcome>((resolve) => (settle = resolve));
    const job: ListenerJob = {
      jobKey: String(this.nextListenerKey++),
      type: def.type,
      event,
      task,
      props,
      variables,
      retries: def.retries,
      state: 'ACTIVATABLE',
      due: this.clock.now(),
      settle: (outcome) => {
        job.state = 'DONE';
        this.listenerJobs.delete(job.jobKey);
        settle(outcome);
      },
      done,
    };
    this.listenerJobs.set(job.jobKey, job);
    for (const waiting of this.waiting) this.offerTo(waiting);
    return job;
  }

  /** Marks up to `max` due listener jobs of `type` handed out to `worker` for `timeout` ms. */
  private take(type: string, max: number, timeout: number, worker: string): ListenerJob[] {
    const now = this.clock.now();
    const out: ListenerJob[] = [];
    for (const job of this.listenerJobs.values()) {
      if (out.length >= max) break;
      if (job.type !== type || job.state === 'DONE' || job.due > now) continue;
      job.state = 'ACTIVATED';
      job.deadline = job.due = now + timeout;
      job.worker = worker;
      out.push(job);
    }
    return out;
  }

  /** A listener job as Camunda hands it out: its kind, event and user task. */
  private recordOf(job: ListenerJob): CamundaApiJob & { worker: string; tenantId: string } {
    const t = job.task;
    return {
      type: job.type,
      processDefinitionId: t.processDefinitionId!,
      processDefinitionVersion: t.processDefinitionVersion!,
      elementId: t.elementId!,
      customHeaders: {},
      worker: job.worker ?? '',
      retries: job.retries,
      deadline: job.deadline!,
      variables: job.variables,
      tenantId: TENANT,
      jobKey: job.jobKey,
      processInstanceKey: t.processInstanceKey!,
      processDefinitionKey: t.processDefinitionKey!,
      elementInstanceKey: t.elementInstanceKey!,
      kind: 'TASK_LISTENER',
      listenerEventType: job.event,
      userTask: {
        userTaskKey: t.userTaskKey,
        assignee: t.assignee ?? null,
        candidateGroups: t.candidateGroups ?? [],
        candidateUsers: t.candidateUsers ?? [],
        dueDate: t.dueDate ?? null,
        followUpDate: t.followUpDate ?? null,
        priority: t.priority ?? 50,
        ...job.props,
      },
    };
  }

  /** Hands a waiting worker the listener jobs of its type that are due, as the port's jobs. */
  private offerTo({ config }: WaitingWorker) {
    for (const job of this.take(config.jobType, config.maxParallelJobs, config.jobTimeoutMs, config.workerName ?? '')) {
      void Promise.resolve(config.jobHandler(this.portJob(job))).catch(() => undefined);
    }
  }

  /** Offers waiting workers what came due, after announcing the tasks that appeared meanwhile (timers, the engine's own steps). */
  private async offer() {
    if (!this.waiting.size || this.offeringNow) return;
    this.offeringNow = true;
    try {
      await this.announce();
      for (const waiting of this.waiting) this.offerTo(waiting);
    } catch {
      // The engine closed under a waiting worker: nothing is left to offer.
    } finally {
      this.offeringNow = false;
    }
  }

  /** A listener job with the port's actions (a /v2 long poll only takes it and leaves it activated). */
  private portJob(job: ListenerJob): Job {
    const receipt = 'JOB_ACTION_RECEIPT' as JobActionReceipt;
    const answer = (run: () => Promise<unknown>) => run().then(() => receipt);
    const { jobKey } = job;
    return {
      ...(this.recordOf(job) as unknown as Job),
      complete: (variables) => answer(() => this.jobs.completeJob({ jobKey, ...(variables ? { variables } : {}) })),
      fail: (body) => answer(() => this.jobs.failJob({ jobKey, ...body })),
      error: (body) => answer(() => this.jobs.throwJobError({ jobKey, ...body })),
      cancelWorkflow: () => answer(() => this.cancelProcessInstance({ processInstanceKey: job.task.processInstanceKey! })),
      ignore: async () => receipt,
      modifyJobTimeout: ({ newTimeoutMs }) => this.updateJob({ jobKey, changeset: { timeout: newTimeoutMs } }),
      modifyRetries: ({ retries }) => this.updateJob({ jobKey, changeset: { retries } }),
    };
  }

  /** Starts the creating and canceling listeners of tasks that appeared or were cancelled. */
  private async announce() {
    if (!this.listeners.size) return;
    const { items } = await this.engine.searchUserTasks({
      filter: { processDefinitionKey: { $in: [...this.listeners.keys()] } as never, state: { $in: ['CREATED', 'CANCELED'] } },
      page: { limit: 10_000 },
    });
    for (const task of items) {
      const key = task.userTaskKey!;
      if (!this.announced.created.has(key)) this.announced.created.set(key, this.runListeners(task, 'CREATING', {}));
      if (task.state === 'CANCELED' && !this.announced.canceled.has(key)) {
        this.announced.canceled.add(key);
        // As in Zeebe, a task's canceling listeners run after its creating ones have answered.
        void this.announced.created.get(key)!.then(() => this.runListeners(task, 'CANCELING', {}));
      }
    }
  }

  /** Announces what changed and waits (bounded) until the listeners that have a worker answered. */
  async settle() {
    const until = Date.now() + LISTENER_WAIT_MS;
    await this.announce();
    while (Date.now() < until && [...this.runs].some((types) => types.some((t) => this.served(t)))) {
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  }

  /** Stops offering jobs; what waits for a listener fails, as on a cluster shutting down. The engine stays open. */
  async close() {
    clearInterval(this.offering);
    this.waiting.clear();
    for (const job of this.listenerJobs.values()) job.settle({ failed: 'the cluster is shutting down' });
  }
}

// ---------------------------------------------------------------------------------------------

/** Zeebe's rejection of a user task command. */
function rejection(command: string, reason: string, key: string) {
  return new EngineError('INVALID_STATE', `Command '${command}' rejected with code 'INVALID_STATE': ${reason}`, { key });
}

async function textOf(resource: DeploymentResource): Promise<string> {
  if (!('content' in resource)) return resource.text();
  return typeof resource.content === 'string' ? resource.content : new TextDecoder().decode(resource.content);
}

function stripListeners(xml: string): string {
  return xml.replace(/<([\w-]+):taskListeners\b[^>]*>[\s\S]*?<\/\1:taskListeners>/g, '').replace(/<([\w-]+):taskListeners\b[^>]*\/>/g, '');
}

/** What the listener reading touches of a moddle element. */
interface ListenerNode {
  $type: string;
  id: string;
  flowElements?: ListenerNode[];
  rootElements?: ListenerNode[];
  extensionElements?: { values?: Array<{ $type: string; listeners?: Array<{ eventType?: string; type: string; retries?: string | number }> }> };
}

/** Process id → element id → its task listeners, in document order. */
async function listenersOf(xml: string): Promise<Map<string, Map<string, ListenerDef[]>>> {
  const out = new Map<string, Map<string, ListenerDef[]>>();
  if (!/taskListener/.test(xml)) return out;
  let definitions: ListenerNode;
  try {
    definitions = (await moddle.fromXML(xml, 'bpmn:Definitions')).rootElement as unknown as ListenerNode;
  } catch {
    return out;
  }
  const walk = (container: ListenerNode, byElement: Map<string, ListenerDef[]>) => {
    for (const element of container.flowElements ?? []) {
      const holder = (element.extensionElements?.values ?? []).find((v) => v.$type === 'zeebe:TaskListeners');
      if (holder) {
        byElement.set(
          element.id,
          (holder.listeners ?? []).map((l) => ({ eventType: String(l.eventType).toUpperCase() as ListenerEvent, type: l.type, retries: Number(l.retries ?? 3) })),
        );
      }
      if (element.flowElements) walk(element, byElement);
    }
  };
  for (const root of definitions.rootElements ?? []) {
    if (root.$type !== 'bpmn:Process') continue;
    const byElement = new Map<string, ListenerDef[]>();
    walk(root, byElement);
    out.set(root.id, byElement);
  }
  return out;
}
