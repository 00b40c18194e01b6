// Benchmark of the platform server's reads at the size of a real directorate: a SQLite file
// store holding 100,000 open user tasks (spread over the candidate groups of
// shared/domain/PROCEDURES.md) and 1,000,000 audit events, on which it measures
//   (a) the tasklist query of a group: searchUserTasks { candidateGroup, state: CREATED },
//       sorted by creationDate (and by dueDate), first page of 50 with totalItems;
//   (b) an instance's detail: server/core/instances instanceDetail (getProcessInstance, element
//       instances, user tasks, variables, variable history, incidents, attachments and the
//       instance's audit events).
// The database is built once and cached under bench/.cache/ (git-ignored), keyed by the sizes and
// a fingerprint of the code that defines what is stored; a change there rebuilds it.
// Run: npm run bench:server [-- --quick] [-- --rebuild]   (bench/run.ts runs it after the engine)
// test/bench-server.test.ts runs every function here at tiny sizes so this cannot rot.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createAuditTrail, type AuditEvent, type AuditTrail } from '../server/core/audit/index.js';
import type { Attachments } from '../server/core/attachments/index.js';
import { CASES, CASES_SPEC, FOLIO_COUNTERS, caseDocOf, parseFolio, type CaseDoc, type Cases } from '../server/core/cases/index.js';
import { CANDIDATE_GROUP_IDS } from '../server/core/identity/access.js';
import { instanceDetail } from '../server/core/instances/index.js';
import { SPECS } from '../server/engine/embedded/collections.js';
import type { EmbeddedEngine } from '../server/engine/embedded/index.js';
import { createSqliteStore, type SqliteStore } from '../server/store/sqlite/index.js';
import { fillChain } from './audit.js';
import { machineInfo, openBenchOficio, processXml } from './engine.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Bump whenever what this file writes into the database changes (the data, not the printing). */
const BENCH_DATA_VERSION = 3;

/** The code whose text decides what the cached database holds and how it is laid out and indexed. */
const SCHEMA_SOURCES = [
  'server/store/sqlite/store.ts',
  'server/store/sqlite/indexes.ts',
  'server/store/sqlite/multikey.ts',
  'server/store/sqlite/filter.ts',
  'server/store/sqlite/documents.ts',
  'server/engine/embedded/collections.ts',
  'server/engine/embedded/runtime.ts',
  'server/core/audit/index.ts',
  'server/core/cases/index.ts',
];

export const SERVER_TARGETS = { tasklistP95Ms: 25, detailP95Ms: 50 };

// ---------------------------------------------------------------------------------------------
// The data

/** The process the tasks wait in: start → one user task offered to the groups in `grupos` → end. */
export const TASKLIST_BPMN = processXml(
  'bench-tasklist',
  [
    ['startEvent', 'inicio'],
    [
      'userTask',
      'atender',
      `<bpmn:extensionElements><zeebe:userTask/><zeebe:assignmentDefinition candidateGroups="=grupos"/><zeebe:taskSchedule dueDate="=vence"/></bpmn:extensionElements>`,
    ],
    ['endEvent', 'fin'],
  ],
  [
    ['inicio', 'atender'],
    ['atender', 'fin'],
  ],
);

/**
 * The candidate groups of PROCEDURES.md that work tasks (not the auditor, not the process-owner
 * role), the help desk first: group i gets a share ∝ 1/(i+1), as real desks are uneven.
 */
export const GROUPS: readonly string[] = ['mesa-ayuda', ...CANDIDATE_GROUP_IDS.filter((g) => g !== 'auditor' && g !== 'process-owner' && g !== 'mesa-ayuda')];
const WEIGHTS = GROUPS.map((_, i) => 1 / (i + 1));
const WEIGHT_SUM = WEIGHTS.reduce((a, b) => a + b, 0);

