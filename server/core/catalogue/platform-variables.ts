// The process variables the platform owns: Oficio itself sets them — the catalogue, the workers,
// the help desk's model — and the models, the SLAs and instance access trust them. Nobody may send
// one: a start or a task completion that names one is refused (400 naming it) on /api and /v2, for
// every role, operators included; a designed form may not declare one as a field. Job workers,
// which are the platform, still set them when they complete their jobs.
import { DomainError } from '../../errors.js';

/** Each variable the platform owns, and why nobody else may set it. */
export const PLATFORM_VARIABLES: ReadonlyMap<string, string> = new Map([
  ['iniciadoPor', 'who started the instance, set by the catalogue from the session: who may see the instance follows from it'],
  ['folio', 'the folio of the request (CAS-2026-000045), numbered without gaps when the instance starts (server/core/cases): what people quote, what e-mails say'],
  ['ticket', 'the help-desk ticket ticket.register opens (DGSTI-P01 A1): a procedure started with one skips registering its own and the help desk dispatch (A2)'],
  ['ticketCerrado', "ticket.close's record of the closed ticket (A10, Control de atención a usuarios)"],
  [
    'origen',
    '"mesa-ayuda" when the help desk called the procedure (PR03 then leaves the satisfaction survey to the help desk); "dgpt-p01-desarrollo-si" when the DGPT project called A2 (its requester\'s tasks go to the starter)',
  ],
  ['fechaCompromiso', "the due date the help desk gives a called procedure (the activity's time in the process table): its SLA"],
  ['recibidaEn', "when a DGPT project request was received (a script task sets it): its tasks' due dates count from it"],
  ['quejaRecibidaEn', 'when a CAS complaint was received (a script task sets it): its 1-hour SLA and escalation timer count from it'],
  ['reasignaciones', "PR03's record of who handed a report to whom and why (3.b), kept by its script task"],
]);

/** Whether `name` is a variable the platform owns. */
export const isPlatformVariable = (name: string): boolean => PLATFORM_VARIABLES.has(name);

/** A start or a completion named variables the platform owns: each is a field of the refusal. */
export class PlatformVariableError extends DomainError {
  constructor(readonly names: string[]) {
    super(
      'invalid',
      'catalogue.platformVariables',
      { names: names.join(', ') },
      {
        fields: names.map((name) => ({ field: name, messageKey: 'catalogue.platformVariable', params: { name }, code: 'platform_variable' })),
        message: `variables owned by the platform: ${names.join(', ')}`,
      },
    );
    this.name = 'PlatformVariableError';
  }
}

/** Refuses `variables` (a form's data, a start's or a completion's variables) when it names a variable the platform owns. */
export function refusePlatformVariables(variables: Record<string, unknown> | null | undefined): void {
  const named = Object.keys(variables ?? {}).filter(isPlatformVariable);
  if (named.length) throw new PlatformVariableError(named);
}
