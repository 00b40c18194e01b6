// Texts of the live tasklist (server/core/live): its event streams' limits, the e-mail a user asked
// for when a task arrives, and the warning a group's lead gets before a task breaches its SLA.
import { defineMessages } from '../define.js';

export const live = defineMessages({
  'live.tooManyStreams': {
    es: 'Ya tiene {max} pestañas o equipos recibiendo sus tareas en vivo; cierre alguno e intente de nuevo.',
    en: 'You already have {max} tabs or devices receiving your tasks live; close one and try again.',
  },
  'live.serverFull': {
    es: 'El servidor ya atiende el máximo de {max} listas de tareas en vivo; su lista se actualizará al recargarla.',
    en: 'The server already serves its maximum of {max} live tasklists; your list will update when you reload it.',
  },
  'live.mail.taskArrived.subject': { es: 'Nueva tarea: {task}', en: 'New task: {task}' },
  'live.mail.taskArrived.subjectFolio': { es: 'Nueva tarea: {task} — {folio}', en: 'New task: {task} — {folio}' },
  'live.mail.taskArrived.forGroup': { es: 'para su grupo «{group}»', en: 'for your group "{group}"' },
  'live.mail.taskArrived.forYou': { es: 'asignada a usted', en: 'assigned to you' },
  'live.mail.taskArrived.text': {
    es: 'Hola, {name}:\n\nLlegó una tarea {where}: «{task}», del proceso {process}.{folio}\n\nPuede abrirla en Oficio:\n{link}\n\nRecibe este correo porque lo pidió en su lista de tareas; ahí mismo puede dejar de recibirlo.',
    en: 'Hello {name},\n\nA task arrived {where}: "{task}", of the process {process}.{folio}\n\nYou can open it in Oficio:\n{link}\n\nYou receive this e-mail because you asked for it on your tasklist; you can stop it there.',
  },
  'live.mail.folioLine': { es: '\nFolio de la solicitud: {folio}', en: '\nRequest folio: {folio}' },
  'live.mail.slaWarning.subject': { es: 'Por vencer: {task}', en: 'Due soon: {task}' },
  'live.mail.slaWarning.subjectFolio': { es: 'Por vencer: {task} — {folio}', en: 'Due soon: {task} — {folio}' },
  'live.mail.slaWarning.text': {
    es: 'Hola, {name}:\n\nLa tarea «{task}», del proceso {process}, sigue abierta en el grupo «{group}» y vence el {due}.{folio}\n{holder}\n\nPuede abrirla en Oficio:\n{link}\n\nRecibe este aviso como responsable del grupo «{group}».',
    en: 'Hello {name},\n\nThe task "{task}", of the process {process}, is still open in the group "{group}" and is due on {due}.{folio}\n{holder}\n\nYou can open it in Oficio:\n{link}\n\nYou receive this warning as the lead of the group "{group}".',
  },
  'live.mail.slaWarning.heldBy': { es: 'La tiene {assignee}.', en: 'It is held by {assignee}.' },
  'live.mail.slaWarning.unclaimed': { es: 'Nadie la ha tomado todavía.', en: 'Nobody has claimed it yet.' },
});
