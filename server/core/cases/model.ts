// A case: what a person calls a request — one process instance as staff and requesters speak of
// it, by its folio (CAS-2026-000045), with who asked, what about, and the references they quote
// on the phone (the help-desk ticket, the kiosk). One document per instance that started a
// request (its id is the process instance key); an instance a call activity started belongs to its
// caller's case and shares its folio. Written in the start's own transaction (folio allocated
// without gaps there), kept up to date as references become known, searched in full text.
import type { Json } from '../../store/port.js';

export const CASES = 'cases';
/** One counter per series and year: the last folio number handed out. */
export const FOLIO_COUNTERS = 'case_folio_counters';
export const CASE_NOTES = 'case_notes';

/** Who filed the request: a user (id, username) or a citizen through a public form (name and e-mail as given). */
export interface CaseRequester {
  id?: string;
  username?: string;
  nombre: string;
  email?: string;
}

export interface CaseDoc {
  /** What people say: `<series>-<year>-<number, 6 digits>`, e.g. CAS-2026-000001. */
  folio: string;
  series: string;
  year: number;
  number: number;
  /** The root instance of the case (this document's id; '' on a folio voided before any instance existed). */
  processInstanceKey: string;
  /**
   * Every instance of the case: the root and the instances its call activities started (multikey
   * index), so a called instance's task finds its case — and its folio — in one indexed query.
   * Oficio always writes it; a document without it is found by its id only.
   */
  instanceKeys?: string[];
  processDefinitionId: string;
  processName: string;
  startedAt: string;
  /** The start form the request was filed with, and its data as filed. */
  formId?: string;
  requester?: CaseRequester;
  /** References people quote: the help-desk (OTRS) ticket number, the kiosk, … */
  ticket?: string;
  kiosk?: string;
  /** One line that says what the request is about (its description, shortened), for lists. */
  summary?: string;
  /** Everything the full-text search finds the case by (folio, ticket, requester, kiosk, description). */
  text: string;
  /** Open while the root instance runs; 'closed' once it ended. */
  state?: 'open' | 'closed';
  /**
   * A folio whose start the engine refused (only where the start cannot share the store's
   * transaction: Camunda). Such a document's id is the folio itself, not an instance key.
   */
  voided?: { at: string; reason: string };
}

/** A note on a case: internal, or a reply mailed to the requester. Never changed after it is written. */
export interface CaseNoteDoc {
  processInstanceKey: string;
  kind: 'internal' | 'reply';
  text: string;
  author: { id: string; name: string };
  at: string;
  /** Its place among the case's notes (1, 2, …): the order they were written in, whatever the clock says. */
  n: number;
  /** A reply: to whom it went and its message in the outbox. */
  reply?: { to: string[]; outboxId: string };
  [key: string]: Json | undefined;
}