/** Deterministic: the groups task i is offered to (one, and for every fifth task 'mesa-ayuda' too). */
export function groupsOf(i: number): string[] {
  // A fixed low-discrepancy point in [0, 1) picks the group by cumulative weight.
  let x = ((i * 0.6180339887498949) % 1) * WEIGHT_SUM;
  let g = 0;
  while (g < GROUPS.length - 1 && x >= WEIGHTS[g]!) x -= WEIGHTS[g++]!;
  const primary = GROUPS[g]!;
  return i % 5 === 0 && primary !== 'mesa-ayuda' ? [primary, 'mesa-ayuda'] : [primary];
}

const DUE0 = Date.UTC(2026, 10, 1);

function startVariables(i: number) {
  return {
    // The bench's own number of the instance (the engine gives each its `folio`, in the order the starts commit).
    expediente: `RD-2026-${String(i).padStart(6, '0')}`,
    grupos: groupsOf(i),
    vence: new Date(DUE0 + ((i * 7919) % 30) * 86_400_000 + (i % 480) * 60_000).toISOString(),
    solicitante: { id: `u${i % 2000}`, nombre: `Persona ${i % 2000}`, dependencia: `Dependencia ${i % 40}` },
    asunto: 'Alta de nodo de red de datos en la oficina',
    prioridad: i % 3 === 0 ? 'alta' : 'normal',
  };
}

const ACTORS = Array.from({ length: 200 }, (_, i) => ({ id: `u${i}`, name: `Usuaria ${i}`, roles: ['process-owner'] }));
const ACTIONS = ['instance.start', 'task.claim', 'task.draft', 'task.reassign', 'attachment.upload', 'task.unclaim'];
const AT0 = Date.UTC(2026, 0, 5, 9);

export interface BuildOptions {
  tasks: number;
  events: number;
  /** Instances started through the engine; the rest are cloned from them. Default 1,000. */
  templates?: number;
  /** Instances started at once through the engine. */
  inFlight?: number;
  log?: (line: string) => void;
}

export interface BuildResult {
  /** Instances started through the engine, and cloned from its documents. */
  viaEngine: number;
  cloned: number;
  /** Engine instances whose documents the clone function reproduced exactly (the check). */
  verified: number;
  tasksSeconds: number;
  eventsSeconds: number;
}

/** The engine's documents of one instance, by collection (without the engine_ prefix). */
export type InstanceDocs = Map<string, Array<Record<string, unknown> & { id: string; version?: number }>>;

/** Collections that hold per-instance documents (every one with a processInstanceKey, or the instance itself). */
const INSTANCE_COLLECTIONS = Object.keys(SPECS).filter((c) => !['definitions', 'sequences', 'messageStarts', 'messages', 'timers'].includes(c));
/** Fields holding the engine's clock: shifted to the clone's own time. */
const TIME_FIELDS = new Set(['startDate', 'endDate', 'creationDate', 'completionDate', 'changedAt', 'creationTime', 'executedAt']);
/** The engine's keys are KEY_BASE + a reserved offset (server/engine/embedded/engine.ts). */
const KEY_BASE = 2n ** 51n;

/** Every document of every instance in the store, by processInstanceKey. */
export async function readInstances(store: SqliteStore): Promise<Map<string, InstanceDocs>> {
  const out = new Map<string, InstanceDocs>();
  for (const collection of INSTANCE_COLLECTIONS) {
    const c = store.collection<Record<string, unknown>>(`engine_${collection}`);
    for (let after: string | undefined; ; ) {
      const page = await c.find({}, { limit: 5_000, ...(after ? { after } : {}) });
      for (const doc of page.items) {
        const key = collection === 'processInstances' ? doc.id : (doc.processInstanceKey as string | undefined);
        if (key === undefined) continue;
        let docs = out.get(key);
        if (!docs) out.set(key, (docs = new Map()));
        let list = docs.get(collection);
        if (!list) docs.set(collection, (list = []));
        list.push(doc);
      }
      if (!page.nextCursor) break;
      after = page.nextCursor;
    }
  }
  return out;
}

/** The clones' cases, in a build batch beside the engine's collections. */
const CASES_BATCH = '\u0000cases';

const byKey = (a: string, b: string) => (BigInt(a) < BigInt(b) ? -1 : BigInt(a) > BigInt(b) ? 1 : 0);

