// Reads a BPMN document (bpmn-moddle + zeebe-bpmn-moddle) into the executable model the
// interpreter walks, and refuses — naming the element — everything outside the coverage table.
import { moddle } from '../../bpmn/read.js';
import { zeebePropertiesOf, type ModdleElement } from '../../../contracts/bpmn.js';
import type { DeploymentProblem, ElementInstanceType } from '../port.js';
import { deployProblemText, type DeployProblemCode, type EventTerm, type MessageParams, type WhatTerm } from '../../i18n/index.js';
import { feelSyntaxError, toExpr, type Expr } from './feel.js';
import { addDuration, parseCycle, parseDateTime, parseDuration } from './iso8601.js';

export type Behaviour =
  | 'start'
  | 'end'
  | 'passThrough'
  | 'job'
  | 'script'
  | 'userTask'
  | 'catch'
  | 'boundary'
  | 'exclusive'
  | 'parallel'
  | 'inclusive'
  | 'eventBased'
  | 'subProcess'
  | 'callActivity';

export type TimerDef = { kind: 'date' | 'duration' | 'cycle'; expr: Expr };
export type EventKind = 'none' | 'timer' | 'message' | 'error' | 'terminate';

export interface Mapping {
  source: Expr;
  target: string;
}

export interface FlowModel {
  id: string;
  sourceId: string;
  targetId: string;
  condition?: string;
}

export interface MultiInstanceModel {
  sequential: boolean;
  inputCollection: string;
  inputElement?: string;
  outputCollection?: string;
  outputElement?: Expr;
  completionCondition?: string;
}

export interface ElementModel {
  id: string;
  name: string;
  bpmnType: string;
  type: ElementInstanceType;
  behaviour: Behaviour;
  /** The enclosing sub-process id; undefined at process level. */
  scopeId?: string;
  incoming: FlowModel[];
  outgoing: FlowModel[];
  defaultFlowId?: string;
  inputs: Mapping[];
  outputs: Mapping[];
  event: EventKind;
  timer?: TimerDef;
  message?: { name: Expr; correlationKey?: Expr };
  /** Error end: the code thrown. Error boundary: the code caught (undefined catches all). */
  errorCode?: string;
  job?: { type: Expr; retries: Expr; headers: Record<string, string> };
  script?: { expression: string; resultVariable: string };
  userTask?: {
    assignee?: Expr;
    candidateGroups?: Expr;
    candidateUsers?: Expr;
    dueDate?: Expr;
    followUpDate?: Expr;
    priority?: Expr;
    externalFormReference?: Expr;
    headers: Record<string, string>;
  };
  callActivity?: { processId: Expr; propagateAllChildVariables: boolean; propagateAllParentVariables: boolean };
  multiInstance?: MultiInstanceModel;
  /** Boundary events attached to this activity. */
  boundaryIds: string[];
  attachedToId?: string;
  cancelActivity: boolean;
  /** Sub-process: its none start event. */
  startId?: string;
  /** Element ids (in this element's scope) from which an inclusive join here can still be reached. */
  reachableFrom?: Set<string>;
  /** True when leaving the element must close timers or message subscriptions. */
  hasSubscriptions: boolean;
}

export interface ProcessModel {
  id: string;
  name: string;
  versionTag?: string;
  /** The process element's zeebe:properties by name (what InstanceCreation.processProperties hands the platform). */
  properties: Readonly<Record<string, string>>;
  elements: Map<string, ElementModel>;
  /** The process-level none start event. */
  noneStartId?: string;
  timerStarts: string[];
  messageStarts: string[];
}

/** Sub-processes nested deeper than this are refused at deploy (the manual's models nest two). */
const MAX_SUBPROCESS_DEPTH = 64;

// Namespaced moddle elements are loosely typed; `Node` is what the walker reads of them.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the descriptors, not TypeScript, decide each element's properties
type Node = { $type: string; id?: string; name?: string; [key: string]: any };

