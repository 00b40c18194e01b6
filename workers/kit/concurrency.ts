// Optimistic concurrency for the built-in adapters: the store answers a version conflict (another
// writer got there first) and the adapter reads again and retries, as many times as it takes.

/** A store conflict (stale version, duplicate id or unique value), whatever the backend. */
export function isConflict(error: unknown): boolean {
  const e = error as { code?: unknown; name?: unknown } | null;
  return !!e && (e.code === 'STORE_CONFLICT' || e.name === 'ConflictError');
}

/**
 * Runs `attempt` until it succeeds without a conflict. Any other error propagates at once; after
 * `maxAttempts` conflicts in a row the last conflict propagates (the job retries later).
 */
export async function retryOnConflict<R>(attempt: () => Promise<R>, maxAttempts = 500): Promise<R> {
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (error) {
      if (!isConflict(error) || n >= maxAttempts) throw error;
      // A short random pause spreads writers that collided, so the next round mostly succeeds.
      if (n > 3) await new Promise((r) => setTimeout(r, Math.floor(Math.random() * Math.min(20, n))));
    }
  }
}

/** Inserts unless a document with that id already exists; answers the stored one either way. */
export async function insertOnce<T extends object>(collection: import('./records.js').RecordCollection<T>, doc: T & { id: string }): Promise<import('./records.js').StoredRecord<T>> {
  const existing = await collection.get(doc.id);
  if (existing) return existing;
  try {
    return await collection.insert(doc);
  } catch (error) {
    if (!isConflict(error)) throw error;
    const stored = await collection.get(doc.id);
    if (!stored) throw error;
    return stored;
  }
}
