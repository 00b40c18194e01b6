// The server's log, for its operator: one logger, built from the configuration by the composition
// module (server/oficio.ts) and handed to whatever reports — the HTTP app (a line per request), the
// workers' runner (every job failure), the engine's incidents. Lines are JSON objects (pino), or one
// readable line each for a person at a terminal. Code that logs depends on the Logger interface
// below, never on pino.
import { pino } from 'pino';
import type { Config, LogConfig } from './config.js';

export type LogFields = Record<string, unknown>;

/** What logging code is given: a small interface pino implements. */
export interface Logger {
  error(fields: LogFields, message: string): void;
  warn(fields: LogFields, message: string): void;
  info(fields: LogFields, message: string): void;
  debug(fields: LogFields, message: string): void;
  /** A logger whose every line also carries `bindings`. */
  child(bindings: LogFields): Logger;
}

/** Where lines go: each `write` is one whole line, newline included. */
export interface LogDestination {
  write(line: string): void;
  /** A terminal: the default format there is pretty. */
  readonly isTTY?: boolean;
}

/**
 * Never written, whoever passes them: credentials a request or a configuration may carry. Nothing
 * logs headers or bodies today; this is the net under that rule.
 */
const REDACTED_PATHS = [
  'password',
  '*.password',
  'pass',
  '*.pass',
  'csrfToken',
  '*.csrfToken',
  'authorization',
  '*.authorization',
  'cookie',
  '*.cookie',
  'headers.authorization',
  'headers.cookie',
  'headers["set-cookie"]',
  'headers["x-csrf-token"]',
  '*.headers.authorization',
  '*.headers.cookie',
  '*.headers["set-cookie"]',
  '*.headers["x-csrf-token"]',
];

/**
 * The logger of the settings (OFICIO_LOG_LEVEL, OFICIO_LOG_FORMAT), writing to `destination` —
 * standard error by default, synchronously, so a crash loses no line.
 */
export function createLogger(settings: LogConfig, destination?: LogDestination): Logger {
  const out = destination ?? standardError();
  const format = settings.format ?? (out.isTTY ? 'pretty' : 'json');
  return pino(
    {
      level: settings.level,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    },
    format === 'pretty' ? { write: (line: string) => out.write(prettyLine(line)) } : out,
  );
}

/** A logger that writes nothing (tests, benches). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' }, { write: () => undefined });
}

function standardError(): LogDestination {
  const sonic = pino.destination({ dest: 2, sync: true });
  return { write: (line) => void sonic.write(line), isTTY: process.stderr.isTTY === true };
}

/** Fields a pretty line leaves out: the time is shortened, the rest is the same on every line. */
const PRETTY_OMITS = new Set(['time', 'level', 'msg', 'pid', 'hostname', 'err']);

/** One JSON line as a person reads it: time, level, message, the fields as name=value, then a stack. */
export function prettyLine(json: string): string {
  let entry: LogFields;
  try {
    entry = JSON.parse(json) as LogFields;
  } catch {
    return json;
  }
  const time = typeof entry.time === 'string' ? entry.time.slice(11, 23) : '';
  const fields = Object.entries(entry)
    .filter(([name]) => !PRETTY_OMITS.has(name))
    .map(([name, value]) => `${name}=${typeof value === 'string' && !/[\s"=]/.test(value) ? value : JSON.stringify(value)}`);
  const err = entry.err as { stack?: string; message?: string } | undefined;
  const stack = err ? `\n    ${(err.stack ?? err.message ?? '').split('\n').join('\n    ')}` : '';
  return `${time} ${String(entry.level).toUpperCase().padEnd(5)} ${String(entry.msg ?? '')}${fields.length ? ` ${fields.join(' ')}` : ''}${stack}\n`;
}

// ---------------------------------------------------------------------------------------------
// The start-up configuration

/** Writes the configuration npm start runs with, at info, without a secret (configurationForLog). */
export function logConfiguration(log: Logger, config: Config): void {
  log.info({ config: configurationForLog(config) }, 'configuration');
}

/** Settings shown on their own rather than among the limits. */
const DESCRIBED_ELSEWHERE = new Set(['port', 'mail', 'camunda', 'log']);

/**
 * What the server runs with, for the log: where the store and the engine are, the port, the language
 * and every limit — never a password, an SMTP credential, a client secret, the demo password or the
 * userinfo of a URI. Strings are picked one by one; numbers and flags, which hold no secret, are taken
 * as a whole, so a limit added later shows without being listed here.
 */
export function configurationForLog(config: Config): LogFields {
  const camunda = config.camunda.settings;
  return {
    store: config.store,
    ...(config.store === 'mongodb'
      ? { mongodb: { uri: withoutCredentials(config.mongodbUri ?? ''), ...(config.mongodbDb ? { db: config.mongodbDb } : {}) } }
      : { sqlite: { path: config.sqlitePath, synchronous: config.sqliteSynchronous } }),
    engine: config.engine,
    ...(config.engine === 'camunda'
      ? {
          camunda: {
            address: withoutCredentials(camunda.ZEEBE_REST_ADDRESS || camunda.CAMUNDA_REST_ADDRESS || 'http://localhost:8080'),
            authStrategy: camunda.CAMUNDA_AUTH_STRATEGY ?? '(SDK default)',
            ...(camunda.CAMUNDA_TENANT_ID ? { tenantId: camunda.CAMUNDA_TENANT_ID } : {}),
          },
        }
      : {}),
    host: config.host ?? '(every interface)',
    port: config.port,
    locale: config.locale,
    mail: { host: config.mail.host, port: config.mail.port, secure: config.mail.secure, authenticated: config.mail.auth !== undefined, from: config.mail.from },
    demoPassword: config.identity.demoPassword ? 'OFICIO_DEMO_PASSWORD' : 'generated',
    designerDistDir: config.designerDistDir,
    log: config.log,
    limits: numbersAndFlags(config, DESCRIBED_ELSEWHERE),
  };
}

/** The number and boolean leaves of `value`, nested as they are (objects without any are left out). */
function numbersAndFlags(value: object, skip: ReadonlySet<string> = new Set()): LogFields {
  const out: LogFields = {};
  for (const [name, field] of Object.entries(value)) {
    if (skip.has(name)) continue;
    if (typeof field === 'number' || typeof field === 'boolean') out[name] = field;
    else if (field && typeof field === 'object' && !Array.isArray(field)) {
      const nested = numbersAndFlags(field as object);
      if (Object.keys(nested).length) out[name] = nested;
    }
  }
  return out;
}

/**
 * A connection string without what authenticates it: the userinfo (`user:password@`) and the values
 * of query options that name a password, secret, token or key.
 */
export function withoutCredentials(uri: string): string {
  return uri.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#]*@/i, '$1***@').replace(/([?&][^=&#]*(?:pass|secret|token|key)[^=&#]*=)[^&#]*/gi, '$1***');
}
