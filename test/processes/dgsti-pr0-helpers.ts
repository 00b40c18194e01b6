// Shared givens of the DGSTI-P01 PR02–PR08 scenario tests.
import type { ProcessHarness } from './harness.js';
import { decodeMail, settled } from './harness.js';
import { loadForms } from '../../forms/index.js';
import type { UserTaskResult, Variables } from '../../server/engine/port.js';
import { waitFor } from '../support/wait-for.js';

export const solicitante = {
  nombre: 'Laura Méndez Ruiz',
  correo: 'laura.mendez@aguascalientes.gob.mx',
  dependencia: 'Secretaría de Finanzas',
  area: 'Dirección de Sistemas',
  telefono: '4499102000',
  extension: '1234',
};

export const adjunto = (nombre: string) => ({ id: `adj-${nombre}`, nombre, tipo: 'application/octet-stream', tamano: 1024 });

/** The help desk's dispatch (DGSTI-P01 A2): the form's first valid example. */
export const canalizacion = loadForms().get('dgsti-p01-canalizar-solicitud')!.examples.valid[0]!;

/**
 * Starts a procedure on its own. A request filed directly registers its ticket and then waits for
 * the help desk's "Canalizar solicitud" (A2); unless `canalizar` is false, that task is completed
 * with the form's valid example, so the test goes on from the procedure's own first step.
 */
export async function start(h: ProcessHarness, processDefinitionId: string, variables: Record<string, unknown>, { canalizar = true } = {}): Promise<string> {
  const { processInstanceKey } = await h.engine.createProcessInstance({ processDefinitionId, variables });
  await h.engine.idle();
  if (canalizar) await dispatch(h, processInstanceKey);
  return processInstanceKey;
}

/**
 * Completes the help desk's "Canalizar solicitud" when the instance reaches it; returns the task, or
 * undefined when the instance does not pass through it (called with a ticket, refused before the ticket).
 */
export async function dispatch(h: ProcessHarness, processInstanceKey: string, variables: Variables = canalizacion, timeoutMs = 5000): Promise<UserTaskResult | undefined> {
  const activeElements = async () => (await h.engine.searchElementInstances({ filter: { processInstanceKey, state: 'ACTIVE' } })).items.map((e) => e.elementId);
  const { task } = await waitFor(
    async () => {
      await h.engine.idle();
      const { items } = await h.engine.searchUserTasks({ filter: { processInstanceKey, elementId: 'canalizar-solicitud', state: 'CREATED' } });
      const open = items[0] as (UserTaskResult & { userTaskKey: string }) | undefined;
      if (open) return { task: open };
      // ticket.register runs in a worker: while it is active the task may still come.
      const active = await activeElements();
      return active.some((id) => id === 'registrar-ticket' || id === 'tiene-ticket') ? undefined : { task: undefined };
    },
    timeoutMs,
    `instance ${processInstanceKey} to reach 'canalizar-solicitud'`,
    { explain: async () => `active: ${(await activeElements()).join(', ')}` },
  );
  if (!task) return undefined;
  await h.engine.completeUserTask({ userTaskKey: task.userTaskKey, variables });
  await h.engine.idle();
  return task;
}

/** The mails (decoded subject + body text) sent to an address. */
export function mailsTo(h: ProcessHarness, address: string): string[] {
  return h.mails.filter((m) => m.to.includes(address)).map((m) => decodeMail(m.raw));
}

export { settled };