/** The keys an instance owns (the ids of its documents), ascending. */
export function keysOf(docs: InstanceDocs): string[] {
  return [...new Set([...docs.values()].flatMap((list) => list.map((d) => d.id)))].sort(byKey);
}

/** Which bench instance (the i of startVariables) these documents belong to, from its expediente. */
export function indexOf(docs: InstanceDocs): number {
  const expediente = docs.get('variables')?.find((v) => v.name === 'expediente')?.value;
  return Number(/(\d+)"$/.exec(String(expediente))?.[1] ?? NaN);
}

/** The folio the engine gave an instance (its `folio` variable). */
export function folioOf(docs: InstanceDocs): string {
  return JSON.parse(String(docs.get('variables')?.find((v) => v.name === 'folio')?.value)) as string;
}

/**
 * The documents the engine would have written for bench instance `i`, from those it wrote for
 * another instance of the same process: keys mapped in order onto `keys`, the engine's clock
 * shifted so the instance started at `startedAt`, and what comes from the start variables
 * (variable values, the task's candidate groups and due date) recomputed as the engine does, and
 * the instance's `folio` the one given. Versions are not carried over: inserted documents start at version 1.
 */
export function cloneInstance(template: InstanceDocs, i: number, keys: string[], startedAt: number, folio: string): InstanceDocs {
  const templateKeys = keysOf(template);
  if (templateKeys.length !== keys.length) throw new Error(`clone needs ${templateKeys.length} keys, got ${keys.length}`);
  const keyMap = new Map(templateKeys.map((k, n) => [k, keys[n]!]));
  const started = Date.parse(template.get('processInstances')![0]!.startDate as string);
  const variables = { ...startVariables(i), folio } as Record<string, unknown>;
  const mapValue = (field: string, value: unknown): unknown => {
    if (typeof value === 'string') {
      if (TIME_FIELDS.has(field)) return new Date(startedAt + (Date.parse(value) - started)).toISOString();
      return keyMap.get(value) ?? value;
    }
    if (Array.isArray(value)) return value.map((v) => (typeof v === 'string' ? (keyMap.get(v) ?? v) : v));
    return value;
  };
  const out: InstanceDocs = new Map();
  for (const [collection, list] of template) {
    out.set(
      collection,
      list.map((doc) => {
        const copy: Record<string, unknown> & { id: string } = { id: keyMap.get(doc.id)! };
        for (const [field, value] of Object.entries(doc)) {
          if (field === 'id' || field === 'version') continue;
          copy[field] = mapValue(field, value);
        }
        if ((collection === 'variables' || collection === 'variableHistory') && Object.hasOwn(variables, copy.name as string)) {
          copy.value = JSON.stringify(variables[copy.name as string]);
        }
        if (collection === 'userTasks') {
          copy.candidateGroups = [...(variables.grupos as string[])];
          copy.dueDate = new Date(variables.vence as string).toISOString();
        }
        return copy;
      }),
    );
  }
  return out;
}

/** Documents comparable across stores: sorted by id, without the store's version. */
function comparable(docs: InstanceDocs): string {
  const sorted = [...docs.entries()].sort(([a], [b]) => (a < b ? -1 : 1));
  return JSON.stringify(
    sorted.map(([c, list]) => [
      c,
      [...list].sort((a, b) => byKey(a.id, b.id)).map(({ version: _v, ...rest }) => Object.fromEntries(Object.entries(rest).sort(([x], [y]) => (x < y ? -1 : 1)))),
    ]),
  );
}

/**
 * Builds the database at `path` (which must not exist). Tasks: the first `templates` instances
 * are started through the engine itself (a deployed one-user-task process, `inFlight` at a
 * time); the rest are cloned from the engine's documents of instance 0 and inserted through the
 * store collections — after checking that the clone reproduces every other engine-started
 * instance exactly (a mismatch fails the build), and with the engine's key reservation moved
 * past the keys used. Audit events: ~events/tasks per instance, built exactly as
 * AuditTrail.record builds them (same fields, same hash chain) and inserted 10,000 per
 * transaction, as bench/audit.ts fills its trail.
 */
export async function buildServerDatabase(path: string, options: BuildOptions): Promise<BuildResult> {
  const log = options.log ?? (() => {});
  const store = createSqliteStore({ path });
  // The engine stops once the instances are started (their documents are then cloned); the store stays open.
  let engine: EmbeddedEngine | undefined = (await openBenchOficio(store)).engine;
  try {
    const started = performance.now();
    const viaEngine = Math.min(options.tasks, Math.max(2, options.templates ?? 1_000));
    await engine.createDeployment({ resources: [{ name: 'bench-tasklist.bpmn', content: TASKLIST_BPMN }] });
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(options.inFlight ?? 100, viaEngine) }, async () => {
        while (next < viaEngine) await engine!.createProcessInstance({ processDefinitionId: 'bench-tasklist', variables: startVariables(next++) });
      }),
    );
    await engine.close();
    engine = undefined;
    log(`  ${viaEngine.toLocaleString('en-US')} instances started through the engine (${((performance.now() - started) / 1000).toFixed(1)} s)`);

    const real = await readInstances(store);
    const byIndex = new Map([...real.values()].map((docs) => [indexOf(docs), docs]));
    const template = byIndex.get(0);
    if (!template || byIndex.size !== viaEngine) throw new Error(`expected ${viaEngine} engine instances, found ${byIndex.size}`);
    let verified = 0;
    for (const [i, docs] of byIndex) {
      if (i === 0) continue;
      const clone = cloneInstance(template, i, keysOf(docs), Date.parse(docs.get('processInstances')![0]!.startDate as string), folioOf(docs));
      if (comparable(clone) !== comparable(docs)) {
        throw new Error(`bench: cloned documents of instance ${i} differ from the engine's:\n${comparable(clone)}\n${comparable(docs)}`);
      }
      verified++;
    }

    const sequences = store.collection<{ next: string }>('engine_sequences');
    const reserved = (await sequences.get('keys'))!;
    let offset = BigInt(reserved.next);
    for (const key of [...real.values()].flatMap(keysOf)) {
      if (BigInt(key) < KEY_BASE || BigInt(key) >= KEY_BASE + offset) throw new Error(`bench: engine key ${key} outside the reserved range`);
    }
    const perInstance = keysOf(template).length;
    const templateStart = Date.parse(template.get('processInstances')![0]!.startDate as string);
    // Clones continue the engine's series: its starts took the numbers 1…viaEngine.
    const series = parseFolio(folioOf(template))!;
    const folioOfClone = (i: number) => `${series.series}-${series.year}-${String(i + 1).padStart(6, '0')}`;
    // Declared with its indexes and full-text spec, as Oficio declares it, before the clones' cases go in.
    store.collection<CaseDoc>(CASES, CASES_SPEC);
    const BATCH = 2_000;
    for (let from = viaEngine; from < options.tasks; from += BATCH) {
      const batch = new Map<string, Array<Record<string, unknown> & { id: string }>>();
      for (let i = from; i < Math.min(options.tasks, from + BATCH); i++) {
        const keys = Array.from({ length: perInstance }, () => String(KEY_BASE + offset++));
        // Older than the engine-started ones: one a minute going back, as a backlog builds up.
        const docs = cloneInstance(template, i, keys, templateStart - (i - viaEngine + 1) * 60_000, folioOfClone(i));
        // Its case, as the engine's creation hook writes it (server/core/cases).
        const instance = docs.get('processInstances')![0]!;
        const caseDoc = caseDocOf(
          parseFolio(folioOfClone(i))!,
          { processInstanceKey: instance.id, processDefinitionId: 'bench-tasklist', processName: String(instance.processDefinitionName), startedAt: String(instance.startDate) },
          startVariables(i),
        );
        let caseList = batch.get(CASES_BATCH);
        if (!caseList) batch.set(CASES_BATCH, (caseList = []));
        caseList.push({ id: instance.id, ...caseDoc });
        for (const [c, list] of docs) {
          let all = batch.get(c);
          if (!all) batch.set(c, (all = []));
          for (const d of list) all.push(d);
        }
      }
      const end = offset;
      await store.transaction(async (tx) => {
        for (const [c, docs] of batch) await tx.collection<Record<string, unknown>>(c === CASES_BATCH ? CASES : `engine_${c}`).insertMany(docs);
        const current = (await tx.collection<{ next: string }>('engine_sequences').get('keys'))!;
        await tx.collection<{ next: string }>('engine_sequences').update('keys', { next: String(end) }, current.version);
      });
      if ((from - viaEngine) % 20_000 < BATCH) log(`  ${Math.min(options.tasks, from + BATCH).toLocaleString('en-US')} instances (${((performance.now() - started) / 1000).toFixed(1)} s)`);
    }
    if (options.tasks > viaEngine) {
      const counters = store.collection<{ series: string; year: number; last: number }>(FOLIO_COUNTERS);
      const counter = (await counters.get(`${series.series}-${series.year}`))!;
      await counters.update(counter.id, { series: series.series, year: series.year, last: options.tasks }, counter.version);
    }
    const tasksSeconds = (performance.now() - started) / 1000;
    log(`  ${options.tasks.toLocaleString('en-US')} instances waiting at their user task in ${tasksSeconds.toFixed(1)} s`);

    // The (instance, task) pairs the audit events are about.
    const pairs: Array<[string, string]> = [];
    const tasks = store.collection<{ processInstanceKey: string }>('engine_userTasks');
    for (let after: string | undefined; ; ) {
      const page = await tasks.find({}, { limit: 10_000, ...(after ? { after } : {}) });
      for (const t of page.items) pairs.push([t.processInstanceKey, t.id]);
      if (!page.nextCursor) break;
      after = page.nextCursor;
    }

    const eventsStarted = performance.now();
    await fillAuditTrail(store, pairs, options.events, log);
    const eventsSeconds = (performance.now() - eventsStarted) / 1000;
    log(`  ${options.events.toLocaleString('en-US')} audit events in ${eventsSeconds.toFixed(1)} s`);
    return { viaEngine, cloned: options.tasks - viaEngine, verified, tasksSeconds, eventsSeconds };
  } finally {
    await engine?.close();
    await store.close();
  }
}

