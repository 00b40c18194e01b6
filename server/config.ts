// The only reader of the environment: every setting with its variable, type, default and meaning.
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Locale } from '../contracts/i18n.js';
import { DEFAULT_USER_QUOTAS, type UserQuotaLimits } from './http/rate-limit.js';
import { DEFAULT_REQUEST_LIMITS } from './http/limits.js';

export interface Config {
  /** OFICIO_DATA_DIR — where the embedded store keeps its file (default ./data). */
  dataDir: string;
  /** The SQLite file inside dataDir. */
  sqlitePath: string;
  /** OFICIO_SQLITE_SYNCHRONOUS — NORMAL survives a killed process; FULL also a power cut (slower). */
  sqliteSynchronous: 'NORMAL' | 'FULL';
  /** STORE — where documents live: sqlite (default: the file in dataDir) or mongodb (MONGODB_URI, a replica set). */
  store: 'sqlite' | 'mongodb';
  /** MONGODB_URI — the MongoDB connection string; required when STORE=mongodb, the default target of `oficio migrate`. */
  mongodbUri?: string;
  /** MONGODB_DB — the MongoDB database (default: the one the URI names, else oficio). */
  mongodbDb?: string;
  /** ENGINE — which engine runs the processes: embedded (default: Oficio's own, in-process) or camunda (a Camunda 8.8 cluster). */
  engine: 'embedded' | 'camunda';
  /** The Camunda cluster ENGINE=camunda and `oficio workers` talk to. */
  camunda: CamundaConfig;
  /** OFICIO_LANG — language of messages: es (default) or en. */
  locale: Locale;
  /** PORT — where the server listens (default 3000). */
  port: number;
  /** OFICIO_HOST — the address it listens on (default: every interface; 127.0.0.1 keeps it to this machine). */
  host?: string;
  /** OFICIO_DEBUG=1 — unexpected errors also print their stack trace (default off). */
  debug: boolean;
  /** What the server logs and how (server/log.ts). */
  log: LogConfig;
  /** Outgoing e-mail of the notify.email worker. */
  mail: MailConfig;
  /** Users, sessions and login limits (server/core/identity). */
  identity: IdentityConfig;
  /** OFICIO_SECURE_COOKIES=1 — send the session cookie only over HTTPS (set it behind TLS). */
  secureCookies: boolean;
  /** OFICIO_TRUST_PROXY — how many reverse proxies in front may tell the client's address (default 0). */
  trustProxy: number;
  /** OFICIO_ATTACHMENT_MAX_BYTES — the largest attachment accepted, in bytes (default 10 MiB). */
  attachmentMaxBytes: number;
  /**
   * Per-user quotas of the HTTP API, counted in memory per process (server/http/rate-limit.ts
   * UserQuotaLimits): OFICIO_QUOTA_CONCURRENT_UPLOADS (default 4), OFICIO_QUOTA_UPLOADS_PER_HOUR (60),
   * OFICIO_QUOTA_DRAFTS_PER_MINUTE (30), OFICIO_QUOTA_STARTS_PER_MINUTE (30).
   */
  quotas: UserQuotaLimits;
  /** OFICIO_MAX_JSON_BYTES — the largest JSON body of /api, in bytes, after any gzip is inflated (default 1 MiB); larger is 413. */
  maxJsonBytes: number;
  /** OFICIO_V2_MAX_REQUEST_BYTES — the largest body of the /v2 Camunda API, a deployment's upload included, in bytes (default 4 MiB, Zeebe's); larger is 413. */
  v2MaxRequestBytes: number;
  /**
   * OFICIO_MAX_JSON_DEPTH — how deeply a JSON body may nest objects and lists on /api and /v2, the
   * body itself the first level (default 32); deeper is refused with 400 before anything is applied.
   */
  maxJsonDepth: number;
  /**
   * OFICIO_MODEL_MAX_BYTES — the largest BPMN model the model routes take, in bytes of UTF-8
   * (default 900000, which is also the API's own bound on a model's text); larger is 413 before
   * anything reads it.
   */
  modelMaxBytes: number;
  /**
   * OFICIO_MODEL_CHECK_SECONDS — how long reading and linting one model may take in the checker's
   * worker thread (default 15; fractions allowed); past it the check is stopped and answered as a
   * finding (live lint, deploy) or a 400 (draft save).
   */
  modelCheckSeconds: number;
  /** OFICIO_DESIGNER_DIST — the built browser app served at / (default designer/dist of this installation). */
  designerDistDir: string;
  /** The live tasklist, its e-mails and SLA warnings (server/core/live). */
  live: LiveConfig;
}

