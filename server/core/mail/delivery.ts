// The outbox's two halves: enqueue() writes a message in the caller's transaction (so it exists
// exactly when the action that sends it committed), and a deliverer sends what waits, oldest first,
// through the `send` function the composition root gives it (server/oficio.ts builds it over the
// SMTP mailer of workers/adapters/mail.ts: core imports no adapter). A failed attempt is retried with
// exponential backoff, a bounded number of times, and the message says why in the mail server's
// words; with no SMTP server reachable messages simply wait (the deliverer pauses for the first
// retry's time rather than fail them one by one), and nobody who enqueued one ever waits for, or fails
// because of, the mail server. Of the messages due, the oldest goes first.
//
// Several processes may deliver from one store (two servers, `oficio workers` beside `npm start`): a
// message is claimed by a versioned update before it is sent, so only one of them sends it. A process
// that dies while sending leaves a claim that lapses after SEND_LEASE_MS, and the message is sent
// again: delivery is at least once.
import { randomBytes } from 'node:crypto';
import type { Logger } from '../../log.js';
import { ConflictError, type Collection, type Store, type Transaction } from '../../store/port.js';
import { OUTBOX, type MailOutbox, type OutboxMessage } from './outbox.js';

/** What the deliverer hands to the mail server: one message, its recipients, subject and text. */
export interface OutgoingMail {
  to: string[];
  subject: string;
  text: string;
}

/**
 * Sends one message; answers the server's message id. A refusal it throws says why in words
 * (`message`) and, as `reason`, whether retrying can help: 'recipient' (the server refuses an
 * address: retrying cannot help), 'unavailable' (no server, or it is busy: later) or anything else.
 */
export type SendMail = (mail: OutgoingMail) => Promise<{ messageId: string }>;

/**
 * Where a message stands: waiting (not tried yet), failing (tried, will be tried again), sending
 * (claimed by a deliverer), sent, or failed (given up: refused for good, or out of attempts).
 */
export type OutboxState = 'waiting' | 'failing' | 'sending' | 'sent' | 'failed';

/** A message as stored in OUTBOX. The admin's page (issue 14) lists these. */
export interface OutboxDoc extends OutboxMessage {
  state: OutboxState;
  createdAt: string;
  /** When a deliverer may take it (next attempt, or the end of a claim); absent once sent or failed. */
  due?: string;
  /** Attempts made so far. */
  attempts: number;
  /** The last refusal: when, what kind, and the mail server's reason in words. */
  lastError?: { at: string; reason: string; message: string };
  sentAt?: string;
  messageId?: string;
}

/** How the deliverer paces itself. Every value has a default (the constants below). */
export interface DeliverySettings {
  /** Attempts before a message is given up as failed (default MAX_ATTEMPTS). */
  maxAttempts?: number;
  /** The wait after the first failure; each further failure doubles it (default FIRST_RETRY_MS). */
  firstRetryMs?: number;
  /** The longest wait between attempts (default MAX_RETRY_MS). */
  maxRetryMs?: number;
  /** How often the deliverer looks for due messages on its own, in real time (default POLL_MS). */
  pollMs?: number;
}

/** Attempts per message: 1 + 7 retries, 30 s, 1, 2, 4, 8, 16, 30 min apart — about an hour of trying. */
export const MAX_ATTEMPTS = 8;
export const FIRST_RETRY_MS = 30_000;
export const MAX_RETRY_MS = 30 * 60_000;
/** Messages enqueued by another process (or whose transaction committed late) are found within this. */
export const POLL_MS = 5_000;
/** A claimed message whose deliverer went silent this long is taken again. */
export const SEND_LEASE_MS = 2 * 60_000;
/** Messages claimed per store query. */
const BATCH = 20;

export interface MailDelivery extends MailOutbox {
  /** Looks for due messages now (after a transaction that enqueued one committed). */
  wake(): void;
  /** Starts delivering: at once, then every pollMs and whenever woken. */
  start(): void;
  /** Stops delivering; resolves when the message being sent, if any, is settled. */
  stop(): Promise<void>;
  /** Resolves when no delivery round is running (tests). */
  idle(): Promise<void>;
}

export interface MailDeliveryDeps {
  store: Store;
  /** The time messages are stamped and due by (the engine's clock). */
  now: () => Date;
  send: SendMail;
  log: Logger;
  settings?: DeliverySettings;
}

export function openOutbox(store: Store): Collection<OutboxDoc> {
  return store.collection<OutboxDoc>(OUTBOX, { indexes: [{ fields: ['due'] }, { fields: ['state', 'createdAt'] }] });
}