/** The audit event number `sequence` (1-based): about one of the instances in `pairs`. */
export function benchEvent(sequence: number, pairs: ReadonlyArray<[string, string]>, at: string): AuditEvent {
  const actor = ACTORS[sequence % ACTORS.length]!;
  const action = ACTIONS[sequence % ACTIONS.length]!;
  const [processInstanceKey, userTaskKey] = pairs.length ? pairs[(sequence * 7919) % pairs.length]! : [undefined, undefined];
  // Field order as normalizeEvent + append build the row; the hash is over canonical JSON anyway.
  const row = {
    sequence,
    at,
    actor: { id: actor.id, name: actor.name, roles: [...actor.roles] },
    actorId: actor.id,
    action,
    ...(processInstanceKey ? { processInstanceKey } : {}),
    ...(userTaskKey && action !== 'instance.start' ? { userTaskKey } : {}),
    ip: `10.1.${(sequence >> 8) & 255}.${sequence & 255}`,
    data: { folio: `RD-${sequence}`, comentario: 'Revisado conforme al manual de procedimientos', aprobado: sequence % 3 !== 0 },
  } as unknown as AuditEvent;
  return row;
}

async function fillAuditTrail(store: SqliteStore, pairs: ReadonlyArray<[string, string]>, total: number, log: (line: string) => void): Promise<void> {
  const trail = createAuditTrail({ store }); // declares the trail's collections and indexes
  await fillChain(store, trail, total, (sequence, at) => benchEvent(sequence, pairs, at), { startMs: AT0, log });
}

