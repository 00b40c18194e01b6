// One step of the embedded engine: a command (start, complete a job, fire a timer, correlate a
// message…) loads the instances it touches, carries each token forward with Zeebe's semantics
// until every token waits again, and writes the result in the same store transaction.
import { EngineError, type IncidentErrorType, type InstanceCreation, type InstanceCreationHook, type RootVariableChange, type RootVariableWatch, type Variables } from '../port.js';
import type { Stored, Transaction } from '../../store/port.js';
import type {
  Collections,
  ElementInstanceDoc,
  Joins,
  JobDoc,
  MessageDoc,
  ProcessInstanceDoc,
  RetryPhase,
  SubscriptionDoc,
  TimerDoc,
  TimerKind,
  VariableChangeDoc,
  VariableDoc,
} from './collections.js';
import { describeValue, evaluateFeel, FeelError, runsInWorker, valueOf, type Expr, type WorkerOutcome } from './feel.js';
import { addDuration, firstCycleDue, formatDuration, Iso8601Error, parseCycle, parseDateTime, parseDuration } from './iso8601.js';
import { reservedSegmentOf, type ElementModel, type FlowModel, type ProcessModel } from './model.js';

export interface Definition {
  key: string;
  processDefinitionId: string;
  name: string;
  version: number;
  versionTag?: string;
  model: ProcessModel;
}

/** What a step needs from the engine around it. */
export interface StepHost {
  nextKey(): string;
  /** Hands out a cached instance (removing it from the cache) when it is still at `version`. */
  checkOut(key: string, version: number): Instance | undefined;
  definition(c: Collections, key: string): Promise<Definition>;
  latestDefinition(c: Collections, processId: string): Promise<Definition | undefined>;
  /** The platform's hook on every instance created (see the port's InstanceCreationHook). */
  readonly instanceCreated?: InstanceCreationHook | undefined;
  /** The platform's watch on root-scope variables (see the port's RootVariableWatch). */
  readonly rootVariableWatch?: RootVariableWatch | undefined;
}

/** How deep call activities may nest before the root of a hierarchy is no longer looked for (a guard, never reached by a model). */
const MAX_CALL_DEPTH = 1000;

/** What happens after the transaction commits. */
export interface Effects {
  jobTypes: Set<string>;
  /** Earliest due time among timers created in this step. */
  timerDue?: number;
  /** Earliest time a job becomes activatable again (back-off or deadline). */
  jobDue?: number;
  /** Root process instances that ended, with their root variables. */
  ended: Array<{ processInstanceKey: string; variables: Variables }>;
  /** Incidents this step raised, as written (the engine reports each once the step commits). */
  incidents: Array<import('./collections.js').IncidentDoc>;
  /** User tasks this step created, assigned, unassigned, completed or cancelled, as written (reported once the step commits). */
  userTasks: UserTaskChange[];
}

/** What happened to a user task in a step, with the task as the step left it. */
export interface UserTaskChange {
  change: 'created' | 'assigned' | 'unassigned' | 'completed' | 'canceled';
  task: import('./collections.js').UserTaskDoc;
  /** Who held it before an assignment or unassignment. */
  previousAssignee?: string;
}

interface Tracked<T> {
  doc: T;
  version: number; // 0: not stored yet
  dirty: boolean;
}

interface VarEntry extends Tracked<VariableDoc> {
  key: string;
}

type ElementInstance = Tracked<ElementInstanceDoc>;

export class Instance {
  readonly elements = new Map<string, ElementInstance>();
  readonly vars = new Map<string, Map<string, VarEntry>>();
  constructor(
    readonly key: string,
    readonly tracked: Tracked<ProcessInstanceDoc>,
    readonly def: Definition,
  ) {}
  get doc() {
    return this.tracked.doc;
  }

  /** Scope keys from `scopeKey` outwards to the process instance. */
  chain(scopeKey: string): string[] {
    const keys: string[] = [];
    let key: string | undefined = scopeKey;
    while (key && key !== this.key) {
      keys.push(key);
      key = this.elements.get(key)?.doc.flowScopeKey;
    }
    keys.push(this.key);
    return keys;
  }

  /** Every variable visible from a scope, inner ones shadowing outer ones (optionally only `names`). */
  visible(scopeKey: string, names?: string[]): Variables {
    const out: Variables = {};
    const chain = this.chain(scopeKey);
    for (let i = chain.length - 1; i >= 0; i--) {
      const scope = this.vars.get(chain[i]!);
      if (!scope) continue;
      for (const [name, v] of scope) {
        if (names && !names.includes(name)) continue;
        // A variable named '__proto__' (a start's JSON can name one) stays a variable instead of becoming the object's prototype.
        if (name === '__proto__') Object.defineProperty(out, name, { value: JSON.parse(v.doc.value), enumerable: true, writable: true, configurable: true });
        else out[name] = JSON.parse(v.doc.value);
      }
    }
    return out;
  }
}

class KeysExhausted extends Error {}
export { KeysExhausted };

/**
 * A step needs the value of an expression that runs in the worker thread and has not got it yet.
 * The engine rolls the step back, has the worker evaluate the expression while the store is free for
 * everyone else, and runs the step again with the outcome (Step.evaluated), found under `key`.
 */
export class WorkerEvaluationNeeded extends Error {
  constructor(
    readonly expression: string,
    readonly variables: Variables,
    readonly nowMs: number,
    readonly key: string,
  ) {
    super(`the step needs the worker thread's value of '${expression}'`);
    this.name = 'WorkerEvaluationNeeded';
  }
}

const BODY = 'MULTI_INSTANCE_BODY';

export class Step {
  readonly effects: Effects = { jobTypes: new Set(), ended: [], incidents: [], userTasks: [] };
  private readonly instances = new Map<string, Instance>();
  private readonly agenda: Array<() => Promise<void>> = [];
  readonly nowIso: string;

  constructor(
    readonly host: StepHost,
    readonly c: Collections,
    readonly now: number,
    /** Outcomes of worker-thread expressions evaluated before this step ran (WorkerEvaluationNeeded); without it, the step awaits the worker itself. */
    readonly evaluated?: Map<string, WorkerOutcome>,
    /** The step's transaction, for the platform's hooks (StepHost.instanceCreated, rootVariableWatch). */
    readonly tx?: Transaction,
  ) {
    this.nowIso = new Date(now).toISOString();
  }

  // ------------------------------------------------------------------------------------------
  // Loading and writing

  async instance(key: string): Promise<Instance> {
    const cached = this.instances.get(key);
    if (cached) return cached;
    const doc = await this.c.processInstances.get(key);
    if (!doc) throw new EngineError('NOT_FOUND', `Process instance with key '${key}' not found`, { key });
    const reused = this.host.checkOut(key, doc.version);
    if (reused) {
      this.instances.set(key, reused);
      return reused;
    }
    const { id: _id, version, ...fields } = doc;
    const def = await this.host.definition(this.c, doc.processDefinitionKey);
    const inst = new Instance(key, { doc: fields, version, dirty: false }, def);
    inst.vars.set(key, new Map());
    if (doc.state === 'ACTIVE') {
      const { items } = await this.c.elementInstances.find({ processInstanceKey: key, state: 'ACTIVE' }, { limit: 1_000_000 });
      for (const { id, version: v, ...el } of items) {
        inst.elements.set(id, { doc: el, version: v, dirty: false });
        inst.vars.set(id, new Map());
      }
      const scopeKeys = [...inst.vars.keys()];
      const { items: vars } = await this.c.variables.find(scopeKeys.length === 1 ? { scopeKey: key } : { scopeKey: { $in: scopeKeys } }, { limit: 1_000_000 });
      for (const { id, version: v, ...variable } of vars) {
        inst.vars.get(variable.scopeKey)?.set(variable.name, { key: id, doc: variable, version: v, dirty: false });
      }
    }
    this.instances.set(key, inst);
    return inst;
  }

