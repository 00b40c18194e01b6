// DGPT-P01 Proceso de Desarrollo de Sistemas de Información (manual 7.2.1): activities A1–A6 in
// the manual's order, each procedure a call activity, with the project folder (carpeta
// electrónica: the project's documents as Adjunto references) handed from one to the next.
import type { CallActivity, ProcessDefinition } from '../builder/index.js';
import { DGPT_LANES, DGPT_PROJECT, DGPT_VERSION, carpetaMas, pass } from '../fragments.js';

const impulsor = (lane: { id: string; name: string }) => ({ id: lane.id, name: `Impulsor del Proyecto, ${lane.name}` });

/** What every procedure receives: the project, its requester and the carpeta electrónica. */
const project = ['nombreProyecto', 'dependencia', 'area', 'solicitante', 'carpeta'];

const call = (id: string, name: string, lane: string, processId: string, inputs: string[], outputs: string[], documentation: string): CallActivity => ({
  kind: 'callActivity',
  id,
  name,
  lane,
  processId,
  propagateAllParentVariables: false,
  inputs: pass(...inputs),
  outputs: pass(...outputs),
  documentation,
});

/**
 * A stage with a task for the requester (PR02 "Autorizar requerimientos", 3.b) also receives who
 * filed the project (iniciadoPor) and that it runs within the project (origen): the task is theirs.
 */
const withRequester = (activity: CallActivity): CallActivity => ({
  ...activity,
  inputs: [...(activity.inputs ?? []), ['=iniciadoPor', 'iniciadoPor'], [`="${DGPT_PROJECT}"`, 'origen']],
});

