// Per-user quotas of the HTTP API (issue 12): how many uploads one user has in progress at once and
// begins per hour, how many task drafts they save and instances they start per minute. Beyond a
// limit the answer is a 429 whose problem type and `limit` name it, with Retry-After. createApp
// builds them once per app, in memory like the public forms' limit — so per process: behind a load
// balancer each instance counts on its own.
//
// Starts and drafts are counted around the use cases themselves (withQuotas), and /api and /v2 are
// given the same counted use cases, so neither API is a way around the other's limit. A process
// that is also open to the public (oficio:publicStart, the citizen's CAS complaint) counts a
// signed-in start against the public form's own limit of the client's address: the limit protects
// the people who attend those complaints, and which route filed one makes no difference to them.
// Refusing signed-in starts instead would break the manual (the help desk files phoned-in
// complaints, DGSTI-P01 A3) and drop who filed them (iniciadoPor).
import type { StartableProcess } from '../core/catalogue/index.js';
import { DomainError } from '../errors.js';
import type { MessageKey } from '../i18n/index.js';
import type { UseCases } from './deps.js';
import { createSlidingWindowLimiter, type RateLimiter, type UserQuotaLimits } from './rate-limit.js';
import { clientKey, PUBLIC_SUBMISSIONS, PUBLIC_WINDOW_MS } from './routes/public.js';

/** The quotas counted in a sliding window. */
export type WindowQuota = 'uploadsPerHour' | 'draftsPerMinute' | 'startsPerMinute';

const WINDOW_MS: Record<WindowQuota, number> = { uploadsPerHour: 60 * 60_000, draftsPerMinute: 60_000, startsPerMinute: 60_000 };

/** Retry-After of a refused concurrent upload: when the others end cannot be known, so a short while. */
const CONCURRENT_UPLOADS_RETRY_SECONDS = 5;

export interface UserQuotas {
  /** Counts one use by `userId`; over the limit, a 429 naming it (a refused use is not counted). */
  take(quota: WindowQuota, userId: string): void;
  /** Holds one of the user's concurrent upload slots until the answer is called; all held, a 429. */
  holdUpload(userId: string): () => void;
}

/** The 429 of a limit: its problem type and `limit` name it; `max` and Retry-After say how much and when. */
export function quotaExceeded(limit: string, messageKey: MessageKey, max: number, retryAfterSeconds: number, params: Record<string, number> = {}): DomainError {
  return new DomainError('rate-limited', messageKey, { max, seconds: retryAfterSeconds, ...params }, { details: { limit, max, retryAfterSeconds } });
}

export function createUserQuotas(limits: UserQuotaLimits, now: () => number): UserQuotas {
  const windows = {} as Record<WindowQuota, RateLimiter>;
  for (const quota of Object.keys(WINDOW_MS) as WindowQuota[]) windows[quota] = createSlidingWindowLimiter({ limit: limits[quota], windowMs: WINDOW_MS[quota], now });
  // Only users with an upload in progress have an entry, so it holds no more than the uploads themselves.
  const uploading = new Map<string, number>();
  return {
    take(quota, userId) {
      const decision = windows[quota].hit(userId);
      if (!decision.allowed) throw quotaExceeded(quota, `http.quota.${quota}`, limits[quota], decision.retryAfterSeconds);
    },
    holdUpload(userId) {
      const held = uploading.get(userId) ?? 0;
      if (held >= limits.concurrentUploads) {
        throw quotaExceeded('concurrentUploads', 'http.quota.concurrentUploads', limits.concurrentUploads, CONCURRENT_UPLOADS_RETRY_SECONDS);
      }
      uploading.set(userId, held + 1);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        const left = (uploading.get(userId) ?? 1) - 1;
        if (left > 0) uploading.set(userId, left);
        else uploading.delete(userId);
      };
    },
  };
}

type Counted = Pick<UseCases, 'catalogue' | 'tasklist'>;

/**
 * The catalogue and the tasklist with their calls counted: every start by a signed-in user against
 * startsPerMinute (valid or not, as the public form counts every submission), a start of a public
 * process against the public form's limit of the address too, every draft saved against
 * draftsPerMinute. Starts through the public form are counted by its route (routes/public.ts).
 */
export function withQuotas({ catalogue, tasklist }: Counted, quotas: UserQuotas, publicSubmissions: RateLimiter): Counted {
  const admitPublic = (process: StartableProcess, key: string) => {
    if (!process.publicStart) return;
    const decision = publicSubmissions.hit(key);
    if (!decision.allowed) {
      throw quotaExceeded('publicStarts', 'http.quota.publicStarts', PUBLIC_SUBMISSIONS, decision.retryAfterSeconds, { minutes: PUBLIC_WINDOW_MS / 60_000 });
    }
  };
  return {
    catalogue: {
      ...catalogue,
      start(processId, data, starter, locale, options = {}) {
        if (starter.kind === 'public') return catalogue.start(processId, data, starter, locale, options);
        quotas.take('startsPerMinute', starter.user.id);
        // The address, as the public form counts it; a caller that gave none is counted as itself.
        const key = starter.ip ? clientKey(starter.ip) : `user:${starter.user.id}`;
        return catalogue.start(processId, data, starter, locale, {
          admit(process) {
            options.admit?.(process);
            admitPublic(process, key);
          },
        });
      },
    },
    tasklist: {
      ...tasklist,
      saveDraft(user, actor, userTaskKey, data) {
        quotas.take('draftsPerMinute', user.id);
        return tasklist.saveDraft(user, actor, userTaskKey, data);
      },
    },
  };
}