  async flush() {
    await this.flushJobs();
    await this.flushIncidents();
    const watch = this.host.rootVariableWatch;
    const watched: Array<Omit<RootVariableChange, 'rootProcessInstanceKey'> & { inst: Instance }> = [];
    for (const inst of this.instances.values()) {
      const pi = inst.tracked;
      // Every step on an instance bumps its version: concurrent steps on one instance conflict.
      if (pi.version === 0) {
        await this.c.processInstances.insert({ id: inst.key, ...pi.doc });
        pi.version = 1;
      } else pi.version = (await this.c.processInstances.update(inst.key, pi.doc, pi.version)).version;
      pi.dirty = false;
      const inserts: Array<ElementInstanceDoc & { id: string }> = [];
      for (const [key, el] of inst.elements) {
        if (el.version === 0) {
          inserts.push({ id: key, ...el.doc });
          el.version = 1;
        } else if (el.dirty) el.version = (await this.c.elementInstances.update(key, el.doc, el.version)).version;
        el.dirty = false;
      }
      if (inserts.length) await this.c.elementInstances.insertMany(inserts);
      const varInserts: Array<VariableDoc & { id: string }> = [];
      const changes: Array<VariableChangeDoc & { id: string }> = [];
      for (const scope of inst.vars.values()) {
        for (const v of scope.values()) {
          if (!v.dirty) continue;
          if (v.version === 0) {
            varInserts.push({ id: v.key, ...v.doc });
            v.version = 1;
          } else v.version = (await this.c.variables.update(v.key, v.doc, v.version)).version;
          v.dirty = false;
          changes.push({ id: this.host.nextKey(), variableKey: v.key, ...v.doc, changedAt: this.nowIso });
          if (watch && v.doc.scopeKey === inst.key && watch.names.includes(v.doc.name)) {
            watched.push({ inst, processInstanceKey: inst.key, name: v.doc.name, value: JSON.parse(v.doc.value) as unknown });
          }
        }
      }
      if (varInserts.length) await this.c.variables.insertMany(varInserts);
      if (changes.length) await this.c.variableHistory.insertMany(changes);
      // What stays in memory for the next step is exactly what a fresh load would read: tokens
      // still active and the variables of their scopes.
      for (const [key, el] of inst.elements) {
        if (el.doc.state !== 'ACTIVE') {
          inst.elements.delete(key);
          inst.vars.delete(key);
        }
      }
    }
    if (watch && watched.length && this.tx) {
      const changes: RootVariableChange[] = [];
      for (const { inst, ...change } of watched) changes.push({ ...change, rootProcessInstanceKey: await this.rootKeyOf(inst) });
      await watch.changed(this.tx, changes);
    }
  }

  /** The root of the call hierarchy `inst` belongs to (itself unless a call activity created it). */
  private async rootKeyOf(inst: Instance): Promise<string> {
    let key = inst.key;
    let parentKey = inst.doc.parentProcessInstanceKey;
    for (let depth = 0; parentKey && depth < MAX_CALL_DEPTH; depth++) {
      key = parentKey;
      parentKey = (this.instances.get(key)?.doc ?? (await this.c.processInstances.get(key)))?.parentProcessInstanceKey;
    }
    return key;
  }

  /** The instances this step touched, in the state it committed. */
  touched(): Instance[] {
    return [...this.instances.values()];
  }

  /** Runs queued work until every token waits; inclusive joins are re-examined as tokens settle. */
  async run() {
    for (;;) {
      while (this.agenda.length) await this.agenda.shift()!();
      if (!(await this.settleInclusiveJoins())) return;
    }
  }

  private later(work: () => Promise<void>) {
    this.agenda.push(work);
  }

  // ------------------------------------------------------------------------------------------
  // Variables

  private scopeVars(inst: Instance, scopeKey: string) {
    let scope = inst.vars.get(scopeKey);
    if (!scope) inst.vars.set(scopeKey, (scope = new Map()));
    return scope;
  }

  setLocal(inst: Instance, scopeKey: string, name: string, value: unknown) {
    const json = JSON.stringify(value === undefined ? null : value);
    const scope = this.scopeVars(inst, scopeKey);
    const existing = scope.get(name);
    if (existing) {
      if (existing.doc.value !== json) {
        existing.doc = { ...existing.doc, value: json };
        existing.dirty = true;
      }
      return;
    }
    scope.set(name, { key: this.host.nextKey(), doc: { name, value: json, scopeKey, processInstanceKey: inst.key }, version: 0, dirty: true });
  }

  /** Zeebe's propagation: each variable lands in the nearest scope that has it, else the root. */
  propagate(inst: Instance, fromScopeKey: string, variables: Variables | null | undefined) {
    if (!variables) return;
    const chain = inst.chain(fromScopeKey);
    for (const [name, value] of Object.entries(variables)) {
      const owner = chain.find((k) => inst.vars.get(k)?.has(name)) ?? inst.key;
      this.setLocal(inst, owner, name, value);
    }
  }

  // Evaluations are awaited: an expression that can loop or grow runs in a worker thread (feel.ts).
  private async evaluate(inst: Instance, scopeKey: string, expr: Expr): Promise<unknown> {
    return 'feel' in expr ? this.evaluateFeelWith(expr.feel, inst.visible(scopeKey)) : expr.text;
  }

  private async evaluateFeelIn(inst: Instance, scopeKey: string, feel: string, extra?: Variables): Promise<unknown> {
    const vars = inst.visible(scopeKey);
    return this.evaluateFeelWith(feel, extra ? { ...vars, ...extra } : vars);
  }

  private async evaluateFeelWith(feel: string, variables: Variables): Promise<unknown> {
    if (!this.evaluated || !runsInWorker(feel)) return evaluateFeel(feel, variables, this.now);
    const key = `${feel}\u0000${JSON.stringify(variables)}`;
    const outcome = this.evaluated.get(key);
    if (!outcome) throw new WorkerEvaluationNeeded(feel, variables, this.now, key);
    return valueOf(feel, outcome);
  }

  // ------------------------------------------------------------------------------------------
  // Instances

  async createInstance(
    def: Definition,
    startId: string,
    variables: Variables | undefined,
    parent?: { inst: Instance; elem: ElementInstance },
    startCorrelationKey?: string,
    cause: Exclude<InstanceCreation['cause'], 'callActivity'> = 'command',
  ) {
    const key = this.host.nextKey();
    const doc: ProcessInstanceDoc = {
      processInstanceKey: key,
      processDefinitionKey: def.key,
      processDefinitionId: def.processDefinitionId,
      processDefinitionName: def.name,
      processDefinitionVersion: def.version,
      state: 'ACTIVE',
      startDate: this.nowIso,
      incidents: 0,
    };
    if (def.versionTag) doc.processDefinitionVersionTag = def.versionTag;
    if (parent) {
      doc.parentProcessInstanceKey = parent.inst.key;
      doc.parentElementInstanceKey = parent.elem.doc.elementInstanceKey;
    }
    if (startCorrelationKey) doc.startCorrelationKey = startCorrelationKey;
    const inst = new Instance(key, { doc, version: 0, dirty: true }, def);
    inst.vars.set(key, new Map());
    this.instances.set(key, inst);
    for (const [name, value] of Object.entries(variables ?? {})) this.setLocal(inst, key, name, value);
    const created = this.host.instanceCreated;
    if (created && this.tx) {
      const added = await created(this.tx, {
        processInstanceKey: key,
        processDefinitionKey: def.key,
        processDefinitionId: def.processDefinitionId,
        processDefinitionName: def.name,
        processDefinitionVersion: def.version,
        startDate: this.nowIso,
        cause: parent ? 'callActivity' : cause,
        variables: { ...variables },
        processProperties: def.model.properties,
        ...(parent ? { parentProcessInstanceKey: parent.inst.key } : {}),
        rootProcessInstanceKey: parent ? await this.rootKeyOf(parent.inst) : key,
      });
      // Before the start event's step: everything the instance does sees them.
      for (const [name, value] of Object.entries(added ?? {})) this.setLocal(inst, key, name, value);
    }
    const start = def.model.elements.get(startId)!;
    this.later(() => this.activate(inst, key, start));
    return inst;
  }

