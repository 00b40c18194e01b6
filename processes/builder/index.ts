// Builds the manual's BPMN models from compact definitions: Zeebe extension elements for Camunda
// 8.8, a pool with one lane per role, and diagram interchange laid out left to right so each model
// opens in bpmn-js as a readable flowchart. `npm run build:processes` writes processes/<id>.bpmn.

export type Expr = string;

/** The zeebe:property of a start event that names its Oficio form (forms/<id>.form.json). */
export const START_FORM_PROPERTY = 'oficio:startForm';
/** The zeebe:property of a start event that names the only candidate groups allowed to start it (comma-separated). */
export const START_GROUPS_PROPERTY = 'oficio:candidateStarterGroups';

interface Base {
  id: string;
  name?: string;
  /** The lane (role) the element is drawn in; boundary events take their host's. */
  lane?: string;
  documentation?: string;
}

export interface StartEvent extends Base {
  kind: 'start';
  form?: string;
  /** Candidate groups allowed to start the process here (e.g. 'jefe-informatica'); metadata for the start-form catalogue. */
  starterGroups?: string;
  timer?: Timer;
  message?: string;
}
export interface EndEvent extends Base {
  kind: 'end';
  error?: string;
  terminate?: boolean;
}
export interface Task extends Base {
  kind: 'userTask' | 'serviceTask' | 'sendTask' | 'manualTask' | 'scriptTask';
  /** Service/send tasks: the job type. */
  type?: string;
  retries?: number;
  headers?: Record<string, string>;
  /** User tasks. */
  form?: string;
  candidateGroups?: string;
  candidateUsers?: string;
  assignee?: string;
  dueDate?: Expr;
  followUpDate?: Expr;
  priority?: number;
  /** Script tasks. */
  script?: { expression: Expr; resultVariable: string };
  inputs?: Array<[source: Expr, target: string]>;
  outputs?: Array<[source: Expr, target: string]>;
  multiInstance?: { inputCollection: Expr; inputElement: string; outputCollection?: string; outputElement?: Expr; sequential?: boolean };
}
export interface Gateway extends Base {
  kind: 'exclusive' | 'parallel' | 'inclusive' | 'eventBased';
}
export interface CallActivity extends Base {
  kind: 'callActivity';
  processId: string;
  /** Zeebe's default (true) copies every parent variable into the child; false passes only the inputs. */
  propagateAllParentVariables?: boolean;
  inputs?: Array<[source: Expr, target: string]>;
  outputs?: Array<[source: Expr, target: string]>;
}
export interface CatchEvent extends Base {
  kind: 'timerCatch' | 'messageCatch';
  timer?: Timer;
  message?: string;
  outputs?: Array<[source: Expr, target: string]>;
}
export interface ThrowEvent extends Base {
  kind: 'throw';
  /** A message throw event implemented by a job of this type. */
  type?: string;
  inputs?: Array<[source: Expr, target: string]>;
}
export interface BoundaryEvent extends Base {
  kind: 'boundary';
  attachedTo: string;
  interrupting?: boolean;
  timer?: Timer;
  error?: string;
  message?: string;
}

export type Timer = { duration: Expr } | { date: Expr } | { cycle: Expr };

export type Element = StartEvent | EndEvent | Task | Gateway | CallActivity | CatchEvent | ThrowEvent | BoundaryEvent;

export interface Flow {
  from: string;
  to: string;
  name?: string;
  condition?: Expr;
  /** The gateway's default flow. */
  isDefault?: boolean;
}

export interface Lane {
  id: string;
  name: string;
}

export interface ProcessDefinition {
  id: string;
  name: string;
  documentation?: string;
  versionTag?: string;
  lanes: Lane[];
  elements: Element[];
  flows: Flow[];
  /** Messages by name, with their correlation key expression. */
  messages?: Record<string, Expr>;
  /** Errors by code, with a readable name. */
  errors?: Record<string, string>;
}

// ---------------------------------------------------------------------------------------------
// XML

const esc = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const attr = (name: string, value: string | number | undefined) => (value === undefined ? '' : ` ${name}="${esc(String(value))}"`);
const messageId = (name: string) => `Message_${name.replace(/[^A-Za-z0-9_]/g, '_')}`;
const errorId = (code: string) => `Error_${code.replace(/[^A-Za-z0-9_]/g, '_')}`;
const flowId = (f: Flow) => `Flow_${f.from}_${f.to}`;