/** What the cached database depends on: sizes, the stored shapes and indexes, this file. */
export function schemaFingerprint(): string {
  const hash = createHash('sha256').update(`v${BENCH_DATA_VERSION}\n${JSON.stringify(SPECS)}\n`);
  for (const file of SCHEMA_SOURCES) {
    const full = join(root, file);
    hash.update(`${file}\n`).update(existsSync(full) ? readFileSync(full) : '');
  }
  return hash.digest('hex').slice(0, 16);
}

export interface PreparedDatabase {
  path: string;
  fromCache: boolean;
  build?: BuildResult;
  fileMiB: number;
}

/**
 * The cached database for these sizes and this code, built when missing (into a temporary name,
 * renamed once complete, so an interrupted build is never used). Older builds are removed.
 */
export async function prepareServerDatabase(options: BuildOptions & { cacheDir?: string; rebuild?: boolean }): Promise<PreparedDatabase> {
  const cacheDir = options.cacheDir ?? join(root, 'bench', '.cache');
  mkdirSync(cacheDir, { recursive: true });
  const base = `server-${options.tasks}-${options.events}-${schemaFingerprint()}`;
  const path = join(cacheDir, `${base}.sqlite`);
  // Builds of these sizes for older code, and builds that were interrupted, are of no more use.
  for (const file of readdirSync(cacheDir)) {
    const older = file.startsWith(`server-${options.tasks}-${options.events}-`) && !file.startsWith(`${base}.sqlite`);
    if (older || file.startsWith('server-building-')) rmSync(join(cacheDir, file), { force: true });
  }
  if (options.rebuild) for (const suffix of ['', '-wal', '-shm', '.json']) rmSync(path + suffix, { force: true });
  const info = `${path}.json`;
  if (existsSync(path) && existsSync(info)) {
    const build = JSON.parse(readFileSync(info, 'utf8')) as BuildResult;
    return { path, fromCache: true, build, fileMiB: statSync(path).size / 2 ** 20 };
  }
  const building = join(cacheDir, `server-building-${process.pid}.sqlite`);
  for (const suffix of ['', '-wal', '-shm']) rmSync(building + suffix, { force: true });
  const build = await buildServerDatabase(building, options);
  for (const suffix of ['-wal', '-shm']) rmSync(building + suffix, { force: true });
  renameSync(building, path);
  writeFileSync(info, JSON.stringify(build, null, 2));
  return { path, fromCache: false, build, fileMiB: statSync(path).size / 2 ** 20 };
}

