// Search: one box for what people quote — a folio, a ticket number, a requester's name or e-mail,
// a kiosk, words of the description — answering the cases and open tasks the caller may see.
import { SearchQuery, SearchResults } from '../../../contracts/api/index.js';
import { defineRoute } from '../route.js';

export const searchRoutes = [
  defineRoute({
    method: 'get',
    path: '/api/search',
    summary: 'Busca solicitudes y tareas abiertas por folio, ticket, solicitante, quiosco o palabras / Finds requests and open tasks by folio, ticket, requester, kiosk or words',
    tag: 'search',
    access: 'user',
    query: SearchQuery,
    response: SearchResults,
    async handler({ query, user, deps }) {
      return deps.caseSearch.search(user!, query.q, query.limit);
    },
  }),
];
