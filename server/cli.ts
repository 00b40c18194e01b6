// The `oficio` command line: deploy, start instances, list instances and incidents, lint models,
// verify the audit trail, copy the whole store to another (migrate). Tables speak words (states,
// error types) and folios; the engine's keys have columns of their own, labelled for operators.
// `runCli` is driven in-process by the tests; bin/oficio.js wires it to the real process.
// Exit codes: 0 ok; 1 the operation was refused or failed; 2 bad usage or input.
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join, resolve as resolvePath } from 'node:path';
import { ConfigError, debugOf, localeOf, readConfig, type Config } from './config.js';
import { deployProblemText, hasMessage, incidentLabel, t, type Locale, type MessageKey } from './i18n/index.js';
import type { CamundaEngine } from './engine/camunda/index.js';
import {
  DeploymentRejectedError,
  EngineError,
  type CreateProcessInstanceResult,
  type DeploymentResource,
  type EnginePort,
  type IncidentFilter,
  type IncidentResult,
  type ProcessInstanceCreation,
  type ProcessInstanceFilter,
  type ProcessInstanceResult,
  type ProcessInstanceState,
  type Variables,
} from './engine/port.js';
import { CASES, type CaseDoc } from './core/cases/model.js';
import { createSqliteStore } from './store/sqlite/index.js';
import { MongoStoreError, openMongoStore } from './store/mongodb/index.js';
import { MigrationRefusedError, migrateStore, type MigrationReport } from './core/migration/index.js';
import type { Json, Store } from './store/port.js';
import { lintBpmn, MALFORMED_XML_RULE, type Finding } from './lint/index.js';
import { auditReasonKey } from './core/audit/index.js';
import { createAuditedCommands } from './core/audit/commands.js';
import { checkAuditCompleteness, describeCompleteness, describeGap } from './core/audit/completeness.js';
import { createOficio, type Oficio, type OficioOverrides } from './oficio.js';
import { createLogger, type Logger } from './log.js';

export interface CliIo {
  /** Receives text to print, each piece ending with its own newline. */
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  /** The environment to configure from; process.env when absent. */
  env?: NodeJS.ProcessEnv;
  /** When a long-running command (`oficio workers`) should stop; SIGINT or SIGTERM when absent. */
  until?: Promise<unknown>;
}

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

/** An expected failure: its message is already in the user's language; never shows a stack. */
class CliFailure extends Error {
  constructor(
    readonly exitCode: typeof EXIT_FAILED | typeof EXIT_USAGE,
    readonly lines: string[],
    /** Follow the message with a pointer to `oficio help`. */
    readonly hint = false,
  ) {
    super(lines.join('\n'));
    this.name = 'CliFailure';
  }
}

/** A counted message: the catalogue holds `<base>.one` and `<base>.other` (and any other form a language needs). */
type PluralBase = MessageKey extends infer K ? (K extends `${infer B}.other` ? B : never) : never;

/** The form of `base` the language's plural rules choose for `count` (`.other` when the catalogue has no such form). */
function plural(locale: Locale, base: PluralBase, count: number, params: Record<string, string | number> = {}): string {
  const form = `${base}.${new Intl.PluralRules(locale === 'es' ? 'es-MX' : 'en-US').select(count)}`;
  return t(locale, hasMessage(form) ? form : (`${base}.other` as MessageKey), { count, ...params });
}

interface Context {
  config: Config;
  locale: Locale;
  out(line?: string): void;
  err(line?: string): void;
  m(key: MessageKey, params?: Record<string, string | number>): string;
  /** A count said in the language's plural rules (see plural). */
  count(base: PluralBase, count: number, params?: Record<string, string | number>): string;
  /** Resolves when a long-running command should stop. */
  stopped(): Promise<unknown>;
}

type Command = (ctx: Context, args: string[]) => Promise<number>;

const COMMANDS: Record<string, Command> = {
  deploy,
  'start-instance': startInstance,
  instances,
  incidents,
  lint,
  audit,
  migrate,
  workers,
};

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const env = io.env ?? process.env;
  const out = (line = '') => io.stdout(line + '\n');
  const err = (line = '') => io.stderr(line + '\n');
  // The language alone first, so that help and configuration errors speak it too.
  const locale: Locale = localeOf(env);
  const m = (key: MessageKey, params?: Record<string, string | number>) => t(locale, key, params);
  try {
    const [name, ...args] = argv;
    if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
      out(m('cli.usage'));
      return EXIT_OK;
    }
    const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
    if (!command) {
      err(m('cli.unknownCommand', { command: name }));
      err();
      err(m('cli.usage'));
      return EXIT_USAGE;
    }
    const dashDash = args.indexOf('--');
    const options = dashDash === -1 ? args : args.slice(0, dashDash);
    if (options.includes('--help') || options.includes('-h')) {
      out(m('cli.usage'));
      return EXIT_OK;
    }
    const config = readConfig(env);
    const stopped = () =>
      io.until ??
      new Promise<void>((resolve) => {
        process.once('SIGINT', () => resolve());
        process.once('SIGTERM', () => resolve());
      });
    const count = (base: PluralBase, n: number, params?: Record<string, string | number>) => plural(config.locale, base, n, params);
    return await command({ config, locale: config.locale, out, err, m, count, stopped }, args);
  } catch (error) {
    if (error instanceof CliFailure) {
      for (const line of error.lines) err(line);
      if (error.hint) err(m('cli.seeHelp'));
      return error.exitCode;
    }
    if (error instanceof ConfigError) {
      err(m('cli.configError', { message: error.message }));
      return EXIT_USAGE;
    }
    const message = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
    if (debugOf(env)) {
      err(m('cli.unexpectedDebug', { message }));
      if (error instanceof Error && error.stack) err(error.stack);
    } else err(m('cli.unexpected', { message }));
    return EXIT_FAILED;
  }
}

