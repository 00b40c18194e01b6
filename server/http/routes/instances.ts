// Process instances: the filtered list (everything for auditors and admins, one's own for the
// rest), the processes it can be filtered by, one instance in full, and its BPMN diagram.
import { InstanceDetail, InstanceKeyParams, InstancePage, InstanceQuery, ProcessOption, listOf } from '../../../contracts/api/index.js';
import type { User } from '../../core/identity/index.js';
import { instanceDetail, listInstances } from '../../core/instances/index.js';
import { DomainError } from '../../errors.js';
import type { RouteDeps } from '../deps.js';
import { defineRoute } from '../route.js';

/** Refuses (403) unless the user may see the instance. */
export async function ensureVisible(deps: RouteDeps, user: User, processInstanceKey: string) {
  if (!(await deps.instanceAccess.maySee(user, processInstanceKey))) throw new DomainError('forbidden', 'http.instance.notVisible');
}

/** `startedBy` names a user by id or by user name; an unknown name is kept as given (it matches nothing). */
async function userIdOf(deps: RouteDeps, idOrUsername: string): Promise<string> {
  if (idOrUsername.startsWith('usr_')) return idOrUsername;
  return (await deps.identity.findByUsername(idOrUsername))?.id ?? idOrUsername;
}

/** Open incidents per instance, counted only for the rows that say they have some (one engine query each). */
async function withOpenIncidents<T extends { processInstanceKey: string; hasIncident: boolean }>(deps: RouteDeps, items: T[]): Promise<Array<T & { openIncidents?: number }>> {
  return Promise.all(
    items.map(async (item) => {
      if (!item.hasIncident) return item;
      const { items: open } = await deps.engine.searchIncidents({ filter: { processInstanceKey: item.processInstanceKey, state: 'ACTIVE' }, page: { limit: 1000 } });
      return { ...item, openIncidents: open.length };
    }),
  );
}

export const instanceRoutes = [
  defineRoute({
    method: 'get',
    path: '/api/instances',
    summary: 'Instancias de proceso, con filtros / Process instances, filtered',
    tag: 'instances',
    access: 'user',
    query: InstanceQuery,
    response: InstancePage,
    async handler({ query, user, deps }) {
      const { limit, cursor, ...filter } = query;
      const page = await listInstances(
        { engine: deps.engine, access: deps.instanceAccess },
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
    response: listOf(ProcessOption),
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
        items: [...byId.values()].map(({ latest: _latest, versions, ...rest }) => ({ ...rest, versions: versions.sort((a, b) => a - b) })).sort((a, b) => a.name.localeCompare(b.name, 'es')),
      };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/instances/:key',
    summary: 'Una instancia con su historia, variables, incidentes y bitácora / One instance with its history, variables, incidents and audit events',
    tag: 'instances',
    access: 'user',
    params: InstanceKeyParams,
    response: InstanceDetail,
    async handler({ params, user, deps }) {
      await ensureVisible(deps, user!, params.key);
      return instanceDetail({ engine: deps.engine, audit: deps.audit, attachments: deps.attachments }, params.key, deps.now());
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/instances/:key/diagram',
    summary: 'El BPMN de la versión que ejecuta la instancia / The BPMN of the version the instance runs',
    tag: 'instances',
    access: 'user',
    params: InstanceKeyParams,
    async handler({ params, user, deps, res }) {
      await ensureVisible(deps, user!, params.key);
      const instance = await deps.engine.getProcessInstance({ processInstanceKey: params.key });
      const xml = await deps.engine.getProcessDefinitionXml({ processDefinitionKey: instance.processDefinitionKey });
      res.status(200).type('application/xml; charset=utf-8').send(xml);
    },
  }),
];
