// `npm run bench:attacks`: does a hostile request freeze the server? For each attack of issue 12 it
// serves Oficio as npm start does (createOficio on a SQLite file, createApp, listening on 127.0.0.1),
// keeps asking an unrelated, cheap question (GET /api/auth/me as another user) every few
// milliseconds while the attack runs, and prints how long those unrelated answers took — their
// median and worst — next to the same figures with no attack, plus what the attack itself was
// answered. A frozen server shows as an unrelated answer as slow as the attack; a fixed one as
// unrelated answers as fast as without it. Medians over several runs; no target: the figures are read.
// test/bench-attacks.test.ts runs it at tiny sizes so that it cannot rot.
import { fork, type ChildProcess } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { machineInfo, processXml } from './engine.js';

const PASSWORD = 'Ataque#2026bench';

export interface AttackOptions {
  /** Runs of each attack; the figures are medians over them. */
  runs: number;
  /** Instances the $like attack's user may see. */
  visibleInstances: number;
  /** Stalled uploads held open at once. */
  stalledUploads: number;
  /** How often the unrelated question is asked. */
  probeEveryMs: number;
  /** The longest an attack is waited for before it is called frozen. */
  attackTimeoutMs: number;
  log?: (line: string) => void;
}

export const FULL: AttackOptions = { runs: 3, visibleInstances: 300, stalledUploads: 150, probeEveryMs: 20, attackTimeoutMs: 120_000 };

export interface Latencies {
  samples: number;
  medianMs: number;
  maxMs: number;
}

export interface AttackResult {
  name: string;
  /** What the attack was answered (status, or 'timeout' / 'error'), per run. */
  answers: string[];
  /** How long the attack's own requests took, median over the runs. */
  attackMs: number;
  /** The unrelated question during the attack: medians over the runs of each run's median and worst. */
  during: Latencies;
  /** The server's resident memory after the attack less before it (MiB), median over the runs. */
  rssGrowthMiB: number;
  /** The server's peak resident memory after the attack (MiB), the highest over the runs. */
  peakRssMiB: number;
}

export interface AttacksReport {
  baseline: Latencies;
  attacks: AttackResult[];
}

// ---------------------------------------------------------------------------------------------
// A server and its clients

interface Session {
  cookie: string;
  csrf: string;
}

interface Answer {
  status: number | 'timeout' | 'error';
  ms: number;
  body: unknown;
}

class Target {
  private constructor(
    private readonly child: ChildProcess,
    readonly base: string,
  ) {}

  /**
   * Oficio in a process of its own (bench/attack-server.ts), so that a freeze of the server cannot
   * freeze the client measuring it.
   */
  static async start(): Promise<Target> {
    const child = fork(fileURLToPath(new URL('./attack-server.ts', import.meta.url)), [], {
      execArgv: ['--import', 'tsx'],
      // Uploads are capped per user; the stalled-upload attack measures what each one held costs, so one user may hold them all.
      env: { ...process.env, OFICIO_ATTACK_PASSWORD: PASSWORD, OFICIO_QUOTA_CONCURRENT_UPLOADS: '1000' },
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    const base = await new Promise<string>((resolve, reject) => {
      child.once('message', (message) => resolve((message as { ready: string }).ready));
      child.once('exit', (code) => reject(new Error(`the attack server ended (${code}) before it was ready`)));
    });
    return new Target(child, base);
  }

  /** The server's resident memory now and its peak so far, in bytes; NaN from a server too frozen to answer within 5 s. */
  memory(): Promise<{ rss: number; peakRss: number }> {
    return new Promise((resolve) => {
      const frozen = setTimeout(() => {
        this.child.off('message', onMessage);
        resolve({ rss: Number.NaN, peakRss: Number.NaN });
      }, 5000);
      const onMessage = (message: unknown) => {
        const answer = message as { memory?: { rss: number; peakRss: number } };
        if (!answer.memory) return;
        clearTimeout(frozen);
        this.child.off('message', onMessage);
        resolve(answer.memory);
      };
      this.child.on('message', onMessage);
      this.child.send({ memory: true });
    });
  }

  /** Asks the server to set something up for an attack (attack-server.ts PREPARATIONS) and waits until it has. */
  prepare(name: string, size: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const onMessage = (message: unknown) => {
        const answer = message as { prepared?: string; failed?: string };
        if (answer.prepared !== name && answer.failed === undefined) return;
        this.child.off('message', onMessage);
        if (answer.failed) reject(new Error(answer.failed));
        else resolve();
      };
      this.child.on('message', onMessage);
      this.child.send({ prepare: name, size });
    });
  }