  private touchInstance(inst: Instance) {
    inst.tracked.dirty = true;
  }

  private async completeProcess(inst: Instance) {
    inst.doc.state = 'COMPLETED';
    inst.doc.endDate = this.nowIso;
    delete inst.doc.joins;
    this.touchInstance(inst);
    const parentKey = inst.doc.parentProcessInstanceKey;
    const variables = inst.visible(inst.key);
    if (!parentKey) {
      this.effects.ended.push({ processInstanceKey: inst.key, variables });
      return;
    }
    const parent = await this.instance(parentKey);
    const callElem = parent.elements.get(inst.doc.parentElementInstanceKey!);
    if (!callElem || callElem.doc.state !== 'ACTIVE') return;
    delete callElem.doc.childProcessInstanceKey;
    this.touch(callElem);
    const model = this.model(parent, callElem);
    const propagateAll = model.callActivity!.propagateAllChildVariables || model.outputs.length > 0;
    this.later(() => this.complete(parent, callElem, propagateAll ? variables : undefined));
  }

  async cancelInstance(inst: Instance) {
    if (inst.doc.state !== 'ACTIVE') {
      throw new EngineError('NOT_FOUND', `Expected to cancel a process instance with key '${inst.key}', but no such active process instance was found`, { key: inst.key });
    }
    if (inst.doc.parentProcessInstanceKey) {
      throw new EngineError(
        'INVALID_STATE',
        `Expected to cancel a process instance with key '${inst.key}', but it is created by a parent process instance. Cancel the root process instance '${inst.doc.parentProcessInstanceKey}' instead.`,
        { key: inst.key },
      );
    }
    await this.terminateInstance(inst);
  }

  private async terminateInstance(inst: Instance) {
    for (const el of this.activeChildren(inst, inst.key)) await this.terminate(inst, el);
    inst.doc.state = 'TERMINATED';
    inst.doc.endDate = this.nowIso;
    delete inst.doc.joins;
    this.touchInstance(inst);
  }

  // ------------------------------------------------------------------------------------------
  // Element lifecycle

  model(inst: Instance, elem: ElementInstance): ElementModel {
    return inst.def.model.elements.get(elem.doc.elementId)!;
  }

  private touch(elem: ElementInstance) {
    elem.dirty = true;
  }

  private newElement(inst: Instance, scopeKey: string, el: ElementModel, type = el.type): ElementInstance {
    const key = this.host.nextKey();
    const elem: ElementInstance = {
      doc: {
        elementInstanceKey: key,
        processInstanceKey: inst.key,
        processDefinitionKey: inst.def.key,
        processDefinitionId: inst.def.processDefinitionId,
        elementId: el.id,
        elementName: el.name,
        type,
        state: 'ACTIVE',
        flowScopeKey: scopeKey,
        startDate: this.nowIso,
      },
      version: 0,
      dirty: true,
    };
    inst.elements.set(key, elem);
    inst.vars.set(key, new Map());
    return elem;
  }

  /** Activates an element in a scope; `trigger` carries an event's variables for events that are already triggered. */
  async activate(inst: Instance, scopeKey: string, el: ElementModel, trigger?: { variables?: Variables | null }) {
    if (el.multiInstance && !trigger) {
      const body = this.newElement(inst, scopeKey, el, BODY);
      await this.enter(inst, body);
      return;
    }
    const elem = this.newElement(inst, scopeKey, el);
    await this.enter(inst, elem, trigger);
  }

  private isBody(elem: ElementInstance) {
    return elem.doc.type === BODY;
  }

  /** Input mappings, then the element's own behaviour. Re-run when an incident here is resolved. */
  async enter(inst: Instance, elem: ElementInstance, trigger?: { variables?: Variables | null }) {
    const el = this.model(inst, elem);
    try {
      if (this.isBody(elem)) return await this.enterBody(inst, elem, el);
      for (const input of el.inputs) {
        this.setLocal(inst, elem.doc.elementInstanceKey, input.target, await this.evaluate(inst, elem.doc.elementInstanceKey, input.source));
      }
      if (trigger) return await this.complete(inst, elem, trigger.variables);
      await this.behave(inst, elem, el);
    } catch (error) {
      if (error instanceof FeelError || error instanceof Iso8601Error || error instanceof ValueError) {
        this.raise(inst, elem, error instanceof ValueError ? error.errorType : 'EXTRACT_VALUE_ERROR', error.message, 'enter');
        return;
      }
      throw error;
    }
  }

  private async behave(inst: Instance, elem: ElementInstance, el: ElementModel) {
    const key = elem.doc.elementInstanceKey;
    const hostsBoundaries = !el.multiInstance;
    switch (el.behaviour) {
      case 'start':
      case 'passThrough':
      case 'parallel':
      case 'boundary':
        return this.complete(inst, elem);
      case 'end':
        if (el.event === 'error') return this.throwError(inst, elem, el.errorCode!, '', null, undefined);
        if (el.event === 'terminate') {
          for (const sibling of this.activeChildren(inst, elem.doc.flowScopeKey)) {
            if (sibling !== elem) await this.terminate(inst, sibling);
          }
          this.setJoins(inst, elem.doc.flowScopeKey, undefined);
          return this.complete(inst, elem);
        }
        if (el.job) return this.createJob(inst, elem, el);
        return this.complete(inst, elem);
      case 'job':
        await this.createJob(inst, elem, el);
        if (hostsBoundaries) await this.openBoundaries(inst, elem, el);
        return;
      case 'script': {
        const result = await this.evaluateFeelIn(inst, key, el.script!.expression);
        return this.complete(inst, elem, { [el.script!.resultVariable]: result });
      }
      case 'userTask':
        await this.createUserTask(inst, elem, el);
        if (hostsBoundaries) await this.openBoundaries(inst, elem, el);
        return;
      case 'catch':
        if (el.event === 'timer') await this.createTimer(inst, elem, el, 'catch', key);
        else await this.subscribe(inst, elem, el, 'catch');
        if (hostsBoundaries && el.bpmnType === 'bpmn:ReceiveTask') await this.openBoundaries(inst, elem, el);
        return;
      case 'exclusive':
      case 'inclusive':
        return this.complete(inst, elem, undefined, await this.chooseFlows(inst, elem, el));
      case 'eventBased':
        for (const flow of el.outgoing) {
          const target = inst.def.model.elements.get(flow.targetId)!;
          if (target.event === 'timer') await this.createTimer(inst, elem, target, 'eventGateway', key);
          else await this.subscribe(inst, elem, target, 'eventGateway');
        }
        return;
      case 'subProcess': {
        if (hostsBoundaries) await this.openBoundaries(inst, elem, el);
        const start = inst.def.model.elements.get(el.startId!)!;
        this.later(() => this.activate(inst, key, start));
        return;
      }
      case 'callActivity':
        await this.callProcess(inst, elem, el);
        if (hostsBoundaries && elem.doc.childProcessInstanceKey) await this.openBoundaries(inst, elem, el);
        return;
    }
  }

