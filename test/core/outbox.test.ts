// The mail outbox against a real SMTP server on loopback (the one the workers' tests use): a message
// exists when its transaction commits, is delivered apart from it, in order; with no server it waits
// and says why, retried with backoff up to a bounded number of attempts; a recipient the server
// refuses is given up at once.
import { afterEach, describe, expect, it } from '@jest/globals';
import { createServer } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { createManualClock } from '../../server/engine/embedded/index.js';
import { silentLogger } from '../../server/log.js';
import { createMailDelivery, FIRST_RETRY_MS, openOutbox, type MailDelivery, type OutboxDoc } from '../../server/core/mail/delivery.js';
import { createSqliteStore } from '../../server/store/sqlite/index.js';
import type { Store } from '../../server/store/port.js';
import { createSmtpMailer } from '../../workers/adapters/mail.js';
import { parseMail } from '../mime.js';
import { waitFor } from '../support/wait-for.js';

interface Received {
  to: string[];
  subject: string;
}

/** A port nothing listens on (yet). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

/** An SMTP server on `port` that refuses the recipients `refuse` names with 550. */
async function smtpOn(port: number, received: Received[], refuse: string[] = []) {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onRcptTo(address, _session, callback) {
      if (refuse.includes(address.address)) return callback(Object.assign(new Error('Buzón inexistente'), { responseCode: 550 }));
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), subject: parseMail(Buffer.concat(chunks).toString('utf8')).subject ?? '' });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const message = (subject: string, to = 'ana@aguascalientes.gob.mx') => ({ to: [to], subject, text: `Texto de ${subject}`, origin: { kind: 'task-notification' as const } });

let store: Store;
let delivery: MailDelivery;
let smtp: { close(): Promise<void> } | undefined;

afterEach(async () => {
  await delivery?.stop();
  await smtp?.close();
  smtp = undefined;
  await store?.close();
});

function setUp(port: number, settings: { maxAttempts?: number } = {}) {
  store = createSqliteStore({ path: ':memory:' });
  const clock = createManualClock('2026-03-02T15:00:00.000Z');
  const mailer = createSmtpMailer({ smtp: { host: '127.0.0.1', port, secure: false, ignoreTLS: true }, from: 'Oficio <oficio@aguascalientes.gob.mx>' });
  delivery = createMailDelivery({ store, now: () => new Date(clock.now()), send: (mail) => mailer.send(mail), log: silentLogger(), settings: { ...settings, pollMs: 60_000 } });
  delivery.start();
  return clock;
}

const docs = async () => (await openOutbox(store).find({}, { sort: [{ field: 'createdAt' }] })).items as Array<OutboxDoc & { id: string }>;

describe('the mail outbox', () => {
  it('given no SMTP server, then messages wait with the reason in words, nothing reaches the caller, and once a server answers they go out in order', async () => {
    const port = await freePort();
    const clock = setUp(port);
    // The caller's transaction commits whatever the mail server does.
    await store.transaction(async (tx) => {
      await delivery.enqueue(tx, message('Primero'));
      await delivery.enqueue(tx, message('Segundo'));
    });
    delivery.wake();
    const [first, second] = await waitFor(
      async () => {
        const all = await docs();
        return all[0]?.state === 'failing' ? all : undefined;
      },
      10_000,
      'the first attempt to fail',
    );
    expect(first).toMatchObject({ state: 'failing', attempts: 1, lastError: { reason: 'unavailable', message: expect.stringContaining('el servidor de correo no está disponible') } });
    expect(Date.parse(first!.due!) - clock.now()).toBe(FIRST_RETRY_MS);
    // The server is not there: the others are not tried one by one, they simply wait.
    expect(second).toMatchObject({ state: 'waiting', attempts: 0 });

    const received: Received[] = [];
    smtp = await smtpOn(port, received);
    await clock.advance(FIRST_RETRY_MS);
    delivery.wake();
    await waitFor(() => received.length === 2, 10_000, 'both messages');
    expect(received.map((m) => m.subject)).toEqual(['Primero', 'Segundo']);
    const sent = await waitFor(
      async () => {
        const all = await docs();
        return all.every((d) => d.state === 'sent') ? all : undefined;
      },
      5000,
      'both recorded as sent',
    );
    expect(sent[0]).toMatchObject({ attempts: 2, messageId: expect.any(String), sentAt: expect.any(String) });
    expect(sent[0]!.due).toBeUndefined();
  });

  it('given a recipient the server refuses, then that message is given up at once and the next one is sent', async () => {
    const port = await freePort();
    const received: Received[] = [];
    smtp = await smtpOn(port, received, ['nadie@aguascalientes.gob.mx']);
    setUp(port);
    await store.transaction(async (tx) => {
      await delivery.enqueue(tx, message('A nadie', 'nadie@aguascalientes.gob.mx'));
      await delivery.enqueue(tx, message('A Ana'));
    });
    delivery.wake();
    await waitFor(() => received.length === 1, 10_000, 'the deliverable message');
    expect(received[0]).toEqual({ to: ['ana@aguascalientes.gob.mx'], subject: 'A Ana' });
    const [refused] = await docs();
    expect(refused).toMatchObject({ state: 'failed', attempts: 1, lastError: { reason: 'recipient', message: expect.stringContaining('rechazó el destinatario') } });
    expect(refused!.due).toBeUndefined();
  });

  it('given a server that never answers, then a message is given up after its bounded attempts', async () => {
    const port = await freePort();
    const clock = setUp(port, { maxAttempts: 2 });
    await store.transaction((tx) => delivery.enqueue(tx, message('Sin servidor')));
    delivery.wake();
    await waitFor(async () => (await docs())[0]?.attempts === 1, 10_000, 'the first attempt');
    await clock.advance(FIRST_RETRY_MS);
    delivery.wake();
    const [given] = await waitFor(
      async () => {
        const all = await docs();
        return all[0]?.state === 'failed' ? all : undefined;
      },
      10_000,
      'the message to be given up',
    );
    expect(given).toMatchObject({ attempts: 2, lastError: { reason: 'unavailable' } });
    // Nothing is due any more: it is not tried again.
    await clock.advance('PT2H');
    delivery.wake();
    await delivery.idle();
    expect((await docs())[0]).toMatchObject({ state: 'failed', attempts: 2 });
  });
});