// ---------------------------------------------------------------------------------------------
// The measurements

export interface ServerBench {
  store: SqliteStore;
  engine: EmbeddedEngine;
  audit: AuditTrail;
  attachments: Attachments;
  cases: Cases;
  close(): Promise<void>;
}

/** The platform's read side on the database at `path`: the embedded engine, the audit trail, attachments. */
export async function openServerBench(path: string): Promise<ServerBench> {
  const store = createSqliteStore({ path });
  const { engine, audit, attachments, cases, close } = await openBenchOficio(store);
  return { store, engine, audit, attachments, cases, close };
}

export interface Percentiles {
  samples: number;
  p50: number;
  p95: number;
  max: number;
}

export function percentiles(values: number[]): Percentiles {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? NaN;
  return { samples: sorted.length, p50: at(0.5), p95: at(0.95), max: sorted[sorted.length - 1] ?? NaN };
}

export interface TasklistResult {
  /** Every group in turn, first page of 50 sorted by creationDate, with totalItems. */
  byCreation: Percentiles;
  /** The same, sorted by dueDate. */
  byDue: Percentiles;
  /** The second page (cursor of the first), sorted by creationDate. */
  nextPage: Percentiles;
  /** The busiest group alone, sorted by creationDate. */
  busiest: Percentiles & { group: string; totalItems: number };
  /** The first page by creationDate with its tasks' cases (folio, who asked, what about): the tasklist's page, one more indexed query. */
  withCases: Percentiles;
  /** totalItems of every group summed (tasks offered to two groups count twice). */
  totalItems: number;
  pageSize: number;
}