function timerXml(timer: Timer) {
  if ('duration' in timer) return `<bpmn:timerEventDefinition><bpmn:timeDuration xsi:type="bpmn:tFormalExpression">${esc(timer.duration)}</bpmn:timeDuration></bpmn:timerEventDefinition>`;
  if ('date' in timer) return `<bpmn:timerEventDefinition><bpmn:timeDate xsi:type="bpmn:tFormalExpression">${esc(timer.date)}</bpmn:timeDate></bpmn:timerEventDefinition>`;
  return `<bpmn:timerEventDefinition><bpmn:timeCycle xsi:type="bpmn:tFormalExpression">${esc(timer.cycle)}</bpmn:timeCycle></bpmn:timerEventDefinition>`;
}

function ioMapping(inputs?: Array<[string, string]>, outputs?: Array<[string, string]>) {
  if (!inputs?.length && !outputs?.length) return '';
  return `<zeebe:ioMapping>${(inputs ?? []).map(([s, t]) => `<zeebe:input${attr('source', s)}${attr('target', t)}/>`).join('')}${(outputs ?? [])
    .map(([s, t]) => `<zeebe:output${attr('source', s)}${attr('target', t)}/>`)
    .join('')}</zeebe:ioMapping>`;
}

function extensions(parts: string[]) {
  const body = parts.filter(Boolean).join('');
  return body ? `<bpmn:extensionElements>${body}</bpmn:extensionElements>` : '';
}

function documentation(el: { documentation?: string }) {
  return el.documentation ? `<bpmn:documentation>${esc(el.documentation)}</bpmn:documentation>` : '';
}