export interface LiveConfig {
  /** OFICIO_PUBLIC_URL — the address people open Oficio at, for the links in e-mails (default http://localhost:PORT). */
  publicUrl: string;
  /** OFICIO_EVENTS_MAX_STREAMS_PER_USER — live tasklists (tabs, devices) one user may have open (default 5); one more is a 429. */
  maxStreamsPerUser: number;
  /** OFICIO_EVENTS_MAX_STREAMS — live tasklists open in all (default 1000); one more is a 503. */
  maxStreams: number;
  /** OFICIO_EVENTS_REPLAY — events kept for a tasklist that reconnects (default 1000); one that missed more reloads its list. */
  replayEvents: number;
  /** OFICIO_EVENTS_HEARTBEAT_SECONDS — how often an open stream is kept alive and its session checked (default 25). */
  heartbeatSeconds: number;
  /** OFICIO_CAMUNDA_TASK_POLL_SECONDS — on Camunda, how often user tasks are read for the live tasklist (default 5). */
  camundaPollSeconds: number;
  /** OFICIO_MAIL_MAX_ATTEMPTS — attempts to send one e-mail of the outbox before it is given up (default 8). */
  mailMaxAttempts: number;
  /** OFICIO_MAIL_RETRY_SECONDS — the wait after a failed attempt, doubled at each further one up to 30 min (default 30). */
  mailRetrySeconds: number;
}

/** The levels of the log, most severe first; silent writes nothing. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export type LogFormat = 'json' | 'pretty';

export interface LogConfig {
  /**
   * OFICIO_LOG_LEVEL — the least severe level written: fatal, error, warn, info (default: every
   * request, incident, worker failure and the start-up configuration), debug (also clients that went
   * away), trace, or silent (nothing).
   */
  level: LogLevel;
  /**
   * OFICIO_LOG_FORMAT — json (one JSON object per line, for a log collector) or pretty (one readable
   * line, for a person at a terminal). Unset: pretty when the log goes to a terminal, json otherwise.
   */
  format?: LogFormat;
}

export interface CamundaConfig {
  /**
   * Every ZEEBE_* and CAMUNDA_* variable that is set, handed to @camunda8/sdk as it is: the SDK
   * documents and reads them (ZEEBE_REST_ADDRESS; CAMUNDA_AUTH_STRATEGY NONE / OAUTH / BASIC;
   * ZEEBE_CLIENT_ID, ZEEBE_CLIENT_SECRET, CAMUNDA_OAUTH_URL, ZEEBE_TOKEN_AUDIENCE;
   * CAMUNDA_BASIC_AUTH_USERNAME / _PASSWORD; CAMUNDA_SDK_VALIDATION …).
   */
  settings: Record<string, string>;
}