export function createMailDelivery(deps: MailDeliveryDeps): MailDelivery {
  const { store, now, send, log } = deps;
  const maxAttempts = deps.settings?.maxAttempts ?? MAX_ATTEMPTS;
  const firstRetryMs = deps.settings?.firstRetryMs ?? FIRST_RETRY_MS;
  const maxRetryMs = deps.settings?.maxRetryMs ?? MAX_RETRY_MS;
  const pollMs = deps.settings?.pollMs ?? POLL_MS;
  const outbox = openOutbox(store);
  const iso = (ms: number) => new Date(ms).toISOString();
  // Ids sort by creation within a process (the time, then a counter), so equal instants keep their order.
  const prefix = randomBytes(3).toString('hex');
  let counter = 0;

  let running = false;
  let stopped = true;
  let again = false;
  let round: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  /** After the server was not there: no message is tried before this instant (they simply wait). */
  let pausedUntil = 0;

  const backoff = (attempts: number) => Math.min(maxRetryMs, firstRetryMs * 2 ** Math.max(0, attempts - 1));

  /** Takes the message for this deliverer; undefined when another one took it first. */
  async function claim(doc: OutboxDoc & { id: string; version: number }) {
    const { id, version, ...fields } = doc;
    try {
      return await outbox.update(id, { ...fields, state: 'sending', due: iso(now().getTime() + SEND_LEASE_MS) }, version);
    } catch (error) {
      if (error instanceof ConflictError) return undefined;
      throw error;
    }
  }

  /** Sends one claimed message and records the outcome; answers false when the server is not there (the round stops). */
  async function deliver(doc: OutboxDoc & { id: string; version: number }): Promise<boolean> {
    const { id, version, ...fields } = doc;
    const attempts = fields.attempts + 1;
    try {
      const { messageId } = await send({ to: fields.to, subject: fields.subject, text: fields.text });
      const { due: _due, ...rest } = fields;
      await outbox.update(id, { ...rest, state: 'sent', attempts, sentAt: iso(now().getTime()), messageId }, version).catch(lostClaim(id));
      return true;
    } catch (error) {
      const reason = String((error as { reason?: unknown })?.reason ?? 'other');
      const message = error instanceof Error ? error.message : String(error);
      const at = now().getTime();
      const lastError = { at: iso(at), reason, message };
      const givenUp = reason === 'recipient' || attempts >= maxAttempts;
      const { due: _due, ...rest } = fields;
      const next: OutboxDoc = givenUp ? { ...rest, state: 'failed', attempts, lastError } : { ...rest, state: 'failing', attempts, lastError, due: iso(at + backoff(attempts)) };
      await outbox.update(id, next, version).catch(lostClaim(id));
      log[givenUp ? 'error' : 'warn']({ outboxId: id, attempts, reason, err: message, origin: fields.origin.kind }, givenUp ? 'mail given up' : 'mail not sent; will retry');
      if (reason !== 'unavailable') return true;
      pausedUntil = at + firstRetryMs;
      return false;
    }
  }

  /** Another deliverer took the message over after our claim lapsed: it sends it; nothing to record. */
  const lostClaim = (id: string) => (error: unknown) => {
    if (!(error instanceof ConflictError)) throw error;
    log.warn({ outboxId: id }, 'mail outcome not recorded: another deliverer took the message over');
  };

  async function runRound() {
    for (;;) {
      if (stopped || now().getTime() < pausedUntil) return;
      // Of the messages due, the oldest first: one that waited for a retry keeps its place.
      const { items } = await outbox.find({ due: { $lte: iso(now().getTime()) } }, { sort: [{ field: 'createdAt' }], limit: BATCH });
      if (items.length === 0) return;
      for (const item of items) {
        if (stopped) return;
        const claimed = await claim(item);
        if (!claimed) continue;
        // The server is not there: the others wait for the next round rather than fail one by one.
        if (!(await deliver(claimed))) return;
      }
      if (items.length < BATCH) return;
    }
  }

  function kick() {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = true;
    round = (async () => {
      try {
        do {
          again = false;
          await runRound();
        } while (again && !stopped);
      } catch (error) {
        // The store failed: the next poll tries again; the messages are where they were.
        log.error({ err: error }, 'mail delivery round failed');
      } finally {
        running = false;
      }
    })();
  }

  return {
    async enqueue(tx: Transaction, message: OutboxMessage) {
      const at = now().getTime();
      const id = `mail_${String(at).padStart(15, '0')}_${prefix}${String(counter++).padStart(8, '0')}`;
      const doc: OutboxDoc = {
        to: [...message.to],
        subject: message.subject,
        text: message.text,
        origin: { ...message.origin },
        state: 'waiting',
        createdAt: iso(at),
        due: iso(at),
        attempts: 0,
      };
      await tx.collection<OutboxDoc>(OUTBOX).insert({ id, ...doc });
      // Most transactions have committed by the time this runs; the poll finds the others.
      if (!stopped) setTimeout(kick, 10).unref();
      return id;
    },
    wake: kick,
    start() {
      if (!stopped) return;
      stopped = false;
      timer = setInterval(kick, pollMs).unref();
      kick();
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      await round;
    },
    idle: () => round,
  };
}
