// The live tasklist over HTTP: GET /api/events, a server-sent event stream of the tasks the signed-in
// user may see and of the SLA warnings meant for them (server/core/live), which EventSource reconnects
// and resumes by itself (`retry:`, `id:`, Last-Event-ID); and the user's own choices: GET/PUT
// /api/me/preferences (the e-mail opt-in), GET /api/me/sla-warnings.
//
// A stream ends when its session does (signed out, expired, the user deactivated: checked at every
// heartbeat, at once on sign-out), when the server stops, or when its client stops reading (more than
// MAX_BUFFERED_BYTES waiting): EventSource then comes back and resumes.
import { PreferencesBody, PreferencesView, SlaWarningList } from '../../../contracts/api/index.js';
import type { LiveEvent } from '../../core/live/index.js';
import { actorOf } from '../../core/identity/index.js';
import { defineRoute } from '../route.js';
import { streamOpened } from '../request-log.js';

/** How long EventSource waits before it reconnects (the `retry:` field). */
export const EVENT_STREAM_RETRY_MS = 3_000;
/** Unsent bytes a stream may pile up for a client that does not read; past this it is closed (the client comes back and resumes). */
export const MAX_BUFFERED_BYTES = 1024 * 1024;

/** One event in the text/event-stream format: id, name, one JSON line of data. */
const frame = ({ id, event, data }: LiveEvent) => `id: ${id}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`;

export const eventRoutes = [
  defineRoute({
    method: 'get',
    path: '/api/events',
    summary:
      'Sus tareas en vivo: flujo text/event-stream de eventos task, sla-warning y reload (reanudable con Last-Event-ID) / Your tasks live: a text/event-stream of task, sla-warning and reload events (resumable with Last-Event-ID)',
    tag: 'events',
    access: 'user',
    async handler({ user, sessionId, req, res, deps }) {
      const lastEventId = req.get('last-event-id') || undefined;
      const timers: { heartbeat?: NodeJS.Timeout } = {};
      let finish: () => void = () => undefined;
      const ended = new Promise<void>((resolve) => {
        finish = resolve;
      });
      const end = () => {
        clearInterval(timers.heartbeat);
        if (!res.writableEnded) res.end();
        finish();
      };
      // What the stream sends before its headers are out (the events a resuming client missed) waits for them.
      let held: string[] | undefined = [];
      const write = (text: string) => {
        if (held) {
          held.push(text);
          return;
        }
        if (res.writableEnded || res.destroyed) return;
        res.write(text);
        if (res.writableLength > MAX_BUFFERED_BYTES) end();
      };
      // Refused (too many streams) before anything is sent: an ordinary problem answer.
      const stream = deps.live.events.open({
        user: user!,
        sessionId: sessionId!,
        lastEventId,
        send: (event) => write(frame(event)),
        end,
      });
      // Whatever happens next, a stream that is over stops being sent to.
      res.on('close', () => {
        stream.close();
        end();
      });
      if (res.destroyed) {
        stream.close();
        return;
      }
      res.status(200);
      res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
      res.setHeader('Cache-Control', 'no-cache, no-transform');
      // A proxy in front (nginx) would otherwise hold the events back.
      res.setHeader('X-Accel-Buffering', 'no');
      res.flushHeaders();
      streamOpened(deps.log, req, res);
      res.write(`retry: ${EVENT_STREAM_RETRY_MS}\n\n`);
      const missed = held;
      held = undefined;
      for (const text of missed) write(text);
      timers.heartbeat = setInterval(() => {
        write(': latido\n\n');
        deps.identity
          .peekSession(sessionId!)
          .then((current) => {
            if (!current) {
              stream.close();
              end();
            } else stream.setUser(current.user);
          })
          .catch((error: unknown) => deps.log.warn({ err: error }, 'an event stream could not check its session'));
      }, deps.live.events.heartbeatMs);
      timers.heartbeat.unref();
      await ended;
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/me/preferences',
    summary: 'Sus preferencias de aviso por correo / Your e-mail notification preferences',
    tag: 'events',
    access: 'user',
    response: PreferencesView,
    async handler({ user, deps }) {
      return deps.live.preferences.get(user!);
    },
  }),
  defineRoute({
    method: 'put',
    path: '/api/me/preferences',
    summary: 'Guarda sus preferencias de aviso por correo / Saves your e-mail notification preferences',
    tag: 'events',
    access: 'user',
    body: PreferencesBody,
    response: PreferencesView,
    async handler({ user, body, deps }) {
      return deps.live.preferences.set(user!, actorOf(user), body);
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/me/sla-warnings',
    summary: 'Tareas abiertas por vencer de los grupos que usted coordina / Open tasks about to breach in the groups you lead',
    tag: 'events',
    access: 'user',
    response: SlaWarningList,
    async handler({ user, deps }) {
      return { items: await deps.live.slaWarnings.forLead(user!) };
    },
  }),
];
