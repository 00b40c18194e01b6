// DGPTI-P01-PR02 Conceptualización de Sistemas de Información (manual 7.2.2, procedimiento 2):
// the requirements are documented in detail (3.a) and authorized by the requester before the
// development goes on (3.b); a returned document goes back, with comments, to be documented again.
import type { ProcessDefinition } from '../builder/index.js';
import { DGPT_LANES, DGPT_VERSION, PROJECT_REQUESTER, integrarCarpeta } from '../fragments.js';

const definition: ProcessDefinition = {
  id: 'dgpt-p01-pr02-conceptualizacion',
  name: 'Conceptualización de Sistemas de Información',
  folioSerie: 'PRY',
  documentation:
    'DGPTI-P01-PR02. Políticas 3.a (documentar detalladamente los requerimientos) y 3.b (autorización del solicitante para continuar). Registro: Documento de Requerimientos. Producto de A2: Documento de Concepto (Requerimientos y Prototipo), Plan del Proyecto.',
  versionTag: DGPT_VERSION,
  lanes: [DGPT_LANES.conceptualizacion, DGPT_LANES.solicitante],
  elements: [
    {
      kind: 'start',
      id: 'vision-alcance-recibida',
      name: 'Visión y Alcance recibidos',
      lane: 'conceptualizacion',
      form: 'dgpt-p01-pr02-inicio',
      // Started on its own only by the Gestor de Proyectos, who hands each stage on (7.2.1).
      starterGroups: 'gestion-proyectos',
      documentation: 'Insumo de A2: Docto. de Visión y Alcance, Estructura del Proyecto, Carpeta electrónica.',
    },
    { kind: 'exclusive', id: 'requerimientos-por-documentar', name: 'Requerimientos por documentar', lane: 'conceptualizacion' },
    {
      kind: 'userTask',
      id: 'documentar-requerimientos',
      name: 'Documentar requerimientos',
      lane: 'conceptualizacion',
      candidateGroups: 'conceptualizacion,impulsor',
      form: 'dgpt-p01-pr02-documentar-requerimientos',
      documentation: 'PR02 3.a: se deberán documentar detalladamente los requerimientos del solicitante (Documento de Requerimientos y Prototipo; Plan del Proyecto).',
    },
    {
      kind: 'userTask',
      id: 'autorizar-requerimientos',
      name: 'Autorizar requerimientos',
      lane: 'solicitante',
      candidateGroups: 'solicitante',
      assignee: PROJECT_REQUESTER,
      form: 'dgpt-p01-pr02-autorizar-requerimientos',
      documentation:
        'PR02 3.b: el documento debe ser autorizado por el solicitante para continuar con el proceso de desarrollo; si lo devuelve, indica sus comentarios. ' +
        'Asignada al usuario que presentó la Solicitud de Proyecto de TI; al grupo si la etapa se inició por sí misma.',
    },
    { kind: 'exclusive', id: 'requerimientos-autorizados', name: '¿Requerimientos autorizados?', lane: 'solicitante' },
    integrarCarpeta({
      lane: 'conceptualizacion',
      lists: ['[documentoRequerimientos, prototipo, planProyecto]'],
      documentation: 'Sólo la versión autorizada del Documento de Concepto entra a la carpeta electrónica.',
    }),
    { kind: 'end', id: 'requerimientos-autorizados-fin', name: 'Requerimientos autorizados', lane: 'conceptualizacion' },
  ],
  flows: [
    { from: 'vision-alcance-recibida', to: 'requerimientos-por-documentar' },
    { from: 'requerimientos-por-documentar', to: 'documentar-requerimientos' },
    { from: 'documentar-requerimientos', to: 'autorizar-requerimientos' },
    { from: 'autorizar-requerimientos', to: 'requerimientos-autorizados' },
    { from: 'requerimientos-autorizados', to: 'integrar-carpeta', name: 'Sí', condition: '=autorizacion = "autorizado"' },
    { from: 'requerimientos-autorizados', to: 'requerimientos-por-documentar', name: 'No, devueltos con comentarios', condition: '=autorizacion = "devuelto"' },
    { from: 'integrar-carpeta', to: 'requerimientos-autorizados-fin' },
  ],
};

export default definition;