export interface IdentityConfig {
  /**
   * OFICIO_DEMO_PASSWORD — the password of the demo users seeded on an empty store (one per role
   * and candidate group). Unset: a generated one, printed once at start.
   */
  demoPassword?: string;
  /** OFICIO_SESSION_IDLE_MINUTES — a session unused this long ends (default 30). */
  sessionIdleMinutes: number;
  /** OFICIO_SESSION_ABSOLUTE_HOURS — a session ends this long after login, however used (default 12). */
  sessionAbsoluteHours: number;
  /**
   * OFICIO_LOGIN_MAX_FAILURES — failed sign-ins of one user name from one client address before that
   * pair is paused (default 5). Only that address: the user signs in from any other.
   */
  loginMaxFailures: number;
  /** OFICIO_LOGIN_MAX_FAILURES_PER_IP — failed sign-ins from one client address, whatever the user names, before the address is paused (default 50: offices share one NAT address). */
  loginMaxFailuresPerIp: number;
  /** OFICIO_LOGIN_WINDOW_MINUTES — failures are forgotten this long after the last one, or after the end of its pause (default 15). */
  loginWindowMinutes: number;
  /** OFICIO_LOGIN_THROTTLE_SECONDS — the first pause once the failures reach their limit; each further failure doubles it (default 60). */
  loginThrottleSeconds: number;
  /** OFICIO_LOGIN_THROTTLE_MAX_MINUTES — the longest pause (default 15). */
  loginThrottleMaxMinutes: number;
}