// ---------------------------------------------------------------------------------------------
// Arguments

type FlagSpec = Record<string, 'string' | 'boolean'>;

interface Parsed {
  positionals: string[];
  flags: Record<string, string | boolean | undefined>;
}

/** `--name value`, `--name=value` and boolean `--name`; `--` ends the options. */
function parseArgs(ctx: Context, command: string, args: string[], spec: FlagSpec): Parsed {
  const positionals: string[] = [];
  const flags: Parsed['flags'] = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') {
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.startsWith('--') ? arg.slice(2, eq === -1 ? undefined : eq) : '';
    const flag = eq === -1 ? arg : arg.slice(0, eq);
    const kind = name && Object.hasOwn(spec, name) ? spec[name] : undefined;
    if (!kind) throw new CliFailure(EXIT_USAGE, [ctx.m('cli.unknownFlag', { command, flag })], true);
    if (kind === 'boolean') {
      if (eq !== -1) throw new CliFailure(EXIT_USAGE, [ctx.m('cli.flagTakesNoValue', { flag })], true);
      flags[name] = true;
    } else if (eq !== -1) {
      flags[name] = arg.slice(eq + 1);
    } else {
      if (i + 1 >= args.length) throw new CliFailure(EXIT_USAGE, [ctx.m('cli.flagNeedsValue', { flag })], true);
      flags[name] = args[++i]!;
    }
  }
  return { positionals, flags };
}

function stringFlag(parsed: Parsed, name: string): string | undefined {
  const value = parsed.flags[name];
  return typeof value === 'string' ? value : undefined;
}

function limitFlag(ctx: Context, parsed: Parsed, fallback: number): number {
  const raw = stringFlag(parsed, 'limit');
  if (raw === undefined) return fallback;
  const limit = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || !Number.isInteger(limit) || limit < 1 || limit > 10_000) {
    throw new CliFailure(EXIT_USAGE, [ctx.m('cli.instances.invalidLimit', { value: raw })]);
  }
  return limit;
}

function noExtraArguments(ctx: Context, command: string, extra: string[]) {
  if (extra.length) throw new CliFailure(EXIT_USAGE, [ctx.m('cli.tooManyArguments', { command, args: extra.join(' ') })], true);
}

// ---------------------------------------------------------------------------------------------
// Files

interface BpmnFile {
  /** The path as the user gave it (joined with the path inside a given directory). */
  path: string;
}

/** Files as given, and every .bpmn inside given directories (recursively, in name order). */
async function collectFiles(ctx: Context, command: string, inputs: string[]): Promise<BpmnFile[]> {
  if (!inputs.length) throw new CliFailure(EXIT_USAGE, [ctx.m('cli.files.none', { command })], true);
  const files: BpmnFile[] = [];
  const missing: string[] = [];
  const emptyDirs: string[] = [];
  for (const input of inputs) {
    let info;
    try {
      info = await stat(input);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') missing.push(input);
      else throw new CliFailure(EXIT_USAGE, [ctx.m('cli.files.unreadable', { file: input, reason: (error as Error).message })]);
      continue;
    }
    if (info.isDirectory()) {
      const found = await bpmnFilesIn(ctx, input);
      if (!found.length) emptyDirs.push(input);
      files.push(...found.map((path) => ({ path })));
    } else files.push({ path: input });
  }
  if (missing.length)
    throw new CliFailure(
      EXIT_USAGE,
      missing.map((file) => ctx.m('cli.files.notFound', { file })),
    );
  for (const dir of emptyDirs) ctx.out(ctx.m('cli.files.noBpmn', { dir }));
  return files;
}

async function bpmnFilesIn(ctx: Context, dir: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    throw new CliFailure(EXIT_USAGE, [ctx.m('cli.files.unreadable', { file: dir, reason: (error as Error).message })]);
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const found: string[] = [];
  for (const entry of entries) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...(await bpmnFilesIn(ctx, path)));
    else if (entry.isFile() && /\.bpmn$/i.test(entry.name)) found.push(path);
  }
  return found;
}

