// Texts of the audit trail (server/core/audit): why a chain breaks, who acted, the CSV export,
// and its verification over HTTP.
import { defineMessages } from '../define.js';

export const audit = defineMessages({
  'audit.reason.hashMismatch': {
    es: 'su contenido no coincide con su hash (el registro fue modificado)',
    en: 'its content does not match its hash (the row was modified)',
  },
  'audit.reason.sequenceGap': {
    es: 'falta ese número de secuencia o un registro está fuera de lugar (se borraron o movieron registros)',
    en: 'that sequence number is missing or a row is out of place (rows were deleted or moved)',
  },
  'audit.reason.missingEvent': {
    es: 'el registro existe pero ya no contiene un evento (le faltan su secuencia o sus hashes)',
    en: 'the row exists but no longer holds an event (its sequence or hashes are gone)',
  },
  'audit.reason.headMismatch': {
    es: 'la cabeza de la cadena no coincide con el último evento (se borraron eventos del final o se agregaron por fuera)',
    en: 'the head of the chain does not match the last event (events were deleted from the end or added behind its back)',
  },
  'audit.actor.system': { es: 'sistema', en: 'system' },
  'audit.actor.anonymous': { es: 'anónimo', en: 'anonymous' },
  'audit.csv.sequence': { es: 'secuencia', en: 'sequence' },
  'audit.csv.at': { es: 'fecha', en: 'date' },
  'audit.csv.actor': { es: 'actor', en: 'actor' },
  'audit.csv.action': { es: 'acción', en: 'action' },
  'audit.csv.instance': { es: 'instancia', en: 'instance' },
  'audit.csv.task': { es: 'tarea', en: 'task' },
  'audit.csv.subject': { es: 'asunto', en: 'subject' },
  'audit.csv.data': { es: 'datos', en: 'data' },
  'audit.csv.ip': { es: 'ip', en: 'ip' },
  'audit.csv.hash': { es: 'hash', en: 'hash' },
  'audit.verify.intact': { es: 'La bitácora está íntegra ({events} eventos).', en: 'The audit trail is intact ({events} events).' },
  'audit.verify.broken': {
    es: 'La bitácora se rompe en el evento {sequence}: {reason}.',
    en: 'The audit trail breaks at event {sequence}: {reason}.',
  },
  'audit.csv.filename': { es: 'bitacora', en: 'audit-trail' },
  // Completeness (server/core/audit/completeness.ts): what the engine did without its event.
  'audit.completeness.commands': {
    es: '{count} órdenes que el motor ejecutó (inicios, asignaciones, liberaciones y terminaciones de tareas, reintentos de incidentes)',
    en: '{count} commands the engine carried out (starts, task assignments, releases and completions, incident retries)',
  },
  'audit.completeness.completedTasks': {
    es: '{count} tareas terminadas (el motor no dice qué órdenes recibió: solo se comparan sus tareas terminadas)',
    en: '{count} completed tasks (the engine does not say which commands it received: only its completed tasks are compared)',
  },
  'audit.completeness.complete': {
    es: 'La bitácora está completa: cada una de las {scope} tiene su evento, y toda intención registrada fue confirmada o se registró su fallo.',
    en: 'The audit trail is complete: each of the {scope} has its event, and every recorded intent was confirmed or recorded as failed.',
  },
  'audit.completeness.incomplete': {
    es: 'La bitácora está INCOMPLETA: {count} acción(es) sin su evento o intención(es) sin confirmar, revisando {scope}.',
    en: 'The audit trail is INCOMPLETE: {count} action(s) without their event or intent(s) not confirmed, checking {scope}.',
  },
  'audit.gap.instanceStart': {
    es: 'La instancia {instance} se inició por una orden el {at} y no hay evento de su inicio («instance.start»).',
    en: 'Instance {instance} was started by a command on {at} and there is no event of its start ("instance.start").',
  },
  'audit.gap.taskCompletion': {
    es: 'La tarea {task} (instancia {instance}) se terminó el {at} y no hay evento de quién la terminó («task.complete»).',
    en: 'The task {task} (instance {instance}) was completed on {at} and there is no event of who completed it ("task.complete").',
  },
  'audit.gap.taskAssignment': {
    es: 'La tarea {task} (instancia {instance}) se asignó {inEngine} vez/veces en el motor y la bitácora registra {inTrail} toma(s) o reasignación(es).',
    en: 'The task {task} (instance {instance}) was assigned {inEngine} time(s) in the engine and the trail records {inTrail} claim(s) or reassignment(s).',
  },
  'audit.gap.taskUnassignment': {
    es: 'La tarea {task} (instancia {instance}) se liberó {inEngine} vez/veces en el motor y la bitácora registra {inTrail}.',
    en: 'The task {task} (instance {instance}) was released {inEngine} time(s) in the engine and the trail records {inTrail}.',
  },
  'audit.gap.incidentRetry': {
    es: 'El incidente {incident} (instancia {instance}) se resolvió por una orden el {at} y no hay evento de su reintento.',
    en: 'Incident {incident} (instance {instance}) was resolved by a command on {at} and there is no event of its retry.',
  },
  'audit.gap.unconfirmedIntent': {
    es: 'El evento {sequence} ({at}) registra la intención «{action}» {target}, sin confirmar: ningún evento la confirma ni registra su fallo; revise en el motor si ocurrió.',
    en: 'Event {sequence} ({at}) records the intent "{action}" {target}, not confirmed: no event confirms it or records its failure; check in the engine whether it happened.',
  },
  'audit.gap.onTask': { es: 'sobre la tarea {task}', en: 'on task {task}' },
  'audit.gap.onInstance': { es: 'sobre la instancia {instance}', en: 'on instance {instance}' },
  'audit.gap.onSubject': { es: 'sobre {subject}', en: 'on {subject}' },
});
