// Texts of the start catalogue (server/core/catalogue): who may start which process.
import { defineMessages } from '../define.js';

export const catalogue = defineMessages({
  'catalogue.processNotFound': { es: 'No hay un proceso desplegado «{processId}» que usted pueda iniciar.', en: 'There is no deployed process "{processId}" you may start.' },
  'catalogue.notAllowedToStart': { es: 'Solo los grupos {groups} pueden iniciar «{process}».', en: 'Only the groups {groups} may start "{process}".' },
  'catalogue.noStartForm': { es: 'El proceso «{processId}» no tiene formulario de inicio.', en: 'The process "{processId}" has no start form.' },
  // Variables the platform owns (server/core/catalogue/platform-variables.ts), refused in a start or a completion.
  'catalogue.platformVariables': {
    es: 'Los datos incluyen variables que asigna la plataforma y que nadie puede enviar: {names}.',
    en: 'The data includes variables the platform sets, which nobody may send: {names}.',
  },
  'catalogue.platformVariable': {
    es: '«{name}» lo asigna la plataforma: no puede enviarse al iniciar un proceso ni al completar una tarea.',
    en: '"{name}" is set by the platform: it cannot be sent when starting a process or completing a task.',
  },
});