async function readText(ctx: Context, file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new CliFailure(EXIT_USAGE, [ctx.m('cli.files.notFound', { file })]);
    throw new CliFailure(EXIT_USAGE, [ctx.m('cli.files.unreadable', { file, reason: (error as Error).message })]);
  }
}

// ---------------------------------------------------------------------------------------------
// Oficio, built from the configuration, for the length of one command

/**
 * Oficio on the configured store and engine (createOficio), closed when `work` ends. A MongoDB that
 * cannot be opened, and a Camunda cluster that cannot be configured or reached, are reported in the
 * catalogue's words.
 */
async function withOficio<R>(ctx: Context, work: (oficio: Oficio) => Promise<R>, overrides: OficioOverrides = {}): Promise<R> {
  let oficio: Oficio;
  try {
    // A command that does its work and ends reports what it did itself: only errors reach its log.
    oficio = await createOficio(ctx.config, { log: operatorLog(ctx, 'error'), ...overrides });
  } catch (error) {
    if (error instanceof MongoStoreError) throw new CliFailure(EXIT_FAILED, [error.message]);
    throw camundaFailure(ctx, error, EXIT_USAGE);
  }
  try {
    return await work(oficio);
  } catch (error) {
    throw camundaFailure(ctx, error, EXIT_FAILED);
  } finally {
    await oficio.close();
  }
}

/**
 * The operator's log on the command's standard error, readable unless OFICIO_LOG_FORMAT=json (`oficio
 * workers` under a supervisor); at OFICIO_LOG_LEVEL, or no less severe than `floor` when given.
 */
function operatorLog(ctx: Context, floor?: 'error'): Logger {
  const level = floor && !['fatal', 'silent'].includes(ctx.config.log.level) ? floor : ctx.config.log.level;
  return createLogger({ level, format: ctx.config.log.format ?? 'pretty' }, { write: (line) => ctx.err(line.replace(/\n$/, '')) });
}

/**
 * A Camunda cluster that cannot be used, said in the catalogue's words: settings it cannot be
 * reached with (when connecting: a usage error) or that stopped answering. Any other error as it is.
 */
function camundaFailure(ctx: Context, error: unknown, exitCode: typeof EXIT_FAILED | typeof EXIT_USAGE): unknown {
  const cannotConnect = exitCode === EXIT_USAGE ? ctx.config.engine === 'camunda' : ctx.config.engine === 'camunda' && (error as EngineError).code === 'UNAVAILABLE';
  if (!(error instanceof EngineError) || !cannotConnect) return error;
  return new CliFailure(exitCode, [ctx.m('cli.camunda.unavailable', { address: String(error.params.address ?? '') }), error.message]);
}

/** The embedded engine of the configured store: instances wait in the store (no workers run inside the command line). */
function withEngine<R>(ctx: Context, work: (engine: EnginePort) => Promise<R>): Promise<R> {
  return withOficio({ ...ctx, config: { ...ctx.config, engine: 'embedded' } }, (oficio) => work(oficio.engine));
}

/** As withEngine, with the store beside it (the cases that give instances their folios). */
function withStoreAndEngine<R>(ctx: Context, work: (store: Store, engine: EnginePort) => Promise<R>): Promise<R> {
  return withOficio({ ...ctx, config: { ...ctx.config, engine: 'embedded' } }, (oficio) => work(oficio.store, oficio.engine));
}

/** The name in the model of the step each incident is at (its element's id when it has none). */
async function stepNames(engine: EnginePort, incidents: IncidentResult[]): Promise<Map<IncidentResult, string>> {
  const names = new Map<IncidentResult, string>();
  await Promise.all(
    incidents.map(async (incident) => {
      if (!incident.elementInstanceKey) return;
      const found = await engine.searchElementInstances({ filter: { elementInstanceKey: incident.elementInstanceKey }, page: { limit: 1 } }).catch(() => undefined);
      const name = found?.items[0]?.elementName;
      if (name) names.set(incident, name);
    }),
  );
  return names;
}

// ---------------------------------------------------------------------------------------------
// Commands

