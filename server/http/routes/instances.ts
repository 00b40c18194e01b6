// Process instances: the filtered list (everything for auditors and admins, one's own for the
// rest), the processes it can be filtered by, one instance in full, and its BPMN diagram.
import { z } from 'zod';
import type { User } from '../../core/identity/index.js';
import { createAttachments, type Attachments } from '../../core/attachments/index.js';
import { createInstanceAccess, instanceDetail, listInstances, type InstanceAccess } from '../../core/instances/index.js';
import type { AppDeps } from '../deps.js';
import { HttpProblem } from '../problems.js';
import { defineRoute } from '../route.js';

interface Services {
  access: InstanceAccess;
  attachments: Attachments;
}

const services = new WeakMap<AppDeps, Services>();

/** The instance and attachment use cases of an app, built once from its dependencies. */
export function servicesOf(deps: AppDeps): Services {
  let found = services.get(deps);
  if (!found) {
    found = {
      access: createInstanceAccess({ engine: deps.engine, audit: deps.audit }),
      // The engine's and the audit trail's clocks agree in tests (the manual clock); the system clock otherwise.
      attachments: createAttachments({ store: deps.store, audit: deps.audit }),
    };
    services.set(deps, found);
  }
  return found;
}

/** Throws 403 unless the user may see the instance. */
export async function ensureVisible(deps: AppDeps, user: User, processInstanceKey: string) {
  if (!(await servicesOf(deps).access.maySee(user, processInstanceKey))) throw new HttpProblem(403, 'http.instance.notVisible');
}

export const Key = z.string().regex(/^\d{1,30}$/);
const isoDateTime = z.iso.datetime({ offset: true });
export const Limit = z.coerce.number().int().min(1).max(1000).default(50);
const booleanQuery = z.enum(['true', 'false']).transform((v) => v === 'true');

const InstanceSummary = z.object({
  processInstanceKey: z.string(),
  processDefinitionId: z.string(),
  processDefinitionName: z.string(),
  processDefinitionVersion: z.number(),
  processDefinitionKey: z.string(),
  state: z.enum(['ACTIVE', 'COMPLETED', 'TERMINATED']),
  startDate: z.string(),
  endDate: z.string().optional(),
  hasIncident: z.boolean(),
  iniciadoPor: z.unknown().optional(),
});

/** A list row: the summary plus how many of its incidents are open (only when it has any). */
const InstanceRow = InstanceSummary.extend({ openIncidents: z.number().optional() });

const ProcessOption = z.object({ processDefinitionId: z.string(), name: z.string(), versions: z.array(z.number()) });

/** `startedBy` names a user by id or by user name; an unknown name is kept as given (it matches nothing). */
async function userIdOf(deps: AppDeps, idOrUsername: string): Promise<string> {
  if (idOrUsername.startsWith('usr_')) return idOrUsername;
  return (await deps.identity.findByUsername(idOrUsername))?.id ?? idOrUsername;
}

/** Open incidents per instance, counted only for the rows that say they have some (one engine query each). */
async function withOpenIncidents<T extends { processInstanceKey: string; hasIncident: boolean }>(deps: AppDeps, items: T[]): Promise<Array<T & { openIncidents?: number }>> {
  return Promise.all(
    items.map(async (item) => {
      if (!item.hasIncident) return item;
      const { items: open } = await deps.engine.searchIncidents({ filter: { processInstanceKey: item.processInstanceKey, state: 'ACTIVE' }, page: { limit: 1000 } });
      return { ...item, openIncidents: open.length };
    }),
  );
}

const Who = z.union([z.object({ id: z.string(), name: z.string() }), z.enum(['system', 'anonymous'])]);

const InstanceDetail = z.object({
  instance: InstanceSummary,
  elements: z.array(
    z.object({
      elementInstanceKey: z.string(),
      elementId: z.string(),
      name: z.string(),
      type: z.string(),
      state: z.string(),
      startDate: z.string(),
      endDate: z.string().optional(),
      hasIncident: z.boolean(),
      userTaskKey: z.string().optional(),
      assignee: z.string().optional(),
      completedBy: Who.optional(),
    }),
  ),
  variables: z.array(
    z.object({
      name: z.string(),
      variableKey: z.string(),
      scope: z.string(),
      scopeKey: z.string(),
      value: z.unknown(),
      history: z.array(z.object({ value: z.unknown(), changedAt: z.string(), changedBy: Who.optional() })),
    }),
  ),
  incidents: z.array(z.record(z.string(), z.unknown())),
  attachments: z.array(z.object({ id: z.string(), nombre: z.string(), tipo: z.string(), tamano: z.number(), sha256: z.string() }).loose()),
  audit: z.array(z.record(z.string(), z.unknown())),
  diagram: z.string(),
});

