// Incidents: incident.<errorType> (the engine's errorMessage stays English, as Zeebe's).
import { defineMessages } from '../define.js';

export const incidents = defineMessages({
  'incident.JOB_NO_RETRIES': { es: 'Sin reintentos del trabajo', en: 'Job has no retries left' },
  'incident.CONDITION_ERROR': { es: 'Error al evaluar una condición', en: 'A condition could not be evaluated' },
  'incident.EXTRACT_VALUE_ERROR': { es: 'Error al obtener un valor', en: 'A value could not be extracted' },
  'incident.IO_MAPPING_ERROR': { es: 'Error en el mapeo de entrada o salida', en: 'An input or output mapping failed' },
  'incident.CALLED_ELEMENT_ERROR': { es: 'No se pudo iniciar el proceso llamado', en: 'The called process could not be started' },
  'incident.UNHANDLED_ERROR_EVENT': { es: 'Evento de error sin capturar', en: 'Unhandled error event' },
  'incident.UNKNOWN': { es: 'Error desconocido', en: 'Unknown error' },
});