/** (a) The tasklist query of a group, `runs` times per group and sort, after one warm-up pass. */
export async function measureTasklist(b: ServerBench, options: { runs: number }): Promise<TasklistResult> {
  const query = (group: string, field: 'creationDate' | 'dueDate', after?: string) =>
    b.engine.searchUserTasks({
      filter: { candidateGroup: group, state: 'CREATED' },
      sort: [{ field, order: 'ASC' }],
      page: { limit: 50, ...(after ? { after } : {}) },
    });
  const timed = async <T>(work: () => Promise<T>, into: number[]): Promise<T> => {
    const t0 = performance.now();
    const value = await work();
    into.push(performance.now() - t0);
    return value;
  };
  let totalItems = 0;
  let busiest = { group: GROUPS[0]!, totalItems: -1 };
  let pageSize = 0;
  for (const group of GROUPS) {
    const first = await query(group, 'creationDate');
    await query(group, 'dueDate');
    totalItems += first.page.totalItems;
    pageSize = Math.max(pageSize, first.items.length);
    if (first.page.totalItems > busiest.totalItems) busiest = { group, totalItems: first.page.totalItems };
  }
  const byCreation: number[] = [];
  const byDue: number[] = [];
  const nextPage: number[] = [];
  const busy: number[] = [];
  const withCases: number[] = [];
  const page = async (group: string) => {
    const first = await query(group, 'creationDate');
    await b.cases.ofInstances(first.items.map((t) => t.processInstanceKey!));
    return first;
  };
  for (let run = 0; run < options.runs; run++) {
    for (const group of GROUPS) {
      await timed(() => page(group), withCases);
      const first = await timed(() => query(group, 'creationDate'), byCreation);
      await timed(() => query(group, 'dueDate'), byDue);
      if (first.page.endCursor) await timed(() => query(group, 'creationDate', first.page.endCursor), nextPage);
    }
    await timed(() => query(busiest.group, 'creationDate'), busy);
  }
  return {
    byCreation: percentiles(byCreation),
    byDue: percentiles(byDue),
    nextPage: percentiles(nextPage),
    busiest: { ...percentiles(busy), ...busiest },
    withCases: percentiles(withCases),
    totalItems,
    pageSize,
  };
}

export interface DetailResult extends Percentiles {
  instances: number;
  /** What one detail held, on average: the size of the answer measured. */
  avgElements: number;
  avgVariables: number;
  avgAuditEvents: number;
}

/** (b) An instance's detail, for `runs` instances spread over the store (each read once, after a warm-up of 20). */
export async function measureInstanceDetail(b: ServerBench, options: { runs: number }): Promise<DetailResult> {
  const instances = b.store.collection<object>('engine_processInstances');
  const total = await instances.count();
  const keys: string[] = [];
  // Instances spread over the whole key range: every step-th id, engine-started and cloned alike.
  const step = Math.max(1, Math.floor(total / (options.runs + 20)));
  let seen = 0;
  for (let after: string | undefined; keys.length < options.runs + 20; ) {
    const page = await instances.find({}, { limit: 5_000, ...(after ? { after } : {}) });
    for (const doc of page.items) if (seen++ % step === 0 && keys.length < options.runs + 20) keys.push(doc.id);
    if (!page.nextCursor) break;
    after = page.nextCursor;
  }
  const deps = { engine: b.engine, audit: b.audit, attachments: b.attachments };
  for (const key of keys.slice(0, 20)) await instanceDetail(deps, key);
  const ms: number[] = [];
  let elements = 0;
  let variables = 0;
  let events = 0;
  const measured = keys.slice(20);
  for (const key of measured) {
    const t0 = performance.now();
    const detail = await instanceDetail(deps, key);
    ms.push(performance.now() - t0);
    elements += detail.elements.length;
    variables += detail.variables.length;
    events += detail.audit.length;
  }
  const n = Math.max(1, measured.length);
  return { ...percentiles(ms), instances: measured.length, avgElements: elements / n, avgVariables: variables / n, avgAuditEvents: events / n };
}

// ---------------------------------------------------------------------------------------------
// Main

export interface ServerBenchReport {
  tasks: number;
  events: number;
  prepared: PreparedDatabase;
  tasklist: TasklistResult;
  detail: DetailResult;
}