function elementXml(el: Element, incoming: Flow[], outgoing: Flow[], defaults: Map<string, Flow>): string {
  const refs = incoming.map((f) => `<bpmn:incoming>${flowId(f)}</bpmn:incoming>`).join('') + outgoing.map((f) => `<bpmn:outgoing>${flowId(f)}</bpmn:outgoing>`).join('');
  const open = (tag: string, extra = '') => `<bpmn:${tag}${attr('id', el.id)}${attr('name', el.name)}${extra}>${documentation(el)}`;
  switch (el.kind) {
    case 'start':
      // Camunda 8.8 links start events only to deployed Camunda forms (formId), so Oficio's start
      // form is named by a property that Camunda keeps and ignores.
      return `${open('startEvent')}${extensions([
        el.form || el.starterGroups
          ? `<zeebe:properties>${el.form ? `<zeebe:property name="${START_FORM_PROPERTY}"${attr('value', el.form)}/>` : ''}${
              el.starterGroups ? `<zeebe:property name="${START_GROUPS_PROPERTY}"${attr('value', el.starterGroups)}/>` : ''
            }</zeebe:properties>`
          : '',
      ])}${refs}${
        el.timer ? timerXml(el.timer) : el.message ? `<bpmn:messageEventDefinition${attr('messageRef', messageId(el.message))}/>` : ''
      }</bpmn:startEvent>`;
    case 'end':
      return `${open('endEvent')}${refs}${el.error ? `<bpmn:errorEventDefinition${attr('errorRef', errorId(el.error))}/>` : el.terminate ? '<bpmn:terminateEventDefinition/>' : ''}</bpmn:endEvent>`;
    case 'userTask':
      return `${open('userTask')}${extensions([
        '<zeebe:userTask/>',
        el.form ? `<zeebe:formDefinition${attr('externalReference', el.form)}/>` : '',
        el.assignee || el.candidateGroups || el.candidateUsers
          ? `<zeebe:assignmentDefinition${attr('assignee', el.assignee)}${attr('candidateGroups', el.candidateGroups)}${attr('candidateUsers', el.candidateUsers)}/>`
          : '',
        el.dueDate || el.followUpDate ? `<zeebe:taskSchedule${attr('dueDate', el.dueDate)}${attr('followUpDate', el.followUpDate)}/>` : '',
        el.priority !== undefined ? `<zeebe:priorityDefinition${attr('priority', el.priority)}/>` : '',
        ioMapping(el.inputs, el.outputs),
        headers(el.headers),
      ])}${refs}${multiInstance(el)}</bpmn:userTask>`;
    case 'serviceTask':
    case 'sendTask':
      return `${open(el.kind)}${extensions([`<zeebe:taskDefinition${attr('type', el.type)}${attr('retries', el.retries ?? 3)}/>`, ioMapping(el.inputs, el.outputs), headers(el.headers)])}${refs}${multiInstance(el)}</bpmn:${el.kind}>`;
    case 'scriptTask':
      return `${open('scriptTask')}${extensions([`<zeebe:script${attr('expression', el.script!.expression)}${attr('resultVariable', el.script!.resultVariable)}/>`, ioMapping(el.inputs, el.outputs)])}${refs}</bpmn:scriptTask>`;
    case 'manualTask':
      return `${open('manualTask')}${refs}</bpmn:manualTask>`;
    case 'exclusive':
    case 'inclusive': {
      const tag = el.kind === 'exclusive' ? 'exclusiveGateway' : 'inclusiveGateway';
      const d = defaults.get(el.id);
      return `${open(tag, d ? attr('default', flowId(d)) : '')}${refs}</bpmn:${tag}>`;
    }
    case 'parallel':
      return `${open('parallelGateway')}${refs}</bpmn:parallelGateway>`;
    case 'eventBased':
      return `${open('eventBasedGateway')}${refs}</bpmn:eventBasedGateway>`;
    case 'callActivity':
      return `${open('callActivity')}${extensions([`<zeebe:calledElement${attr('processId', el.processId)}${el.propagateAllParentVariables === false ? ' propagateAllParentVariables="false"' : ''} propagateAllChildVariables="false"/>`, ioMapping(el.inputs, el.outputs)])}${refs}</bpmn:callActivity>`;
    case 'timerCatch':
      return `${open('intermediateCatchEvent')}${refs}${timerXml(el.timer!)}</bpmn:intermediateCatchEvent>`;
    case 'messageCatch':
      return `${open('intermediateCatchEvent')}${extensions([ioMapping(undefined, el.outputs)])}${refs}<bpmn:messageEventDefinition${attr('messageRef', messageId(el.message!))}/></bpmn:intermediateCatchEvent>`;
    case 'throw':
      return `${open('intermediateThrowEvent')}${extensions([el.type ? `<zeebe:taskDefinition${attr('type', el.type)} retries="3"/>` : '', ioMapping(el.inputs)])}${refs}${
        el.type ? '<bpmn:messageEventDefinition/>' : ''
      }</bpmn:intermediateThrowEvent>`;
    case 'boundary':
      return `<bpmn:boundaryEvent${attr('id', el.id)}${attr('name', el.name)}${el.interrupting === false ? ' cancelActivity="false"' : ''}${attr('attachedToRef', el.attachedTo)}>${documentation(el)}${refs}${
        el.timer ? timerXml(el.timer) : el.error ? `<bpmn:errorEventDefinition${attr('errorRef', errorId(el.error))}/>` : `<bpmn:messageEventDefinition${attr('messageRef', messageId(el.message!))}/>`
      }</bpmn:boundaryEvent>`;
  }
}

function headers(values?: Record<string, string>) {
  if (!values || !Object.keys(values).length) return '';
  return `<zeebe:taskHeaders>${Object.entries(values)
    .map(([k, v]) => `<zeebe:header${attr('key', k)}${attr('value', v)}/>`)
    .join('')}</zeebe:taskHeaders>`;
}

function multiInstance(el: Task) {
  const mi = el.multiInstance;
  if (!mi) return '';
  return `<bpmn:multiInstanceLoopCharacteristics${mi.sequential ? ' isSequential="true"' : ''}><bpmn:extensionElements><zeebe:loopCharacteristics${attr('inputCollection', mi.inputCollection)}${attr(
    'inputElement',
    mi.inputElement,
  )}${attr('outputCollection', mi.outputCollection)}${attr('outputElement', mi.outputElement)}/></bpmn:extensionElements></bpmn:multiInstanceLoopCharacteristics>`;
}

function flowXml(f: Flow) {
  const condition = f.condition ? `<bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${esc(f.condition)}</bpmn:conditionExpression>` : '';
  return `<bpmn:sequenceFlow${attr('id', flowId(f))}${attr('name', f.name)}${attr('sourceRef', f.from)}${attr('targetRef', f.to)}>${condition}</bpmn:sequenceFlow>`;
}