async function deploy(ctx: Context, args: string[]): Promise<number> {
  const parsed = parseArgs(ctx, 'deploy', args, { engine: 'string' });
  const target = (stringFlag(parsed, 'engine') ?? ctx.config.engine).toLowerCase();
  if (target !== 'embedded' && target !== 'camunda') throw new CliFailure(EXIT_USAGE, [ctx.m('cli.deploy.invalidEngine', { value: stringFlag(parsed, 'engine') ?? '' })]);
  const files = await collectFiles(ctx, 'deploy', parsed.positionals);
  if (!files.length) return EXIT_OK;

  // Resources are named by their file name, as deployResourcesFromFiles does; should two files
  // share a name, they keep their path so that the deployment can tell them apart.
  const counts = new Map<string, number>();
  for (const f of files) counts.set(basename(f.path), (counts.get(basename(f.path)) ?? 0) + 1);
  const resources: DeploymentResource[] = [];
  const pathOf = new Map<string, string>();
  for (const f of files) {
    const name = counts.get(basename(f.path))! > 1 ? f.path : basename(f.path);
    resources.push({ name, content: await readText(ctx, f.path) });
    pathOf.set(name, f.path);
  }

  // To a Camunda cluster with Oficio's task listeners added to the user tasks; else into the store.
  const deployTo =
    target === 'camunda' ? (work: (engine: EnginePort) => Promise<number>) => withCamunda(ctx, work) : (work: (engine: EnginePort) => Promise<number>) => withEngine(ctx, work);
  return deployTo(async (engine) => {
    try {
      const result = await engine.createDeployment({ resources });
      ctx.out(ctx.count('cli.deploy.done', result.processes.length));
      for (const p of result.processes) {
        ctx.out(
          ctx.m('cli.deploy.process', {
            processId: p.processDefinitionId,
            version: p.processDefinitionVersion,
            key: p.processDefinitionKey,
            resource: pathOf.get(p.resourceName) ?? p.resourceName,
          }),
        );
      }
      return EXIT_OK;
    } catch (error) {
      if (error instanceof DeploymentRejectedError) {
        const lines = [ctx.count('cli.deploy.rejected', error.problems.length)];
        for (const p of error.problems) {
          const file = pathOf.get(p.resourceName) ?? p.resourceName;
          // In the user's language from the catalogue; problems without a code keep the engine's text.
          const message = deployProblemText(ctx.locale, p.code, p.params) ?? p.message;
          lines.push(
            p.elementId
              ? ctx.m('cli.deploy.problem', { file, elementId: p.elementId, elementType: (p.elementType ?? '?').replace(/^bpmn:/, ''), message })
              : ctx.m('cli.deploy.problemDocument', { file, message }),
          );
        }
        throw new CliFailure(EXIT_FAILED, lines);
      }
      // An unreachable cluster is told by withCamunda, in the catalogue's words.
      if (error instanceof EngineError && error.code !== 'UNAVAILABLE') throw new CliFailure(EXIT_FAILED, [ctx.m('cli.engineRefused', { message: error.message })]);
      throw error;
    }
  });
}

/**
 * The Camunda adapter alone, for the length of one command: deploying to a cluster is a client's
 * call, so it opens no store and answers no task listener (the server does).
 */
async function withCamunda<R>(ctx: Context, work: (engine: CamundaEngine) => Promise<R>): Promise<R> {
  const camundaCtx = { ...ctx, config: { ...ctx.config, engine: 'camunda' as const } };
  // Loaded on demand: the SDK is heavy, and the other commands never need it.
  const { createCamundaEngine } = await import('./engine/camunda/index.js');
  let engine: CamundaEngine;
  try {
    engine = createCamundaEngine({ settings: ctx.config.camunda.settings });
  } catch (error) {
    throw camundaFailure(camundaCtx, error, EXIT_USAGE);
  }
  try {
    return await work(engine);
  } catch (error) {
    throw camundaFailure(camundaCtx, error, EXIT_FAILED);
  } finally {
    await engine.close();
  }
}

/**
 * `oficio workers`: every worker of workers/ as a job worker of the Camunda cluster, until stopped.
 * On the embedded engine `npm start` already runs them in-process, so a cluster is required.
 */
async function workers(ctx: Context, args: string[]): Promise<number> {
  const parsed = parseArgs(ctx, 'workers', args, {});
  noExtraArguments(ctx, 'workers', parsed.positionals);
  const settings = ctx.config.camunda.settings;
  if (ctx.config.engine !== 'camunda' && !settings.ZEEBE_REST_ADDRESS && !settings.CAMUNDA_REST_ADDRESS) {
    throw new CliFailure(EXIT_USAGE, [ctx.m('cli.workers.needsCamunda')]);
  }
  // The workers' built-in adapters (tickets, backups, accounts …) keep their records in Oficio's store.
  // The server answers Oficio's task listeners; this process only runs the workers.
  return withOficio(
    { ...ctx, config: { ...ctx.config, engine: 'camunda' } },
    async (oficio) => {
      oficio.workers.start();
      ctx.out(ctx.count('cli.workers.started', oficio.workers.definitions.length, { address: settings.ZEEBE_REST_ADDRESS || settings.CAMUNDA_REST_ADDRESS || 'http://localhost:8080' }));
      for (const definition of oficio.workers.definitions) ctx.out(`  ${definition.type}`);
      await ctx.stopped();
      ctx.out(ctx.m('cli.workers.stopping'));
      return EXIT_OK;
    },
    // A long-running process: its log is the operator's (every worker failure), at OFICIO_LOG_LEVEL.
    { taskListeners: false, log: operatorLog(ctx) },
  );
}