const ARTIFACTS = new Set(['bpmn:DataObject', 'bpmn:DataObjectReference', 'bpmn:DataStoreReference', 'bpmn:TextAnnotation', 'bpmn:Association', 'bpmn:Group']);

const TYPES: Record<string, ElementInstanceType> = {
  'bpmn:StartEvent': 'START_EVENT',
  'bpmn:EndEvent': 'END_EVENT',
  'bpmn:IntermediateCatchEvent': 'INTERMEDIATE_CATCH_EVENT',
  'bpmn:IntermediateThrowEvent': 'INTERMEDIATE_THROW_EVENT',
  'bpmn:BoundaryEvent': 'BOUNDARY_EVENT',
  'bpmn:ServiceTask': 'SERVICE_TASK',
  'bpmn:SendTask': 'SEND_TASK',
  'bpmn:BusinessRuleTask': 'BUSINESS_RULE_TASK',
  'bpmn:ScriptTask': 'SCRIPT_TASK',
  'bpmn:UserTask': 'USER_TASK',
  'bpmn:ReceiveTask': 'RECEIVE_TASK',
  'bpmn:ManualTask': 'MANUAL_TASK',
  'bpmn:Task': 'TASK',
  'bpmn:ExclusiveGateway': 'EXCLUSIVE_GATEWAY',
  'bpmn:ParallelGateway': 'PARALLEL_GATEWAY',
  'bpmn:InclusiveGateway': 'INCLUSIVE_GATEWAY',
  'bpmn:EventBasedGateway': 'EVENT_BASED_GATEWAY',
  'bpmn:SubProcess': 'SUB_PROCESS',
  'bpmn:CallActivity': 'CALL_ACTIVITY',
};

const UNSUPPORTED_EVENT_DEFINITIONS: Record<string, EventTerm> = {
  'bpmn:SignalEventDefinition': 'signal',
  'bpmn:EscalationEventDefinition': 'escalation',
  'bpmn:CompensateEventDefinition': 'compensation',
  'bpmn:ConditionalEventDefinition': 'conditional',
  'bpmn:LinkEventDefinition': 'link',
  'bpmn:CancelEventDefinition': 'cancel',
};

/**
 * A deployment problem with its stable code and parameters; its English `message` is the
 * catalogue's `deploy.<code>` text (server/i18n/messages.ts), so that the text exists once.
 */
export function deploymentProblem(resourceName: string, code: DeployProblemCode, params: MessageParams = {}, element: { id?: string; $type?: string } = {}): DeploymentProblem {
  const problem: DeploymentProblem = { resourceName, code, message: deployProblemText('en', code, params)! };
  if (element.id !== undefined) problem.elementId = element.id;
  if (element.$type !== undefined) problem.elementType = element.$type;
  if (Object.keys(params).length) problem.params = params;
  return problem;
}

/**
 * Names that no segment of a variable path may have: writing through them reaches the prototype of
 * every object in the server (an output mapping to `__proto__.email` once changed every user's
 * /api/auth/me). Refused at deploy, and by the runtime for models stored before that check.
 */
const RESERVED_PATH_SEGMENTS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** The first reserved segment of a dotted variable path ('a.b.c'), or undefined. */
export function reservedSegmentOf(path: string): string | undefined {
  return path.split('.').find((segment) => RESERVED_PATH_SEGMENTS.has(segment.trim()));
}

export interface ParsedResource {
  processes: ProcessModel[];
  problems: DeploymentProblem[];
}