// ---------------------------------------------------------------------------------------------
// Layout: columns by longest path from the start events (loops ignored), rows by lane; several
// elements of one lane in the same column stack downwards.

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

const SIZE: Record<string, [number, number]> = {
  start: [36, 36],
  end: [36, 36],
  timerCatch: [36, 36],
  messageCatch: [36, 36],
  throw: [36, 36],
  boundary: [36, 36],
  exclusive: [50, 50],
  parallel: [50, 50],
  inclusive: [50, 50],
  eventBased: [50, 50],
};
const TASK: [number, number] = [100, 80];
const COLUMN = 160;
const ROW = 120;
const POOL_LABEL = 30;
const LANE_LABEL = 30;
const LEFT = 160;
const TOP = 80;

function layout(def: ProcessDefinition) {
  const byId = new Map(def.elements.map((e) => [e.id, e]));
  const next = new Map<string, string[]>();
  for (const f of def.flows) next.set(f.from, [...(next.get(f.from) ?? []), f.to]);
  // Boundary events leave from their host's column.
  for (const e of def.elements) if (e.kind === 'boundary') next.set(e.attachedTo, [...(next.get(e.attachedTo) ?? []), e.id]);

  // Back edges: found by depth-first search from the start events; they do not push columns.
  const back = new Set<string>();
  const state = new Map<string, 1 | 2>();
  const visit = (id: string) => {
    state.set(id, 1);
    for (const to of next.get(id) ?? []) {
      if (state.get(to) === 1) back.add(`${id}>${to}`);
      else if (!state.has(to)) visit(to);
    }
    state.set(id, 2);
  };
  for (const e of def.elements) if (e.kind === 'start') visit(e.id);
  for (const e of def.elements) if (!state.has(e.id)) visit(e.id);

  const column = new Map<string, number>();
  const order = topological(def.elements.map((e) => e.id), next, back);
  for (const id of order) if (!column.has(id)) column.set(id, 0);
  for (const id of order) {
    for (const to of next.get(id) ?? []) {
      if (back.has(`${id}>${to}`)) continue;
      const el = byId.get(to);
      const step = el?.kind === 'boundary' ? 0 : 1;
      column.set(to, Math.max(column.get(to) ?? 0, column.get(id)! + step));
    }
  }

  const laneOf = (e: Element): string => (e.kind === 'boundary' ? laneOf(byId.get(e.attachedTo)!) : e.lane ?? def.lanes[0]!.id);
  // Slots: per lane and column, elements stack.
  const slot = new Map<string, number>();
  const used = new Map<string, number>();
  for (const id of order) {
    const e = byId.get(id)!;
    if (e.kind === 'boundary') continue;
    const k = `${laneOf(e)}|${column.get(id)}`;
    slot.set(id, used.get(k) ?? 0);
    used.set(k, (used.get(k) ?? 0) + 1);
  }
  const laneRows = new Map(def.lanes.map((l) => [l.id, 1]));
  for (const [k, n] of used) {
    const lane = k.split('|')[0]!;
    laneRows.set(lane, Math.max(laneRows.get(lane) ?? 1, n));
  }
  const laneTop = new Map<string, number>();
  let y = TOP;
  for (const l of def.lanes) {
    laneTop.set(l.id, y);
    y += laneRows.get(l.id)! * ROW + 40;
  }
  const poolHeight = y - TOP;
  const columns = Math.max(...[...column.values()]) + 1;
  const poolWidth = POOL_LABEL + LANE_LABEL + 80 + columns * COLUMN;

  const boxes = new Map<string, Box>();
  for (const e of def.elements) {
    if (e.kind === 'boundary') continue;
    const [w, h] = SIZE[e.kind] ?? TASK;
    const cx = LEFT + POOL_LABEL + LANE_LABEL + 60 + column.get(e.id)! * COLUMN;
    const cy = laneTop.get(laneOf(e))! + 20 + ROW / 2 + slot.get(e.id)! * ROW;
    boxes.set(e.id, { x: cx - w / 2, y: cy - h / 2, w, h });
  }
  const perHost = new Map<string, number>();
  for (const e of def.elements) {
    if (e.kind !== 'boundary') continue;
    const host = boxes.get(e.attachedTo)!;
    const i = perHost.get(e.attachedTo) ?? 0;
    perHost.set(e.attachedTo, i + 1);
    boxes.set(e.id, { x: host.x + host.w - 30 - i * 40, y: host.y + host.h - 18, w: 36, h: 36 });
  }
  return { boxes, laneTop, laneRows, poolHeight, poolWidth, back };
}