async function startInstance(ctx: Context, args: string[]): Promise<number> {
  const parsed = parseArgs(ctx, 'start-instance', args, { vars: 'string' });
  const [processId, ...extra] = parsed.positionals;
  if (!processId) throw new CliFailure(EXIT_USAGE, [ctx.m('cli.start.noProcess')]);
  noExtraArguments(ctx, 'start-instance', extra);

  let variables: Variables = {};
  const raw = stringFlag(parsed, 'vars');
  if (raw !== undefined) {
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (error) {
      throw new CliFailure(EXIT_USAGE, [ctx.m('cli.start.invalidJson', { problem: (error as Error).message })]);
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new CliFailure(EXIT_USAGE, [ctx.m('cli.start.notAnObject', { value: raw.length > 60 ? `${raw.slice(0, 57)}...` : raw })]);
    }
    variables = value as Variables;
  }

  return withOficio({ ...ctx, config: { ...ctx.config, engine: 'embedded' } }, async ({ engine, audit, store }) => {
    try {
      // The instance runs until its first wait state (job, user task, timer, message) and waits
      // there in the store: no workers run inside the command line. Its start is audited like any
      // other, as the platform's (whoever ran the command had the store's files).
      const created = await createAuditedCommands({ engine, audit })<ProcessInstanceCreation, CreateProcessInstanceResult>(
        { actor: 'system', action: 'instance.start', subject: processId, data: { via: 'cli', data: variables as Json } },
        (options) => engine.createProcessInstance({ processDefinitionId: processId, variables }, options),
        (done) => ({ processInstanceKey: done.processInstanceKey, data: { processDefinitionId: done.processDefinitionId, version: done.processDefinitionVersion } }),
      );
      const started = { key: created.processInstanceKey, process: created.processDefinitionId, version: created.processDefinitionVersion };
      const folio = (await foliosOf(store, engine, [{ processInstanceKey: created.processInstanceKey }])).get(created.processInstanceKey);
      ctx.out(folio ? ctx.m('cli.start.done', { ...started, folio }) : ctx.m('cli.start.doneNoFolio', started));
      return EXIT_OK;
    } catch (error) {
      if (error instanceof EngineError && error.code === 'NOT_FOUND') {
        throw new CliFailure(EXIT_FAILED, [ctx.m('cli.start.unknownProcess', { processId })]);
      }
      if (error instanceof EngineError) throw new CliFailure(EXIT_FAILED, [ctx.m('cli.start.refused', { processId, message: error.message })]);
      throw error;
    }
  });
}

const STATES: ProcessInstanceState[] = ['ACTIVE', 'COMPLETED', 'TERMINATED'];

/** What --state accepts besides the engine's codes: the states in words, Spanish and English. */
const STATE_WORDS: Record<string, ProcessInstanceState> = {
  'en-curso': 'ACTIVE',
  activa: 'ACTIVE',
  active: 'ACTIVE',
  concluida: 'COMPLETED',
  completed: 'COMPLETED',
  cancelada: 'TERMINATED',
  cancelled: 'TERMINATED',
  canceled: 'TERMINATED',
};

/** How deep call activities nest before the command line stops looking for the case that started them. */
const MAX_CALL_DEPTH = 10;

/**
 * The folio of each instance, by its key: its case's, or — an instance a call activity started —
 * the case of the instance that called it. Instances from before folios have none. One read of the
 * cases for the whole list.
 */
async function foliosOf(store: Store, engine: EnginePort, instances: Array<Pick<ProcessInstanceResult, 'processInstanceKey' | 'parentProcessInstanceKey'>>): Promise<Map<string, string>> {
  const rootOf = new Map<string, string>();
  for (const instance of instances) {
    let root = instance.processInstanceKey;
    let parent = instance.parentProcessInstanceKey;
    for (let depth = 0; parent && depth < MAX_CALL_DEPTH; depth++) {
      root = parent;
      parent = (await engine.getProcessInstance({ processInstanceKey: parent }).catch(() => undefined))?.parentProcessInstanceKey;
    }
    rootOf.set(instance.processInstanceKey, root);
  }
  const roots = [...new Set(rootOf.values())];
  if (!roots.length) return new Map();
  const { items } = await store.collection<CaseDoc>(CASES).find({ id: { $in: roots } }, { limit: roots.length });
  const folioOfRoot = new Map(items.filter((c) => !c.voided).map((c) => [c.id, c.folio]));
  const folios = new Map<string, string>();
  for (const [key, root] of rootOf) {
    const folio = folioOfRoot.get(root);
    if (folio) folios.set(key, folio);
  }
  return folios;
}

