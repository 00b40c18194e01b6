// Texts of the start catalogue (server/core/catalogue): who may start which process.
import { defineMessages } from '../define.js';

export const catalogue = defineMessages({
  'catalogue.processNotFound': { es: 'No hay un proceso desplegado «{processId}» que usted pueda iniciar.', en: 'There is no deployed process "{processId}" you may start.' },
  'catalogue.notAllowedToStart': { es: 'Solo los grupos {groups} pueden iniciar «{process}».', en: 'Only the groups {groups} may start "{process}".' },
  'catalogue.noStartForm': { es: 'El proceso «{processId}» no tiene formulario de inicio.', en: 'The process "{processId}" has no start form.' },
});
