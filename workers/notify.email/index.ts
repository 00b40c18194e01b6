// E-mail to people outside the engine (PR01 3.c negativa, A10 servicio atendido, PR07 3.c): a
// template from the catalogue filled with the process's data, sent over SMTP. Each job sends once:
// a retry after the mail went out answers what was sent (the sent log is keyed by the job). The
// signature is the sending area's (catalogue `firmas`): task header `firma`, else the template's.
import { z } from 'zod';
import { bpmnError, complete, defineWorker, failure, incident, insertOnce } from '../kit/index.js';
import { MailDeliveryError } from '../adapters/mail.js';
import { catalogue, DEFAULT_FIRMA, firmas as firmasById, MISSING } from './catalogue.js';
import type { Bilingual, Locale } from '../../contracts/i18n.js';

export const input = z.object({
  // Addresses are checked by the handler, not the schema: a bad one is the business outcome CORREO_INVALIDO.
  para: z.union([z.string(), z.array(z.string()).min(1)]),
  plantilla: z.string().min(1).optional(),
  datos: z.record(z.string(), z.unknown()).optional(),
  idioma: z.enum(['es', 'en']).optional(),
  // The request's folio, which Oficio gives every instance: templates say {{folio}} without each model passing it.
  folio: z.string().optional(),
});

export const output = z.object({
  // Not `correo`: that is the requester's address in the manual's forms, and must survive a notification.
  notificacion: z.object({ messageId: z.string(), para: z.array(z.string()), asunto: z.string() }),
});

const EMAIL = z.email();

/** Fills `{{a.b}}` from datos; a missing value reads "(no especificado)", a missing `{{a.b?}}` nothing. */
export function render(template: string, datos: Record<string, unknown>, idioma: Locale): string {
  const filled = template.replace(/\{\{\s*([\w.]+)(\?)?\s*\}\}/g, (_, path: string, optional: string | undefined) => {
    let value: unknown = datos;
    for (const key of path.split('.')) value = value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
    if (value === undefined || value === null || value === '') return optional ? '' : MISSING[idioma];
    if (Array.isArray(value)) return value.map(String).join(', ');
    return typeof value === 'object' ? JSON.stringify(value) : String(value);
  });
  // An optional paragraph that came out empty leaves no blank run behind.
  return filled.replace(/\n{3,}/g, '\n\n');
}

function toHtml(text: string, idioma: Locale): string {
  const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  const paragraphs = text.split(/\n{2,}/).map((p) => `<p>${escape(p).replace(/\n/g, '<br>')}</p>`);
  return `<!doctype html><html lang="${idioma === 'es' ? 'es-MX' : 'en'}"><body style="font-family: sans-serif">${paragraphs.join('')}</body></html>`;
}

/** The signatures by id, read with whatever the task header says. */
const firmas: Record<string, Bilingual> = firmasById;

const notifyEmail = defineWorker({
  type: 'notify.email',
  description: { es: 'Envía un correo electrónico con una plantilla del catálogo', en: 'Sends an e-mail from a catalogue template' },
  input,
  output,
  async handle(request, job, { adapters, records: { sentMail } }) {
    // The task header is the modeler's choice for this very task, so it wins over a variable.
    const plantilla = job.headers.plantilla || request.plantilla;
    if (!plantilla) return incident('notify.email: no template given (task header or variable "plantilla")');
    const template = catalogue[plantilla];
    if (!template) return incident(`notify.email: unknown template '${plantilla}' (known: ${Object.keys(catalogue).join(', ')})`);

    // The signing area: the task header `firma` (the modeler's choice for this task), else the template's own.
    const firmaId = job.headers.firma || template.firma || DEFAULT_FIRMA;
    const firma = firmas[firmaId];
    if (!firma) return incident(`notify.email: unknown signature '${firmaId}' (header "firma"; known: ${Object.keys(firmas).join(', ')})`);

    const para = (Array.isArray(request.para) ? request.para : [request.para]).map((a) => a.trim());
    const invalid = para.filter((a) => !EMAIL.safeParse(a).success);
    if (invalid.length) return bpmnError('CORREO_INVALIDO', `Dirección de correo no válida: ${invalid.join(', ')}`, { correosInvalidos: invalid });

    const already = await sentMail.get(job.jobKey);
    if (already) return complete({ notificacion: { messageId: already.messageId, para: already.para, asunto: already.asunto } });

    const idioma = request.idioma ?? (job.headers.idioma === 'en' ? 'en' : 'es');
    // A model's own `datos.folio` wins; otherwise the instance's folio.
    const datos = { ...(request.folio ? { folio: request.folio } : {}), ...request.datos };
    const asunto = render(template[idioma].asunto, datos, idioma);
    const texto = `${render(template[idioma].texto, datos, idioma).trimEnd()}\n\n${firma[idioma]}`;
    try {
      const { messageId } = await adapters.mailer.send({ to: para, subject: asunto, text: texto, html: toHtml(texto, idioma) });
      await insertOnce(sentMail, { id: job.jobKey, messageId, para, asunto, plantilla });
      return complete({ notificacion: { messageId, para, asunto } });
    } catch (error) {
      if (error instanceof MailDeliveryError && error.reason === 'recipient')
        return bpmnError('CORREO_INVALIDO', `El servidor de correo rechazó: ${para.join(', ')}`, { correosInvalidos: para });
      if (error instanceof MailDeliveryError) return failure(`notify.email: ${error.message}`);
      throw error;
    }
  },
});

export default notifyEmail;
