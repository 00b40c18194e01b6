// The audit trail: filtered pages, the CSV export (streamed) and the verification of its chain.
import { z } from 'zod';
import { auditReasonKey, type AuditFilter } from '../../core/audit/index.js';
import { t } from '../../i18n/index.js';
import type { AppDeps } from '../deps.js';
import { defineRoute } from '../route.js';
import { actorOf } from './auth.js';

const isoDateTime = z.iso.datetime({ offset: true });

const Filters = z.object({
  /** A user id, a user name, 'system' or 'anonymous'. */
  actor: z.string().min(1).max(100).optional(),
  /** One action, or several separated by commas. */
  action: z.string().min(1).max(1000).optional(),
  processInstanceKey: z.string().regex(/^\d{1,30}$/).optional(),
  userTaskKey: z.string().regex(/^\d{1,30}$/).optional(),
  from: isoDateTime.optional(),
  to: isoDateTime.optional(),
});

/** The trail keeps actors by id; people filter by the user name they know. An unknown name stays as given and matches nothing. */
async function actorIdOf(deps: AppDeps, actor: string): Promise<string> {
  if (actor === 'system' || actor === 'anonymous' || actor.startsWith('usr_')) return actor;
  return (await deps.identity.findByUsername(actor))?.id ?? actor;
}

async function filterOf(deps: AppDeps, query: z.infer<typeof Filters>): Promise<AuditFilter> {
  const actions = query.action?.split(',').map((a) => a.trim()).filter(Boolean);
  return {
    ...(query.actor ? { actor: await actorIdOf(deps, query.actor) } : {}),
    ...(actions?.length ? { action: actions.length === 1 ? actions[0]! : actions } : {}),
    ...(query.processInstanceKey ? { processInstanceKey: query.processInstanceKey } : {}),
    ...(query.userTaskKey ? { userTaskKey: query.userTaskKey } : {}),
    ...(query.from ? { from: query.from } : {}),
    ...(query.to ? { to: query.to } : {}),
  };
}

const AuditEventView = z.object({
  sequence: z.number(),
  at: z.string(),
  actor: z.union([z.object({ id: z.string(), name: z.string(), roles: z.array(z.string()).optional() }), z.enum(['system', 'anonymous'])]),
  actorId: z.string(),
  action: z.string(),
  processInstanceKey: z.string().optional(),
  userTaskKey: z.string().optional(),
  subject: z.string().optional(),
  data: z.unknown().optional(),
  ip: z.string().optional(),
  prevHash: z.string(),
  hash: z.string(),
});

export const auditRoutes = [
  defineRoute({
    method: 'get',
    path: '/api/audit',
    summary: 'Eventos de la bitácora, con filtros / Audit events, filtered',
    tag: 'audit',
    access: 'audit.read',
    query: Filters.extend({
      order: z.enum(['asc', 'desc']).default('desc'),
      limit: z.coerce.number().int().min(1).max(1000).default(50),
      cursor: z.string().min(1).max(200).optional(),
    }),
    response: z.object({ items: z.array(AuditEventView), nextCursor: z.string().optional() }),
    async handler({ query, deps }) {
      return deps.audit.query(await filterOf(deps, query), { order: query.order, limit: query.limit, ...(query.cursor ? { after: query.cursor } : {}) });
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/audit.csv',
    summary: 'La bitácora en CSV (encabezados en el idioma del usuario) / The audit trail as CSV (headers in the user\'s language)',
    tag: 'audit',
    access: 'audit.read',
    // A download link cannot send Accept-Language: `lang` carries the language the reader chose.
    query: Filters.extend({ order: z.enum(['asc', 'desc']).default('asc'), lang: z.enum(['es', 'en']).optional() }),
    async handler({ query, user, locale: asked, ip, deps, res, req }) {
      const locale = query.lang ?? asked;
      const filter = await filterOf(deps, query);
      const lines = deps.audit.exportCsv(filter, { locale, order: query.order })[Symbol.asyncIterator]();
      // The first line (BOM and header) is read before answering: a bad filter is still a 400.
      const first = await lines.next();
      await deps.audit.record({ actor: actorOf(user), action: 'audit.export', data: { ...filter, format: 'csv' } as Record<string, string>, ip });
      const stamp = new Date().toISOString().slice(0, 10);
      res.status(200);
      res.setHeader('Content-Type', 'text/csv; charset=utf-8');
      res.setHeader('Content-Disposition', `attachment; filename="${t(locale, 'audit.csv.filename')}-${stamp}.csv"`);
      res.setHeader('Cache-Control', 'no-store');
      let closed = false;
      req.on('close', () => {
        closed = true;
      });
      try {
        if (!first.done) res.write(first.value);
        for (let next = await lines.next(); !next.done && !closed; next = await lines.next()) {
          if (!res.write(next.value)) await new Promise<void>((resolve) => res.once('drain', resolve));
        }
      } catch (error) {
        // Headers are gone: the client sees a cut file; the log says why.
        deps.log?.(`GET /api/audit.csv failed while streaming: ${(error as Error)?.stack ?? String(error)}`);
        res.destroy();
        return;
      } finally {
        await lines.return?.();
      }
      res.end();
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/audit/verify',
    summary: 'Verifica la cadena de hashes de la bitácora / Verifies the audit trail\'s hash chain',
    tag: 'audit',
    access: 'audit.read',
    response: z.object({
      intact: z.boolean(),
      events: z.number(),
      message: z.string(),
      lastHash: z.string().optional(),
      brokenAt: z.number().optional(),
      reason: z.string().optional(),
      reasonCode: z.string().optional(),
      expectedHash: z.string().optional(),
      actualHash: z.string().optional(),
    }),
    async handler({ locale, deps }) {
      const result = await deps.audit.verify();
      if (result.intact) {
        return { intact: true, events: result.events, lastHash: result.lastHash, message: t(locale, 'audit.verify.intact', { events: result.events }) };
      }
      const reason = t(locale, auditReasonKey(result.reason));
      return {
        intact: false,
        // The events verified intact before the break.
        events: Math.max(0, result.brokenAt - 1),
        brokenAt: result.brokenAt,
        reason,
        reasonCode: result.reason,
        expectedHash: result.expectedHash,
        actualHash: result.actualHash,
        message: t(locale, 'audit.verify.broken', { sequence: result.brokenAt, reason }),
      };
    },
  }),
];
