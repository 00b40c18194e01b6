// Audited engine commands: an action and its audit event exist together or not at all. Every use
// case that changes the engine's state on someone's behalf (starting an instance, claiming,
// reassigning, releasing and completing a task, retrying an incident, cancelling, answering a job,
// publishing a message) runs the engine command through `runAudited`:
//
// - On an engine that commits work with its commands (the port's `atomicCommandHooks`: the
//   embedded engine) the event is written inside the command's own store transaction: if the trail
//   refuses it (a value the store cannot index, a full disk) the command is rolled back too.
// - On an engine that cannot (a Camunda cluster shares no transaction with Oficio's store) an
//   intent — `<action>.intent`, with everything the event would hold — is recorded before the call,
//   and after it the event itself naming the intent (`data.intent`: its sequence), or, when the
//   engine refused, `<action>.failed` naming it. When the outcome is unknown (the cluster did not
//   answer) the intent stays unconfirmed: `audit verify` lists it, for the auditor to look in the
//   engine whether it happened.
import { EngineError, type CommandOptions, type EnginePort } from '../../engine/port.js';
import { DomainError } from '../../errors.js';
import type { Json } from '../../store/port.js';
import { InvalidAuditEventError, type AuditEventInput, type AuditTrail } from './index.js';

/** The actions recorded through runAudited: their intents are what `audit verify` looks for. */
export const AUDITED_COMMANDS = [
  'instance.start',
  'instance.cancel',
  'task.claim',
  'task.unclaim',
  'task.reassign',
  'task.complete',
  'incident.retry',
  'incident.resolve',
  'message.publish',
  'message.correlate',
  'job.complete',
  'job.fail',
  'job.error',
  'job.update',
] as const;
export type AuditedCommandAction = (typeof AUDITED_COMMANDS)[number];

/** The intent recorded before calling an engine that cannot commit with the trail. */
export const intentAction = (action: string) => `${action}.intent`;
/** What an intent became when the engine refused the command. */
export const failedAction = (action: string) => `${action}.failed`;

/** What only the engine's answer tells, added to the event: the new instance's key, the message's key. */
export interface AuditOutcome {
  processInstanceKey?: string;
  subject?: string;
  /** Members added to the event's data. */
  data?: Record<string, Json>;
}

/** The event of an audited command: one of AUDITED_COMMANDS, its data (when any) a JSON object. */
export interface AuditedEvent extends AuditEventInput {
  action: AuditedCommandAction;
  data?: Record<string, Json>;
}

export interface AuditedCommandDeps {
  engine: Pick<EnginePort, 'atomicCommandHooks'>;
  audit: Pick<AuditTrail, 'record'>;
}

/**
 * Runs `command` (an engine call given the CommandOptions to pass on) so that it and `event` commit
 * together; `outcome` adds to the event what the command's answer tells. Answers the command's answer.
 */
export type RunAudited = <O, R extends O>(event: AuditedEvent, command: (options: CommandOptions<O>) => Promise<R>, outcome?: (result: O) => AuditOutcome) => Promise<R>;

export function createAuditedCommands({ engine, audit }: AuditedCommandDeps): RunAudited {
  return async function runAudited<O, R extends O>(event: AuditedEvent, command: (options: CommandOptions<O>) => Promise<R>, outcome?: (result: O) => AuditOutcome): Promise<R> {
    // A typo here would hide intents from `audit verify`: only the known actions are run.
    if (!(AUDITED_COMMANDS as readonly string[]).includes(event.action)) throw new InvalidAuditEventError('action', `'${event.action}' is not an audited engine command`);

    if (engine.atomicCommandHooks) {
      let recorded = false;
      const result = await command({
        withinCommand: async (tx, done) => {
          await audit.record(completed(event, outcome?.(done)), tx);
          recorded = true;
        },
      });
      // An engine that promised to run the hook and did not: the action happened, so its event is
      // recorded now rather than lost (`audit verify` would otherwise report it missing).
      if (!recorded) await audit.record(completed(event, outcome?.(result)));
      return result;
    }

    // Recorded first: an intent the trail refuses stops the command before the engine sees it.
    const intent = await audit.record({ ...event, action: intentAction(event.action) });
    let result: R;
    try {
      result = await command({});
    } catch (error) {
      // Only a refusal says the command did not happen; otherwise the intent stays unconfirmed.
      if (refusedByEngine(error)) {
        await audit.record(following(event, failedAction(event.action), { intent: intent.sequence, error: (error as DomainError).problemId })).catch(() => undefined);
      }
      throw error;
    }
    // The command happened: a confirmation the trail cannot take now must not make the caller
    // repeat it (a second instance, a second completion). The intent stays unconfirmed instead,
    // which `audit verify` reports.
    const added = outcome?.(result);
    await audit.record(following({ ...event, ...keysOf(added) }, event.action, { intent: intent.sequence, ...(added?.data ?? {}) })).catch(() => undefined);
    return result;
  };
}

/** The event as the embedded engine commits it: with what the outcome adds. */
function completed(event: AuditedEvent, added: AuditOutcome | undefined): AuditEventInput {
  if (!added) return event;
  return { ...event, ...keysOf(added), ...(added.data ? { data: { ...(event.data ?? {}), ...added.data } } : {}) };
}

function keysOf(added: AuditOutcome | undefined): Pick<AuditEventInput, 'processInstanceKey' | 'subject'> {
  return { ...(added?.processInstanceKey ? { processInstanceKey: added.processInstanceKey } : {}), ...(added?.subject ? { subject: added.subject } : {}) };
}

/** A confirmation or a failure: who, on what — and, instead of the intent's data, which intent. */
function following(event: AuditEventInput, action: string, data: Record<string, Json>): AuditEventInput {
  const { actor, processInstanceKey, userTaskKey, subject, ip } = event;
  return {
    actor,
    action,
    ...(processInstanceKey ? { processInstanceKey } : {}),
    ...(userTaskKey ? { userTaskKey } : {}),
    ...(subject ? { subject } : {}),
    data,
    ...(ip ? { ip } : {}),
  };
}

/** The engine answered no (not found, conflict, invalid …): the command did not happen. */
function refusedByEngine(error: unknown): boolean {
  if (error instanceof EngineError) return error.code !== 'UNAVAILABLE';
  return error instanceof DomainError && error.kind !== 'unavailable' && error.kind !== 'timeout';
}