export const instanceRoutes = [
  defineRoute({
    method: 'get',
    path: '/api/instances',
    summary: 'Instancias de proceso, con filtros / Process instances, filtered',
    tag: 'instances',
    access: 'user',
    query: z.object({
      process: z.string().min(1).max(200).optional(),
      state: z.enum(['ACTIVE', 'COMPLETED', 'TERMINATED']).optional(),
      startedFrom: isoDateTime.optional(),
      startedTo: isoDateTime.optional(),
      startedBy: z.string().min(1).max(100).optional(),
      withIncident: booleanQuery.optional(),
      limit: Limit,
      cursor: z.string().min(1).max(2000).optional(),
    }),
    response: z.object({ items: z.array(InstanceRow), nextCursor: z.string().optional() }),
    async handler({ query, user, deps }) {
      const { limit, cursor, ...filter } = query;
      const page = await listInstances(
        { engine: deps.engine, access: servicesOf(deps).access },
        user!,
        {
          ...filter,
          ...(filter.startedFrom ? { startedFrom: new Date(filter.startedFrom).toISOString() } : {}),
          ...(filter.startedTo ? { startedTo: new Date(filter.startedTo).toISOString() } : {}),
          ...(filter.startedBy ? { startedBy: await userIdOf(deps, filter.startedBy) } : {}),
        },
        { limit, ...(cursor ? { cursor } : {}) },
      );
      return { ...page, items: await withOpenIncidents(deps, page.items) };
    },
  }),
  // Before /api/instances/:key, which would take 'processes' for a (malformed) key.
  defineRoute({
    method: 'get',
    path: '/api/instances/processes',
    summary: 'Procesos desplegados, para filtrar instancias / Deployed processes, to filter instances by',
    tag: 'instances',
    access: 'user',
    response: z.object({ items: z.array(ProcessOption) }),
    async handler({ deps }) {
      const { items } = await deps.engine.searchProcessDefinitions({ page: { limit: 10_000 } });
      const byId = new Map<string, { processDefinitionId: string; name: string; versions: number[]; latest: number }>();
      for (const d of items) {
        if (!d.processDefinitionId) continue;
        const version = d.version ?? 0;
        const found = byId.get(d.processDefinitionId) ?? { processDefinitionId: d.processDefinitionId, name: d.name ?? d.processDefinitionId, versions: [], latest: -1 };
        found.versions.push(version);
        // The name of the latest version is the one people know the process by.
        if (version > found.latest) {
          found.latest = version;
          found.name = d.name || d.processDefinitionId;
        }
        byId.set(d.processDefinitionId, found);
      }
      return {
        items: [...byId.values()]
          .map(({ latest: _latest, versions, ...rest }) => ({ ...rest, versions: versions.sort((a, b) => a - b) }))
          .sort((a, b) => a.name.localeCompare(b.name, 'es')),
      };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/instances/:key',
    summary: 'Una instancia con su historia, variables, incidentes y bitácora / One instance with its history, variables, incidents and audit events',
    tag: 'instances',
    access: 'user',
    params: z.object({ key: Key }),
    response: InstanceDetail,
    async handler({ params, user, deps }) {
      await ensureVisible(deps, user!, params.key);
      return instanceDetail({ engine: deps.engine, audit: deps.audit, attachments: servicesOf(deps).attachments }, params.key, deps.now?.() ?? new Date());
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/instances/:key/diagram',
    summary: 'El BPMN de la versión que ejecuta la instancia / The BPMN of the version the instance runs',
    tag: 'instances',
    access: 'user',
    params: z.object({ key: Key }),
    async handler({ params, user, deps, res }) {
      await ensureVisible(deps, user!, params.key);
      const instance = await deps.engine.getProcessInstance({ processInstanceKey: params.key });
      const xml = await deps.engine.getProcessDefinitionXml({ processDefinitionKey: instance.processDefinitionKey });
      res.status(200).type('application/xml; charset=utf-8').send(xml);
    },
  }),
];
