// One event stream per browser tab, shared by whatever listens (the header's count and warnings, the
// tasklist): opened with the first listener, closed with the last. EventSource reconnects by itself
// and resumes from the last event it saw; when the server refused it for good (signed out, too many
// tabs), it is opened again after CLOSED_RETRY_MS, and listeners are told to read their lists again.
import { useEffect, useRef } from 'react';
import { EVENTS_PATH, LIVE_EVENT_NAMES, type LiveMessage, type ReloadEvent, type SlaWarning, type TaskEvent } from '../api/live';

/** How long after a refused stream it is tried again. */
export const CLOSED_RETRY_MS = 60_000;

type Listener = (message: LiveMessage) => void;

const listeners = new Set<Listener>();
let source: EventSource | undefined;
let retry: ReturnType<typeof setTimeout> | undefined;
/** The stream was lost for good once: whatever it missed must be read again when it is back. */
let lost = false;

function emit(message: LiveMessage) {
  for (const listener of [...listeners]) {
    try {
      listener(message);
    } catch {
      // One listener's trouble is not the others'.
    }
  }
}

function parse<T>(event: Event): T | undefined {
  try {
    return JSON.parse((event as MessageEvent<string>).data) as T;
  } catch {
    return undefined;
  }
}

function connect() {
  if (typeof EventSource === 'undefined') return;
  const stream = new EventSource(EVENTS_PATH);
  source = stream;
  stream.addEventListener('open', () => {
    if (!lost) return;
    lost = false;
    emit({ kind: 'reload', event: { reason: 'unknown-id' } });
  });
  stream.addEventListener(LIVE_EVENT_NAMES.task, (e) => {
    const event = parse<TaskEvent>(e);
    if (event) emit({ kind: 'task', event });
  });
  stream.addEventListener(LIVE_EVENT_NAMES.slaWarning, (e) => {
    const warning = parse<SlaWarning>(e);
    if (warning) emit({ kind: 'sla-warning', warning });
  });
  stream.addEventListener(LIVE_EVENT_NAMES.reload, (e) => emit({ kind: 'reload', event: parse<ReloadEvent>(e) ?? { reason: 'unknown-id' } }));
  stream.addEventListener('error', () => {
    // CONNECTING: EventSource is coming back by itself. CLOSED: the server said no; try later.
    if (stream.readyState !== EventSource.CLOSED || source !== stream) return;
    source = undefined;
    lost = true;
    retry = setTimeout(() => {
      retry = undefined;
      if (listeners.size > 0 && !source) connect();
    }, CLOSED_RETRY_MS);
  });
}

function disconnect() {
  source?.close();
  source = undefined;
  if (retry) clearTimeout(retry);
  retry = undefined;
}

/** Listens to the stream; answers how to stop. */
export function subscribeLive(listener: Listener): () => void {
  listeners.add(listener);
  if (!source && !retry) connect();
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) disconnect();
  };
}

/** Calls the latest `handler` with every message of the stream while the component is mounted (and `enabled`). */
export function useLiveEvents(handler: Listener, enabled = true): void {
  const latest = useRef(handler);
  latest.current = handler;
  useEffect(() => {
    if (!enabled) return undefined;
    return subscribeLive((message) => latest.current(message));
  }, [enabled]);
}