/** Parses and validates one BPMN resource. Problems name the element; processes are usable only when there are none. */
export async function parseBpmn(resourceName: string, xml: string): Promise<ParsedResource> {
  let definitions: Node;
  try {
    const result = await moddle.fromXML(xml, 'bpmn:Definitions');
    definitions = result.rootElement as unknown as Node;
    const fatal = (result.warnings ?? []).filter((w: { message: string }) => /unparsable content|unclosed|Text data outside of root node|missing/i.test(w.message));
    if (fatal.length) {
      return { processes: [], problems: [deploymentProblem(resourceName, 'xmlMalformed', { detail: fatal[0].message.split('\n')[0] })] };
    }
  } catch (error) {
    return { processes: [], problems: [deploymentProblem(resourceName, 'xmlMalformed', { detail: String((error as Error).message).split('\n')[0] ?? '' })] };
  }
  const problems: DeploymentProblem[] = [];
  const processes: ProcessModel[] = [];
  const roots: Node[] = definitions.rootElements ?? [];
  for (const root of roots) {
    if (root.$type === 'bpmn:Process' && root.isExecutable !== false) {
      processes.push(new ProcessReader(resourceName, root, problems).read());
    }
  }
  if (processes.length === 0 && problems.length === 0) {
    problems.push(deploymentProblem(resourceName, 'noExecutableProcess'));
  }
  return { processes, problems };
}

class ProcessReader {
  private readonly elements = new Map<string, ElementModel>();
  private readonly flows: FlowModel[] = [];

  constructor(
    private readonly resourceName: string,
    private readonly process: Node,
    private readonly problems: DeploymentProblem[],
  ) {}

  read(): ProcessModel {
    const p = this.process;
    if (!p.id) this.problem(p, 'processNoId');
    this.readContainer(p, undefined);
    this.linkFlows();
    const model: ProcessModel = {
      id: p.id ?? '',
      name: p.name ?? p.id ?? '',
      versionTag: ext(p, 'zeebe:VersionTag')?.value,
      properties: Object.fromEntries(zeebePropertiesOf(p as ModdleElement)),
      elements: this.elements,
      timerStarts: [],
      messageStarts: [],
    };
    for (const el of this.elements.values()) {
      if (el.behaviour !== 'start' || el.scopeId !== undefined) continue;
      if (el.event === 'none') {
        if (model.noneStartId) this.problem({ $type: el.bpmnType, id: el.id }, 'multipleNoneStarts');
        model.noneStartId = el.id;
      } else if (el.event === 'timer') model.timerStarts.push(el.id);
      else if (el.event === 'message') model.messageStarts.push(el.id);
    }
    if (!model.noneStartId && !model.timerStarts.length && !model.messageStarts.length) {
      this.problem(p, 'noStartEvent');
    }
    this.validateGraph();
    return model;
  }

  private problem(node: Node, code: DeployProblemCode, params?: MessageParams) {
    this.problems.push(deploymentProblem(this.resourceName, code, params, node));
  }

  /** Refuses a variable name or path (a mapping's target, a result variable…) that names a reserved segment. */
  private checkPath(node: Node, what: WhatTerm, path: string | undefined) {
    const segment = path ? reservedSegmentOf(path) : undefined;
    if (segment !== undefined) this.problem(node, 'reservedPathSegment', { what, path: path!, segment });
  }

  private checkFeel(node: Node, what: WhatTerm, attribute: string | undefined): Expr | undefined {
    if (attribute === undefined || attribute === null || attribute === '') return undefined;
    const expr = toExpr(String(attribute));
    if ('feel' in expr) {
      const error = feelSyntaxError(expr.feel);
      const at = error === undefined ? null : /^syntax error at position (\d+)$/.exec(error);
      if (at) this.problem(node, 'invalidFeelAt', { what, expression: String(attribute), position: Number(at[1]) });
      else if (error !== undefined) this.problem(node, 'invalidFeel', { what, expression: String(attribute), error });
    }
    return expr;
  }

  private requireFeel(node: Node, what: WhatTerm, attribute: string | undefined): string | undefined {
    const expr = this.checkFeel(node, what, attribute);
    if (!expr) return undefined;
    // Attributes that Zeebe always reads as expressions (conditions, collections) may omit '='.
    return 'feel' in expr ? expr.feel : expr.text;
  }

