// DGSTI-P01-PR01 6.3 Resguardo de efectivo: the cash cut of a kiosk. The cash bag is withdrawn,
// opened and counted by denomination in the OFMA vault in front of the security cameras (3.e),
// reconciled against the kiosk's transaction log, and the cut is announced (message
// `corte-realizado`, kiosk id as correlation key) so pending refunds can be handed over (3.c).
import type { ProcessDefinition } from '../builder/index.js';
import { DGSTI_LANES } from '../fragments.js';

const definition: ProcessDefinition = {
  id: 'dgsti-p01-pr01c-resguardo-efectivo',
  name: 'Resguardo de efectivo',
  folioSerie: 'CAS',
  versionTag: 'DGSTI-P01-PR01',
  documentation: 'Procedimiento 1: Centros de Atención y Servicios (CAS), 6.3 Resguardo de efectivo; políticas 3.c y 3.e. Responsable: Jefe de Departamento de Operación de CAS.',
  lanes: [DGSTI_LANES.casOperacion],
  elements: [
    { kind: 'start', id: 'corte-programado', name: 'Corte de efectivo del kiosco', lane: 'cas-operacion', form: 'dgsti-p01-pr01c-resguardo-efectivo-inicio' },
    {
      kind: 'userTask',
      id: 'retirar-bolsa',
      name: 'Retirar bolsa de efectivo',
      lane: 'cas-operacion',
      candidateGroups: 'cas-operacion',
      form: 'dgsti-p01-pr01c-resguardo-efectivo-retiro',
    },
    {
      kind: 'userTask',
      id: 'conteo-boveda',
      name: 'Conteo en bóveda OFMA frente a cámaras',
      lane: 'cas-operacion',
      candidateGroups: 'cas-operacion',
      form: 'dgsti-p01-pr01c-resguardo-efectivo-conteo',
      documentation: 'PR01 3.e: el corte se realiza en la bóveda de OFMA y frente a las cámaras de seguridad se abre la guarda bolsa para su conteo.',
    },
    {
      kind: 'serviceTask',
      id: 'conciliar-corte',
      name: 'Conciliar corte',
      lane: 'cas-operacion',
      type: 'cas.reconcile',
      documentation: 'Efectivo esperado según las transacciones del kiosco contra efectivo contado: faltantes, sobrantes y devoluciones pendientes.',
    },
    {
      kind: 'sendTask',
      id: 'publicar-corte-realizado',
      name: 'Avisar corte realizado',
      lane: 'cas-operacion',
      type: 'message.publish',
      documentation: 'PR01 3.c: libera las devoluciones pendientes del kiosco (mensaje corte-realizado, clave: kiosco).',
      inputs: [
        ['="corte-realizado"', 'nombreMensaje'],
        ['=kioscoId', 'claveCorrelacion'],
        ['={corte: {kioscoId: kioscoId, fecha: corte.fecha, diferencia: conciliacion.diferencia}}', 'variables'],
      ],
    },
    { kind: 'exclusive', id: 'diferencia-tolerancia', name: '¿Diferencia fuera de tolerancia?', lane: 'cas-operacion' },
    {
      kind: 'userTask',
      id: 'investigar-diferencia',
      name: 'Investigar diferencia',
      lane: 'cas-operacion',
      candidateGroups: 'cas-operacion',
      form: 'dgsti-p01-pr01c-resguardo-efectivo-investigacion',
    },
    { kind: 'end', id: 'diferencia-investigada', name: 'Diferencia investigada', lane: 'cas-operacion' },
    { kind: 'end', id: 'corte-conciliado', name: 'Corte conciliado', lane: 'cas-operacion' },
  ],
  flows: [
    { from: 'corte-programado', to: 'retirar-bolsa' },
    { from: 'retirar-bolsa', to: 'conteo-boveda' },
    { from: 'conteo-boveda', to: 'conciliar-corte' },
    { from: 'conciliar-corte', to: 'publicar-corte-realizado' },
    { from: 'publicar-corte-realizado', to: 'diferencia-tolerancia' },
    { from: 'diferencia-tolerancia', to: 'investigar-diferencia', name: 'Sí', condition: '=conciliacion.dentroDeTolerancia = false' },
    { from: 'diferencia-tolerancia', to: 'corte-conciliado', name: 'No', isDefault: true },
    { from: 'investigar-diferencia', to: 'diferencia-investigada' },
  ],
};

export default definition;
