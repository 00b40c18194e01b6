// Crash test: a child process runs many instances on a file-backed SQLite store and is killed
// with SIGKILL mid-flight; a second child reopens the store, starts more instances and is killed
// again; then this process opens the same file with a fresh store and engine and finishes
// everything. Checked against the children's logs (see fixtures/crash-child.ts):
//   - every instance whose creation was acknowledged exists and ends COMPLETED, as does every
//     instance that committed without the acknowledgement reaching the child;
//   - each service task of each instance completed exactly once, and nothing else is left over;
//   - a job handler ran more than once only when each earlier run was in flight at a kill
//     (logged `start` without `done`); a job whose completion was acknowledged never ran again.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createSqliteStore } from '../../server/store/sqlite/index.js';
import type { EmbeddedEngine } from '../../server/engine/embedded/index.js';
import type { Oficio } from '../../server/oficio.js';
import { openTestOficio } from '../support/oficio.js';
import type { JobWorker } from '../../server/engine/port.js';
import { CRASH_JOB_TYPES, CRASH_PROCESS_ID, CRASH_TASKS, crashWorkers } from './fixtures/crash-child.js';
import { waitFor } from '../support/wait-for.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CHILD = fileURLToPath(new URL('./fixtures/crash-child.ts', import.meta.url));
const JOB_TIMEOUT_MS = 2000;

// ---------------------------------------------------------------------------------------------
// The log

interface Run {
  phase: string;
  jobKey: string;
  done: boolean;
}

interface LogSummary {
  issued: Map<string, number>;
  started: Set<string>;
  startedIn: Map<string, number>;
  /** `${jobType} ${pik}` → handler runs in log order. */
  runs: Map<string, Run[]>;
  /** Runs per phase: started, and started but not (yet) done. */
  runsIn: Map<string, { started: number; open: number; done: Map<string, number> }>;
  ready: Set<string>;
}

function readLog(path: string): LogSummary {
  const summary: LogSummary = { issued: new Map(), started: new Set(), startedIn: new Map(), runs: new Map(), runsIn: new Map(), ready: new Set() };
  if (!existsSync(path)) return summary;
  const bump = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const parts = line.split(' ');
    const [phase, what] = parts;
    if (!phase || !what) continue;
    if (what === 'ready') summary.ready.add(phase);
    else if (what === 'issue' && parts.length === 3) bump(summary.issued, phase);
    else if (what === 'started' && parts.length === 3) {
      summary.started.add(parts[2]!);
      bump(summary.startedIn, phase);
    } else if (what.startsWith('crash-') && parts.length === 5) {
      const [, type, pik, jobKey, event] = parts as [string, string, string, string, string];
      const id = `${type} ${pik}`;
      const runs = summary.runs.get(id) ?? [];
      summary.runs.set(id, runs);
      const perPhase = summary.runsIn.get(phase) ?? { started: 0, open: 0, done: new Map() };
      summary.runsIn.set(phase, perPhase);
      if (event === 'start') {
        runs.push({ phase, jobKey, done: false });
        perPhase.started++;
        perPhase.open++;
      } else if (event === 'done') {
        const run = [...runs].reverse().find((r) => r.phase === phase && r.jobKey === jobKey && !r.done);
        if (!run) throw new Error(`log: 'done' without 'start': ${line}`);
        run.done = true;
        perPhase.open--;
        bump(perPhase.done, type);
      }
    }
  }
  return summary;
}

// ---------------------------------------------------------------------------------------------
// Children

interface Child {
  process: ChildProcess;
  stderr: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function spawnChild(dbPath: string, logPath: string, phase: string, instances: number, paceMs: number): Child {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dbPath, logPath, phase, String(instances), String(JOB_TIMEOUT_MS), String(paceMs)], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const stderr: string[] = [];
  child.stderr!.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return { process: child, stderr, exited };
}