  /**
   * Completes an element: its variables (local plus output mappings, or propagated), then it
   * leaves through `flows` (all outgoing flows by default).
   */
  async complete(inst: Instance, elem: ElementInstance, variables?: Variables | null, flows?: FlowModel[]) {
    if (elem.doc.state !== 'ACTIVE') return;
    const el = this.model(inst, elem);
    const key = elem.doc.elementInstanceKey;
    try {
      if (this.isBody(elem)) {
        const collection = el.multiInstance!.outputCollection;
        if (collection) this.propagate(inst, elem.doc.flowScopeKey, { [collection]: JSON.parse(this.scopeVars(inst, key).get(collection)?.doc.value ?? '[]') });
      } else if (el.outputs.length) {
        for (const [name, value] of Object.entries(variables ?? {})) this.setLocal(inst, key, name, value);
        const results: Variables = Object.create(null);
        for (const output of el.outputs) setPath(results, output.target, await this.evaluate(inst, key, output.source));
        this.propagateOutputs(inst, elem.doc.flowScopeKey, results);
      } else {
        this.propagate(inst, key, variables);
      }
    } catch (error) {
      if (error instanceof FeelError || error instanceof ValueError) {
        this.raise(inst, elem, error instanceof ValueError ? error.errorType : 'IO_MAPPING_ERROR', error.message, 'complete');
        return;
      }
      throw error;
    }
    await this.close(inst, elem, el);
    elem.doc.state = 'COMPLETED';
    elem.doc.endDate = this.nowIso;
    this.touch(elem);
    await this.leave(inst, elem, el, flows);
  }

  /** Output mapping targets like 'order.total' merge into an existing context variable. */
  private propagateOutputs(inst: Instance, scopeKey: string, results: Variables) {
    const visible = inst.visible(scopeKey);
    for (const [name, value] of Object.entries(results)) {
      const current = visible[name];
      const merged =
        value && typeof value === 'object' && !Array.isArray(value) && current && typeof current === 'object' && !Array.isArray(current)
          ? deepMerge(current as Variables, value as Variables)
          : value;
      this.propagate(inst, scopeKey, { [name]: merged });
    }
  }

  private async leave(inst: Instance, elem: ElementInstance, el: ElementModel, flows?: FlowModel[]) {
    const scopeKey = elem.doc.flowScopeKey;
    if (!this.isBody(elem) && el.multiInstance) return this.innerCompleted(inst, elem, el);
    const taken = flows ?? el.outgoing;
    if (taken.length === 0) {
      this.later(() => this.checkScope(inst, scopeKey));
      return;
    }
    for (const flow of taken) this.later(() => this.arrive(inst, scopeKey, flow));
  }

  private async arrive(inst: Instance, scopeKey: string, flow: FlowModel) {
    if (!this.scopeActive(inst, scopeKey)) return;
    const target = inst.def.model.elements.get(flow.targetId)!;
    const joining = (target.behaviour === 'parallel' || target.behaviour === 'inclusive') && target.incoming.length > 1;
    if (!joining) return this.activate(inst, scopeKey, target);
    const joins = { ...(this.getJoins(inst, scopeKey) ?? {}) };
    const arrivals = { ...(joins[target.id] ?? {}) };
    arrivals[flow.id] = (arrivals[flow.id] ?? 0) + 1;
    joins[target.id] = arrivals;
    this.setJoins(inst, scopeKey, joins);
    if (target.behaviour === 'parallel' && target.incoming.every((f) => (arrivals[f.id] ?? 0) > 0)) {
      this.consumeJoin(inst, scopeKey, target);
      return this.activate(inst, scopeKey, target);
    }
  }

  private consumeJoin(inst: Instance, scopeKey: string, gateway: ElementModel) {
    const joins = { ...(this.getJoins(inst, scopeKey) ?? {}) };
    const arrivals: Record<string, number> = {};
    for (const [flowId, count] of Object.entries(joins[gateway.id] ?? {})) if (count > 1) arrivals[flowId] = count - 1;
    if (Object.keys(arrivals).length) joins[gateway.id] = arrivals;
    else delete joins[gateway.id];
    this.setJoins(inst, scopeKey, Object.keys(joins).length ? joins : undefined);
  }

  /** Fires inclusive joins that no remaining token can still reach. Answers whether one fired. */
  private async settleInclusiveJoins(): Promise<boolean> {
    let fired = false;
    for (const inst of this.instances.values()) {
      if (inst.doc.state !== 'ACTIVE') continue;
      const scopes = [inst.key, ...[...inst.elements.values()].filter((e) => e.doc.state === 'ACTIVE' && e.doc.joins).map((e) => e.doc.elementInstanceKey)];
      for (const scopeKey of scopes) {
        const joins = this.getJoins(inst, scopeKey);
        if (!joins) continue;
        for (const gatewayId of Object.keys(joins)) {
          const gateway = inst.def.model.elements.get(gatewayId)!;
          if (gateway.behaviour !== 'inclusive') continue;
          const upstream = gateway.reachableFrom!;
          const blocked = this.activeChildren(inst, scopeKey).some((e) => upstream.has(e.doc.elementId)) || Object.keys(joins).some((other) => other !== gatewayId && upstream.has(other));
          if (blocked) continue;
          this.consumeJoin(inst, scopeKey, gateway);
          this.later(() => this.activate(inst, scopeKey, gateway));
          fired = true;
        }
      }
    }
    return fired;
  }

  private getJoins(inst: Instance, scopeKey: string): Joins | undefined {
    return scopeKey === inst.key ? inst.doc.joins : inst.elements.get(scopeKey)?.doc.joins;
  }

  private setJoins(inst: Instance, scopeKey: string, joins: Joins | undefined) {
    if (scopeKey === inst.key) {
      if (joins) inst.doc.joins = joins;
      else delete inst.doc.joins;
      this.touchInstance(inst);
      return;
    }
    const scope = inst.elements.get(scopeKey);
    if (!scope) return;
    if (joins) scope.doc.joins = joins;
    else delete scope.doc.joins;
    this.touch(scope);
  }

  private scopeActive(inst: Instance, scopeKey: string) {
    if (inst.doc.state !== 'ACTIVE') return false;
    return scopeKey === inst.key || inst.elements.get(scopeKey)?.doc.state === 'ACTIVE';
  }

  activeChildren(inst: Instance, scopeKey: string): ElementInstance[] {
    const out: ElementInstance[] = [];
    for (const e of inst.elements.values()) if (e.doc.state === 'ACTIVE' && e.doc.flowScopeKey === scopeKey) out.push(e);
    return out;
  }

  /** A scope with no active children and no tokens waiting at a join is done. */
  private async checkScope(inst: Instance, scopeKey: string) {
    if (!this.scopeActive(inst, scopeKey)) return;
    if (this.activeChildren(inst, scopeKey).length) return;
    const joins = this.getJoins(inst, scopeKey);
    if (joins && Object.keys(joins).length) return;
    if (scopeKey === inst.key) return this.completeProcess(inst);
    const scope = inst.elements.get(scopeKey)!;
    if (this.isBody(scope)) return; // bodies finish through their own bookkeeping
    await this.complete(inst, scope);
  }

  /** Terminates an element and everything inside it; no flow is taken. */
  async terminate(inst: Instance, elem: ElementInstance) {
    if (elem.doc.state !== 'ACTIVE') return;
    const el = this.model(inst, elem);
    const key = elem.doc.elementInstanceKey;
    for (const child of this.activeChildren(inst, key)) await this.terminate(inst, child);
    if (elem.doc.childProcessInstanceKey) {
      const child = await this.instance(elem.doc.childProcessInstanceKey);
      if (child.doc.state === 'ACTIVE') await this.terminateInstance(child);
    }
    await this.close(inst, elem, el);
    if (elem.doc.userTaskKey) {
      const task = await this.c.userTasks.get(elem.doc.userTaskKey);
      if (task && task.state === 'CREATED') {
        const { id, version, ...fields } = task;
        const canceled = { ...fields, state: 'CANCELED' as const, completionDate: this.nowIso };
        await this.c.userTasks.update(id, canceled, version);
        this.effects.userTasks.push({ change: 'canceled', task: canceled });
      }
    }
    if (elem.doc.incidentKey) await this.resolveIncidentOf(inst, elem);
    elem.doc.state = 'TERMINATED';
    elem.doc.endDate = this.nowIso;
    delete elem.doc.joins;
    this.touch(elem);
  }

