// What the HTTP app is built from; only the composition root (server/main.ts) and tests make one.
import type { EnginePort } from '../engine/port.js';
import type { Store } from '../store/port.js';
import type { Identity } from '../core/identity/index.js';
import type { AuditTrail } from '../core/audit/index.js';
import type { FormRegistry } from '../core/forms/index.js';

export interface HttpSettings {
  /** Send the session cookie with Secure (behind HTTPS). */
  secureCookies: boolean;
  /** Express 'trust proxy': how many proxies in front may set X-Forwarded-For. */
  trustProxy: number;
}

export interface AppDeps {
  engine: EnginePort;
  store: Store;
  identity: Identity;
  audit: AuditTrail;
  http: HttpSettings;
  log?: (message: string) => void;
  /** The clock of SLAs and rate limits (the engine's manual clock in tests); the system clock when absent. */
  now?: () => Date;
  /** Upload limits of attachments (server/core/attachments); defaults when absent. */
  attachments?: { maxBytes?: number };
  /**
   * The forms: forms/ plus the forms designed in the browser (server/core/forms). When absent, the
   * app builds its own from deps.store and forms/ — each app its own, as tests need.
   */
  forms?: FormRegistry;
  /** The ids of the forms a model may name, overriding the registry's (tests). */
  formIds?: () => ReadonlySet<string>;
  /** The job types the workers/ registry runs; read from the registry when absent. */
  workerTypes?: () => ReadonlySet<string>;
  /** The built browser app (designer/dist) served at /; without it the app serves the API only. */
  designer?: DesignerSettings;
}

export interface DesignerSettings {
  /** The directory Vite built the designer into: index.html and assets/. */
  distDir: string;
}
