// The audit trail: filtered pages, the CSV export (streamed) and the verification of its chain and
// of its completeness (nothing the engine did on request without its event).
import type { z } from 'zod';
import { AuditCsvQuery, AuditFilter, AuditPage, AuditQuery, ChainCheck } from '../../../contracts/api/index.js';
import { InvalidAuditQueryError, auditReasonKey, type AuditFilter as TrailFilter } from '../../core/audit/index.js';
import { checkAuditCompleteness, describeCompleteness, describeGap } from '../../core/audit/completeness.js';
import { actorOf } from '../../core/identity/index.js';
import { t } from '../../i18n/index.js';
import type { RouteDeps } from '../deps.js';
import { badCursor } from '../problems.js';
import { requestFailed } from '../request-log.js';
import { defineRoute } from '../route.js';

/** The trail keeps actors by id; people filter by the user name they know. An unknown name stays as given and matches nothing. */
async function actorIdOf(deps: RouteDeps, actor: string): Promise<string> {
  if (actor === 'system' || actor === 'anonymous' || actor.startsWith('usr_')) return actor;
  return (await deps.identity.findByUsername(actor))?.id ?? actor;
}

async function filterOf(deps: RouteDeps, query: z.infer<typeof AuditFilter>): Promise<TrailFilter> {
  const actions = query.action
    ?.split(',')
    .map((a) => a.trim())
    .filter(Boolean);
  return {
    ...(query.actor ? { actor: await actorIdOf(deps, query.actor) } : {}),
    ...(actions?.length ? { action: actions.length === 1 ? actions[0]! : actions } : {}),
    ...(query.processInstanceKey ? { processInstanceKey: query.processInstanceKey } : {}),
    ...(query.userTaskKey ? { userTaskKey: query.userTaskKey } : {}),
    ...(query.from ? { from: query.from } : {}),
    ...(query.to ? { to: query.to } : {}),
  };
}

export const auditRoutes = [
  defineRoute({
    method: 'get',
    path: '/api/audit',
    summary: 'Eventos de la bitácora, con filtros / Audit events, filtered',
    tag: 'audit',
    access: 'audit.read',
    query: AuditQuery,
    response: AuditPage,
    async handler({ query, deps }) {
      const filter = await filterOf(deps, query);
      try {
        return await deps.audit.query(filter, { order: query.order, limit: query.limit, ...(query.cursor ? { after: query.cursor } : {}) });
      } catch (error) {
        // The trail names the option it was given ('after'); the caller sent it as `cursor`.
        if (query.cursor && error instanceof InvalidAuditQueryError && error.field === 'after') throw badCursor('cursor', error);
        throw error;
      }
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/audit.csv',
    summary: "La bitácora en CSV (encabezados en el idioma del usuario) / The audit trail as CSV (headers in the user's language)",
    tag: 'audit',
    access: 'audit.read',
    // A download link cannot send Accept-Language: `lang` carries the language the reader chose.
    query: AuditCsvQuery,
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
        requestFailed(deps.log, req, res, error);
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
    summary: "Verifica la cadena de hashes de la bitácora y que esté completa / Verifies the audit trail's hash chain and that it is complete",
    tag: 'audit',
    access: 'audit.read',
    response: ChainCheck,
    async handler({ locale, deps }) {
      const result = await deps.audit.verify();
      const checked = await checkAuditCompleteness(deps);
      const completeness = {
        ...checked,
        gaps: checked.gaps.map((gap) => ({ ...gap, message: describeGap(gap, locale) })),
        message: describeCompleteness(checked, locale),
      };
      if (result.intact) {
        return { intact: true, events: result.events, lastHash: result.lastHash, message: t(locale, 'audit.verify.intact', { events: result.events }), completeness };
      }
      const reason = t(locale, auditReasonKey(result.reason));
      return {
        intact: false,
        completeness,
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