  private readContainer(container: Node, scopeId: string | undefined, depth = 0) {
    for (const node of (container.flowElements ?? []) as Node[]) {
      if (node.$type === 'bpmn:SequenceFlow') {
        const body = node.conditionExpression?.body;
        const condition = body ? this.requireFeel(node, 'condition', body) : undefined;
        this.flows.push({
          id: node.id!,
          sourceId: node.sourceRef?.id,
          targetId: node.targetRef?.id,
          ...(condition !== undefined ? { condition } : {}),
        });
        continue;
      }
      if (ARTIFACTS.has(node.$type)) continue;
      const type = TYPES[node.$type];
      if (!type) {
        this.problem(node, 'unsupportedElement', { type: node.$type.replace('bpmn:', '') });
        continue;
      }
      const el = this.readElement(node, type, scopeId, depth);
      if (el) this.elements.set(el.id, el);
    }
    for (const artifact of (container.artifacts ?? []) as Node[]) {
      if (!ARTIFACTS.has(artifact.$type)) this.problem(artifact, 'unsupportedType', { type: artifact.$type });
    }
  }

  private readElement(node: Node, type: ElementInstanceType, scopeId: string | undefined, depth: number): ElementModel | undefined {
    const el: ElementModel = {
      id: node.id!,
      name: node.name ?? '',
      bpmnType: node.$type,
      type,
      behaviour: 'passThrough',
      ...(scopeId !== undefined ? { scopeId } : {}),
      incoming: [],
      outgoing: [],
      defaultFlowId: node.default?.id,
      inputs: [],
      outputs: [],
      event: 'none',
      boundaryIds: [],
      cancelActivity: node.cancelActivity !== false,
      hasSubscriptions: false,
    };
    this.checkExtensions(node);
    this.readMappings(node, el);
    this.readEventDefinition(node, el);
    if (node.loopCharacteristics) this.readLoop(node, el);

    switch (node.$type) {
      case 'bpmn:StartEvent':
        el.behaviour = 'start';
        if (scopeId !== undefined && el.event !== 'none') this.problem(node, 'subProcessStartNotNone');
        if (!['none', 'timer', 'message'].includes(el.event)) this.problem(node, 'unsupportedStartEvent', { event: el.event });
        if (node.isInterrupting === false) this.problem(node, 'nonInterruptingStart');
        break;
      case 'bpmn:EndEvent':
        el.behaviour = 'end';
        if (el.event === 'message') this.readJob(node, el, 'messageEndEvent');
        else if (!['none', 'error', 'terminate'].includes(el.event)) this.problem(node, 'unsupportedEndEvent', { event: el.event });
        if (el.event === 'error' && !el.errorCode) this.problem(node, 'errorEndNeedsCode');
        break;
      case 'bpmn:IntermediateThrowEvent':
        if (el.event === 'message') this.readJob(node, el, 'messageThrowEvent');
        else if (el.event !== 'none') this.problem(node, 'unsupportedThrowEvent', { event: el.event });
        break;
      case 'bpmn:IntermediateCatchEvent':
        el.behaviour = 'catch';
        el.hasSubscriptions = true;
        if (el.event !== 'timer' && el.event !== 'message') this.problem(node, 'catchEventNeedsDefinition');
        if (el.timer?.kind === 'cycle') this.problem(node, 'catchTimerCycle');
        break;
      case 'bpmn:BoundaryEvent':
        el.behaviour = 'boundary';
        el.attachedToId = node.attachedToRef?.id;
        if (!['timer', 'message', 'error'].includes(el.event)) this.problem(node, 'boundaryNeedsDefinition');
        if (el.event === 'error' && !el.cancelActivity) this.problem(node, 'errorBoundaryInterrupting');
        if (el.timer?.kind === 'cycle' && el.cancelActivity) this.problem(node, 'timerCycleInterrupting');
        break;
      case 'bpmn:ServiceTask':
      case 'bpmn:SendTask':
        this.readJob(node, el, 'serviceTask');
        break;
      case 'bpmn:BusinessRuleTask':
        if (ext(node, 'zeebe:CalledDecision')) this.problem(node, 'calledDecision');
        else this.readJob(node, el, 'businessRuleTask');
        break;
      case 'bpmn:ScriptTask': {
        const script = ext(node, 'zeebe:Script');
        if (script) {
          el.behaviour = 'script';
          const expression = this.requireFeel(node, 'script', script.expression);
          if (!expression) this.problem(node, 'scriptNeedsExpression');
          if (!script.resultVariable) this.problem(node, 'scriptNeedsResultVariable');
          this.checkPath(node, 'resultVariable', script.resultVariable);
          el.script = { expression: expression ?? 'null', resultVariable: script.resultVariable ?? '' };
        } else this.readJob(node, el, 'scriptTaskWithoutScript');
        break;
      }
      case 'bpmn:UserTask':
        this.readUserTask(node, el);
        break;
      case 'bpmn:ReceiveTask':
        el.behaviour = 'catch';
        el.event = 'message';
        el.hasSubscriptions = true;
        el.message = this.readMessage(node, node.messageRef, true);
        break;
      case 'bpmn:ManualTask':
      case 'bpmn:Task':
        break;
      case 'bpmn:ExclusiveGateway':
        el.behaviour = 'exclusive';
        break;
      case 'bpmn:ParallelGateway':
        el.behaviour = 'parallel';
        break;
      case 'bpmn:InclusiveGateway':
        el.behaviour = 'inclusive';
        break;
      case 'bpmn:EventBasedGateway':
        el.behaviour = 'eventBased';
        el.hasSubscriptions = true;
        if (node.instantiate) this.problem(node, 'instantiatingEventGateway');
        break;
      case 'bpmn:SubProcess':
        if (node.triggeredByEvent) {
          this.problem(node, 'eventSubProcess');
          return undefined;
        }
        el.behaviour = 'subProcess';
        // Read with the call stack: a model nesting sub-processes without end is refused, not a crash.
        if (depth >= MAX_SUBPROCESS_DEPTH) {
          this.problem(node, 'subProcessTooDeep', { max: MAX_SUBPROCESS_DEPTH });
          return undefined;
        }
        this.readContainer(node, el.id, depth + 1);
        {
          const starts = ((node.flowElements ?? []) as Node[]).filter((n) => n.$type === 'bpmn:StartEvent');
          if (starts.length !== 1) this.problem(node, 'subProcessStartCount');
          const startId = starts[0]?.id;
          if (startId !== undefined) el.startId = startId;
        }
        break;
      case 'bpmn:CallActivity': {
        el.behaviour = 'callActivity';
        const called = ext(node, 'zeebe:CalledElement');
        const processId = this.checkFeel(node, 'calledProcessId', called?.processId);
        if (!processId) this.problem(node, 'callActivityNeedsProcess');
        if (called?.bindingType && called.bindingType !== 'latest') {
          this.problem(node, 'bindingTypeUnsupported', { bindingType: String(called.bindingType) });
        }
        el.callActivity = {
          processId: processId ?? { text: '' },
          propagateAllChildVariables: called?.propagateAllChildVariables !== false,
          propagateAllParentVariables: called?.propagateAllParentVariables !== false,
        };
        break;
      }
    }
    if (el.multiInstance && !['job', 'script', 'userTask', 'catch', 'subProcess', 'callActivity', 'passThrough'].includes(el.behaviour)) {
      this.problem(node, 'multiInstanceNotAllowed');
    }
    return el;
  }

