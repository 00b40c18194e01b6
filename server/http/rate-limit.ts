// A small in-memory sliding-window rate limiter, per key (a client IP): at most `limit` hits in any
// window of `windowMs`. Each key keeps the times of its hits inside the window (at most `limit` of
// them), so a key costs O(limit) memory and a check O(limit) time; keys whose hits have all left
// the window are swept every `sweepEvery` checks, and beyond `maxKeys` the least recently seen keys
// are dropped (a flood of distinct addresses cannot grow memory without bound). It is per process:
// behind a load balancer each instance limits on its own. Refused hits are not counted, so a
// client that waits for Retry-After gets in.
/**
 * The per-user limits of the HTTP API (server/http/quotas.ts), as server/config.ts reads them from
 * the environment and as an app falls back to when they are not given. Each is counted in memory
 * by each process, like the public forms' limit: behind a load balancer every instance counts its own.
 */
export interface UserQuotaLimits {
  /** OFICIO_QUOTA_CONCURRENT_UPLOADS — uploads one user may have in progress at once (default 4). */
  concurrentUploads: number;
  /** OFICIO_QUOTA_UPLOADS_PER_HOUR — uploads one user may begin in any hour (default 60). */
  uploadsPerHour: number;
  /** OFICIO_QUOTA_DRAFTS_PER_MINUTE — task drafts one user may save in any minute (default 30). */
  draftsPerMinute: number;
  /** OFICIO_QUOTA_STARTS_PER_MINUTE — instances one user may start through the catalogue (/api and /v2) in any minute (default 30). */
  startsPerMinute: number;
}

export const DEFAULT_USER_QUOTAS: UserQuotaLimits = {
  // A start form's attachment fields upload one file each as it is chosen; four at once is plenty.
  concurrentUploads: 4,
  uploadsPerHour: 60,
  draftsPerMinute: 30,
  startsPerMinute: 30,
};

export interface RateLimitDecision {
  allowed: boolean;
  /** Hits left in the current window after this one. */
  remaining: number;
  /** When refused: whole seconds until the oldest hit leaves the window. */
  retryAfterSeconds: number;
}

export interface SlidingWindowOptions {
  limit: number;
  windowMs: number;
  /** The clock; Date.now by default. */
  now?: () => number;
  maxKeys?: number;
  sweepEvery?: number;
}

export interface RateLimiter {
  hit(key: string): RateLimitDecision;
  /** Keys currently tracked (for tests and metrics). */
  readonly size: number;
}

export function createSlidingWindowLimiter(options: SlidingWindowOptions): RateLimiter {
  const { limit, windowMs } = options;
  const now = options.now ?? Date.now;
  const maxKeys = options.maxKeys ?? 10_000;
  const sweepEvery = options.sweepEvery ?? 1_000;
  // Map iteration follows insertion order; a key is re-inserted on every hit, so the first keys are the least recently seen.
  const hits = new Map<string, number[]>();
  let checks = 0;

  function sweep(at: number) {
    for (const [key, times] of hits) if (!times.length || times[times.length - 1]! <= at - windowMs) hits.delete(key);
    for (const key of hits.keys()) {
      if (hits.size <= maxKeys) break;
      hits.delete(key);
    }
  }

  return {
    hit(key) {
      const at = now();
      if (++checks % sweepEvery === 0 || hits.size > maxKeys) sweep(at);
      const times = (hits.get(key) ?? []).filter((t) => t > at - windowMs);
      hits.delete(key);
      if (times.length >= limit) {
        hits.set(key, times);
        return { allowed: false, remaining: 0, retryAfterSeconds: Math.max(1, Math.ceil((times[0]! + windowMs - at) / 1000)) };
      }
      times.push(at);
      hits.set(key, times);
      return { allowed: true, remaining: limit - times.length, retryAfterSeconds: 0 };
    },
    get size() {
      return hits.size;
    },
  };
}
