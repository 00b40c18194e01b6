// Texts of the engine's start-up and shutdown (server/main.ts): the embedded engine or Camunda 8.
import { defineMessages } from '../define.js';

export const engine = defineMessages({
  'engine.started': {
    es: 'Motor embebido listo sobre {store}.',
    en: 'Embedded engine ready on {store}.',
  },
  'engine.deployed': {
    es: 'Desplegado {processId} versión {version} ({resource}).',
    en: 'Deployed {processId} version {version} ({resource}).',
  },
  'engine.nothingToDeploy': {
    es: 'No hay modelos en processes/ todavía; el motor espera despliegues.',
    en: 'No models in processes/ yet; the engine is waiting for deployments.',
  },
  'engine.stopping': {
    es: 'Deteniendo Oficio…',
    en: 'Stopping Oficio…',
  },
  'engine.camunda.started': {
    es: 'Motor: Camunda 8 en {address}; las tareas de usuario se registran en {store}.',
    en: 'Engine: Camunda 8 at {address}; user tasks are recorded in {store}.',
  },
});