const definition: ProcessDefinition = {
  id: 'dgpt-p01-desarrollo-si',
  name: 'Desarrollo de Sistemas de Información',
  folioSerie: 'PRY',
  documentation:
    'DGPT-P01 (manual 7.2.1). Responsable del proceso: Director General de Proyectos de T.I. Lineamiento: Manual de Lineamientos para la Gestión y Desarrollo de Sistemas de Información.',
  versionTag: DGPT_VERSION,
  lanes: [DGPT_LANES.solicitante, DGPT_LANES.gestionProyectos, impulsor(DGPT_LANES.conceptualizacion), impulsor(DGPT_LANES.desarrollo), impulsor(DGPT_LANES.calidad)],
  elements: [
    {
      kind: 'start',
      id: 'solicitud-proyecto-ti',
      name: 'Solicitud de Proyecto de TI',
      lane: 'solicitante',
      form: 'dgpt-p01-solicitud-proyecto-ti',
      documentation: 'Insumo de A1: Solicitud de Proyecto de TI (proveedor: Solicitante).',
    },
    call(
      'a1-gestion-solicitud',
      'Gestión de la Solicitud de Sistemas de Información',
      'gestion-proyectos',
      'dgpt-p01-pr01-solicitud',
      ['dependencia', 'area', 'solicitante', 'tipo', 'nombreProyecto', 'descripcion', 'resultadosEsperados', 'situacionActual', 'sistemaExistente', 'recibidaPorProgramador', 'programador'],
      ['carpeta', 'sePuedeAtender', 'motivoNegativa', 'estimacionDias', 'impulsor', 'visionAlcance', 'estructuraProyecto'],
      'A1 (tiempo: 2 días). Requiere el Procedimiento de Solicitud de Sistemas de Información. Producto: Docto. de Visión y Alcance, Estructura del Proyecto, Carpeta electrónica.',
    ),
    { kind: 'exclusive', id: 'se-puede-atender', name: '¿Se puede atender?', lane: 'gestion-proyectos' },
    { kind: 'end', id: 'solicitud-rechazada', name: 'Solicitud rechazada', lane: 'gestion-proyectos' },
    withRequester(
      call(
        'a2-conceptualizacion',
        'Conceptualización de Sistemas de Información',
        'conceptualizacion',
        'dgpt-p01-pr02-conceptualizacion',
        [...project, 'visionAlcance', 'estructuraProyecto'],
        ['carpeta', 'documentoRequerimientos', 'prototipo', 'planProyecto'],
        'A2 (tiempo: variable). Producto: Documento de Concepto (Requerimientos y Prototipo), Plan del Proyecto. El solicitante autoriza los requerimientos (PR02 3.b).',
      ),
    ),
    call(
      'a3-elaboracion',
      'Elaboración de Sistemas de Información',
      'conceptualizacion',
      'dgpt-p01-pr03-analisis-diseno',
      [...project, 'documentoRequerimientos', 'prototipo', 'planProyecto'],
      ['carpeta', 'planTrabajo', 'planPublicado', 'documentoArquitectura'],
      'A3 (tiempo: variable). Requiere el Procedimiento de Análisis y Diseño de Sistemas de Información. Producto: Documento de Arquitectura.',
    ),
    { kind: 'exclusive', id: 'listo-para-construccion', name: 'Listo para construcción', lane: 'desarrollo' },
    call(
      'a4-construccion',
      'Construcción de Sistemas de Información',
      'desarrollo',
      'dgpt-p01-pr04-construccion',
      [...project, 'documentoArquitectura', 'planTrabajo', 'observacionesCalidad'],
      ['carpeta', 'planTrabajo', 'planPublicado', 'fichaTecnica', 'pruebasUnitarias', 'manualUsuario'],
      'A4 (tiempo: variable). Producto: Ficha Técnica de Configuración de ambientes, Pruebas Unitarias.',
    ),
    {
      kind: 'userTask',
      id: 'a5-validacion-calidad',
      name: 'Validación de la Calidad del Sistema de Información',
      lane: 'calidad',
      candidateGroups: 'calidad,impulsor',
      form: 'dgpt-p01-validacion-calidad',
      inputs: [['=observacionesCalidad', 'observacionesAnteriores']],
      outputs: [
        ['=calidadValidada', 'calidadValidada'],
        ['=pruebasIntegracion', 'pruebasIntegracion'],
        ['=pruebasAceptacion', 'pruebasAceptacion'],
        ['=observaciones', 'observacionesCalidad'],
        [`=if calidadValidada = true then ${carpetaMas('[pruebasIntegracion, pruebasAceptacion]')} else carpeta`, 'carpeta'],
      ],
      documentation:
        'A5 (tiempo: variable; "Requiere procedimiento: No"). Insumo: Ficha Técnica de Configuración de ambientes, Pruebas Unitarias. Producto: Pruebas de Integración, Pruebas de Aceptación.',
    },
    { kind: 'exclusive', id: 'calidad-validada', name: '¿Calidad validada?', lane: 'calidad' },
    call(
      'a6-transicion',
      'Transición del Sistema de Información',
      'calidad',
      'dgpt-p01-pr05-implementacion',
      [...project, 'pruebasIntegracion', 'pruebasAceptacion'],
      ['carpeta', 'documentoLiberacion', 'correoLiberacion'],
      'A6 (tiempo: variable). Requiere el Procedimiento de Implementación de Sistemas de Información. Producto: Proyecto Liberado, Documento de Liberación del Proyecto; cliente: Solicitante.',
    ),
    { kind: 'end', id: 'proyecto-liberado', name: 'Proyecto liberado', lane: 'calidad' },
  ],
  flows: [
    { from: 'solicitud-proyecto-ti', to: 'a1-gestion-solicitud' },
    { from: 'a1-gestion-solicitud', to: 'se-puede-atender' },
    { from: 'se-puede-atender', to: 'a2-conceptualizacion', name: 'Sí', condition: '=sePuedeAtender = true' },
    { from: 'se-puede-atender', to: 'solicitud-rechazada', name: 'No', condition: '=sePuedeAtender = false' },
    { from: 'a2-conceptualizacion', to: 'a3-elaboracion' },
    { from: 'a3-elaboracion', to: 'listo-para-construccion' },
    { from: 'listo-para-construccion', to: 'a4-construccion' },
    { from: 'a4-construccion', to: 'a5-validacion-calidad' },
    { from: 'a5-validacion-calidad', to: 'calidad-validada' },
    { from: 'calidad-validada', to: 'a6-transicion', name: 'Sí', condition: '=calidadValidada = true' },
    { from: 'calidad-validada', to: 'listo-para-construccion', name: 'No, regresa a construcción', condition: '=calidadValidada = false' },
    { from: 'a6-transicion', to: 'proyecto-liberado' },
  ],
};

export default definition;