async function instances(ctx: Context, args: string[]): Promise<number> {
  const parsed = parseArgs(ctx, 'instances', args, { state: 'string', process: 'string', limit: 'string' });
  noExtraArguments(ctx, 'instances', parsed.positionals);
  const filter: ProcessInstanceFilter = {};
  const state = stringFlag(parsed, 'state');
  if (state !== undefined) {
    const upper = state.toUpperCase() as ProcessInstanceState;
    const chosen = STATES.includes(upper) ? upper : STATE_WORDS[state.trim().toLowerCase()];
    if (!chosen) throw new CliFailure(EXIT_USAGE, [ctx.m('cli.instances.invalidState', { value: state })]);
    filter.state = chosen;
  }
  const processId = stringFlag(parsed, 'process');
  if (processId !== undefined) filter.processDefinitionId = processId;
  const limit = limitFlag(ctx, parsed, 50);

  return withStoreAndEngine(ctx, async (store, engine) => {
    const { items, page } = await engine.searchProcessInstances({
      filter,
      sort: [{ field: 'processInstanceKey', order: 'DESC' }],
      page: { limit },
    });
    if (!items.length) {
      ctx.out(ctx.m('cli.instances.none'));
      return EXIT_OK;
    }
    const folios = await foliosOf(store, engine, items);
    table(
      ctx,
      [
        ctx.m('cli.column.folio'),
        ctx.m('cli.column.process'),
        ctx.m('cli.column.version'),
        ctx.m('cli.column.state'),
        ctx.m('cli.column.incident'),
        ctx.m('cli.column.started'),
        ctx.m('cli.column.engineKey'),
      ],
      items.map((i) => [
        folios.get(i.processInstanceKey) ?? ctx.m('cli.noFolio'),
        i.processDefinitionName || i.processDefinitionId,
        String(i.processDefinitionVersion),
        ctx.m(`cli.state.${i.state}`),
        ctx.m(i.hasIncident ? 'cli.yes' : 'cli.no'),
        formatDate(i.startDate),
        i.processInstanceKey,
      ]),
    );
    if (page.totalItems > items.length) ctx.out(ctx.m('cli.instances.more', { shown: items.length, total: page.totalItems }));
    return EXIT_OK;
  });
}

async function incidents(ctx: Context, args: string[]): Promise<number> {
  const parsed = parseArgs(ctx, 'incidents', args, { 'process-instance': 'string', all: 'boolean', limit: 'string' });
  noExtraArguments(ctx, 'incidents', parsed.positionals);
  const all = parsed.flags.all === true;
  const filter: IncidentFilter = all ? {} : { state: 'ACTIVE' };
  const instanceKey = stringFlag(parsed, 'process-instance');
  if (instanceKey !== undefined) filter.processInstanceKey = instanceKey;
  const limit = limitFlag(ctx, parsed, 100);

  return withStoreAndEngine(ctx, async (store, engine) => {
    const { items, page } = await engine.searchIncidents({ filter, sort: [{ field: 'incidentKey', order: 'DESC' }], page: { limit } });
    if (!items.length) {
      ctx.out(ctx.m(all ? 'cli.incidents.noneAll' : 'cli.incidents.none'));
      return EXIT_OK;
    }
    const instanceKeys = [...new Set(items.map((i) => i.processInstanceKey).filter((key): key is string => Boolean(key)))];
    const instances = await Promise.all(instanceKeys.map((key) => engine.getProcessInstance({ processInstanceKey: key }).catch(() => ({ processInstanceKey: key }))));
    const folios = await foliosOf(store, engine, instances);
    const steps = await stepNames(engine, items);
    const headers = [ctx.m('cli.column.folio'), ctx.m('cli.column.element'), ctx.m('cli.column.error')];
    if (all) headers.push(ctx.m('cli.column.state'));
    headers.push(ctx.m('cli.column.incidentKey'), ctx.m('cli.column.instanceKey'), ctx.m('cli.column.detail'));
    table(
      ctx,
      headers,
      items.map((i) => {
        const folio = (i.processInstanceKey && folios.get(i.processInstanceKey)) || ctx.m('cli.noFolio');
        const row = [folio, steps.get(i) ?? i.elementId ?? '', incidentLabel(ctx.locale, i.errorType)];
        if (all) row.push(ctx.m(i.state === 'RESOLVED' ? 'cli.incidentState.RESOLVED' : 'cli.incidentState.ACTIVE'));
        // The engine's own message stays as it is (English, Zeebe-compatible): the operator's detail, last.
        row.push(i.incidentKey ?? '', i.processInstanceKey ?? '', (i.errorMessage ?? '').replace(/\s+/g, ' ').trim());
        return row;
      }),
    );
    if (page.totalItems > items.length) ctx.out(ctx.m('cli.instances.more', { shown: items.length, total: page.totalItems }));
    return EXIT_OK;
  });
}

