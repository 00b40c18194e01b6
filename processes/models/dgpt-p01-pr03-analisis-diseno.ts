// DGPTI-P01-PR03 Análisis y Diseño de Sistema de Información (manual 7.2.2, procedimiento 3): the
// work plan is generated (3.a) and published in the project server (3.b), then the business rules,
// the work-product prototypes, their functional description and the Documento de Arquitectura.
import type { ProcessDefinition } from '../builder/index.js';
import { DGPT_LANES, DGPT_VERSION, integrarCarpeta, publishPlan } from '../fragments.js';

const definition: ProcessDefinition = {
  id: 'dgpt-p01-pr03-analisis-diseno',
  name: 'Análisis y Diseño de Sistema de Información',
  folioSerie: 'PRY',
  documentation:
    'DGPTI-P01-PR03. Políticas 3.a (generar el plan de trabajo) y 3.b (el Plan del Proyecto publicado en el Project Server). Registros: Plan de Trabajo, Reglas de Negocio, Prototipos de Productos de Trabajo, Descripción funcional de Productos de Trabajo. Producto de A3: Documento de Arquitectura.',
  versionTag: DGPT_VERSION,
  lanes: [DGPT_LANES.conceptualizacion],
  elements: [
    {
      kind: 'start',
      id: 'documento-concepto-recibido',
      name: 'Documento de Concepto recibido',
      form: 'dgpt-p01-pr03-inicio',
      // Started on its own only by the Gestor de Proyectos, who hands each stage on (7.2.1).
      starterGroups: 'gestion-proyectos',
      documentation: 'Insumo de A3: Documento de Concepto (Requerimientos y Prototipo), Plan del Proyecto.',
    },
    {
      kind: 'userTask',
      id: 'generar-plan-trabajo',
      name: 'Generar plan de trabajo',
      candidateGroups: 'conceptualizacion',
      form: 'dgpt-p01-pr03-plan-trabajo',
      documentation: 'PR03 3.a: se debe generar el plan de trabajo para conocer las actividades que se realizarán durante el desarrollo del proyecto.',
    },
    publishPlan({
      id: 'publicar-plan-trabajo',
      name: 'Publicar plan de trabajo en el Project Server',
      documentation: 'PR03 3.b: el Plan del Proyecto deberá estar publicado en el Project Server.',
    }),
    {
      kind: 'userTask',
      id: 'definir-reglas-negocio',
      name: 'Definir reglas de negocio',
      candidateGroups: 'conceptualizacion,impulsor',
      form: 'dgpt-p01-pr03-reglas-negocio',
      documentation: 'Registro: Reglas de Negocio.',
    },
    {
      kind: 'userTask',
      id: 'elaborar-prototipos',
      name: 'Elaborar prototipos de productos de trabajo',
      candidateGroups: 'conceptualizacion,impulsor',
      form: 'dgpt-p01-pr03-prototipos',
      documentation: 'Registro: Prototipos de Productos de Trabajo.',
    },
    {
      kind: 'userTask',
      id: 'elaborar-descripcion-funcional',
      name: 'Elaborar descripción funcional de productos de trabajo',
      candidateGroups: 'conceptualizacion,impulsor',
      form: 'dgpt-p01-pr03-descripcion-funcional',
      documentation: 'Registro: Descripción funcional de Productos de Trabajo.',
    },
    {
      kind: 'userTask',
      id: 'elaborar-documento-arquitectura',
      name: 'Elaborar Documento de Arquitectura',
      candidateGroups: 'conceptualizacion,impulsor',
      form: 'dgpt-p01-pr03-documento-arquitectura',
      documentation: 'Producto de A3 e insumo de A4: Documento de Arquitectura.',
    },
    integrarCarpeta({ lists: ['[planTrabajo, reglasNegocio]', 'prototiposProductos', '[descripcionFuncional, documentoArquitectura]'] }),
    { kind: 'end', id: 'analisis-diseno-concluido', name: 'Análisis y diseño concluidos' },
  ],
  flows: [
    { from: 'documento-concepto-recibido', to: 'generar-plan-trabajo' },
    { from: 'generar-plan-trabajo', to: 'publicar-plan-trabajo' },
    { from: 'publicar-plan-trabajo', to: 'definir-reglas-negocio' },
    { from: 'definir-reglas-negocio', to: 'elaborar-prototipos' },
    { from: 'elaborar-prototipos', to: 'elaborar-descripcion-funcional' },
    { from: 'elaborar-descripcion-funcional', to: 'elaborar-documento-arquitectura' },
    { from: 'elaborar-documento-arquitectura', to: 'integrar-carpeta' },
    { from: 'integrar-carpeta', to: 'analisis-diseno-concluido' },
  ],
};

export default definition;
