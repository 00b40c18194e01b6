// The audit trail: its events, the filters it is read with, and the verification of its chain.
import { z } from 'zod';
import { IsoDateTime } from './common.js';

export const AuditActor = z.union([z.object({ id: z.string(), name: z.string(), roles: z.array(z.string()).optional() }), z.enum(['system', 'anonymous'])]);
export type AuditActor = z.infer<typeof AuditActor>;

export const AuditEvent = z.object({
  sequence: z.number(),
  at: z.string(),
  actor: AuditActor,
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
export type AuditEvent = z.infer<typeof AuditEvent>;

export const AuditFilter = z.object({
  /** A user id, a user name, 'system' or 'anonymous'. */
  actor: z.string().min(1).max(100).optional(),
  /** One action, or several separated by commas. */
  action: z.string().min(1).max(1000).optional(),
  processInstanceKey: z
    .string()
    .regex(/^\d{1,30}$/)
    .optional(),
  userTaskKey: z
    .string()
    .regex(/^\d{1,30}$/)
    .optional(),
  from: IsoDateTime.optional(),
  to: IsoDateTime.optional(),
});
export type AuditFilter = z.input<typeof AuditFilter>;

export const AuditQuery = AuditFilter.extend({
  order: z.enum(['asc', 'desc']).default('desc'),
  limit: z.coerce.number<number | string>().int().min(1).max(1000).default(50),
  cursor: z.string().min(1).max(200).optional(),
});
export type AuditQuery = z.input<typeof AuditQuery>;

/** The CSV export: a download link cannot send Accept-Language, so `lang` carries the reader's language. */
export const AuditCsvQuery = AuditFilter.extend({ order: z.enum(['asc', 'desc']).default('asc'), lang: z.enum(['es', 'en']).optional() });

export const AuditPage = z.object({ items: z.array(AuditEvent), nextCursor: z.string().optional() });

/** Something the engine did that lacks its event, or an intent no event confirmed; `message` says which in the reader's language. */
export const AuditGap = z.object({
  kind: z.enum(['instanceStart', 'taskCompletion', 'taskAssignment', 'taskUnassignment', 'incidentRetry', 'unconfirmedIntent']),
  message: z.string(),
  processInstanceKey: z.string().optional(),
  userTaskKey: z.string().optional(),
  incidentKey: z.string().optional(),
  /** The intent's event. */
  sequence: z.number().optional(),
  /** The action the intent announced. */
  action: z.string().optional(),
  at: z.string().optional(),
  /** How many assignments (or releases) the engine made, and the trail records. */
  inEngine: z.number().optional(),
  inTrail: z.number().optional(),
});
export type AuditGap = z.infer<typeof AuditGap>;

/** Whether every command the engine carried out has its event (server/core/audit/completeness.ts). */
export const AuditCompleteness = z.object({
  complete: z.boolean(),
  /** What the engine did that was compared with the trail. */
  checked: z.number(),
  /** Whether the engine tells the commands it carried out (embedded); otherwise only completed tasks are compared. */
  engineHistory: z.boolean(),
  intents: z.number(),
  /** The first gaps (at most 100); `gapCount` counts them all. */
  gaps: z.array(AuditGap),
  gapCount: z.number(),
  message: z.string(),
});
export type AuditCompleteness = z.infer<typeof AuditCompleteness>;

/** Whether the hash chain is intact, and where and why it breaks when it is not; and whether the trail is complete. */
export const ChainCheck = z.discriminatedUnion('intact', [
  z.object({ intact: z.literal(true), events: z.number(), message: z.string(), lastHash: z.string().optional(), completeness: AuditCompleteness }),
  z.object({
    intact: z.literal(false),
    completeness: AuditCompleteness,
    /** The events verified intact before the break. */
    events: z.number(),
    message: z.string(),
    brokenAt: z.number(),
    reason: z.string(),
    reasonCode: z.string().optional(),
    expectedHash: z.string().optional(),
    actualHash: z.string().optional(),
  }),
]);
export type ChainCheck = z.infer<typeof ChainCheck>;
