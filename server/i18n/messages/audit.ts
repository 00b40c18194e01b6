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
});