async function lint(ctx: Context, args: string[]): Promise<number> {
  const parsed = parseArgs(ctx, 'lint', args, {});
  const files = await collectFiles(ctx, 'lint', parsed.positionals);
  if (!files.length) return EXIT_OK;
  let errors = 0;
  let warnings = 0;
  for (const file of files) {
    const xml = await readText(ctx, file.path);
    const result = await lintBpmn(xml, file.path);
    errors += result.errors.length;
    warnings += result.warnings.length;
    const findings = [...result.errors, ...result.warnings];
    if (!findings.length) {
      ctx.out(ctx.m('cli.lint.clean', { file: file.path }));
      continue;
    }
    ctx.out(ctx.m('cli.lint.file', { file: file.path }));
    const levels = findings.map((f) => ctx.m(f.category === 'error' ? 'cli.lint.error' : f.category === 'warn' ? 'cli.lint.warning' : 'cli.lint.info'));
    const levelWidth = Math.max(...levels.map((l) => l.length));
    const idWidth = Math.max(...findings.map((f) => (f.elementId || '-').length));
    findings.forEach((f, i) => {
      ctx.out(`  ${levels[i]!.padEnd(levelWidth)}  ${(f.elementId || '-').padEnd(idWidth)}  ${findingText(ctx, f)}  (${f.rule})`);
    });
  }
  ctx.out(ctx.m('cli.lint.summary', { errors: ctx.count('cli.lint.errors', errors), warnings: ctx.count('cli.lint.warnings', warnings), files: ctx.count('cli.lint.files', files.length) }));
  return errors ? EXIT_FAILED : EXIT_OK;
}

/** `oficio audit verify`: walks the audit chain of the configured store; exit 0 intact, 1 broken. */
async function audit(ctx: Context, args: string[]): Promise<number> {
  const parsed = parseArgs(ctx, 'audit', args, {});
  const [subcommand, ...extra] = parsed.positionals;
  if (subcommand === undefined) throw new CliFailure(EXIT_USAGE, [ctx.m('cli.audit.usage')]);
  if (subcommand !== 'verify') {
    throw new CliFailure(EXIT_USAGE, [ctx.m('cli.audit.unknownSubcommand', { subcommand }), ctx.m('cli.audit.usage')]);
  }
  noExtraArguments(ctx, 'audit verify', extra);
  return withOficio(ctx, async ({ audit, engine }) => {
    const result = await audit.verify();
    if (result.intact) {
      ctx.out(ctx.count('cli.audit.intact', result.events));
      if (result.events > 0) ctx.out(ctx.m('cli.audit.lastHash', { hash: result.lastHash }));
    } else {
      ctx.out(ctx.m('cli.audit.broken', { sequence: result.brokenAt, reason: ctx.m(auditReasonKey(result.reason)) }));
      ctx.out(ctx.m('cli.audit.expectedHash', { hash: result.expectedHash || '-' }));
      ctx.out(ctx.m('cli.audit.actualHash', { hash: result.actualHash || '-' }));
      ctx.out(ctx.m('cli.audit.brokenAdvice', { sequence: result.brokenAt }));
    }
    // Then whether anything the engine did lacks its event (or an intent its confirmation).
    const completeness = await checkAuditCompleteness({ engine, audit });
    ctx.out(describeCompleteness(completeness, ctx.locale));
    for (const gap of completeness.gaps) ctx.out(`  - ${describeGap(gap, ctx.locale)}`);
    if (completeness.gapCount > completeness.gaps.length) ctx.out(ctx.m('cli.audit.moreGaps', { count: completeness.gapCount - completeness.gaps.length }));
    return result.intact && completeness.complete ? EXIT_OK : EXIT_FAILED;
  });
}

/**
 * `oficio migrate`: copies the whole SQLite store into an empty MongoDB database (or SQLite file)
 * and verifies the copy; exit 0 only when counts, contents, attachments and the audit chain agree.
 */