function topological(ids: string[], next: Map<string, string[]>, back: Set<string>): string[] {
  const indegree = new Map(ids.map((id) => [id, 0]));
  for (const [from, tos] of next) for (const to of tos) if (!back.has(`${from}>${to}`)) indegree.set(to, (indegree.get(to) ?? 0) + 1);
  const queue = ids.filter((id) => indegree.get(id) === 0);
  const out: string[] = [];
  while (queue.length) {
    const id = queue.shift()!;
    out.push(id);
    for (const to of next.get(id) ?? []) {
      if (back.has(`${id}>${to}`)) continue;
      indegree.set(to, indegree.get(to)! - 1);
      if (indegree.get(to) === 0) queue.push(to);
    }
  }
  for (const id of ids) if (!out.includes(id)) out.push(id);
  return out;
}

function waypoints(from: Box, to: Box, fromBoundary: boolean, isBack: boolean, bottom: number): Array<[number, number]> {
  const fromMid: [number, number] = fromBoundary ? [from.x + from.w / 2, from.y + from.h] : [from.x + from.w, from.y + from.h / 2];
  const toLeft: [number, number] = [to.x, to.y + to.h / 2];
  if (isBack) {
    const below = bottom + 25;
    const start: [number, number] = [from.x + from.w / 2, from.y + from.h];
    return [start, [start[0], below], [to.x + to.w / 2, below], [to.x + to.w / 2, to.y + to.h]];
  }
  if (fromBoundary) return [fromMid, [fromMid[0], toLeft[1]], toLeft];
  if (Math.abs(fromMid[1] - toLeft[1]) < 1) return [fromMid, toLeft];
  const midX = Math.round(fromMid[0] + (toLeft[0] - fromMid[0]) / 2);
  return [fromMid, [midX, fromMid[1]], [midX, toLeft[1]], toLeft];
}

const bounds = (b: Box) => `<dc:Bounds x="${Math.round(b.x)}" y="${Math.round(b.y)}" width="${b.w}" height="${b.h}"/>`;