/** Prepares (or reuses) the database, measures (a) and (b) and prints them next to the targets. */
export async function runServerBench(options: { quick?: boolean; rebuild?: boolean; print?: (line: string) => void } = {}): Promise<ServerBenchReport> {
  const print = options.print ?? ((line: string) => console.log(line));
  const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
  const tasks = options.quick ? 5_000 : 100_000;
  const events = options.quick ? 50_000 : 1_000_000;
  const runs = options.quick ? 5 : 40;
  const detailRuns = options.quick ? 50 : 400;
  print(`Oficio server read benchmark${options.quick ? ' (--quick: small store, not for reporting)' : ''}`);
  const started = performance.now();
  const prepared = await prepareServerDatabase({ tasks, events, rebuild: options.rebuild ?? false, log: print });
  print(
    `store:   SQLite FILE ${prepared.path.replace(root + '/', '')} (${fmt(prepared.fileMiB)} MiB), ` +
      (prepared.fromCache ? 'reused from the cache, built' : 'built now') +
      `: ${fmt(tasks)} instances in ${fmt(prepared.build!.tasksSeconds, 1)} s (${fmt(prepared.build!.viaEngine)} through the engine, ` +
      `${fmt(prepared.build!.cloned)} cloned from its documents, the clone checked against ${fmt(prepared.build!.verified)} of them), ` +
      `${fmt(events)} audit events in ${fmt(prepared.build!.eventsSeconds, 1)} s`,
  );
  print(`data:    ${fmt(tasks)} open user tasks (one instance each) over ${GROUPS.length} candidate groups, ${fmt(events)} audit events (~${fmt(events / tasks)} per instance)`);
  const b = await openServerBench(prepared.path);
  try {
    const tasklist = await measureTasklist(b, { runs });
    const detail = await measureInstanceDetail(b, { runs: detailRuns });
    const verdict = (ok: boolean) => (ok ? 'MET' : 'MISSED');
    const p = (x: Percentiles) => `p50 ${fmt(x.p50, 2)} ms, p95 ${fmt(x.p95, 2)} ms, max ${fmt(x.max, 2)} ms (${fmt(x.samples)} queries)`;
    print('');
    print(`(a) tasklist of a group: searchUserTasks { candidateGroup, state: CREATED }, page of ${tasklist.pageSize} with totalItems, every group in turn × ${runs}`);
    print(`    sorted by creationDate:        ${p(tasklist.byCreation)}`);
    print(`    sorted by dueDate:             ${p(tasklist.byDue)}`);
    print(`    next page (cursor):            ${p(tasklist.nextPage)}`);
    print(`    busiest group (${tasklist.busiest.group}, ${fmt(tasklist.busiest.totalItems)} tasks): ${p(tasklist.busiest)}`);
    print(`    with the page's cases (folios): ${p(tasklist.withCases)}`);
    const worst = Math.max(tasklist.byCreation.p95, tasklist.byDue.p95, tasklist.nextPage.p95, tasklist.busiest.p95, tasklist.withCases.p95);
    print(`    target p95 < ${SERVER_TARGETS.tasklistP95Ms} ms: ${verdict(worst < SERVER_TARGETS.tasklistP95Ms)} (worst p95 above: ${fmt(worst, 2)} ms)`);
    print('');
    print(`(b) instance detail (server/core/instances instanceDetail), ${fmt(detail.instances)} instances spread over the store, each read once`);
    print(`    ${p(detail)}; per detail ~${fmt(detail.avgElements, 1)} elements, ${fmt(detail.avgVariables, 1)} variables, ${fmt(detail.avgAuditEvents, 1)} audit events`);
    print(`    target p95 < ${SERVER_TARGETS.detailP95Ms} ms: ${verdict(detail.p95 < SERVER_TARGETS.detailP95Ms)}`);
    print('');
    print(`server bench time: ${fmt((performance.now() - started) / 1000, 1)} s`);
    return { tasks, events, prepared, tasklist, detail };
  } finally {
    await b.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const m = machineInfo();
  console.log(`date:    ${m.date}`);
  console.log(`machine: ${m.cpu}, ${m.cores} cores, ${(m.memoryGiB).toFixed(1)} GiB RAM, ${m.os}; node ${m.node}, SQLite ${m.sqlite}; 1-min load ${m.load1.toFixed(2)}`);
  await runServerBench({ quick: process.argv.includes('--quick'), rebuild: process.argv.includes('--rebuild') });
}
