// DGPTI-P01-PR04 Construcción de Sistemas de Información (manual 7.2.2, procedimiento 4): the
// system is built from the Documento de Arquitectura; every week while it is being built the work
// plan is updated (3.a) and published again in the project server.
import type { ProcessDefinition } from '../builder/index.js';
import { DGPT_LANES, DGPT_VERSION, due, integrarCarpeta, publishPlan } from '../fragments.js';

const definition: ProcessDefinition = {
  id: 'dgpt-p01-pr04-construccion',
  name: 'Construcción de Sistemas de Información',
  folioSerie: 'PRY',
  documentation:
    'DGPTI-P01-PR04. Política 3.a: se deberá actualizar semanalmente el plan de trabajo. Registro: Ficha Técnica de Configuración de Ambientes. Anexo: Manual de Usuario. Producto de A4: Ficha Técnica de Configuración de ambientes, Pruebas Unitarias.',
  versionTag: DGPT_VERSION,
  lanes: [DGPT_LANES.desarrollo],
  elements: [
    {
      kind: 'start',
      id: 'documento-arquitectura-recibido',
      name: 'Documento de Arquitectura recibido',
      form: 'dgpt-p01-pr04-inicio',
      // Started on its own only by the Gestor de Proyectos, who hands each stage on (7.2.1).
      starterGroups: 'gestion-proyectos',
      documentation: 'Insumo de A4: Documento de Arquitectura.',
    },
    {
      kind: 'userTask',
      id: 'construir-sistema',
      name: 'Construir el sistema',
      candidateGroups: 'desarrollo,impulsor',
      form: 'dgpt-p01-pr04-construir-sistema',
      documentation: 'Concluye con la Ficha Técnica de Configuración de Ambientes, las Pruebas Unitarias y el Manual de Usuario (anexo).',
    },
    {
      kind: 'boundary',
      id: 'cada-semana',
      name: 'Cada semana',
      attachedTo: 'construir-sistema',
      interrupting: false,
      timer: { cycle: 'R/P1W' },
      documentation: 'PR04 3.a: actualización semanal del plan de trabajo mientras dura la construcción.',
    },
    {
      kind: 'userTask',
      id: 'actualizar-plan-trabajo',
      name: 'Actualizar plan de trabajo',
      candidateGroups: 'desarrollo',
      form: 'dgpt-p01-pr04-actualizar-plan',
      dueDate: due('P7D'),
      documentation: 'PR04 3.a: se deberá actualizar semanalmente el plan de trabajo para conocer los avances del desarrollo del proyecto.',
    },
    publishPlan({
      id: 'publicar-avance',
      name: 'Publicar avance en el Project Server',
      documentation: 'PR03 3.b aplicado a cada actualización: el plan vigente queda publicado en el Project Server.',
    }),
    { kind: 'end', id: 'plan-actualizado', name: 'Plan de trabajo actualizado' },
    integrarCarpeta({ lists: ['[fichaTecnica, pruebasUnitarias, manualUsuario]'] }),
    { kind: 'end', id: 'sistema-construido', name: 'Sistema construido' },
  ],
  flows: [
    { from: 'documento-arquitectura-recibido', to: 'construir-sistema' },
    { from: 'construir-sistema', to: 'integrar-carpeta' },
    { from: 'integrar-carpeta', to: 'sistema-construido' },
    { from: 'cada-semana', to: 'actualizar-plan-trabajo' },
    { from: 'actualizar-plan-trabajo', to: 'publicar-avance' },
    { from: 'publicar-avance', to: 'plan-actualizado' },
  ],
};

export default definition;
