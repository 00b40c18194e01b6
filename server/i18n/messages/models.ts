// Findings on a model before it is deployed (server/http/routes/models.ts): missing forms and
// workers, bpmnlint rules; and the limits of checking one (server/lint, server/core/models).
import { defineMessages } from '../define.js';

export const models = defineMessages({
  'models.finding.missingForm': {
    es: 'El elemento {element} usa el formulario «{form}», que no existe (ni en forms/ ni entre los diseñados).',
    en: 'Element {element} uses form "{form}", which does not exist (neither in forms/ nor among the designed ones).',
  },
  'models.finding.missingWorker': {
    es: 'La tarea de servicio {element} es de tipo «{type}», que ningún worker de workers/ atiende.',
    en: 'Service task {element} has type "{type}", which no worker in workers/ handles.',
  },
  'models.finding.lint': { es: 'Regla {rule} en {element}: {message}', en: 'Rule {rule} at {element}: {message}' },
  'models.finding.rule.label-required': {
    es: '{element} no tiene nombre: póngale uno que diga qué se hace o qué ocurre.',
    en: '{element} has no name: give it one that says what is done or what happens.',
  },
  'models.finding.rule.start-event-required': { es: 'Al proceso le falta un evento de inicio.', en: 'The process lacks a start event.' },
  'models.finding.rule.end-event-required': { es: 'Al proceso le falta un evento de fin.', en: 'The process lacks an end event.' },
  'models.finding.rule.no-disconnected': { es: '{element} no está conectado con el resto del flujo.', en: '{element} is not connected to the rest of the flow.' },
  'models.finding.rule.no-implicit-split': {
    es: '{element} tiene varios flujos de salida sin compuerta: use una compuerta para bifurcar.',
    en: '{element} has several outgoing flows without a gateway: use a gateway to split.',
  },
  'models.finding.rule.no-implicit-end': { es: '{element} termina el flujo sin un evento de fin.', en: '{element} ends the flow without an end event.' },
  'models.finding.rule.no-implicit-start': { es: '{element} empieza un flujo sin evento de inicio.', en: '{element} starts a flow without a start event.' },
  'models.finding.rule.no-gateway-join-fork': { es: 'La compuerta {element} une y bifurca a la vez: sepárela en dos.', en: 'Gateway {element} both joins and forks: split it in two.' },
  'models.finding.rule.single-blank-start-event': { es: 'El proceso tiene más de un evento de inicio simple.', en: 'The process has more than one blank start event.' },
  'models.finding.rule.superfluous-gateway': {
    es: 'La compuerta {element} sobra: tiene una sola entrada y una sola salida.',
    en: 'Gateway {element} is superfluous: it has one way in and one way out.',
  },
  'models.finding.rule.fake-join': { es: '{element} recibe varios flujos sin compuerta de unión.', en: '{element} receives several flows without a joining gateway.' },
  'models.finding.rule.conditional-flows': {
    es: 'Un flujo que sale de {element} necesita condición (o ser el flujo por defecto).',
    en: 'A flow leaving {element} needs a condition (or to be the default flow).',
  },
  'models.finding.rule.no-duplicate-sequence-flows': { es: '{element} repite un flujo entre los mismos elementos.', en: '{element} repeats a flow between the same elements.' },
  'models.finding.rule.no-bpmndi': { es: '{element} no está dibujado en el diagrama.', en: '{element} is not drawn in the diagram.' },
  'models.finding.rule.no-overlapping-elements': { es: '{element} está encimado sobre otro elemento del diagrama.', en: '{element} overlaps another element of the diagram.' },
  'models.finding.rule.camunda-compat/implementation': {
    es: '{element} necesita su implementación: elija el tipo de trabajo (worker) que lo ejecuta. ({message})',
    en: '{element} needs its implementation: choose the job type (worker) that runs it. ({message})',
  },
  'models.finding.rule.camunda-compat/element-type': {
    es: 'Camunda 8.8 no ejecuta este tipo de elemento ({element}). ({message})',
    en: 'Camunda 8.8 does not run this kind of element ({element}). ({message})',
  },
  'models.finding.rule.camunda-compat/feel': { es: 'La expresión FEEL de {element} no es válida. ({message})', en: 'The FEEL expression of {element} is not valid. ({message})' },
  'models.finding.rule.camunda-compat/timer': { es: 'El temporizador de {element} no es válido. ({message})', en: 'The timer of {element} is not valid. ({message})' },
  'models.finding.rule.camunda-compat/message-reference': { es: '{element} necesita un mensaje. ({message})', en: '{element} needs a message. ({message})' },
  'models.finding.rule.camunda-compat/subscription': {
    es: 'El mensaje de {element} necesita su clave de correlación. ({message})',
    en: 'The message of {element} needs its correlation key. ({message})',
  },
  'models.finding.rule.camunda-compat/error-reference': { es: '{element} necesita un error con su código. ({message})', en: '{element} needs an error with its code. ({message})' },
  'models.finding.rule.camunda-compat/called-element': { es: '{element} debe indicar el proceso que llama. ({message})', en: '{element} must name the process it calls. ({message})' },
  'models.finding.rule.camunda-compat/sequence-flow-condition': {
    es: 'La condición del flujo {element} no es válida. ({message})',
    en: 'The condition of flow {element} is not valid. ({message})',
  },
  'models.finding.rule.camunda-compat/user-task-form': { es: 'El formulario de la tarea {element} no es válido. ({message})', en: 'The form of task {element} is not valid. ({message})' },
  'models.finding.rule.check-time-limit': {
    es: 'Revisar el modelo tomó demasiado tiempo y se detuvo: simplifíquelo o divídalo en modelos más pequeños.',
    en: 'Checking the model took too long and was stopped: simplify it or split it into smaller models.',
  },
  'models.tooLarge': {
    es: 'El modelo pasa del máximo de {max} bytes: divídalo en modelos más pequeños.',
    en: 'The model exceeds the maximum of {max} bytes: split it into smaller models.',
  },
  'models.tooLongToRead': {
    es: 'Leer el modelo tomó demasiado tiempo y se detuvo: simplifíquelo o divídalo en modelos más pequeños.',
    en: 'Reading the model took too long and was stopped: simplify it or split it into smaller models.',
  },
  'models.checkerBusy': {
    es: 'Hay demasiados modelos esperando revisión en este momento; intente de nuevo en unos segundos.',
    en: 'Too many models are waiting to be checked right now; try again in a few seconds.',
  },
});