  private checkExtensions(node: Node) {
    for (const value of (node.extensionElements?.values ?? []) as Node[]) {
      if (value.$type === 'zeebe:ExecutionListeners') this.problem(node, 'executionListeners');
      if (value.$type === 'zeebe:TaskListeners') this.problem(node, 'taskListeners');
      if (value.$type === 'zeebe:AdHoc') this.problem(node, 'adHocSubProcess');
    }
    if (node.$type === 'bpmn:Transaction') this.problem(node, 'transaction');
    if (node.isForCompensation) this.problem(node, 'compensationHandler');
  }

  private readMappings(node: Node, el: ElementModel) {
    const io = ext(node, 'zeebe:IoMapping');
    if (!io) return;
    const read = (params: Node[] | undefined, mapping: 'inputMapping' | 'outputMapping', source: 'inputMappingSource' | 'outputMappingSource') =>
      (params ?? []).map((p) => {
        if (!p.target) this.problem(node, 'mappingNeedsTarget', { what: mapping });
        this.checkPath(node, mapping, p.target);
        return { source: this.checkFeel(node, source, p.source) ?? { feel: 'null' }, target: String(p.target ?? '') };
      });
    el.inputs = read(io.inputParameters, 'inputMapping', 'inputMappingSource');
    el.outputs = read(io.outputParameters, 'outputMapping', 'outputMappingSource');
  }