  /** Removes what waits on an element: its job, timers and message subscriptions. */
  private async close(inst: Instance, elem: ElementInstance, el: ElementModel) {
    const key = elem.doc.elementInstanceKey;
    if (elem.doc.jobKey) {
      await this.c.jobs.delete(elem.doc.jobKey);
      delete elem.doc.jobKey;
    }
    if (el.hasSubscriptions || el.boundaryIds.length) {
      await this.c.timers.deleteMany({ elementInstanceKey: key });
      await this.c.subscriptions.deleteMany({ elementInstanceKey: key });
    }
  }

  // ------------------------------------------------------------------------------------------
  // Gateways

  private async chooseFlows(inst: Instance, elem: ElementInstance, el: ElementModel): Promise<FlowModel[]> {
    if (el.outgoing.length <= 1 && !el.outgoing[0]?.condition) return el.outgoing;
    const key = elem.doc.elementInstanceKey;
    const chosen: FlowModel[] = [];
    for (const flow of el.outgoing) {
      if (flow.id === el.defaultFlowId || !flow.condition) continue;
      const value = await this.evaluateFeelIn(inst, key, flow.condition);
      if (typeof value !== 'boolean') {
        throw new ValueError('EXTRACT_VALUE_ERROR', `Expected result of the expression '${flow.condition}' to be 'BOOLEAN', but was ${describeValue(value)}`);
      }
      if (value) {
        chosen.push(flow);
        if (el.behaviour === 'exclusive') break;
      }
    }
    if (chosen.length) return chosen;
    const fallback = el.outgoing.find((f) => f.id === el.defaultFlowId);
    if (fallback) return [fallback];
    throw new ValueError('CONDITION_ERROR', 'Expected at least one condition to evaluate to true, or to have a default flow');
  }

  // ------------------------------------------------------------------------------------------
  // Multi-instance

  private async enterBody(inst: Instance, body: ElementInstance, el: ElementModel) {
    const mi = el.multiInstance!;
    const key = body.doc.elementInstanceKey;
    const items = await this.evaluateFeelIn(inst, key, mi.inputCollection);
    if (!Array.isArray(items)) {
      throw new ValueError('EXTRACT_VALUE_ERROR', `Expected result of the expression '${mi.inputCollection}' to be 'ARRAY', but was ${describeValue(items)}`);
    }
    body.doc.mi = { items, next: 0, completed: 0, active: 0 };
    this.touch(body);
    if (mi.outputCollection)
      this.setLocal(
        inst,
        key,
        mi.outputCollection,
        items.map(() => null),
      );
    await this.openBoundaries(inst, body, el);
    if (items.length === 0) return this.complete(inst, body);
    const count = mi.sequential ? 1 : items.length;
    for (let i = 0; i < count; i++) await this.startInner(inst, body, el);
  }

  private async startInner(inst: Instance, body: ElementInstance, el: ElementModel) {
    const mi = el.multiInstance!;
    const state = body.doc.mi!;
    const index = state.next;
    state.next++;
    state.active++;
    this.touch(body);
    const inner = this.newElement(inst, body.doc.elementInstanceKey, el);
    inner.doc.loopCounter = index + 1;
    const key = inner.doc.elementInstanceKey;
    if (mi.inputElement) this.setLocal(inst, key, mi.inputElement, state.items[index]);
    this.setLocal(inst, key, 'loopCounter', index + 1);
    const outputName = mi.outputElement && 'feel' in mi.outputElement && /^[A-Za-z_][\w]*$/.test(mi.outputElement.feel.trim()) ? mi.outputElement.feel.trim() : undefined;
    if (outputName && !this.scopeVars(inst, key).has(outputName)) this.setLocal(inst, key, outputName, null);
    this.later(() => this.enter(inst, inner));
  }

  private async innerCompleted(inst: Instance, inner: ElementInstance, el: ElementModel) {
    const body = inst.elements.get(inner.doc.flowScopeKey)!;
    if (body.doc.state !== 'ACTIVE') return;
    const mi = el.multiInstance!;
    const state = body.doc.mi!;
    state.active--;
    state.completed++;
    this.touch(body);
    const innerKey = inner.doc.elementInstanceKey;
    try {
      if (mi.outputCollection && mi.outputElement) {
        const value = await this.evaluate(inst, innerKey, mi.outputElement);
        const entry = this.scopeVars(inst, body.doc.elementInstanceKey).get(mi.outputCollection);
        const collection = JSON.parse(entry?.doc.value ?? '[]') as unknown[];
        collection[inner.doc.loopCounter! - 1] = value;
        this.setLocal(inst, body.doc.elementInstanceKey, mi.outputCollection, collection);
      }
      if (mi.completionCondition) {
        const done = await this.evaluateFeelIn(inst, innerKey, mi.completionCondition, {
          numberOfInstances: state.items.length,
          numberOfActiveInstances: state.active,
          numberOfCompletedInstances: state.completed,
          numberOfTerminatedInstances: 0,
        });
        if (typeof done !== 'boolean') {
          throw new ValueError('EXTRACT_VALUE_ERROR', `Expected result of the expression '${mi.completionCondition}' to be 'BOOLEAN', but was ${describeValue(done)}`);
        }
        if (done) {
          for (const other of this.activeChildren(inst, body.doc.elementInstanceKey)) await this.terminate(inst, other);
          state.active = 0;
          return this.complete(inst, body);
        }
      }
    } catch (error) {
      if (error instanceof FeelError || error instanceof ValueError) {
        this.raise(inst, body, error instanceof ValueError ? error.errorType : 'EXTRACT_VALUE_ERROR', error.message, 'complete');
        return;
      }
      throw error;
    }
    if (mi.sequential && state.next < state.items.length) return this.startInner(inst, body, el);
    if (state.active === 0 && state.next >= state.items.length) await this.complete(inst, body);
  }

  // ------------------------------------------------------------------------------------------
  // Jobs and user tasks

  private async createJob(inst: Instance, elem: ElementInstance, el: ElementModel) {
    const key = elem.doc.elementInstanceKey;
    const type = await this.evaluate(inst, key, el.job!.type);
    if (typeof type !== 'string' || !type) {
      throw new ValueError('EXTRACT_VALUE_ERROR', `Expected the job type to be a non-empty string, but was ${describeValue(type)}`);
    }
    const retries = Number(await this.evaluate(inst, key, el.job!.retries));
    if (!Number.isInteger(retries) || retries < 0) {
      throw new ValueError('EXTRACT_VALUE_ERROR', `Expected the job retries to be a whole number, but was '${String(retries)}'`);
    }
    const jobKey = this.host.nextKey();
    const job: JobDoc & { id: string } = {
      id: jobKey,
      jobKey,
      type,
      state: 'ACTIVATABLE',
      due: this.now,
      retries,
      customHeaders: el.job!.headers,
      processInstanceKey: inst.key,
      processDefinitionKey: inst.def.key,
      processDefinitionId: inst.def.processDefinitionId,
      processDefinitionVersion: inst.def.version,
      elementId: el.id,
      elementInstanceKey: key,
      scopeKeys: inst.chain(key),
    };
    elem.doc.jobKey = jobKey;
    this.touch(elem);
    this.pendingJobs.push(job);
    this.effects.jobTypes.add(type);
  }