export interface MailConfig {
  /** OFICIO_SMTP_HOST — the SMTP server (default localhost). */
  host: string;
  /** OFICIO_SMTP_PORT — its port (default 25). */
  port: number;
  /** OFICIO_SMTP_SECURE — true for implicit TLS (port 465); otherwise STARTTLS when offered (default false). */
  secure: boolean;
  /** OFICIO_SMTP_USER / OFICIO_SMTP_PASS — credentials, when the server asks for them. */
  auth?: { user: string; pass: string };
  /** OFICIO_MAIL_FROM — the sender of every notification. */
  from: string;
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(message);
    this.name = 'ConfigError';
  }
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const dataDir = resolve(env.OFICIO_DATA_DIR || 'data');
  const synchronous = (env.OFICIO_SQLITE_SYNCHRONOUS || 'NORMAL').toUpperCase();
  if (synchronous !== 'NORMAL' && synchronous !== 'FULL') {
    throw new ConfigError('OFICIO_SQLITE_SYNCHRONOUS', `OFICIO_SQLITE_SYNCHRONOUS must be NORMAL or FULL, not '${env.OFICIO_SQLITE_SYNCHRONOUS}'`);
  }
  const store = (env.STORE || 'sqlite').toLowerCase();
  if (store !== 'sqlite' && store !== 'mongodb') throw new ConfigError('STORE', `STORE must be sqlite or mongodb, not '${env.STORE}'`);
  if (env.MONGODB_URI && !/^mongodb(\+srv)?:\/\//.test(env.MONGODB_URI)) {
    throw new ConfigError('MONGODB_URI', 'MONGODB_URI must be a MongoDB connection string: mongodb://host:27017/oficio?replicaSet=rs0 (or mongodb+srv://…)');
  }
  if (store === 'mongodb' && !env.MONGODB_URI) throw new ConfigError('MONGODB_URI', 'STORE=mongodb needs MONGODB_URI, the connection string of a MongoDB replica set');
  const engine = (env.ENGINE || 'embedded').toLowerCase();
  if (engine !== 'embedded' && engine !== 'camunda') throw new ConfigError('ENGINE', `ENGINE must be embedded or camunda, not '${env.ENGINE}'`);
  const camundaSettings = Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => /^(ZEEBE|CAMUNDA)_/.test(entry[0]) && typeof entry[1] === 'string' && entry[1] !== ''),
  );
  const port = Number(env.PORT || 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError('PORT', `PORT must be a port number, not '${env.PORT}'`);
  const smtpPort = Number(env.OFICIO_SMTP_PORT || 25);
  if (!Number.isInteger(smtpPort) || smtpPort <= 0 || smtpPort > 65535) {
    throw new ConfigError('OFICIO_SMTP_PORT', `OFICIO_SMTP_PORT must be a port number, not '${env.OFICIO_SMTP_PORT}'`);
  }
  const secure = (env.OFICIO_SMTP_SECURE || 'false').toLowerCase();
  if (!/^(1|true|yes|on|0|false|no|off)$/.test(secure)) {
    throw new ConfigError('OFICIO_SMTP_SECURE', `OFICIO_SMTP_SECURE must be true or false, not '${env.OFICIO_SMTP_SECURE}'`);
  }
  if (!!env.OFICIO_SMTP_USER !== !!env.OFICIO_SMTP_PASS) {
    throw new ConfigError(env.OFICIO_SMTP_USER ? 'OFICIO_SMTP_PASS' : 'OFICIO_SMTP_USER', 'OFICIO_SMTP_USER and OFICIO_SMTP_PASS go together: set both or neither');
  }
  const positive = (variable: string, fallback: number, integer = true): number => {
    const raw = env[variable];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value))) {
      throw new ConfigError(variable, `${variable} must be a positive ${integer ? 'whole ' : ''}number, not '${raw}'`);
    }
    return value;
  };
  const identity: IdentityConfig = {
    ...(env.OFICIO_DEMO_PASSWORD ? { demoPassword: env.OFICIO_DEMO_PASSWORD } : {}),
    sessionIdleMinutes: positive('OFICIO_SESSION_IDLE_MINUTES', 30, false),
    sessionAbsoluteHours: positive('OFICIO_SESSION_ABSOLUTE_HOURS', 12, false),
    loginMaxFailures: positive('OFICIO_LOGIN_MAX_FAILURES', 5),
    loginMaxFailuresPerIp: positive('OFICIO_LOGIN_MAX_FAILURES_PER_IP', 50),
    loginWindowMinutes: positive('OFICIO_LOGIN_WINDOW_MINUTES', 15, false),
    loginThrottleSeconds: positive('OFICIO_LOGIN_THROTTLE_SECONDS', 60, false),
    loginThrottleMaxMinutes: positive('OFICIO_LOGIN_THROTTLE_MAX_MINUTES', 15, false),
  };
  const trustProxy = Number(env.OFICIO_TRUST_PROXY || 0);
  if (!Number.isInteger(trustProxy) || trustProxy < 0) throw new ConfigError('OFICIO_TRUST_PROXY', `OFICIO_TRUST_PROXY must be a whole number of proxies, not '${env.OFICIO_TRUST_PROXY}'`);
  return {
    identity,
    secureCookies: /^(1|true|yes|on)$/i.test(env.OFICIO_SECURE_COOKIES ?? ''),
    trustProxy,
    attachmentMaxBytes: positive('OFICIO_ATTACHMENT_MAX_BYTES', 10 * 1024 * 1024),
    quotas: {
      concurrentUploads: positive('OFICIO_QUOTA_CONCURRENT_UPLOADS', DEFAULT_USER_QUOTAS.concurrentUploads),
      uploadsPerHour: positive('OFICIO_QUOTA_UPLOADS_PER_HOUR', DEFAULT_USER_QUOTAS.uploadsPerHour),
      draftsPerMinute: positive('OFICIO_QUOTA_DRAFTS_PER_MINUTE', DEFAULT_USER_QUOTAS.draftsPerMinute),
      startsPerMinute: positive('OFICIO_QUOTA_STARTS_PER_MINUTE', DEFAULT_USER_QUOTAS.startsPerMinute),
    },
    maxJsonBytes: positive('OFICIO_MAX_JSON_BYTES', DEFAULT_REQUEST_LIMITS.maxJsonBytes),
    v2MaxRequestBytes: positive('OFICIO_V2_MAX_REQUEST_BYTES', DEFAULT_REQUEST_LIMITS.v2MaxRequestBytes),
    maxJsonDepth: positive('OFICIO_MAX_JSON_DEPTH', DEFAULT_REQUEST_LIMITS.maxJsonDepth),
    modelMaxBytes: positive('OFICIO_MODEL_MAX_BYTES', 900_000),
    modelCheckSeconds: positive('OFICIO_MODEL_CHECK_SECONDS', 15, false),
    designerDistDir: env.OFICIO_DESIGNER_DIST ? resolve(env.OFICIO_DESIGNER_DIST) : fileURLToPath(new URL('../designer/dist', import.meta.url)),
    live: {
      publicUrl: publicUrlOf(env, port),
      maxStreamsPerUser: positive('OFICIO_EVENTS_MAX_STREAMS_PER_USER', 5),
      maxStreams: positive('OFICIO_EVENTS_MAX_STREAMS', 1000),
      replayEvents: positive('OFICIO_EVENTS_REPLAY', 1000),
      heartbeatSeconds: positive('OFICIO_EVENTS_HEARTBEAT_SECONDS', 25, false),
      camundaPollSeconds: positive('OFICIO_CAMUNDA_TASK_POLL_SECONDS', 5, false),
      mailMaxAttempts: positive('OFICIO_MAIL_MAX_ATTEMPTS', 8),
      mailRetrySeconds: positive('OFICIO_MAIL_RETRY_SECONDS', 30, false),
    },
    mail: {
      host: env.OFICIO_SMTP_HOST || 'localhost',
      port: smtpPort,
      secure: /^(1|true|yes|on)$/.test(secure),
      ...(env.OFICIO_SMTP_USER && env.OFICIO_SMTP_PASS ? { auth: { user: env.OFICIO_SMTP_USER, pass: env.OFICIO_SMTP_PASS } } : {}),
      from: env.OFICIO_MAIL_FROM || 'Mesa de Ayuda <soporte@aguascalientes.gob.mx>',
    },
    dataDir,
    sqlitePath: join(dataDir, 'oficio.sqlite'),
    sqliteSynchronous: synchronous,
    store,
    ...(env.MONGODB_URI ? { mongodbUri: env.MONGODB_URI } : {}),
    ...(env.MONGODB_DB ? { mongodbDb: env.MONGODB_DB } : {}),
    engine,
    camunda: { settings: camundaSettings },
    locale: localeOf(env),
    port,
    ...(env.OFICIO_HOST ? { host: env.OFICIO_HOST } : {}),
    debug: debugOf(env),
    log: logOf(env),
  };
}