  private readEventDefinition(node: Node, el: ElementModel) {
    const defs = (node.eventDefinitions ?? []) as Node[];
    if (defs.length > 1) {
      this.problem(node, 'multipleEventDefinitions');
      return;
    }
    const def = defs[0];
    if (!def) return;
    const unsupported = UNSUPPORTED_EVENT_DEFINITIONS[def.$type];
    if (unsupported) {
      this.problem(node, 'unsupportedEventDefinition', { event: unsupported });
      return;
    }
    switch (def.$type) {
      case 'bpmn:TimerEventDefinition': {
        el.event = 'timer';
        el.hasSubscriptions = true;
        const kinds = (['timeDate', 'timeDuration', 'timeCycle'] as const).filter((k) => def[k]?.body);
        if (kinds.length !== 1) {
          this.problem(node, 'timerNeedsOneDefinition');
          return;
        }
        const kind = kinds[0]!;
        const body = String(def[kind].body).trim();
        const expr = this.checkFeel(node, 'timer', body)!;
        const timerKind = kind === 'timeDate' ? 'date' : kind === 'timeDuration' ? 'duration' : 'cycle';
        if ('text' in expr) {
          const params = { expression: body };
          if (timerKind === 'cycle' && !/^R/.test(body)) this.problem(node, 'timerCron', params);
          else {
            try {
              if (timerKind === 'date') parseDateTime(body);
              else if (timerKind === 'duration') parseDuration(body);
              else if (addDuration(0, parseCycle(body).interval) <= 0) this.problem(node, 'timerCycleZero', params);
            } catch {
              this.problem(node, timerKind === 'date' ? 'timerInvalidDate' : timerKind === 'duration' ? 'timerInvalidDuration' : 'timerInvalidCycle', params);
            }
          }
        }
        el.timer = { kind: timerKind, expr };
        break;
      }
      case 'bpmn:MessageEventDefinition': {
        el.event = 'message';
        // Throwing message events are jobs: their message is the worker's business.
        const throwing = node.$type === 'bpmn:EndEvent' || node.$type === 'bpmn:IntermediateThrowEvent';
        if (!throwing) {
          el.hasSubscriptions = true;
          el.message = this.readMessage(node, def.messageRef, node.$type !== 'bpmn:StartEvent');
        }
        break;
      }
      case 'bpmn:ErrorEventDefinition':
        el.event = 'error';
        if (def.errorRef?.errorCode) el.errorCode = def.errorRef.errorCode;
        if (def.errorRef?.errorCode && String(def.errorRef.errorCode).startsWith('=')) {
          this.problem(node, 'errorCodeExpression');
        }
        break;
      case 'bpmn:TerminateEventDefinition':
        el.event = 'terminate';
        break;
      default:
        this.problem(node, 'unsupportedType', { type: def.$type });
    }
  }

  private readMessage(node: Node, message: Node | undefined, needsCorrelation: boolean) {
    if (!message?.name) {
      this.problem(node, 'messageNeedsName');
      return { name: { text: '' } as Expr };
    }
    const name = this.checkFeel(node, 'messageName', message.name)!;
    const subscription = ext(message, 'zeebe:Subscription');
    const correlationKey = this.checkFeel(node, 'correlationKey', subscription?.correlationKey);
    if (needsCorrelation && !correlationKey) this.problem(node, 'messageNeedsCorrelationKey', { message: String(message.name) });
    return correlationKey !== undefined ? { name, correlationKey } : { name };
  }

