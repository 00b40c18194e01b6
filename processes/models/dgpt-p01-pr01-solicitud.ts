// DGPTI-P01-PR01 Solicitud de Sistemas de Información (manual 7.2.2, procedimiento 1): every
// request reaches the Gestor de Proyectos (3.a, 3.c), is analysed in a meeting with the requester
// (3.b), estimated with the Impulsor (3.e) and either answered with a "negativa de atención" by
// e-mail or turned into the Visión y Alcance, the Estructura del Proyecto and the carpeta
// electrónica within the activity's time (A1: 2 días).
import type { ProcessDefinition } from '../builder/index.js';
import { DGPT_LANES, DGPT_VERSION, dgptEmail, dueAfter, integrarCarpeta } from '../fragments.js';

/** A1 "Tiempo: 2 días", counted from the moment the Gestor receives the request (3.a). */
const dueTwoDaysAfterReception = dueAfter('recibidaEn', 'P2D');

const definition: ProcessDefinition = {
  id: 'dgpt-p01-pr01-solicitud',
  name: 'Solicitud de Sistemas de Información',
  folioSerie: 'PRY',
  documentation:
    'DGPTI-P01-PR01. Políticas 3.a–3.e: canal único hacia el Gestor de Proyectos, reunión de análisis por cada solicitud, copia al Gestor de los mantenimientos recibidos por un programador, estimación con el Impulsor y negativa de atención notificada al solicitante. Registros: Solicitud de Proyecto de TI, Servicio de Mantenimiento, Visión y Alcance.',
  versionTag: DGPT_VERSION,
  lanes: [DGPT_LANES.solicitante, DGPT_LANES.gestionProyectos],
  elements: [
    {
      kind: 'start',
      id: 'solicitud-recibida',
      name: 'Solicitud de Proyecto de TI',
      lane: 'solicitante',
      form: 'dgpt-p01-solicitud-proyecto-ti',
      documentation:
        'Registro "Solicitud de Proyecto de TI" (o "Servicio de Mantenimiento" si el tipo es mantenimiento). PR01 3.c: la marca recibidaPorProgramador registra la copia que el programador envía al Gestor.',
    },
    {
      kind: 'scriptTask',
      id: 'registrar-recepcion',
      name: 'Registrar recepción de la solicitud',
      lane: 'gestion-proyectos',
      script: { expression: '=string(now())', resultVariable: 'recibidaEn' },
      documentation: 'PR01 3.a y 3.d: toda solicitud se recibe y se entrega al Gestor de Proyectos; desde aquí corren los 2 días de la actividad A1.',
    },
    {
      kind: 'userTask',
      id: 'reunion-analisis',
      name: 'Reunión de análisis con el solicitante',
      lane: 'gestion-proyectos',
      candidateGroups: 'gestion-proyectos',
      form: 'dgpt-p01-pr01-reunion-analisis',
      dueDate: dueTwoDaysAfterReception,
      documentation: 'PR01 3.b: por cada solicitud se realiza una reunión donde se analiza con el solicitante el requerimiento.',
    },
    {
      kind: 'userTask',
      id: 'estimacion-recursos',
      name: 'Estimación de tiempos y disponibilidad de recursos',
      lane: 'gestion-proyectos',
      candidateGroups: 'gestion-proyectos,impulsor',
      form: 'dgpt-p01-pr01-estimacion',
      dueDate: dueTwoDaysAfterReception,
      documentation: 'PR01 3.d–3.e: estimación de tiempos y revisión de disponibilidad de recursos con el Impulsor.',
    },
    { kind: 'exclusive', id: 'se-puede-atender', name: '¿Se puede atender?', lane: 'gestion-proyectos' },
    dgptEmail({
      id: 'notificar-negativa',
      name: 'Notificar negativa de atención',
      lane: 'gestion-proyectos',
      plantilla: 'negativa-atencion',
      datos: '={ proyecto: nombreProyecto, solicitante: solicitante, dependencia: dependencia, area: area, tipo: tipo, motivo: motivoNegativa }',
      output: 'correoNegativa',
      documentation: 'PR01 3.e: en caso de que no se pueda atender, se notifica al solicitante la negativa de atención, con el motivo.',
    }),
    { kind: 'end', id: 'solicitud-rechazada', name: 'Solicitud rechazada', lane: 'gestion-proyectos' },
    {
      kind: 'userTask',
      id: 'elaborar-vision-alcance',
      name: 'Elaborar Visión y Alcance, Estructura del Proyecto y Carpeta electrónica',
      lane: 'gestion-proyectos',
      candidateGroups: 'gestion-proyectos',
      form: 'dgpt-p01-pr01-vision-alcance',
      dueDate: dueTwoDaysAfterReception,
      documentation: 'Producto de A1: Docto. de Visión y Alcance, Estructura del Proyecto, Carpeta electrónica (tiempo: 2 días). Registro: Visión y Alcance.',
    },
    integrarCarpeta({
      name: 'Integrar la carpeta electrónica',
      lane: 'gestion-proyectos',
      lists: ['[minutaReunion, visionAlcance, estructuraProyecto]', 'if documentosAdicionales = null then [] else documentosAdicionales'],
      documentation: 'La carpeta electrónica del proyecto: lista de referencias a los documentos (Adjunto) que cada actividad agrega.',
    }),
    { kind: 'end', id: 'solicitud-atendida', name: 'Solicitud atendida', lane: 'gestion-proyectos' },
  ],
  flows: [
    { from: 'solicitud-recibida', to: 'registrar-recepcion' },
    { from: 'registrar-recepcion', to: 'reunion-analisis' },
    { from: 'reunion-analisis', to: 'estimacion-recursos' },
    { from: 'estimacion-recursos', to: 'se-puede-atender' },
    { from: 'se-puede-atender', to: 'elaborar-vision-alcance', name: 'Sí', condition: '=sePuedeAtender = true' },
    { from: 'se-puede-atender', to: 'notificar-negativa', name: 'No', condition: '=sePuedeAtender = false' },
    { from: 'notificar-negativa', to: 'solicitud-rechazada' },
    { from: 'elaborar-vision-alcance', to: 'integrar-carpeta' },
    { from: 'integrar-carpeta', to: 'solicitud-atendida' },
  ],
};

export default definition;
