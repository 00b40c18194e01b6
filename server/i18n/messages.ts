// The catalogue itself: one entry per message, es-MX and en.
export const messages = {
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
} as const satisfies Record<string, { es: string; en: string }>;

export type MessageKey = keyof typeof messages;