  async signIn(username: string): Promise<Session> {
    const res = await fetch(`${this.base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: PASSWORD }) });
    if (res.status !== 200) throw new Error(`cannot sign in as ${username}: ${res.status}`);
    const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
    return { cookie, csrf: ((await res.json()) as { csrfToken: string }).csrfToken };
  }

  /** One request, timed; a request still unanswered after `timeoutMs` is called a timeout. */
  async call(
    method: string,
    path: string,
    options: { session?: Session; basic?: string; json?: unknown; body?: string; headers?: Record<string, string>; timeoutMs?: number } = {},
  ): Promise<Answer> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.session) Object.assign(headers, { cookie: options.session.cookie, 'x-csrf-token': options.session.csrf });
    if (options.basic) headers.authorization = `Basic ${Buffer.from(`${options.basic}:${PASSWORD}`).toString('base64')}`;
    let body = options.body;
    if (options.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.json);
    }
    const started = performance.now();
    try {
      const res = await fetch(`${this.base}${path}`, { method, headers, ...(body !== undefined ? { body } : {}), signal: AbortSignal.timeout(options.timeoutMs ?? 120_000) });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        // Not JSON: kept as text.
      }
      return { status: res.status, ms: performance.now() - started, body: parsed };
    } catch (error) {
      return { status: (error as Error).name === 'TimeoutError' ? 'timeout' : 'error', ms: performance.now() - started, body: String(error) };
    }
  }

  /** Ends the server; one an attack left frozen is killed. */
  async close(): Promise<void> {
    const ended = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGTERM');
    const frozen = setTimeout(() => this.child.kill('SIGKILL'), 5000);
    await ended;
    clearTimeout(frozen);
  }
}

/** Asks the unrelated question every `everyMs` until stopped (a question unanswered after `timeoutMs` counts as that long); answers the latencies seen. */
function probe(target: Target, session: Session, everyMs: number, timeoutMs: number): { stop(): Promise<Latencies> } {
  const seen: number[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const answer = await target.call('GET', '/api/auth/me', { session, timeoutMs });
      seen.push(answer.ms);
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return latencies(seen);
    },
  };
}

function latencies(values: number[]): Latencies {
  const sorted = [...values].sort((a, b) => a - b);
  return { samples: sorted.length, medianMs: median(sorted), maxMs: sorted.at(-1) ?? Number.NaN };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (!sorted.length) return Number.NaN;
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

// ---------------------------------------------------------------------------------------------
// The attacks (issue 12's probes)

interface Attack {
  name: string;
  /** Once per target, before the runs: what the server must hold first. */
  prepare?(target: Target, options: AttackOptions): Promise<void>;
  /** Once, before the runs and out of the measurement: a large request body built in this process. */
  payload?(): string;
  /** One run: the attack's requests, answered with what they got. */
  run(target: Target, options: AttackOptions, payload: string): Promise<Answer>;
}

const bpmn = (processId: string, elements: Array<[string, string, string?]>, flows: Array<[string, string]>) => processXml(processId, elements, flows);

/** A valid model of many documented tasks in a row, as large as the draft route takes (`maxBytes`). */
function largeModel(processId: string, maxBytes: number): string {
  const model = (count: number) => {
    const tasks = Array.from({ length: count }, (_, i): [string, string, string] => ['task', `t${i}`, `<bpmn:documentation>${'x'.repeat(380)}</bpmn:documentation>`]);
    const ids = ['s', ...tasks.map((t) => t[1]), 'e'];
    return bpmn(
      processId,
      [['startEvent', 's'], ...tasks, ['endEvent', 'e']],
      ids.slice(1).map((id, i): [string, string] => [ids[i]!, id]),
    );
  };
  let count = 2000;
  while (Buffer.byteLength(model(count)) > maxBytes) count -= 50;
  return model(count);
}

/** A value nested `depth` levels deep. */
const nested = (depth: number): unknown => Array.from({ length: depth }).reduce<unknown>((inner) => ({ a: inner }), 'fondo');

const ATTACKS: Attack[] = [
  {
    name: '/v2 search with a $like of many wildcards (#4)',
    prepare: (target, options) => target.prepare('visibleInstances', options.visibleInstances),
    run: (target, options) =>
      target.call('POST', '/v2/process-instances/search', {
        basic: 'solicitante',
        json: { filter: { processInstanceKey: { $like: `${'*'.repeat(17)}x` } } },
        timeoutMs: options.attackTimeoutMs,
      }),
  },
  {
    name: 'a 900 KB model draft (#5)',
    payload: () => JSON.stringify({ xml: largeModel('ataque-grande', 899_000) }),
    async run(target, options, body) {
      const session = await target.signIn('process-owner');
      return target.call('PUT', '/api/models/ataque-grande/draft', { session, body, headers: { 'content-type': 'application/json' }, timeoutMs: options.attackTimeoutMs });
    },
  },
  {
    name: 'a 144 KB processing instruction and 15,000 stray lines to the live lint (#5)',
    payload: () => {
      const xml = `<?xml version="1.0" encoding="UTF-8"?><?pi ${'x'.repeat(144_000)}?>\n<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d"><bpmn:process id="ataque-pi"><bpmn:startEvent id="s"/>\n${'y<?pi x?>\n'.repeat(15_000)}</bpmn:process></bpmn:definitions>`;
      return JSON.stringify({ xml });
    },
    async run(target, options, body) {
      const session = await target.signIn('process-owner');
      return target.call('POST', '/api/models/lint', { session, body, headers: { 'content-type': 'application/json' }, timeoutMs: options.attackTimeoutMs });
    },
  },
  ...(
    [
      ['ataque-feel', 'a FEEL loop over ten million numbers in a script task (#6)'],
      ['ataque-feel-rango', 'a FEEL range feelin never ends, from 1.5 (#6)'],
      ['ataque-feel-texto', 'a FEEL text doubled to 64 million characters, then upper-cased (#6)'],
    ] as const
  ).map(
    ([processId, name]): Attack => ({
      name,
      prepare: (target) => target.prepare('feelLoop', 0),
      run: (target, options) => target.call('POST', '/v2/process-instances', { basic: 'admin', json: { processDefinitionId: processId }, timeoutMs: options.attackTimeoutMs }),
    }),
  ),
  {
    name: 'a form pattern with catastrophic backtracking on the public form (#7)',
    async run(target, options) {
      const owner = await target.signIn('process-owner');
      const formId = 'dgsti-p01-pr01-cas-queja-registro';
      const form = (await target.call('GET', `/api/forms/${formId}`, { session: owner })).body as {
        schema: { properties: Record<string, Record<string, unknown>> };
        version?: number;
        [key: string]: unknown;
      };
      const { id: _id, source: _source, version, savedAt: _savedAt, author: _author, ...design } = form;
      design.schema = { ...form.schema, properties: { ...form.schema.properties, kioscoId: { type: 'string', pattern: '^(a+)+$' } } };
      const saved = await target.call('PUT', `/api/forms/${formId}`, { session: owner, json: { ...design, baseVersion: version ?? 0 } });
      if (saved.status !== 200) return saved;
      const data = {
        kioscoId: `${'a'.repeat(32)}!`,
        fechaHora: '2026-03-01T18:25:00Z',
        montoPagado: 500,
        montoEsperadoDevolucion: 137.5,
        ciudadano: { nombre: 'Ana', correo: 'ana@example.com' },
      };
      return target.call('POST', `/api/public/forms/dgsti-p01-pr01-cas-queja/instances`, { json: { data }, timeoutMs: options.attackTimeoutMs });
    },
  },
  {
    name: 'a 1,001-level nested value in a start (#2)',
    async run(target, options) {
      const session = await target.signIn('solicitante');
      return target.call('POST', '/api/processes/dgsti-p01-pr01-cas-queja/instances', { session, json: { data: nested(1001) }, timeoutMs: options.attackTimeoutMs });
    },
  },
  {
    name: 'stalled uploads held open (#8)',
    async run(target, options) {
      const session = await target.signIn('solicitante');
      const started = performance.now();
      const open = Array.from({ length: options.stalledUploads }, () => stalledUpload(target.base, session));
      await new Promise((resolve) => setTimeout(resolve, 2000));
      for (const upload of open) upload.destroy();
      return { status: 'error', ms: performance.now() - started, body: `${open.length} uploads held for 2 s` };
    },
  },
];

