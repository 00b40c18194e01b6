// The search box's call (GET /api/search): cases and open tasks by folio, ticket, requester, kiosk
// or words of the request, within what the user may see. Types from the contract (contracts/api/search.ts).
import type { SearchQuery, SearchResults } from '../../../contracts/api/index.js';
import { api } from './client';

export type { CaseHit, SearchQuery, SearchResults } from '../../../contracts/api/index.js';

/** The longest query the server accepts (contracts/api/search.ts SEARCH_QUERY_MAX). */
export const SEARCH_QUERY_MAX = 200;

export const searchApi = {
  search: (query: SearchQuery) => api.get<SearchResults>('/api/search', { ...query }),
};