/** Polls the log until `ready(summary)` holds, then kills the child with SIGKILL. */
async function killWhen(child: Child, logPath: string, ready: (s: LogSummary) => boolean, timeoutMs: number): Promise<LogSummary> {
  const exitedEarly = new AbortController();
  void child.exited.then(() => exitedEarly.abort(new Error(`the child exited before it was killed:\n${child.stderr.join('')}`)));
  try {
    await waitFor(() => ready(readLog(logPath)), timeoutMs, 'the child to make progress to kill at', {
      intervalMs: 10,
      signal: exitedEarly.signal,
      explain: () => `its stderr:\n${child.stderr.join('')}`,
    });
  } finally {
    child.process.kill('SIGKILL');
  }
  const { signal } = await child.exited;
  expect(signal).toBe('SIGKILL');
  // What the log held when the process died (its last writes included).
  return readLog(logPath);
}

// ---------------------------------------------------------------------------------------------

describe('crash test: SIGKILL mid-flight, then restart on the same SQLite file', () => {
  let dir: string;
  let oficio: (Oficio & { engine: EmbeddedEngine }) | undefined;
  let workers: JobWorker[] = [];
  const children: Child[] = [];

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'oficio-crash-'));
  });

  afterAll(async () => {
    for (const child of children) if (child.process.exitCode === null && child.process.signalCode === null) child.process.kill('SIGKILL');
    for (const w of workers) w.stop();
    await oficio?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('given two children killed with SIGKILL mid-flight, when a fresh process reopens the store, then every instance completes with each step done once and only in-flight jobs run again', async () => {
    const dbPath = join(dir, 'engine.sqlite');
    const logPath = join(dir, 'steps.log');

    // Kill 1: some instances finished, many in flight, more still being started.
    const first = spawnChild(dbPath, logPath, 'p1', 300, 2);
    children.push(first);
    const atKill1 = await killWhen(first, logPath, (s) => (s.runsIn.get('p1')?.done.get('crash-d') ?? 0) >= 60 && (s.runsIn.get('p1')?.open ?? 0) >= 4, 20_000);
    expect(atKill1.startedIn.get('p1') ?? 0).toBeLessThan(300);

    // Kill 2: a second child recovers the jobs left in flight (after their 2 s deadline) while
    // starting instances of its own, and is killed in turn.
    const second = spawnChild(dbPath, logPath, 'p2', 1000, 8);
    children.push(second);
    let readyAt = 0;
    const atKill2 = await killWhen(
      second,
      logPath,
      (s) => {
        if (!s.ready.has('p2')) return false;
        readyAt ||= Date.now();
        return Date.now() - readyAt > JOB_TIMEOUT_MS + 400 && (s.runsIn.get('p2')?.open ?? 0) >= 2 && (s.runsIn.get('p2')?.done.get('crash-d') ?? 0) >= 20;
      },
      25_000,
    );

    // Restart in this process: fresh store and engine on the same file, system clock.
    oficio = await openTestOficio(createSqliteStore({ path: dbPath }));
    const e = oficio.engine;
    workers = crashWorkers(e, logPath, 'p3', JOB_TIMEOUT_MS);
    const stillActive = async () => (await e.searchProcessInstances({ filter: { processDefinitionId: CRASH_PROCESS_ID, state: 'ACTIVE' }, page: { limit: 1 } })).page.totalItems;
    await waitFor(async () => (await stillActive()) === 0, 60_000, 'every instance to finish after the restart', {
      intervalMs: 50,
      explain: async () => `${await stillActive()} instances still active`,
    });
    await e.idle();
    await Promise.all(workers.map((w) => w.stopGracefully({ waitUpToMs: 5000 })));

    // --- What the store holds.
    const all = await e.searchProcessInstances({ filter: { processDefinitionId: CRASH_PROCESS_ID }, page: { limit: 10_000 } });
    const states = new Map(all.items.map((i) => [i.processInstanceKey, i.state]));
    const log = readLog(logPath);
    const issued = (log.issued.get('p1') ?? 0) + (log.issued.get('p2') ?? 0);

    // Every acknowledged instance exists and completed; unacknowledged ones that committed too.
    const missing = [...log.started].filter((k) => !states.has(k));
    expect(missing).toEqual([]);
    expect([...states.values()].filter((s) => s !== 'COMPLETED')).toEqual([]);
    const unacknowledged = [...states.keys()].filter((k) => !log.started.has(k));
    expect(all.items.length).toBeGreaterThanOrEqual(log.started.size);
    expect(all.items.length).toBeLessThanOrEqual(issued);

    // Each service task completed exactly once per instance; nothing active, terminated or failed.
    for (const [elementId, jobType] of Object.entries(CRASH_TASKS)) {
      const { items } = await e.searchElementInstances({ filter: { processDefinitionId: CRASH_PROCESS_ID, elementId }, page: { limit: 10_000 } });
      const perInstance = new Map<string, string[]>();
      for (const item of items) perInstance.set(item.processInstanceKey, [...(perInstance.get(item.processInstanceKey) ?? []), item.state]);
      const wrong = [...states.keys()].filter((k) => (perInstance.get(k) ?? []).join() !== 'COMPLETED');
      expect({ elementId, jobType, wrong }).toEqual({ elementId, jobType, wrong: [] });
    }
    const unfinished = await e.searchElementInstances({ filter: { processDefinitionId: CRASH_PROCESS_ID, state: { $neq: 'COMPLETED' } }, page: { limit: 10 } });
    expect(unfinished.items).toEqual([]);
    const joins = await e.searchElementInstances({ filter: { processDefinitionId: CRASH_PROCESS_ID, elementId: 'join' }, page: { limit: 10_000 } });
    expect(joins.items.length).toBe(states.size);
    expect((await e.searchIncidents({ page: { limit: 10 } })).items).toEqual([]);

    // Handler runs: one each, or more only behind runs that were in flight at a kill.
    const killed = new Set(['p1', 'p2']);
    const violations: string[] = [];
    let inFlightAtKill = 0;
    let ranAgain = 0;
    let committedUnacknowledged = 0;
    for (const pik of states.keys()) {
      for (const jobType of CRASH_JOB_TYPES) {
        const runs = log.runs.get(`${jobType} ${pik}`) ?? [];
        if (!runs.length) violations.push(`${jobType} ${pik}: never ran`);
        runs.forEach((run, i) => {
          const last = i === runs.length - 1;
          if (!run.done && killed.has(run.phase)) inFlightAtKill++;
          if (!last) {
            if (run.done) violations.push(`${jobType} ${pik}: ran again after its completion was acknowledged (${run.phase})`);
            else if (!killed.has(run.phase)) violations.push(`${jobType} ${pik}: ran again after an unfinished run in ${run.phase}, which was not killed`);
            if (runs[i + 1]!.jobKey !== run.jobKey) violations.push(`${jobType} ${pik}: a second job (${runs[i + 1]!.jobKey} after ${run.jobKey})`);
          } else if (!run.done) {
            if (killed.has(run.phase)) committedUnacknowledged++;
            else violations.push(`${jobType} ${pik}: last run in ${run.phase} never finished`);
          }
        });
        if (runs.length > 1) ranAgain++;
      }
    }
    for (const key of log.runs.keys()) {
      if (!states.has(key.split(' ')[1]!)) violations.push(`${key}: a job of an instance the store does not hold`);
    }
    expect(violations).toEqual([]);

    console.log(
      [
        `crash test: ${states.size} instances (${log.started.size} acknowledged, ${unacknowledged.length} committed unacknowledged, ${issued} issued)`,
        `kill 1 after ${atKill1.startedIn.get('p1') ?? 0} started / ${atKill1.runsIn.get('p1')?.open ?? 0} handlers in flight`,
        `kill 2 after ${atKill2.startedIn.get('p2') ?? 0} started / ${atKill2.runsIn.get('p2')?.open ?? 0} handlers in flight`,
        `runs in flight at a kill: ${inFlightAtKill}; jobs run again: ${ranAgain}; completions committed but unacknowledged: ${committedUnacknowledged}`,
      ].join('\n'),
    );

    // The scenario must actually have exercised the crash paths it claims to.
    expect(atKill1.runsIn.get('p1')!.open).toBeGreaterThan(0);
    expect(atKill2.runsIn.get('p2')!.open).toBeGreaterThan(0);
    expect(ranAgain).toBeGreaterThan(0);
    expect(unacknowledged.length + log.started.size).toBe(states.size);
    expect(states.size).toBeGreaterThan(100);
  }, 90_000);
});