/** An upload that announces 10 MB, sends 512 KB of a PDF and then waits. */
function stalledUpload(base: string, session: Session) {
  const url = new URL('/api/attachments', base);
  const req = httpRequest(url, {
    method: 'POST',
    headers: { cookie: session.cookie, 'x-csrf-token': session.csrf, 'content-type': 'application/pdf', 'x-file-name': 'lento.pdf', 'content-length': String(10 * 1024 * 1024) },
  });
  req.on('error', () => undefined);
  req.write(Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(512 * 1024, 0x25)]));
  return req;
}

// ---------------------------------------------------------------------------------------------

export async function runAttacks(options: AttackOptions = FULL, only?: (name: string) => boolean): Promise<AttacksReport> {
  const log = options.log ?? (() => undefined);
  const attacks: AttackResult[] = [];
  let baseline: Latencies | undefined;
  // A fresh server for each attack: a server an attack froze must not slow the next one down.
  for (const attack of ATTACKS.filter((a) => !only || only(a.name))) {
    const target = await Target.start();
    try {
      const watcher = await target.signIn('auditor');
      if (!baseline) {
        const calm = probe(target, watcher, options.probeEveryMs, options.attackTimeoutMs);
        await new Promise((resolve) => setTimeout(resolve, 1000));
        baseline = await calm.stop();
      }
      await attack.prepare?.(target, options);
      const payload = attack.payload?.() ?? '';
      const runs: Array<{ answer: Answer; during: Latencies; rss: number; peak: number }> = [];
      for (let run = 0; run < options.runs; run++) {
        const before = await target.memory();
        const watching = probe(target, watcher, options.probeEveryMs, options.attackTimeoutMs);
        const answer = await attack.run(target, options, payload);
        const during = await watching.stop();
        const after = await target.memory();
        runs.push({ answer, during, rss: after.rss - before.rss, peak: after.peakRss });
      }
      const result: AttackResult = {
        name: attack.name,
        answers: runs.map((r) => String(r.answer.status)),
        attackMs: median(runs.map((r) => r.answer.ms)),
        during: {
          samples: runs.reduce((sum, r) => sum + r.during.samples, 0),
          medianMs: median(runs.map((r) => r.during.medianMs)),
          maxMs: median(runs.map((r) => r.during.maxMs)),
        },
        rssGrowthMiB: median(runs.map((r) => r.rss)) / 2 ** 20,
        peakRssMiB: Math.max(...runs.map((r) => r.peak)) / 2 ** 20,
      };
      log(formatAttack(result));
      attacks.push(result);
    } finally {
      await target.close();
    }
  }
  return { baseline: baseline ?? latencies([]), attacks };
}

