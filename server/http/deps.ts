// What the HTTP app is built from: the use cases createOficio built (server/oficio.ts) and the
// settings of the HTTP side. The routes hold no state of their own; what is the app's own (the rate
// limit of public forms, the users' quotas) is built by createApp, once per app.
import type { Config } from '../config.js';
import type { Oficio } from '../oficio.js';
import type { UserQuotas } from './quotas.js';
import type { RateLimiter, UserQuotaLimits } from './rate-limit.js';

/** The use cases the routes call — the engine port among them — as createOficio built them. */
export type UseCases = Pick<
  Oficio,
  'engine' | 'identity' | 'audit' | 'forms' | 'catalogue' | 'tasklist' | 'instanceAccess' | 'attachments' | 'casework' | 'caseSearch' | 'models' | 'workers' | 'live' | 'now' | 'log'
>;

export interface HttpSettings {
  /** Send the session cookie with Secure (behind HTTPS). */
  secureCookies: boolean;
  /** Express 'trust proxy': how many proxies in front may set X-Forwarded-For. */
  trustProxy: number;
  /** The largest attachment accepted, in bytes. */
  attachmentMaxBytes: number;
  /** Per-user quotas (config.quotas); those left out keep their defaults (rate-limit.ts DEFAULT_USER_QUOTAS). */
  quotas?: Partial<UserQuotaLimits>;
  /** Check every JSON answer against its route's response schema (tests): an answer off the contract is a 500. */
  checkResponses?: boolean;
  /** The largest JSON body of /api, in bytes (default: limits.ts). */
  maxJsonBytes?: number;
  /** The largest body of /v2, a deployment's upload included, in bytes (default: limits.ts). */
  v2MaxRequestBytes?: number;
  /** How deeply a JSON body may nest objects and lists, on /api and /v2 (default: limits.ts). */
  maxJsonDepth?: number;
}

/** The HTTP settings the configuration gives (npm start and anything else serving Oficio as it does). */
export function httpSettingsOf(config: Config): HttpSettings {
  const { secureCookies, trustProxy, attachmentMaxBytes, maxJsonBytes, v2MaxRequestBytes, maxJsonDepth, quotas } = config;
  return { secureCookies, trustProxy, attachmentMaxBytes, maxJsonBytes, v2MaxRequestBytes, maxJsonDepth, quotas };
}

export interface DesignerSettings {
  /** The directory Vite built the designer into: index.html and assets/. */
  distDir: string;
}

export interface AppDeps extends UseCases {
  http: HttpSettings;
  /** The built browser app (designer/dist) served at /; without it the app serves the APIs only. */
  designer?: DesignerSettings;
}

/** What a route handler is given: the app's dependencies and what createApp built for this app. */
export interface RouteDeps extends AppDeps {
  /** Submissions of public forms per client address (server/http/routes/public.ts). */
  publicSubmissions: RateLimiter;
  /** The users' quotas (server/http/quotas.ts); starts and drafts are already counted by the use cases routes are given. */
  quotas: UserQuotas;
}
