// The live tasklist's calls (server/http/routes/events.ts): the event stream of the tasks the user
// may see and of the SLA warnings meant for them (GET /api/events, read with EventSource), the
// warnings still open, and the user's e-mail opt-in. Types from the contract (contracts/api/events.ts).
import type { PreferencesBody, PreferencesView, ReloadEvent, SlaWarning, SlaWarningList, TaskEvent } from '../../../contracts/api/index.js';
import { api } from './client';

export type { PreferencesView, ReloadEvent, SlaWarning, TaskChange, TaskEvent } from '../../../contracts/api/index.js';

/** The stream's address; EventSource sends the session cookie (same origin) and reconnects by itself. */
export const EVENTS_PATH = '/api/events';

/** The `event:` names (contracts/api/events.ts; values of their own, so zod stays out of the bundle). */
export const LIVE_EVENT_NAMES = { task: 'task', slaWarning: 'sla-warning', reload: 'reload' } as const;

export type LiveMessage = { kind: 'task'; event: TaskEvent } | { kind: 'sla-warning'; warning: SlaWarning } | { kind: 'reload'; event: ReloadEvent };

export const liveApi = {
  preferences: () => api.get<PreferencesView>('/api/me/preferences'),
  savePreferences: (body: PreferencesBody) => api.put<PreferencesView>('/api/me/preferences', body),
  slaWarnings: async () => (await api.get<SlaWarningList>('/api/me/sla-warnings')).items,
};
