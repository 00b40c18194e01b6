// What the HTTP app is built from: the use cases createOficio built (server/oficio.ts) and the
// settings of the HTTP side. The routes hold no state of their own; what is the app's own (the rate
// limit of public forms) is built by createApp, once per app.
import type { Oficio } from '../oficio.js';
import type { RateLimiter } from './rate-limit.js';

/** The use cases the routes call — the engine port among them — as createOficio built them. */
export type UseCases = Pick<Oficio, 'engine' | 'identity' | 'audit' | 'forms' | 'catalogue' | 'tasklist' | 'instanceAccess' | 'attachments' | 'models' | 'workers' | 'now' | 'log'>;

export interface HttpSettings {
  /** Send the session cookie with Secure (behind HTTPS). */
  secureCookies: boolean;
  /** Express 'trust proxy': how many proxies in front may set X-Forwarded-For. */
  trustProxy: number;
  /** The largest attachment accepted, in bytes. */
  attachmentMaxBytes: number;
  /** Check every JSON answer against its route's response schema (tests): an answer off the contract is a 500. */
  checkResponses?: boolean;
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
}