  private readJob(node: Node, el: ElementModel, what: WhatTerm) {
    el.behaviour = 'job';
    const def = ext(node, 'zeebe:TaskDefinition');
    const type = this.checkFeel(node, 'jobType', def?.type);
    if (!type) this.problem(node, 'jobNeedsType', { what });
    el.job = {
      type: type ?? { text: '' },
      retries: this.checkFeel(node, 'retries', def?.retries) ?? { text: '3' },
      headers: readHeaders(node),
    };
  }

  private readUserTask(node: Node, el: ElementModel) {
    el.behaviour = 'userTask';
    const assignment = ext(node, 'zeebe:AssignmentDefinition');
    const schedule = ext(node, 'zeebe:TaskSchedule');
    const form = ext(node, 'zeebe:FormDefinition');
    const priority = ext(node, 'zeebe:PriorityDefinition');
    if (form && (form.formKey || form.formId) && !form.externalReference) {
      this.problem(node, 'formReferenceOnly');
    }
    if (ext(node, 'zeebe:UserTaskForm')) this.problem(node, 'userTaskFormUnsupported');
    const assignee = this.checkFeel(node, 'assignee', assignment?.assignee);
    const candidateGroups = this.checkFeel(node, 'candidateGroups', assignment?.candidateGroups);
    const candidateUsers = this.checkFeel(node, 'candidateUsers', assignment?.candidateUsers);
    const dueDate = this.checkFeel(node, 'dueDate', schedule?.dueDate);
    const followUpDate = this.checkFeel(node, 'followUpDate', schedule?.followUpDate);
    const taskPriority = this.checkFeel(node, 'priority', priority?.priority === undefined ? undefined : String(priority.priority));
    const externalFormReference = this.checkFeel(node, 'formReference', form?.externalReference);
    el.userTask = {
      ...(assignee !== undefined ? { assignee } : {}),
      ...(candidateGroups !== undefined ? { candidateGroups } : {}),
      ...(candidateUsers !== undefined ? { candidateUsers } : {}),
      ...(dueDate !== undefined ? { dueDate } : {}),
      ...(followUpDate !== undefined ? { followUpDate } : {}),
      ...(taskPriority !== undefined ? { priority: taskPriority } : {}),
      ...(externalFormReference !== undefined ? { externalFormReference } : {}),
      headers: readHeaders(node),
    };
    for (const [what, expr] of [
      ['dueDate', dueDate],
      ['followUpDate', followUpDate],
    ] as const) {
      if (expr && 'text' in expr) {
        try {
          parseDateTime(expr.text);
        } catch {
          this.problem(node, 'dateInvalid', { what, expression: expr.text });
        }
      }
    }
  }

  private readLoop(node: Node, el: ElementModel) {
    const loop = node.loopCharacteristics as Node;
    if (loop.$type !== 'bpmn:MultiInstanceLoopCharacteristics') {
      this.problem(node, 'standardLoop');
      return;
    }
    const z = ext(loop, 'zeebe:LoopCharacteristics') ?? ({} as Node);
    const inputCollection = this.requireFeel(node, 'inputCollection', z?.inputCollection);
    if (!inputCollection) {
      this.problem(node, 'multiInstanceNeedsInputCollection');
      return;
    }
    if (loop.loopCardinality) this.problem(node, 'loopCardinality');
    if (z.outputCollection && !z.outputElement) this.problem(node, 'outputCollectionNeedsElement');
    this.checkPath(node, 'inputElement', z.inputElement);
    this.checkPath(node, 'outputCollection', z.outputCollection);
    const outputElement = this.checkFeel(node, 'outputElement', z.outputElement);
    const completion = loop.completionCondition?.body;
    const completionCondition = completion ? this.requireFeel(node, 'completionCondition', completion) : undefined;
    el.multiInstance = {
      sequential: !!loop.isSequential,
      inputCollection,
      ...(z.inputElement ? { inputElement: z.inputElement } : {}),
      ...(z.outputCollection ? { outputCollection: z.outputCollection } : {}),
      ...(outputElement !== undefined ? { outputElement } : {}),
      ...(completionCondition !== undefined ? { completionCondition } : {}),
    };
  }