  private readonly pendingJobs: Array<JobDoc & { id: string }> = [];

  /** Writes jobs created during the step (batched). */
  async flushJobs() {
    const live = this.pendingJobs.filter((j) => {
      const inst = this.instances.get(j.processInstanceKey);
      return inst?.elements.get(j.elementInstanceKey)?.doc.jobKey === j.jobKey;
    });
    if (live.length) await this.c.jobs.insertMany(live);
    this.pendingJobs.length = 0;
  }

  private async createUserTask(inst: Instance, elem: ElementInstance, el: ElementModel) {
    const key = elem.doc.elementInstanceKey;
    const spec = el.userTask!;
    const text = async (expr: Expr | undefined, what: string): Promise<string | undefined> => {
      if (!expr) return undefined;
      const value = await this.evaluate(inst, key, expr);
      if (value === null || value === '') return undefined;
      if (typeof value !== 'string') throw new ValueError('EXTRACT_VALUE_ERROR', `Expected the ${what} to be a string, but was ${describeValue(value)}`);
      return value;
    };
    const list = async (expr: Expr | undefined, what: string): Promise<string[]> => {
      if (!expr) return [];
      const value = await this.evaluate(inst, key, expr);
      if (value === null) return [];
      if (typeof value === 'string')
        return value
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
      if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value as string[];
      throw new ValueError('EXTRACT_VALUE_ERROR', `Expected the ${what} to be a list of strings, but was ${describeValue(value)}`);
    };
    const date = async (expr: Expr | undefined, what: string) => {
      const value = await text(expr, what);
      if (value === undefined) return undefined;
      try {
        return new Date(parseDateTime(value)).toISOString();
      } catch {
        throw new ValueError('EXTRACT_VALUE_ERROR', `Expected the ${what} to be an ISO 8601 date-time, but was '${value}'`);
      }
    };
    const priorityValue = spec.priority ? await this.evaluate(inst, key, spec.priority) : 50;
    const priority = Number(priorityValue);
    if (!Number.isInteger(priority) || priority < 0 || priority > 100) {
      throw new ValueError('EXTRACT_VALUE_ERROR', `Expected the priority to be a whole number between 0 and 100, but was ${describeValue(priorityValue)}`);
    }
    const assignee = await text(spec.assignee, 'assignee');
    const candidateGroups = await list(spec.candidateGroups, 'candidate groups');
    const candidateUsers = await list(spec.candidateUsers, 'candidate users');
    const dueDate = await date(spec.dueDate, 'due date');
    const followUpDate = await date(spec.followUpDate, 'follow-up date');
    const externalFormReference = await text(spec.externalFormReference, 'form reference');
    const userTaskKey = this.host.nextKey();
    const created = await this.c.userTasks.insert({
      id: userTaskKey,
      userTaskKey,
      name: el.name || el.id,
      state: 'CREATED',
      ...optional('assignee', assignee),
      candidateGroups,
      candidateUsers,
      ...optional('dueDate', dueDate),
      ...optional('followUpDate', followUpDate),
      priority,
      ...optional('externalFormReference', externalFormReference),
      customHeaders: spec.headers,
      creationDate: this.nowIso,
      elementId: el.id,
      elementInstanceKey: key,
      processInstanceKey: inst.key,
      processDefinitionKey: inst.def.key,
      processDefinitionId: inst.def.processDefinitionId,
      processDefinitionVersion: inst.def.version,
      processName: inst.def.name,
    });
    this.effects.userTasks.push({ change: 'created', task: created });
    elem.doc.userTaskKey = userTaskKey;
    this.touch(elem);
  }

  async completeJob(job: Stored<JobDoc>, variables: Variables | undefined) {
    const inst = await this.instance(job.processInstanceKey);
    const elem = inst.elements.get(job.elementInstanceKey);
    await this.c.jobs.delete(job.id);
    if (!elem || elem.doc.state !== 'ACTIVE') return;
    delete elem.doc.jobKey;
    this.touch(elem);
    await this.complete(inst, elem, variables ?? {});
  }

  async failJob(job: Stored<JobDoc>, retries: number, errorMessage: string | undefined, backOffMs: number, variables: Variables | undefined) {
    const inst = await this.instance(job.processInstanceKey);
    const elem = inst.elements.get(job.elementInstanceKey);
    if (elem && variables) for (const [name, value] of Object.entries(variables)) this.setLocal(inst, job.elementInstanceKey, name, value);
    // Handed back: no longer held by a worker, so without its worker and deadline.
    const { id, version, worker: _worker, deadline: _deadline, ...fields } = job;
    const next: JobDoc = { ...fields, retries: Math.max(0, retries) };
    if (errorMessage !== undefined) next.errorMessage = errorMessage;
    if (retries > 0) {
      next.state = 'ACTIVATABLE';
      next.due = this.now + Math.max(0, backOffMs);
      if (backOffMs > 0) this.noteJobDue(next.due);
      else this.effects.jobTypes.add(job.type);
    } else {
      next.state = 'FAILED';
      if (elem) this.raise(inst, elem, 'JOB_NO_RETRIES', errorMessage || 'No more retries left.', 'job', job.jobKey);
    }
    await this.c.jobs.update(id, next, version);
  }

  async errorJob(job: Stored<JobDoc>, errorCode: string, errorMessage: string, variables: Variables | null | undefined) {
    const inst = await this.instance(job.processInstanceKey);
    const elem = inst.elements.get(job.elementInstanceKey);
    if (!elem || elem.doc.state !== 'ACTIVE') {
      await this.c.jobs.delete(job.id);
      return;
    }
    const caught = await this.throwError(inst, elem, errorCode, errorMessage, variables, job);
    if (!caught) {
      const { id, version, ...fields } = job;
      await this.c.jobs.update(id, { ...fields, state: 'ERROR_THROWN', errorMessage }, version);
    }
  }

  noteJobDue(due: number) {
    if (this.effects.jobDue === undefined || due < this.effects.jobDue) this.effects.jobDue = due;
  }

  async completeUserTask(userTaskKey: string, variables: Variables | null | undefined) {
    const task = await this.c.userTasks.get(userTaskKey);
    if (!task) throw new EngineError('NOT_FOUND', `User task with key '${userTaskKey}' not found`, { key: userTaskKey });
    if (task.state !== 'CREATED') {
      throw new EngineError('INVALID_STATE', `Expected to complete user task with key '${userTaskKey}', but it is in state '${task.state}'`, { key: userTaskKey });
    }
    const { id, version, ...fields } = task;
    const completed = { ...fields, state: 'COMPLETED' as const, completionDate: this.nowIso };
    await this.c.userTasks.update(id, completed, version);
    this.effects.userTasks.push({ change: 'completed', task: completed });
    const inst = await this.instance(task.processInstanceKey);
    const elem = inst.elements.get(task.elementInstanceKey);
    if (!elem || elem.doc.state !== 'ACTIVE') return;
    delete elem.doc.userTaskKey;
    this.touch(elem);
    await this.complete(inst, elem, variables ?? {});
  }

  // ------------------------------------------------------------------------------------------
  // Errors and incidents

