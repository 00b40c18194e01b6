// Search: one box that finds cases (process instances that started a request) and open tasks by
// what people quote — folio, help-desk ticket number, requester's name or e-mail, kiosk, words of
// the description — within what the caller may see in the instance list and the tasklist.
import { z } from 'zod';
import { Folio } from './processes.js';
import { TaskItem } from './tasks.js';

/** The longest query accepted (characters, after trimming): a folio, a name, a few words (the store's full-text limit). */
export const SEARCH_QUERY_MAX = 200;
/** The most words a query may hold (the store's full-text limit). */
export const SEARCH_QUERY_MAX_WORDS = 10;
/** Results of each kind at most (default 20). */
export const SEARCH_LIMIT_MAX = 50;

export const SearchQuery = z.object({
  /** Words to find; every word must match (accents and case ignored, the last word as a prefix). */
  q: z
    .string()
    .trim()
    .min(1)
    .max(SEARCH_QUERY_MAX)
    .refine((q) => q.split(/\s+/).length <= SEARCH_QUERY_MAX_WORDS, { message: `at most ${SEARCH_QUERY_MAX_WORDS} words` }),
  limit: z.coerce.number<number | string>().int().min(1).max(SEARCH_LIMIT_MAX).default(20),
});
export type SearchQuery = z.input<typeof SearchQuery>;

/** A case found: its folio, what process, who asked and what about, the references it is known by. */
export const CaseHit = z.object({
  folio: Folio,
  /** The instance to open (the instance page's link; operators quote it): the case's root, or a called instance of it the caller may see when the root is not. */
  processInstanceKey: z.string(),
  processDefinitionId: z.string(),
  processName: z.string(),
  startedAt: z.string(),
  /** 'open' while the request runs, 'closed' once it ended. */
  state: z.enum(['open', 'closed']),
  /** The requester's name as filed (a user's name, or the citizen's). */
  requester: z.string().optional(),
  summary: z.string().optional(),
  ticket: z.string().optional(),
  kiosk: z.string().optional(),
});
export type CaseHit = z.infer<typeof CaseHit>;

/** Newest first; `tasks` are open tasks (TaskItem carries their folio and case summary). */
export const SearchResults = z.object({ instances: z.array(CaseHit), tasks: z.array(TaskItem) });
export type SearchResults = z.infer<typeof SearchResults>;
