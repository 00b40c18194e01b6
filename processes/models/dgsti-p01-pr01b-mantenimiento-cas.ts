// DGSTI-P01-PR01 6.2 Mantenimiento preventivo y correctivo en CAS: a preventive maintenance every
// day (3.f) with the cleaning checklist of 3.h–3.i, and a corrective path started by a failure
// report that must be answered within two hours (3.g) or is escalated.
import type { ProcessDefinition } from '../builder/index.js';
import { DGSTI_LANES, due } from '../fragments.js';

const definition: ProcessDefinition = {
  id: 'dgsti-p01-pr01b-mantenimiento-cas',
  name: 'Mantenimiento preventivo y correctivo en CAS',
  folioSerie: 'CAS',
  versionTag: 'DGSTI-P01-PR01B',
  documentation:
    'Procedimiento 1: Centros de Atención y Servicios (CAS), 6.2 Mantenimiento preventivo y correctivo en CAS (DGST-P01-PR01B); políticas 3.f–3.i. Registro generado: Programa de mantenimiento.',
  lanes: [DGSTI_LANES.casOperacion],
  elements: [
    {
      kind: 'start',
      id: 'mantenimiento-diario',
      name: 'Mantenimiento programado diario',
      lane: 'cas-operacion',
      timer: { cycle: 'R/P1D' },
      documentation: 'PR01 3.f: mantenimientos programados todos los días de la semana.',
    },
    {
      kind: 'userTask',
      id: 'mantenimiento-preventivo',
      name: 'Mantenimiento preventivo',
      lane: 'cas-operacion',
      candidateGroups: 'cas-operacion',
      form: 'dgsti-p01-pr01b-mantenimiento-cas-preventivo',
      dueDate: due('P1D'),
      documentation: 'PR01 3.h: sacudir el capuchón, limpiar la pantalla con alcohol etílico y la parte frontal con jabón líquido; 3.i: dispositivos de pago desarmando pieza por pieza.',
    },
    { kind: 'end', id: 'mantenimiento-registrado', name: 'Mantenimiento registrado', lane: 'cas-operacion' },
    {
      kind: 'start',
      id: 'reporte-falla',
      name: 'Reporte de falla técnica',
      lane: 'cas-operacion',
      form: 'dgsti-p01-pr01b-mantenimiento-cas-reporte-falla',
      documentation: 'Mantenimiento correctivo: conforme se requiera por la naturaleza de su uso (3.f).',
    },
    {
      kind: 'userTask',
      id: 'atender-falla',
      name: 'Atender falla',
      lane: 'cas-operacion',
      candidateGroups: 'cas-operacion',
      form: 'dgsti-p01-pr01b-mantenimiento-cas-atender-falla',
      dueDate: due('PT2H'),
      documentation: 'PR01 3.g: el tiempo de respuesta ante una falla técnica no deberá ser mayor a 2 horas para su atención y solución.',
    },
    { kind: 'boundary', id: 'falla-fuera-de-tiempo', name: '2 horas sin solución', attachedTo: 'atender-falla', interrupting: false, timer: { duration: 'PT2H' } },
    {
      kind: 'userTask',
      id: 'escalar-falla',
      name: 'Escalar falla no atendida en 2 horas',
      lane: 'cas-operacion',
      candidateGroups: 'cas-operacion',
      form: 'dgsti-p01-pr01b-mantenimiento-cas-escalamiento-falla',
    },
    { kind: 'end', id: 'falla-escalada', name: 'Falla escalada', lane: 'cas-operacion' },
    { kind: 'end', id: 'falla-atendida', name: 'Falla atendida', lane: 'cas-operacion' },
  ],
  flows: [
    { from: 'mantenimiento-diario', to: 'mantenimiento-preventivo' },
    { from: 'mantenimiento-preventivo', to: 'mantenimiento-registrado' },
    { from: 'reporte-falla', to: 'atender-falla' },
    { from: 'atender-falla', to: 'falla-atendida' },
    { from: 'falla-fuera-de-tiempo', to: 'escalar-falla' },
    { from: 'escalar-falla', to: 'falla-escalada' },
  ],
};

export default definition;
