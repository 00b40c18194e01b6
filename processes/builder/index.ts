// Builds the manual's BPMN models from compact definitions: Zeebe extension elements for Camunda
// 8.8, a pool with one lane per role, and diagram interchange laid out left to right so each model
// opens in bpmn-js as a readable flowchart. `npm run build:processes` writes processes/<id>.bpmn.
import { FOLIO_SERIES_PROPERTY, PUBLIC_START_PROPERTY, PUBLIC_START_VALUE, START_FORM_PROPERTY, START_GROUPS_PROPERTY } from '../../contracts/bpmn.js';

// The start event's oficio:* property names, defined in contracts/bpmn.ts; re-exported for the tests that read them here.
export { PUBLIC_START_PROPERTY, START_FORM_PROPERTY, START_GROUPS_PROPERTY };

export type Expr = string;

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
  /** Anyone may start the process here through its public form, without signing in (rate-limited by the server). */
  publicStart?: boolean;
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
  /** The series of the folios its requests get (oficio:folioSerie, contracts/bpmn.ts): CAS-2026-000045. */
  folioSerie?: string;
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
        el.form || el.starterGroups || el.publicStart
          ? `<zeebe:properties>${el.form ? `<zeebe:property name="${START_FORM_PROPERTY}"${attr('value', el.form)}/>` : ''}${
              el.starterGroups ? `<zeebe:property name="${START_GROUPS_PROPERTY}"${attr('value', el.starterGroups)}/>` : ''
            }${el.publicStart ? `<zeebe:property name="${PUBLIC_START_PROPERTY}"${attr('value', PUBLIC_START_VALUE)}/>` : ''}</zeebe:properties>`
          : '',
      ])}${refs}${el.timer ? timerXml(el.timer) : el.message ? `<bpmn:messageEventDefinition${attr('messageRef', messageId(el.message))}/>` : ''}</bpmn:startEvent>`;
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
        el.timer
          ? timerXml(el.timer)
          : el.error
            ? `<bpmn:errorEventDefinition${attr('errorRef', errorId(el.error))}/>`
            : `<bpmn:messageEventDefinition${attr('messageRef', messageId(el.message!))}/>`
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
// Layout. Columns by longest path from the start events (loops ignored). Rows within each lane:
// an element keeps the row of its same-lane predecessor when it is free (so the main path runs
// straight), a gateway's later branches and the targets of boundary events take the rows below,
// and the elements of a column are placed in the order of their predecessors (fewer crossings).
// Flows are orthogonal and routed around shapes: a branch leaves its gateway from the top or the
// bottom, a flow into a merging gateway enters from the top or the bottom, a flow whose straight
// path is blocked detours through the gap between rows, and a loop (back edge) runs in a channel
// of its own below the last row of its lane. Labels of events, gateways and named flows get
// explicit bounds, placed where they cover no shape, no flow and no other label.

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}
type Pt = [number, number];

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
const COLUMN = 180;
const ROW = 120;
const POOL_LABEL = 30;
const LANE_LABEL = 30;
const LANE_PAD = 20;
const CHANNEL = 14;
const LEFT = 160;
const TOP = 80;
const GATEWAYS = new Set(['exclusive', 'parallel', 'inclusive', 'eventBased']);

interface Diagram {
  boxes: Map<string, Box>;
  lanes: Map<string, Box>;
  pool: Box;
  edges: Map<Flow, Pt[]>;
  labels: Map<string, Box>;
}

/** Rough size of an external label (bpmn-js: 11px Arial, wrapped at the label's width). */
function labelSize(text: string, maxWidth = 90): [number, number] {
  const words = text.split(/\s+/);
  const charW = 5.8;
  let lines = 1;
  let line = 0;
  let widest = 0;
  for (const word of words) {
    const w = word.length * charW;
    if (line && line + charW + w > maxWidth) {
      lines++;
      widest = Math.max(widest, line);
      line = w;
    } else line += (line ? charW : 0) + w;
  }
  widest = Math.max(widest, line);
  return [Math.min(maxWidth, Math.ceil(widest) + 6), lines * 14];
}

function layout(def: ProcessDefinition): Diagram {
  const byId = new Map(def.elements.map((e) => [e.id, e]));
  const laneOf = (e: Element): string => (e.kind === 'boundary' ? laneOf(byId.get(e.attachedTo)!) : (e.lane ?? def.lanes[0]!.id));
  const laneIndex = new Map(def.lanes.map((l, i) => [l.id, i]));
  const next = new Map<string, string[]>();
  for (const f of def.flows) next.set(f.from, [...(next.get(f.from) ?? []), f.to]);
  // Boundary events leave from their host's column.
  const boundaries = new Map<string, string[]>();
  for (const e of def.elements)
    if (e.kind === 'boundary') {
      next.set(e.attachedTo, [...(next.get(e.attachedTo) ?? []), e.id]);
      boundaries.set(e.attachedTo, [...(boundaries.get(e.attachedTo) ?? []), e.id]);
    }

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
  const isBack = (f: Flow) => back.has(`${f.from}>${f.to}`);

  const column = new Map<string, number>();
  const order = topological(
    def.elements.map((e) => e.id),
    next,
    back,
  );
  for (const id of order) if (!column.has(id)) column.set(id, 0);
  for (const id of order) {
    for (const to of next.get(id) ?? []) {
      if (back.has(`${id}>${to}`)) continue;
      const step = byId.get(to)?.kind === 'boundary' ? 0 : 1;
      column.set(to, Math.max(column.get(to) ?? 0, column.get(id)! + step));
    }
  }

  // Rows, column by column.
  const row = new Map<string, number>();
  const taken = new Set<string>();
  const forwardIn = new Map<string, Flow[]>();
  const outDegree = new Map<string, number>();
  const inDegree = new Map<string, number>();
  for (const f of def.flows) {
    outDegree.set(f.from, (outDegree.get(f.from) ?? 0) + 1);
    inDegree.set(f.to, (inDegree.get(f.to) ?? 0) + 1);
    if (!isBack(f)) forwardIn.set(f.to, [...(forwardIn.get(f.to) ?? []), f]);
  }
  /** Where a predecessor sits: [lane, row, rank of this flow among its source's flows]. */
  const origin = (f: Flow): [string, number, number] | undefined => {
    const src = byId.get(f.from)!;
    if (src.kind === 'boundary') {
      const host = src.attachedTo;
      if (!row.has(host)) return undefined;
      return [laneOf(src), row.get(host)! + 1 + boundaries.get(host)!.indexOf(src.id), 0];
    }
    if (!row.has(src.id)) return undefined;
    return [laneOf(src), row.get(src.id)!, def.flows.filter((g) => g.from === f.from).indexOf(f)];
  };
  const columns = Math.max(...[...column.values()]) + 1;
  for (let c = 0; c < columns; c++) {
    const here = def.elements.filter((e) => e.kind !== 'boundary' && column.get(e.id) === c);
    const keyed = here.map((e, i) => {
      const origins = (forwardIn.get(e.id) ?? []).map(origin).filter((o): o is [string, number, number] => !!o);
      const sameLane = origins.filter((o) => o[0] === laneOf(e)).sort((a, b) => a[1] - b[1] || a[2] - b[2]);
      const pref = sameLane[0]?.[1] ?? 0;
      const rank = sameLane[0]?.[2] ?? 0;
      const bary = origins.length ? origins.reduce((s, o) => s + laneIndex.get(o[0])! * 100 + o[1], 0) / origins.length : laneIndex.get(laneOf(e))! * 100;
      return { e, pref, rank, bary, i };
    });
    keyed.sort((a, b) => a.pref - b.pref || a.rank - b.rank || a.bary - b.bary || a.i - b.i);
    for (const { e, pref } of keyed) {
      let r = pref;
      while (taken.has(`${laneOf(e)}|${c}|${r}`)) r++;
      taken.add(`${laneOf(e)}|${c}|${r}`);
      row.set(e.id, r);
    }
  }

  // Loops: one channel each, below the last row of the lower lane they touch.
  const channelLane = new Map<Flow, string>();
  const channels = new Map(def.lanes.map((l) => [l.id, 0]));
  for (const f of def.flows) {
    if (!isBack(f)) continue;
    const a = laneOf(byId.get(f.from)!);
    const b = laneOf(byId.get(f.to)!);
    const lane = laneIndex.get(a)! >= laneIndex.get(b)! ? a : b;
    channelLane.set(f, lane);
    channels.set(lane, channels.get(lane)! + 1);
  }

  const laneRows = new Map(def.lanes.map((l) => [l.id, 1]));
  for (const e of def.elements) if (e.kind !== 'boundary') laneRows.set(laneOf(e), Math.max(laneRows.get(laneOf(e))!, row.get(e.id)! + 1));
  // A boundary event's target sits one row below its host: keep room for the event's label.
  const lanes = new Map<string, Box>();
  const x0 = LEFT + POOL_LABEL;
  const width = LANE_LABEL + 40 + columns * COLUMN;
  let y = TOP;
  for (const l of def.lanes) {
    // Tall enough for the lane's name in at most two lines.
    const h = Math.max(LANE_PAD * 2 + laneRows.get(l.id)! * ROW + (channels.get(l.id)! ? 6 + channels.get(l.id)! * CHANNEL : 0), Math.ceil((l.name.length * 6) / 2 / 10) * 10 + 30);
    lanes.set(l.id, { x: x0, y, w: width, h });
    y += h;
  }
  const pool: Box = { x: LEFT, y: TOP, w: POOL_LABEL + width, h: y - TOP };
  const colX = (c: number) => x0 + LANE_LABEL + 20 + COLUMN / 2 + c * COLUMN;
  const rowY = (lane: string, r: number) => lanes.get(lane)!.y + LANE_PAD + ROW / 2 + r * ROW;

  const boxes = new Map<string, Box>();
  for (const e of def.elements) {
    if (e.kind === 'boundary') continue;
    const [w, h] = SIZE[e.kind] ?? TASK;
    boxes.set(e.id, { x: colX(column.get(e.id)!) - w / 2, y: rowY(laneOf(e), row.get(e.id)!) - h / 2, w, h });
  }
  for (const [hostId, ids] of boundaries) {
    const host = boxes.get(hostId)!;
    ids.forEach((id, i) => boxes.set(id, { x: host.x + host.w - 30 - i * 40, y: host.y + host.h - 18, w: 36, h: 36 }));
  }

  // Routing.
  const hits = (a: Pt, b: Pt, r: Box, m: number) =>
    Math.max(a[0], b[0]) > r.x - m && Math.min(a[0], b[0]) < r.x + r.w + m && Math.max(a[1], b[1]) > r.y - m && Math.min(a[1], b[1]) < r.y + r.h + m;
  const clear = (pts: Pt[], skip: Set<string>) => {
    for (let k = 0; k + 1 < pts.length; k++) for (const [id, b] of boxes) if (!skip.has(id) && hits(pts[k]!, pts[k + 1]!, b, 4)) return false;
    return true;
  };
  const related = (id: string) => {
    const e = byId.get(id)!;
    return [id, ...(e.kind === 'boundary' ? [e.attachedTo, ...boundaries.get(e.attachedTo)!] : (boundaries.get(id) ?? []))];
  };
  const edges = new Map<Flow, Pt[]>();
  const used = new Map(def.lanes.map((l) => [l.id, 0]));
  const detours = new Map<number, number>();
  const gaps = new Set<number>();
  const gapX = (base: number) => [0, -10, 10, -20, 20, -30, 30].map((d) => base + d).find((x) => !gaps.has(x)) ?? base;
  for (const f of def.flows) {
    const src = byId.get(f.from)!;
    const tgt = byId.get(f.to)!;
    const S = boxes.get(f.from)!;
    const T = boxes.get(f.to)!;
    const skip = new Set([...related(f.from), ...related(f.to)]);
    const [scx, scy, tcx, tcy] = [S.x + S.w / 2, S.y + S.h / 2, T.x + T.w / 2, T.y + T.h / 2];
    const sR: Pt = [S.x + S.w, scy];
    const tL: Pt = [T.x, tcy];
    const sGate = GATEWAYS.has(src.kind);
    const tGate = GATEWAYS.has(tgt.kind);
    const sCol = column.get(src.kind === 'boundary' ? src.attachedTo : src.id)!;
    const gapAfter = colX(sCol) + COLUMN / 2;
    const gapBefore = colX(column.get(tgt.id)!) - COLUMN / 2;
    if (isBack(f)) {
      const lane = channelLane.get(f)!;
      const k = used.get(lane)!;
      used.set(lane, k + 1);
      const L = lanes.get(lane)!;
      const chY = L.y + L.h - LANE_PAD / 2 - (channels.get(lane)! - 1 - k) * CHANNEL - 4;
      const out: Pt[] =
        sGate &&
        clear(
          [
            [scx, S.y + S.h],
            [scx, chY],
          ],
          skip,
        )
          ? [
              [scx, S.y + S.h],
              [scx, chY],
            ]
          : [sR, [gapAfter - 8 + k * 4, scy], [gapAfter - 8 + k * 4, chY]];
      const inn: Pt[] =
        tGate &&
        clear(
          [
            [tcx, chY],
            [tcx, T.y + T.h],
          ],
          skip,
        )
          ? [
              [tcx, chY],
              [tcx, T.y + T.h],
            ]
          : [[gapBefore + 8 - k * 4, chY], [gapBefore + 8 - k * 4, tcy], tL];
      edges.set(f, [...out, ...inn]);
      continue;
    }
    const candidates: Pt[][] = [];
    const down = tcy > scy;
    if (src.kind === 'boundary') {
      if (tcy > S.y + S.h + 10) candidates.push([[scx, S.y + S.h], [scx, tcy], tL]);
    } else {
      if (Math.abs(scy - tcy) < 1) candidates.push([sR, tL]);
      else {
        if (sGate && (outDegree.get(src.id) ?? 0) > 1) candidates.push([[scx, down ? S.y + S.h : S.y], [scx, tcy], tL]);
        if (tGate && (inDegree.get(tgt.id) ?? 0) > 1) candidates.push([sR, [tcx, scy], [tcx, down ? T.y : T.y + T.h]]);
        const a = gapX(gapAfter);
        const b = gapX(gapBefore);
        candidates.push([sR, [a, scy], [a, tcy], tL]);
        candidates.push([sR, [b, scy], [b, tcy], tL]);
        if (sGate) candidates.push([[scx, down ? S.y + S.h : S.y], [scx, tcy], tL]);
        if (tGate) candidates.push([sR, [tcx, scy], [tcx, down ? T.y : T.y + T.h]]);
      }
    }
    let route = candidates.find((c) => clear(c, skip));
    if (!route) {
      // Detour through the gap below the lower of the two rows.
      const gap = Math.max(scy, tcy) + ROW / 2;
      const k = detours.get(gap) ?? 0;
      detours.set(gap, k + 1);
      const dy = gap - 4 + k * 8;
      const out: Pt[] =
        src.kind === 'boundary' || sGate
          ? [
              [scx, S.y + S.h],
              [scx, dy],
            ]
          : [sR, [gapAfter, scy], [gapAfter, dy]];
      const inn: Pt[] = tGate
        ? [
            [tcx, dy],
            [tcx, T.y + T.h],
          ]
        : [[gapBefore, dy], [gapBefore, tcy], tL];
      route = [...out, ...inn];
    }
    edges.set(f, route);
    // Later flows turning in the same gap do so a little aside, so that no two share a line.
    for (let k = 1; k + 1 < route.length; k++) if (route[k]![0] === route[k + 1]![0]) gaps.add(route[k]![0]);
  }

  // Labels.
  const labels = new Map<string, Box>();
  const segments = [...edges.values()].flatMap((pts) => pts.slice(1).map((p, k) => [pts[k]!, p] as [Pt, Pt]));
  const overlaps = (a: Box, b: Box) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
  const cost = (b: Box, own?: string) => {
    let n = 0;
    for (const [id, s] of boxes) if (id !== own && overlaps(b, s)) n += 3;
    for (const l of labels.values()) if (overlaps(b, l)) n += 3;
    for (const [p, q] of segments) if (hits(p, q, b, 0)) n += 1;
    if (b.x < x0 + LANE_LABEL || b.x + b.w > pool.x + pool.w || b.y < pool.y || b.y + b.h > pool.y + pool.h) n += 2;
    return n;
  };
  const place = (key: string, candidates: Box[], own?: string) => {
    let best = candidates[0]!;
    let bestCost = Infinity;
    for (const c of candidates) {
      const n = cost(c, own);
      if (n < bestCost) [best, bestCost] = [c, n];
      if (!n) break;
    }
    labels.set(key, best);
  };
  for (const e of def.elements) {
    if (!e.name || !(e.kind in SIZE)) continue;
    const b = boxes.get(e.id)!;
    const [w, h] = labelSize(e.name);
    const cx = b.x + b.w / 2;
    const below = { x: cx - w / 2, y: b.y + b.h + 4, w, h };
    const above = { x: cx - w / 2, y: b.y - h - 4, w, h };
    const belowRight = { x: cx + 6, y: b.y + b.h + 2, w, h };
    const belowLeft = { x: cx - 6 - w, y: b.y + b.h + 2, w, h };
    const aboveRight = { x: cx + 6, y: b.y - h - 2, w, h };
    const aboveLeft = { x: cx - 6 - w, y: b.y - h - 2, w, h };
    const lower = (b: Box) => ({ ...b, y: b.y + 16 });
    const siblings = e.kind === 'boundary' ? boundaries.get(e.attachedTo)! : [];
    const candidates =
      e.kind !== 'boundary'
        ? [below, above, belowRight, aboveRight, belowLeft, aboveLeft]
        : siblings.length > 1 && siblings.indexOf(e.id) === 0
          ? [belowRight, lower(belowRight), belowLeft, below]
          : [belowLeft, belowRight, lower(belowLeft), lower(belowRight), below];
    place(e.id, candidates, e.id);
  }
  for (const f of def.flows) {
    if (!f.name) continue;
    const pts = edges.get(f)!;
    const [w, h] = labelSize(f.name, 80);
    const candidates: Box[] = [];
    const vertical: Box[] = [];
    for (let k = 0; k + 1 < pts.length; k++) {
      const [p, q] = [pts[k]!, pts[k + 1]!];
      if (p[1] === q[1] && Math.abs(q[0] - p[0]) >= 20) {
        const right = q[0] > p[0];
        const x = right ? p[0] + 6 : p[0] - 6 - w;
        candidates.push({ x, y: p[1] - h - 2, w, h }, { x, y: p[1] + 3, w, h });
        const xe = right ? q[0] - 8 - w : q[0] + 8;
        candidates.push({ x: xe, y: p[1] - h - 2, w, h });
      } else if (p[0] === q[0] && Math.abs(q[1] - p[1]) >= 20) {
        const y = q[1] > p[1] ? p[1] + 4 : p[1] - 4 - h;
        vertical.push({ x: p[0] + 5, y, w, h }, { x: p[0] - 5 - w, y, w, h });
      }
    }
    candidates.push(...vertical);
    if (candidates.length) place(flowId(f), candidates);
  }
  return { boxes, lanes, pool, edges, labels };
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

const bounds = (b: Box) => `<dc:Bounds x="${Math.round(b.x)}" y="${Math.round(b.y)}" width="${Math.round(b.w)}" height="${Math.round(b.h)}"/>`;
const label = (b: Box | undefined) => (b ? `<bpmndi:BPMNLabel>${bounds(b)}</bpmndi:BPMNLabel>` : '');

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
  const { boxes, lanes: laneBoxes, pool, edges: routes, labels } = layout(def);
  const byId = new Map(def.elements.map((e) => [e.id, e]));
  const laneOf = (e: Element): string => (e.kind === 'boundary' ? laneOf(byId.get(e.attachedTo)!) : (e.lane ?? def.lanes[0]!.id));

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
    extensions([
      def.versionTag ? `<zeebe:versionTag${attr('value', def.versionTag)}/>` : '',
      def.folioSerie ? `<zeebe:properties><zeebe:property name="${FOLIO_SERIES_PROPERTY}"${attr('value', def.folioSerie)}/></zeebe:properties>` : '',
    ]),
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

  const shapes = [
    `<bpmndi:BPMNShape id="Participant_${def.id}_di" bpmnElement="Participant_${def.id}" isHorizontal="true">${bounds(pool)}</bpmndi:BPMNShape>`,
    ...def.lanes.map((l) => `<bpmndi:BPMNShape id="Lane_${l.id}_di" bpmnElement="Lane_${l.id}" isHorizontal="true">${bounds(laneBoxes.get(l.id)!)}</bpmndi:BPMNShape>`),
    ...def.elements.map((e) => `<bpmndi:BPMNShape id="${e.id}_di" bpmnElement="${e.id}">${bounds(boxes.get(e.id)!)}${label(labels.get(e.id))}</bpmndi:BPMNShape>`),
  ];
  const edges = def.flows.map(
    (f) =>
      `<bpmndi:BPMNEdge id="${flowId(f)}_di" bpmnElement="${flowId(f)}">${routes
        .get(f)!
        .map(([x, y]) => `<di:waypoint x="${Math.round(x)}" y="${Math.round(y)}"/>`)
        .join('')}${label(labels.get(flowId(f)))}</bpmndi:BPMNEdge>`,
  );

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