  /**
   * Throws a BPMN error from an element: the nearest matching error boundary, looking outwards
   * through sub-processes and call activities, catches it. Answers whether it was caught.
   */
  async throwError(inst: Instance, thrower: ElementInstance, code: string, message: string, variables: Variables | null | undefined, job?: Stored<JobDoc>): Promise<boolean> {
    let current: Instance = inst;
    let host: ElementInstance | undefined = this.model(inst, thrower).behaviour === 'end' ? inst.elements.get(thrower.doc.flowScopeKey) : thrower;
    for (let depth = 0; depth < 1000; depth++) {
      while (host) {
        const el = this.model(current, host);
        const hosts = this.isBody(host) || !el.multiInstance;
        if (hosts) {
          const boundaries = el.boundaryIds.map((id) => current.def.model.elements.get(id)!).filter((b) => b.event === 'error');
          const match = boundaries.find((b) => b.errorCode === code) ?? boundaries.find((b) => !b.errorCode);
          if (match) {
            const scopeKey = host.doc.flowScopeKey;
            const owner = current;
            const hostElem = host;
            await this.terminate(owner, hostElem);
            if (job) await this.c.jobs.delete(job.id);
            this.later(() => this.activate(owner, scopeKey, match, { variables: variables ?? {} }));
            return true;
          }
        }
        host = current.elements.get(host.doc.flowScopeKey);
      }
      const parentKey = current.doc.parentProcessInstanceKey;
      if (!parentKey) break;
      const parent = await this.instance(parentKey);
      host = parent.elements.get(current.doc.parentElementInstanceKey!);
      current = parent;
    }
    this.raise(
      inst,
      thrower,
      'UNHANDLED_ERROR_EVENT',
      `Expected to throw an error event with the code '${code}'${message ? ` with message '${message}'` : ''}, but it was not caught. No error events are available in the scope.`,
      job ? 'job' : 'enter',
      job?.jobKey,
    );
    return false;
  }

  raise(inst: Instance, elem: ElementInstance, errorType: IncidentErrorType, errorMessage: string, retry: RetryPhase, jobKey?: string) {
    const incidentKey = this.host.nextKey();
    this.pendingIncidents.push({
      id: incidentKey,
      incidentKey,
      errorType,
      errorMessage,
      state: 'ACTIVE',
      creationTime: this.nowIso,
      elementId: elem.doc.elementId,
      elementInstanceKey: elem.doc.elementInstanceKey,
      processInstanceKey: inst.key,
      processDefinitionKey: inst.def.key,
      processDefinitionId: inst.def.processDefinitionId,
      retry,
      ...(jobKey ? { jobKey } : {}),
    });
    elem.doc.incidentKey = incidentKey;
    this.touch(elem);
    inst.doc.incidents++;
    this.touchInstance(inst);
  }

  private readonly pendingIncidents: Array<import('./collections.js').IncidentDoc & { id: string }> = [];

  async flushIncidents() {
    if (this.pendingIncidents.length) await this.c.incidents.insertMany(this.pendingIncidents);
    for (const incident of this.pendingIncidents) if (incident.state === 'ACTIVE') this.effects.incidents.push(incident);
    this.pendingIncidents.length = 0;
  }

  private async resolveIncidentOf(inst: Instance, elem: ElementInstance) {
    const key = elem.doc.incidentKey!;
    const pending = this.pendingIncidents.find((i) => i.incidentKey === key);
    if (pending) pending.state = 'RESOLVED';
    else {
      const incident = await this.c.incidents.get(key);
      if (incident && incident.state === 'ACTIVE') {
        const { id, version, ...fields } = incident;
        await this.c.incidents.update(id, { ...fields, state: 'RESOLVED' }, version);
      }
    }
    delete elem.doc.incidentKey;
    this.touch(elem);
    inst.doc.incidents = Math.max(0, inst.doc.incidents - 1);
    this.touchInstance(inst);
  }

  async resolveIncident(incidentKey: string) {
    const incident = await this.c.incidents.get(incidentKey);
    if (!incident) throw new EngineError('NOT_FOUND', `Incident with key '${incidentKey}' not found`, { key: incidentKey });
    if (incident.state !== 'ACTIVE') {
      throw new EngineError('NOT_FOUND', `Expected to resolve incident with key '${incidentKey}', but no such active incident was found`, { key: incidentKey });
    }
    const inst = await this.instance(incident.processInstanceKey);
    const elem = inst.elements.get(incident.elementInstanceKey);
    if (!elem || elem.doc.state !== 'ACTIVE') {
      const { id, version, ...fields } = incident;
      await this.c.incidents.update(id, { ...fields, state: 'RESOLVED' }, version);
      return;
    }
    await this.resolveIncidentOf(inst, elem);
    if (incident.retry === 'job' && incident.jobKey) {
      const job = await this.c.jobs.get(incident.jobKey);
      if (job) {
        const { id, version, ...fields } = job;
        // As Operate's retry does: a job without retries left gets one more.
        await this.c.jobs.update(id, { ...fields, state: 'ACTIVATABLE', due: this.now, retries: Math.max(1, job.retries) }, version);
        this.effects.jobTypes.add(job.type);
      }
      return;
    }
    if (incident.retry === 'complete') {
      if (this.isBody(elem)) {
        const el = this.model(inst, elem);
        const state = elem.doc.mi!;
        if (el.multiInstance!.sequential && state.next < state.items.length && state.active === 0) return this.startInner(inst, elem, el);
        if (state.active === 0) return this.complete(inst, elem);
        return;
      }
      return this.complete(inst, elem);
    }
    await this.enter(inst, elem);
  }

  // ------------------------------------------------------------------------------------------
  // Call activities

  private async callProcess(inst: Instance, elem: ElementInstance, el: ElementModel) {
    const key = elem.doc.elementInstanceKey;
    const processId = await this.evaluate(inst, key, el.callActivity!.processId);
    if (typeof processId !== 'string' || !processId) {
      throw new ValueError('EXTRACT_VALUE_ERROR', `Expected the called process id to be a non-empty string, but was ${describeValue(processId)}`);
    }
    const def = await this.host.latestDefinition(this.c, processId);
    if (!def) throw new ValueError('CALLED_ELEMENT_ERROR', `Expected process with BPMN process id '${processId}' to be deployed, but not found.`);
    if (!def.model.noneStartId) {
      throw new ValueError('CALLED_ELEMENT_ERROR', `Expected process with BPMN process id '${processId}' to have a none start event, but not found.`);
    }
    const variables = el.callActivity!.propagateAllParentVariables ? inst.visible(key) : Object.fromEntries([...this.scopeVars(inst, key)].map(([n, v]) => [n, JSON.parse(v.doc.value)]));
    const child = await this.createInstance(def, def.model.noneStartId, variables, { inst, elem });
    elem.doc.childProcessInstanceKey = child.key;
    this.touch(elem);
  }

  // ------------------------------------------------------------------------------------------
  // Timers

  private async createTimer(inst: Instance, elem: ElementInstance, timerEl: ElementModel, kind: TimerKind, elementInstanceKey: string) {
    const value = await this.evaluate(inst, elem.doc.elementInstanceKey, timerEl.timer!.expr);
    const timer = computeTimer(timerEl.timer!.kind, value, this.now);
    const key = this.host.nextKey();
    await this.c.timers.insert({
      id: key,
      kind,
      due: timer.due,
      elementId: timerEl.id,
      processDefinitionKey: inst.def.key,
      processDefinitionId: inst.def.processDefinitionId,
      processInstanceKey: inst.key,
      elementInstanceKey,
      remaining: timer.remaining,
      ...optional('interval', timer.interval),
    });
    this.noteTimer(timer.due);
  }

  noteTimer(due: number) {
    if (this.effects.timerDue === undefined || due < this.effects.timerDue) this.effects.timerDue = due;
  }

  private async openBoundaries(inst: Instance, host: ElementInstance, el: ElementModel) {
    for (const id of el.boundaryIds) {
      const boundary = inst.def.model.elements.get(id)!;
      if (boundary.event === 'timer') await this.createTimer(inst, host, boundary, 'boundary', host.doc.elementInstanceKey);
      else if (boundary.event === 'message') await this.subscribe(inst, host, boundary, 'boundary');
    }
  }