const fmt = (n: number, digits = 0) => (Number.isFinite(n) ? n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }) : String(n));

function formatAttack(r: AttackResult): string {
  return `${r.name}\n    answered: ${r.answers.join(', ')} in ${fmt(r.attackMs)} ms (median)\n    unrelated GET /api/auth/me meanwhile: median ${fmt(r.during.medianMs, 1)} ms, worst ${fmt(r.during.maxMs, 1)} ms (medians over the runs; ${r.during.samples} answers)\n    server memory: ${fmt(r.rssGrowthMiB, 1)} MiB more after than before, peak so far ${fmt(r.peakRssMiB, 0)} MiB`;
}

if (process.argv[1] && /attacks\.ts$/.test(process.argv[1])) {
  const m = machineInfo();
  console.log("Oficio under attack: the unrelated answers during each of issue 12's attacks");
  console.log(`date: ${m.date}; machine: ${m.cpu}, ${m.cores} cores, load ${fmt(m.load1, 2)}; node ${m.node}; runs per attack: ${FULL.runs}`);
  const report = await runAttacks({ ...FULL, log: (line) => console.log(line) });
  console.log(`baseline (no attack): unrelated GET /api/auth/me median ${fmt(report.baseline.medianMs, 1)} ms, worst ${fmt(report.baseline.maxMs, 1)} ms`);
}
