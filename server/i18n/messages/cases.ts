// Texts of cases (server/core/cases): folios, the request's attachments, search. Shared by H2 (folios,
// search) and H3 (case view, notes): each adds its own keys here.
import { defineMessages } from '../define.js';

export const cases = defineMessages({
  'cases.startRefused': {
    es: 'La solicitud no se inició: revise los campos señalados.',
    en: 'The request was not started: check the fields marked.',
  },
  'cases.attachmentNotUsable': {
    es: 'El archivo «{nombre}» no se puede usar: lo subió otra persona, ya pertenece a otra solicitud o pasaron las 24 horas para usarlo. Súbalo de nuevo.',
    en: 'The file "{nombre}" cannot be used: someone else uploaded it, it already belongs to another request, or its 24 hours to be used are over. Upload it again.',
  },
  // H3: the case view (caseView.*) and notes (notes.*).
  'caseView.state.ACTIVE': { es: 'En curso', en: 'In progress' },
  'caseView.state.COMPLETED': { es: 'Concluida', en: 'Completed' },
  'caseView.state.TERMINATED': { es: 'Cancelada', en: 'Cancelled' },
  'caseView.who.system': { es: 'El sistema', en: 'The system' },
  'caseView.who.citizen': { es: 'Un ciudadano', en: 'A citizen' },
  'caseView.timeline.filed': { es: '{who} presentó la solicitud.', en: '{who} filed the request.' },
  'caseView.timeline.filedPublic': { es: '{who} presentó la solicitud por el formulario público.', en: '{who} filed the request through the public form.' },
  'caseView.timeline.started': { es: 'Se inició «{process}».', en: '"{process}" started.' },
  'caseView.timeline.taskCreated': { es: 'Nueva tarea «{task}» para {whom}.', en: 'New task "{task}" for {whom}.' },
  'caseView.timeline.taskOpened': { es: 'Nueva tarea «{task}».', en: 'New task "{task}".' },
  'caseView.timeline.claimed': { es: '{who} tomó «{task}».', en: '{who} took "{task}".' },
  'caseView.timeline.released': { es: '{who} liberó «{task}».', en: '{who} released "{task}".' },
  'caseView.timeline.reassigned': { es: '{who} pasó «{task}» a {to}.', en: '{who} handed "{task}" to {to}.' },
  'caseView.timeline.completed': { es: '{who} completó «{task}».', en: '{who} completed "{task}".' },
  'caseView.timeline.taskCanceled': { es: 'Se canceló la tarea «{task}».', en: 'Task "{task}" was cancelled.' },
  'caseView.timeline.done': { es: 'Se completó «{element}».', en: '"{element}" done.' },
  'caseView.timeline.running': { es: 'En curso: «{element}».', en: 'In progress: "{element}".' },
  'caseView.timeline.waiting': { es: 'En espera de «{element}».', en: 'Waiting for "{element}".' },
  'caseView.timeline.happened': { es: 'Ocurrió «{element}».', en: '"{element}" happened.' },
  'caseView.timeline.canceled': { es: 'Se canceló «{element}».', en: '"{element}" was cancelled.' },
  'caseView.timeline.attachment': { es: '{who} adjuntó «{name}».', en: '{who} attached "{name}".' },
  'caseView.timeline.incident': { es: 'Falla en «{element}»: {problem}.', en: 'Failure in "{element}": {problem}.' },
  'caseView.timeline.incidentRetried': { es: '{who} reintentó «{element}».', en: '{who} retried "{element}".' },
  'caseView.timeline.incidentResolved': { es: '{who} dio por resuelta la falla en «{element}».', en: '{who} marked the failure in "{element}" resolved.' },
  'caseView.timeline.noteInternal': { es: '{who} agregó una nota interna.', en: '{who} added an internal note.' },
  'caseView.timeline.noteReply': { es: '{who} respondió al solicitante.', en: '{who} replied to the requester.' },
  'caseView.timeline.ended': { es: 'La solicitud concluyó: «{element}».', en: 'The request ended: "{element}".' },
  'caseView.timeline.endedPlain': { es: 'La solicitud concluyó.', en: 'The request ended.' },
  'caseView.timeline.cancelled': { es: '{who} canceló la solicitud.', en: '{who} cancelled the request.' },
  'notes.notStaff': {
    es: 'Solo el personal que atiende la solicitud {folio} puede agregar notas.',
    en: 'Only the staff working on request {folio} may add notes.',
  },
  'notes.blank': { es: 'Escriba el texto de la nota.', en: "Write the note's text." },
  'notes.tooLong': { es: 'La nota puede tener hasta {max} caracteres.', en: 'A note may have up to {max} characters.' },
  'notes.noRequesterEmail': {
    es: 'La solicitud {folio} no tiene el correo de quien la presentó: la respuesta no se puede enviar. Deje una nota interna o comuníquese por otro medio.',
    en: 'Request {folio} has no e-mail address of whoever filed it: the reply cannot be sent. Leave an internal note or reach them another way.',
  },
  'notes.reply.subject': { es: 'Respuesta a su solicitud {folio}', en: 'Reply to your request {folio}' },
  'notes.reply.body': {
    es: '{nombre}:\n\n{text}\n\n{author}\n{process}, folio {folio}\n\nPara cualquier aclaración cite el folio {folio}.',
    en: '{nombre}:\n\n{text}\n\n{author}\n{process}, folio {folio}\n\nPlease quote folio {folio} in any follow-up.',
  },
});