async function migrate(ctx: Context, args: string[]): Promise<number> {
  const parsed = parseArgs(ctx, 'migrate', args, { from: 'string', to: 'string', db: 'string', batch: 'string' });
  noExtraArguments(ctx, 'migrate', parsed.positionals);
  const from = stringFlag(parsed, 'from') ?? ctx.config.sqlitePath;
  const to = stringFlag(parsed, 'to') ?? ctx.config.mongodbUri;
  if (!to) throw new CliFailure(EXIT_USAGE, [ctx.m('cli.migrate.usage')]);
  const rawBatch = stringFlag(parsed, 'batch');
  const batchSize = rawBatch === undefined ? 500 : Number(rawBatch);
  if (rawBatch !== undefined && (!/^\d+$/.test(rawBatch.trim()) || batchSize < 1 || batchSize > 10_000)) {
    throw new CliFailure(EXIT_USAGE, [ctx.m('cli.migrate.invalidBatch', { value: rawBatch })]);
  }
  const sourceInfo = await stat(from).catch(() => undefined);
  if (!sourceInfo?.isFile()) throw new CliFailure(EXIT_USAGE, [ctx.m('cli.migrate.sourceMissing', { path: from })]);
  const toMongo = /^mongodb(\+srv)?:\/\//.test(to);
  if (!toMongo && resolvePath(to) === resolvePath(from)) throw new CliFailure(EXIT_USAGE, [ctx.m('cli.migrate.sameStore', { path: from })]);

  const source = createSqliteStore({ path: from, synchronous: ctx.config.sqliteSynchronous });
  try {
    let target: Store;
    try {
      const dbName = stringFlag(parsed, 'db') ?? ctx.config.mongodbDb;
      target = toMongo ? await openMongoStore({ uri: to, ...(dbName ? { dbName } : {}), locale: ctx.locale }) : createSqliteStore({ path: to });
    } catch (error) {
      if (error instanceof MongoStoreError) throw new CliFailure(EXIT_FAILED, [error.message]);
      throw error;
    }
    try {
      ctx.out(ctx.m('cli.migrate.start', { from: source.description, to: target.description }));
      ctx.out(ctx.m('cli.migrate.stopFirst'));
      let report: MigrationReport;
      try {
        report = await migrateStore(source, target, {
          batchSize,
          onCollection: (copy) => {
            if (copy.source !== copy.target) ctx.out(ctx.m('cli.migrate.rowCount', { collection: copy.name, source: copy.source, target: copy.target }));
            else if (!copy.identical) ctx.out(ctx.m('cli.migrate.rowContent', { collection: copy.name, count: copy.source }));
            else ctx.out(ctx.m('cli.migrate.rowOk', { collection: copy.name, count: copy.source }));
          },
        });
      } catch (error) {
        if (error instanceof MigrationRefusedError) {
          throw new CliFailure(
            EXIT_FAILED,
            error.reason === 'targetNotEmpty'
              ? [ctx.m('cli.migrate.targetNotEmpty', { to: target.description, collections: error.details.join(', ') })]
              : [ctx.m('cli.migrate.notCopyable', { store: error.details.join(', ') })],
          );
        }
        throw error;
      }
      printMigration(ctx, report);
      if (!report.ok) {
        ctx.err(ctx.m('cli.migrate.failed'));
        return EXIT_FAILED;
      }
      ctx.out(ctx.m('cli.migrate.done', { collections: report.collections.length, documents: report.documents }));
      if (toMongo) ctx.out(ctx.m('cli.migrate.next'));
      return EXIT_OK;
    } finally {
      await target.close();
    }
  } finally {
    await source.close();
  }
}

function printMigration(ctx: Context, report: MigrationReport): void {
  const { attachments, audit } = report;
  for (const { id, problem } of attachments.problems) {
    ctx.out(ctx.m('cli.migrate.attachmentBad', { id, problem: ctx.m(problem === 'size' ? 'cli.migrate.problem.size' : 'cli.migrate.problem.sha256') }));
  }
  if (attachments.problems.length === 0) ctx.out(ctx.m('cli.migrate.attachmentsOk', { count: attachments.verified }));
  if (attachments.bytesCopied > 0) ctx.out(ctx.m('cli.migrate.attachmentsInBlobs', { count: attachments.bytesCopied }));
  if (!audit.target.intact) {
    ctx.out(ctx.m('cli.migrate.auditBroken', { sequence: audit.target.brokenAt, reason: ctx.m(auditReasonKey(audit.target.reason)) }));
  } else if (audit.source.intact && audit.source.events === audit.target.events && audit.source.lastHash === audit.target.lastHash) {
    ctx.out(ctx.m('cli.migrate.auditOk', { events: audit.target.events, hash: audit.target.lastHash }));
  } else if (audit.source.intact) {
    ctx.out(
      ctx.m('cli.migrate.auditDiffers', {
        targetEvents: audit.target.events,
        targetHash: audit.target.lastHash,
        sourceEvents: audit.source.events,
        sourceHash: audit.source.lastHash,
      }),
    );
  }
  if (!audit.source.intact) {
    ctx.out(ctx.m('cli.migrate.auditSourceBroken', { sequence: audit.source.brokenAt, reason: ctx.m(auditReasonKey(audit.source.reason)) }));
  }
}

function findingText(ctx: Context, finding: Finding): string {
  if (finding.rule === MALFORMED_XML_RULE) return ctx.m('cli.lint.malformed', { detail: finding.detail ?? finding.message });
  return finding.message;
}

// ---------------------------------------------------------------------------------------------
// Output

/** Columns padded to their widest cell; the last column is left unpadded. */
function table(ctx: Context, headers: string[], rows: string[][]) {
  const widths = headers.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, c) => (c === cells.length - 1 ? cell : cell.padEnd(widths[c]!)))
      .join('  ')
      .trimEnd();
  ctx.out(line(headers));
  ctx.out(line(widths.map((w) => '-'.repeat(w))));
  for (const row of rows) ctx.out(line(row));
}

/** ISO timestamps as `2026-01-05 09:00:00 UTC`. */
function formatDate(iso: string | undefined): string {
  if (!iso) return '';
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})/.exec(iso);
  return match ? `${match[1]} ${match[2]} UTC` : iso;
}