/** OFICIO_PUBLIC_URL, checked: an http(s) address without a trailing slash. */
function publicUrlOf(env: NodeJS.ProcessEnv, port: number): string {
  const raw = env.OFICIO_PUBLIC_URL || `http://localhost:${port}`;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError('OFICIO_PUBLIC_URL', `OFICIO_PUBLIC_URL must be an http or https address, not '${raw}'`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ConfigError('OFICIO_PUBLIC_URL', `OFICIO_PUBLIC_URL must be an http or https address, not '${raw}'`);
  return raw.replace(/\/+$/, '');
}

function logOf(env: NodeJS.ProcessEnv): LogConfig {
  const level = (env.OFICIO_LOG_LEVEL || 'info').toLowerCase();
  if (!(LOG_LEVELS as readonly string[]).includes(level)) {
    throw new ConfigError('OFICIO_LOG_LEVEL', `OFICIO_LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, not '${env.OFICIO_LOG_LEVEL}'`);
  }
  const format = (env.OFICIO_LOG_FORMAT || '').toLowerCase();
  if (format !== '' && format !== 'json' && format !== 'pretty') {
    throw new ConfigError('OFICIO_LOG_FORMAT', `OFICIO_LOG_FORMAT must be json or pretty, not '${env.OFICIO_LOG_FORMAT}'`);
  }
  return { level: level as LogLevel, ...(format ? { format: format as LogFormat } : {}) };
}

/** OFICIO_LANG alone: the language to report with even when the rest of the configuration is invalid. */
export function localeOf(env: NodeJS.ProcessEnv = process.env): Locale {
  const lang = (env.OFICIO_LANG || '').toLowerCase();
  return lang.startsWith('en') ? 'en' : 'es';
}

/** OFICIO_DEBUG alone (1/true/yes turn it on), for the same reason as localeOf. */
export function debugOf(env: NodeJS.ProcessEnv = process.env): boolean {
  return /^(1|true|yes|on)$/i.test(env.OFICIO_DEBUG || '');
}
