// The candidate groups of the manual with their names, for pickers (a user task's groups, filters).
import { GroupList } from '../../../contracts/api/index.js';
import { CANDIDATE_GROUPS } from '../../core/identity/index.js';
import { defineRoute } from '../route.js';

export const groupRoutes = [
  defineRoute({
    method: 'get',
    path: '/api/groups',
    summary: "Los grupos candidatos del manual / The manual's candidate groups",
    tag: 'groups',
    access: 'user',
    response: GroupList,
    async handler() {
      return { items: CANDIDATE_GROUPS.map(({ id, name }) => ({ id, name: { ...name } })) };
    },
  }),
];