  private linkFlows() {
    for (const flow of this.flows) {
      const source = this.elements.get(flow.sourceId);
      const target = this.elements.get(flow.targetId);
      if (!source || !target) continue;
      source.outgoing.push(flow);
      target.incoming.push(flow);
    }
    for (const el of this.elements.values()) {
      if (el.behaviour !== 'boundary') continue;
      const host = el.attachedToId ? this.elements.get(el.attachedToId) : undefined;
      if (!host) {
        this.problem({ $type: el.bpmnType, id: el.id }, 'boundaryNotAttached');
        continue;
      }
      host.boundaryIds.push(el.id);
      if (el.event !== 'error') host.hasSubscriptions = true;
    }
  }

  private validateGraph() {
    for (const el of this.elements.values()) {
      const node = { $type: el.bpmnType, id: el.id };
      const isGateway = el.behaviour === 'exclusive' || el.behaviour === 'inclusive';
      for (const flow of el.outgoing) {
        if (flow.condition && !isGateway) this.problem({ $type: 'bpmn:SequenceFlow', id: flow.id }, 'conditionOutsideGateway', { source: el.id });
      }
      if (isGateway && el.outgoing.length > 1) {
        for (const flow of el.outgoing) {
          if (!flow.condition && flow.id !== el.defaultFlowId) {
            this.problem({ $type: 'bpmn:SequenceFlow', id: flow.id }, 'gatewayFlowNeedsCondition', { gateway: el.id });
          }
        }
      }
      if (el.behaviour === 'start' && el.incoming.length) this.problem(node, 'startEventIncoming');
      if (el.behaviour === 'boundary' && el.incoming.length) this.problem(node, 'boundaryIncoming');
      if (el.behaviour === 'end' && el.outgoing.length) this.problem(node, 'endEventOutgoing');
      if (el.behaviour === 'eventBased') {
        if (el.outgoing.length < 2) this.problem(node, 'eventGatewayTooFewFlows');
        for (const flow of el.outgoing) {
          const target = this.elements.get(flow.targetId);
          if (!target || target.bpmnType !== 'bpmn:IntermediateCatchEvent') {
            this.problem(node, 'eventGatewayTarget', { target: flow.targetId });
          } else if (target.incoming.length > 1) {
            this.problem({ $type: target.bpmnType, id: target.id }, 'eventGatewayTargetIncoming');
          }
        }
      }
      if (el.behaviour === 'inclusive' && el.incoming.length > 1) el.reachableFrom = this.upstreamOf(el);
    }
  }

  /** Elements of the same scope from which `join` can be reached without passing through it. */
  private upstreamOf(join: ElementModel): Set<string> {
    const seen = new Set<string>();
    const queue = join.incoming.map((f) => f.sourceId);
    while (queue.length) {
      const id = queue.pop()!;
      if (seen.has(id) || id === join.id) continue;
      seen.add(id);
      const el = this.elements.get(id);
      if (!el) continue;
      for (const f of el.incoming) queue.push(f.sourceId);
      if (el.behaviour === 'boundary' && el.attachedToId) queue.push(el.attachedToId);
    }
    return seen;
  }
}

function ext(node: Node | undefined, type: string): Node | undefined {
  return (node?.extensionElements?.values as Node[] | undefined)?.find((v) => v.$type === type);
}

function readHeaders(node: Node): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const h of (ext(node, 'zeebe:TaskHeaders')?.values ?? []) as Node[]) {
    if (h.key) headers[h.key] = String(h.value ?? '');
  }
  return headers;
}