/** The whole BPMN document for one process definition. */
export function toBpmnXml(def: ProcessDefinition): string {
  const problems = validate(def);
  if (problems.length) throw new Error(`${def.id}: ${problems.join('; ')}`);
  const incoming = new Map<string, Flow[]>();
  const outgoing = new Map<string, Flow[]>();
  const defaults = new Map<string, Flow>();
  for (const f of def.flows) {
    incoming.set(f.to, [...(incoming.get(f.to) ?? []), f]);
    outgoing.set(f.from, [...(outgoing.get(f.from) ?? []), f]);
    if (f.isDefault) defaults.set(f.from, f);
  }
  const { boxes, laneTop, laneRows, poolHeight, poolWidth, back } = layout(def);
  const byId = new Map(def.elements.map((e) => [e.id, e]));
  const laneOf = (e: Element): string => (e.kind === 'boundary' ? laneOf(byId.get(e.attachedTo)!) : e.lane ?? def.lanes[0]!.id);

  const lanes = `<bpmn:laneSet id="LaneSet_${def.id}">${def.lanes
    .map(
      (l) =>
        `<bpmn:lane${attr('id', `Lane_${l.id}`)}${attr('name', l.name)}>${def.elements
          .filter((e) => laneOf(e) === l.id)
          .map((e) => `<bpmn:flowNodeRef>${e.id}</bpmn:flowNodeRef>`)
          .join('')}</bpmn:lane>`,
    )
    .join('')}</bpmn:laneSet>`;
  const processBody = [
    documentation(def),
    def.versionTag ? extensions([`<zeebe:versionTag${attr('value', def.versionTag)}/>`]) : '',
    lanes,
    ...def.elements.map((e) => elementXml(e, incoming.get(e.id) ?? [], outgoing.get(e.id) ?? [], defaults)),
    ...def.flows.map(flowXml),
  ].join('\n    ');

  const messages = Object.entries(def.messages ?? {})
    .map(([name, key]) => `<bpmn:message${attr('id', messageId(name))}${attr('name', name)}>${key ? extensions([`<zeebe:subscription${attr('correlationKey', key)}/>`]) : ''}</bpmn:message>`)
    .join('\n  ');
  const errors = Object.entries(def.errors ?? {})
    .map(([code, name]) => `<bpmn:error${attr('id', errorId(code))}${attr('name', name)}${attr('errorCode', code)}/>`)
    .join('\n  ');

  const bottom = TOP + poolHeight;
  const shapes = [
    `<bpmndi:BPMNShape id="Participant_${def.id}_di" bpmnElement="Participant_${def.id}" isHorizontal="true">${bounds({ x: LEFT, y: TOP, w: poolWidth, h: poolHeight })}</bpmndi:BPMNShape>`,
    ...def.lanes.map(
      (l) =>
        `<bpmndi:BPMNShape id="Lane_${l.id}_di" bpmnElement="Lane_${l.id}" isHorizontal="true">${bounds({
          x: LEFT + POOL_LABEL,
          y: laneTop.get(l.id)!,
          w: poolWidth - POOL_LABEL,
          h: laneRows.get(l.id)! * ROW + 40,
        })}</bpmndi:BPMNShape>`,
    ),
    ...def.elements.map((e) => `<bpmndi:BPMNShape id="${e.id}_di" bpmnElement="${e.id}">${bounds(boxes.get(e.id)!)}</bpmndi:BPMNShape>`),
  ];
  const edges = def.flows.map((f) => {
    const points = waypoints(boxes.get(f.from)!, boxes.get(f.to)!, byId.get(f.from)?.kind === 'boundary', back.has(`${f.from}>${f.to}`), bottom - 30);
    return `<bpmndi:BPMNEdge id="${flowId(f)}_di" bpmnElement="${flowId(f)}">${points.map(([x, y]) => `<di:waypoint x="${Math.round(x)}" y="${Math.round(y)}"/>`).join('')}</bpmndi:BPMNEdge>`;
  });

  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:modeler="http://camunda.org/schema/modeler/1.0" id="Definitions_${def.id}" targetNamespace="https://oficio.aguascalientes.gob.mx/bpmn" exporter="Oficio" exporterVersion="1.0" modeler:executionPlatform="Camunda Cloud" modeler:executionPlatformVersion="8.8.0">
  <bpmn:collaboration id="Collaboration_${def.id}">
    <bpmn:participant${attr('id', `Participant_${def.id}`)}${attr('name', def.name)}${attr('processRef', def.id)}/>
  </bpmn:collaboration>
  <bpmn:process${attr('id', def.id)}${attr('name', def.name)} isExecutable="true">
    ${processBody}
  </bpmn:process>
  ${messages}
  ${errors}
  <bpmndi:BPMNDiagram id="Diagram_${def.id}">
    <bpmndi:BPMNPlane id="Plane_${def.id}" bpmnElement="Collaboration_${def.id}">
      ${[...shapes, ...edges].join('\n      ')}
    </bpmndi:BPMNPlane>
  </bpmndi:BPMNDiagram>
</bpmn:definitions>
`;
}

/** Mistakes in a definition, caught before any XML is written. */
export function validate(def: ProcessDefinition): string[] {
  const problems: string[] = [];
  const ids = new Set<string>();
  for (const e of def.elements) {
    if (ids.has(e.id)) problems.push(`duplicate element id '${e.id}'`);
    ids.add(e.id);
    if (e.kind !== 'boundary' && e.lane && !def.lanes.some((l) => l.id === e.lane)) problems.push(`'${e.id}' is in unknown lane '${e.lane}'`);
    if (e.kind === 'boundary' && !def.elements.some((h) => h.id === e.attachedTo)) problems.push(`boundary '${e.id}' is attached to unknown '${e.attachedTo}'`);
    const message = 'message' in e ? e.message : undefined;
    if (message && !(def.messages && message in def.messages)) problems.push(`'${e.id}' uses undeclared message '${message}'`);
    const error = 'error' in e ? e.error : undefined;
    if (error && !(def.errors && error in def.errors)) problems.push(`'${e.id}' uses undeclared error '${error}'`);
  }
  for (const f of def.flows) {
    if (!ids.has(f.from)) problems.push(`flow from unknown '${f.from}'`);
    if (!ids.has(f.to)) problems.push(`flow to unknown '${f.to}'`);
  }
  return problems;
}