  async fireTimer(timer: Stored<TimerDoc>) {
    const next = timer.remaining !== 0 && timer.interval ? addDuration(timer.due, parseDuration(timer.interval)) : undefined;
    if (next !== undefined) {
      const { id, version, ...fields } = timer;
      await this.c.timers.update(id, { ...fields, due: next, remaining: timer.remaining < 0 ? -1 : timer.remaining - 1 }, version);
      this.noteTimer(next);
    } else {
      await this.c.timers.delete(timer.id);
    }
    if (timer.kind === 'start') {
      const def = await this.host.definition(this.c, timer.processDefinitionKey);
      await this.createInstance(def, timer.elementId, undefined, undefined, undefined, 'timer');
      return;
    }
    const inst = await this.instance(timer.processInstanceKey!);
    const elem = inst.elements.get(timer.elementInstanceKey!);
    if (!elem || elem.doc.state !== 'ACTIVE') return;
    await this.trigger(inst, elem, timer.kind, timer.elementId, undefined);
  }

  /** An event for an element that waits: its catch event, boundary or event-based gateway fires. */
  private async trigger(inst: Instance, elem: ElementInstance, kind: TimerKind | SubscriptionDoc['kind'], eventId: string, variables: Variables | undefined) {
    const event = inst.def.model.elements.get(eventId)!;
    if (kind === 'catch') return this.complete(inst, elem, variables ?? {});
    if (kind === 'eventGateway') {
      await this.close(inst, elem, this.model(inst, elem));
      elem.doc.state = 'COMPLETED';
      elem.doc.endDate = this.nowIso;
      this.touch(elem);
      this.later(() => this.activate(inst, elem.doc.flowScopeKey, event, { variables: variables ?? {} }));
      return;
    }
    // A boundary event.
    const scopeKey = elem.doc.flowScopeKey;
    if (event.cancelActivity) await this.terminate(inst, elem);
    this.later(() => this.activate(inst, scopeKey, event, { variables: variables ?? {} }));
  }

  // ------------------------------------------------------------------------------------------
  // Messages

  private async subscribe(inst: Instance, elem: ElementInstance, eventEl: ElementModel, kind: SubscriptionDoc['kind']) {
    const scopeKey = elem.doc.elementInstanceKey;
    const name = await this.evaluate(inst, scopeKey, eventEl.message!.name);
    if (typeof name !== 'string' || !name) throw new ValueError('EXTRACT_VALUE_ERROR', `Expected the message name to be a non-empty string, but was ${describeValue(name)}`);
    const raw = eventEl.message!.correlationKey ? await this.evaluate(inst, scopeKey, eventEl.message!.correlationKey) : '';
    if (typeof raw !== 'string' && typeof raw !== 'number') {
      throw new ValueError(
        'EXTRACT_VALUE_ERROR',
        `Failed to extract the correlation key for '${describeExpr(eventEl.message!.correlationKey)}': The value must be either a string or a number, but was ${describeValue(raw)}.`,
      );
    }
    const correlationKey = String(raw);
    const key = this.host.nextKey();
    const subscription: SubscriptionDoc = {
      kind,
      messageName: name,
      correlationKey,
      processInstanceKey: inst.key,
      elementInstanceKey: elem.doc.elementInstanceKey,
      elementId: eventEl.id,
    };
    await this.c.subscriptions.insert({ id: key, ...subscription });
    // A buffered message that this instance has not received yet is correlated at once.
    const { items } = await this.c.messages.find({ name, correlationKey, expiresAt: { $gt: this.now } }, { sort: [{ field: 'expiresAt' }], limit: 100 });
    const buffered = items.sort((a, b) => compareKeys(a.id, b.id)).find((m) => !m.correlatedTo.includes(inst.key));
    if (buffered) {
      this.later(async () => {
        if (await this.c.subscriptions.get(key)) await this.correlate({ ...subscription, id: key, version: 1 }, buffered);
      });
    }
  }

  /** Correlates a message to one subscription; answers whether it was taken. */
  async correlate(sub: Stored<SubscriptionDoc>, message: Stored<MessageDoc> | { id: string; variables: Variables; correlatedTo: string[] }): Promise<boolean> {
    const inst = await this.instance(sub.processInstanceKey);
    const elem = inst.elements.get(sub.elementInstanceKey);
    if (!elem || elem.doc.state !== 'ACTIVE') return false;
    const event = inst.def.model.elements.get(sub.elementId)!;
    if (sub.kind === 'catch' || sub.kind === 'eventGateway' || event.cancelActivity) {
      await this.c.subscriptions.delete(sub.id);
    }
    if ('version' in message) {
      const fresh = await this.c.messages.get(message.id);
      if (fresh) {
        const { id, version, ...fields } = fresh;
        await this.c.messages.update(id, { ...fields, correlatedTo: [...fields.correlatedTo, inst.key] }, version);
      }
    }
    await this.trigger(inst, elem, sub.kind, sub.elementId, message.variables);
    return true;
  }
}

/** A value of the wrong kind where the engine needs a specific one; becomes an incident. */
export class ValueError extends Error {
  constructor(
    readonly errorType: IncidentErrorType,
    message: string,
  ) {
    super(message);
    this.name = 'ValueError';
  }
}

export function computeTimer(kind: 'date' | 'duration' | 'cycle', value: unknown, now: number): { due: number; remaining: number; interval?: string } {
  if (typeof value !== 'string' || !value) {
    throw new ValueError('EXTRACT_VALUE_ERROR', `Expected the timer ${kind} to be an ISO 8601 text, but was ${describeValue(value)}`);
  }
  try {
    if (kind === 'date') return { due: parseDateTime(value), remaining: 0 };
    if (kind === 'duration') return { due: addDuration(now, parseDuration(value)), remaining: 0 };
    const cycle = parseCycle(value);
    if (addDuration(now, cycle.interval) <= now) throw new Iso8601Error(`the interval of the cycle '${value}' must be longer than zero`);
    const due = firstCycleDue(cycle, now);
    const remaining = cycle.repetitions === Infinity ? -1 : Math.max(0, cycle.repetitions - 1);
    return { due, remaining, interval: formatDuration(cycle.interval) };
  } catch (error) {
    throw new ValueError('EXTRACT_VALUE_ERROR', (error as Error).message);
  }
}

export function compareKeys(a: string, b: string) {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

function describeExpr(expr: Expr | undefined) {
  if (!expr) return '';
  return 'feel' in expr ? expr.feel : expr.text;
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return value === undefined ? {} : ({ [key]: value } as { [P in K]?: V });
}

/**
 * Writes `value` at a target path such as 'order.total', into objects without a prototype: no path
 * can reach Object.prototype. Deploy refuses reserved names in paths; a model stored before that
 * check gets an incident here.
 */
function setPath(target: Variables, path: string, value: unknown) {
  const reserved = reservedSegmentOf(path);
  if (reserved !== undefined) {
    throw new ValueError('IO_MAPPING_ERROR', `Expected the output mapping target '${path}' to be a variable name or path, but it uses the reserved name '${reserved}'`);
  }
  const parts = path.split('.');
  let node = target;
  for (const part of parts.slice(0, -1)) {
    if (!node[part] || typeof node[part] !== 'object') node[part] = Object.create(null);
    node = node[part] as Variables;
  }
  node[parts[parts.length - 1]!] = value;
}

function deepMerge(base: Variables, patch: Variables): Variables {
  // Without a prototype, a key '__proto__' of either value is a key like any other.
  const out: Variables = Object.assign(Object.create(null), base);
  for (const [k, v] of Object.entries(patch)) {
    const current = out[k];
    out[k] = v && typeof v === 'object' && !Array.isArray(v) && current && typeof current === 'object' && !Array.isArray(current) ? deepMerge(current as Variables, v as Variables) : v;
  }
  return out;
}
