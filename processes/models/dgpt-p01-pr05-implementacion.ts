// DGPTI-P01-PR05 Implementación de Sistemas de Información (manual 7.2.2, procedimiento 5): an
// implementation plan (annex), tests before delivery (3.a) that send the system back to
// construction fixes until they pass, the Documento de Liberación del Proyecto, and the news to
// the requester (A6's client).
import type { ProcessDefinition } from '../builder/index.js';
import { DGPT_LANES, DGPT_VERSION, dgptEmail, integrarCarpeta } from '../fragments.js';

const definition: ProcessDefinition = {
  id: 'dgpt-p01-pr05-implementacion',
  name: 'Implementación de Sistemas de Información',
  folioSerie: 'PRY',
  documentation:
    'DGPTI-P01-PR05. Política 3.a: antes de entregar el sistema de información se deben realizar las pruebas necesarias para asegurar su buen funcionamiento. Registro: Documento de Liberación del Proyecto. Anexo: Plan de Implementación. Producto de A6: Proyecto Liberado, Documento de Liberación del Proyecto; cliente: Solicitante.',
  versionTag: DGPT_VERSION,
  lanes: [DGPT_LANES.desarrollo, DGPT_LANES.calidad],
  elements: [
    {
      kind: 'start',
      id: 'sistema-validado',
      name: 'Sistema validado por Calidad',
      lane: 'desarrollo',
      form: 'dgpt-p01-pr05-inicio',
      // Started on its own only by the Gestor de Proyectos, who hands each stage on (7.2.1).
      starterGroups: 'gestion-proyectos',
      documentation: 'Insumo de A6: Pruebas de Integración, Pruebas de Aceptación.',
    },
    {
      kind: 'userTask',
      id: 'plan-implementacion',
      name: 'Plan de implementación',
      lane: 'desarrollo',
      candidateGroups: 'desarrollo,impulsor',
      form: 'dgpt-p01-pr05-plan-implementacion',
      documentation: 'Anexo de PR05: Plan de Implementación.',
    },
    { kind: 'exclusive', id: 'listo-para-pruebas', name: 'Listo para pruebas', lane: 'calidad' },
    {
      kind: 'userTask',
      id: 'pruebas-previas-entrega',
      name: 'Pruebas previas a la entrega',
      lane: 'calidad',
      candidateGroups: 'calidad,impulsor',
      form: 'dgpt-p01-pr05-pruebas-entrega',
      documentation: 'PR05 3.a: antes de entregar el sistema de información se deben realizar las pruebas necesarias para asegurar su buen funcionamiento.',
    },
    { kind: 'exclusive', id: 'pruebas-aprobadas', name: '¿Pruebas aprobadas?', lane: 'calidad' },
    {
      kind: 'userTask',
      id: 'corregir-defectos',
      name: 'Corregir defectos de construcción',
      lane: 'desarrollo',
      candidateGroups: 'desarrollo',
      form: 'dgpt-p01-pr05-corregir-defectos',
      documentation: 'PR05 3.a: el sistema no se entrega con pruebas fallidas; regresa a construcción para corregirse y volver a probarse.',
    },
    {
      kind: 'userTask',
      id: 'documento-liberacion',
      name: 'Documento de Liberación del Proyecto',
      lane: 'calidad',
      candidateGroups: 'calidad,impulsor',
      form: 'dgpt-p01-pr05-documento-liberacion',
      documentation: 'Registro de PR05 y producto de A6: Documento de Liberación del Proyecto.',
    },
    integrarCarpeta({ lane: 'calidad', lists: ['[planImplementacion, evidenciaPruebas, documentoLiberacion]'] }),
    dgptEmail({
      id: 'notificar-liberacion',
      name: 'Notificar liberación al solicitante',
      lane: 'calidad',
      plantilla: 'liberacion-proyecto',
      datos:
        '={ proyecto: { nombre: nombreProyecto }, solicitante: solicitante, dependencia: dependencia, version: versionLiberada, fechaLiberacion: fechaLiberacion, url: urlSistema, mensaje: "Versión liberada: " + versionLiberada + ". Fecha de liberación: " + fechaLiberacion + "." + (if urlSistema = null then "" else " El sistema está disponible en " + urlSistema + ".") }',
      output: 'correoLiberacion',
      documentation: 'A6: el cliente del Proyecto Liberado es el Solicitante.',
    }),
    { kind: 'end', id: 'proyecto-liberado', name: 'Proyecto liberado', lane: 'calidad' },
  ],
  flows: [
    { from: 'sistema-validado', to: 'plan-implementacion' },
    { from: 'plan-implementacion', to: 'listo-para-pruebas' },
    { from: 'listo-para-pruebas', to: 'pruebas-previas-entrega' },
    { from: 'pruebas-previas-entrega', to: 'pruebas-aprobadas' },
    { from: 'pruebas-aprobadas', to: 'documento-liberacion', name: 'Sí', condition: '=pruebasAprobadas = true' },
    { from: 'pruebas-aprobadas', to: 'corregir-defectos', name: 'No', condition: '=pruebasAprobadas = false' },
    { from: 'corregir-defectos', to: 'listo-para-pruebas' },
    { from: 'documento-liberacion', to: 'integrar-carpeta' },
    { from: 'integrar-carpeta', to: 'notificar-liberacion' },
    { from: 'notificar-liberacion', to: 'proyecto-liberado' },
  ],
};

export default definition;
