// DGSTI-P01-PR01 Centros de Atención y Servicios (CAS), queja ciudadana (políticas 3.a–3.d): a kiosk
// kept a citizen's change. The complaint is channelled to Operación de CAS, the kiosk's transactions
// without change are identified, it is attended within one hour, and the missing cash is returned
// right after the kiosk's next cash cut (message `corte-realizado`, published by
// dgsti-p01-pr01c-resguardo-efectivo) against the complaint form, a copy of the IFE and a signature.
import type { ProcessDefinition } from '../builder/index.js';
import { DGSTI_LANES, dueAfter } from '../fragments.js';

const definition: ProcessDefinition = {
  id: 'dgsti-p01-pr01-cas-queja',
  name: 'Queja ciudadana en Centros de Atención y Servicios (CAS)',
  versionTag: 'DGSTI-P01-PR01',
  documentation:
    'Procedimiento 1: Centros de Atención y Servicios (CAS) DGSTI-P01-PR01, políticas 3.a–3.d. Registro generado: Registro de Solicitud o Queja. ' +
    'Se inicia por el Auxiliar de Atención a Usuarios o desde la Mesa de Ayuda (DGSTI-P01 A3).',
  lanes: [
    { id: 'cas-atencion', name: 'Auxiliar de Atención a Usuarios' },
    DGSTI_LANES.casOperacion,
  ],
  messages: { 'corte-realizado': '=kioscoId' },
  errors: { TRANSACCION_NO_ENCONTRADA: 'Transacción no encontrada' },
  elements: [
    {
      kind: 'start',
      id: 'queja-ciudadana',
      name: 'Queja ciudadana',
      lane: 'cas-atencion',
      form: 'dgsti-p01-pr01-cas-queja-registro',
      documentation: 'PR01 3.a: reporte al 910 25 80 o al 01 800 900 2002 ext. 5001. Registro de Solicitud o Queja.',
    },
    {
      kind: 'scriptTask',
      id: 'registrar-queja',
      name: 'Registrar solicitud o queja',
      lane: 'cas-atencion',
      script: { expression: '=string(now())', resultVariable: 'quejaRecibidaEn' },
      documentation: 'Registro de Solicitud o Queja: la hora de recepción, desde la que corre la hora de atención (3.c).',
    },
    {
      kind: 'userTask',
      id: 'canalizar-operacion-cas',
      name: 'Canalizar a Operación de CAS',
      lane: 'cas-atencion',
      candidateGroups: 'cas-atencion',
      form: 'dgsti-p01-pr01-cas-queja-canalizar',
      dueDate: dueAfter('quejaRecibidaEn', 'PT1H'),
      documentation: 'PR01 3.b: el Auxiliar de Atención a Usuarios canaliza el reporte al Jefe de Departamento de Operación de CAS.',
    },
    {
      kind: 'serviceTask',
      id: 'identificar-movimientos',
      name: 'Identificar los movimientos en que faltó devolución',
      lane: 'cas-operacion',
      type: 'cas.find-missing-change',
      documentation: 'PR01 3.b: movimientos del kiosco en que no se devolvió el cambio.',
    },
    { kind: 'boundary', id: 'transaccion-no-encontrada', name: 'Transacción no encontrada', attachedTo: 'identificar-movimientos', error: 'TRANSACCION_NO_ENCONTRADA' },
    { kind: 'exclusive', id: 'movimientos-revisados', name: 'Movimientos revisados', lane: 'cas-operacion' },
    {
      kind: 'userTask',
      id: 'atender-queja',
      name: 'Atender queja',
      lane: 'cas-operacion',
      candidateGroups: 'cas-operacion',
      form: 'dgsti-p01-pr01-cas-queja-atender',
      dueDate: dueAfter('quejaRecibidaEn', 'PT1H'),
      documentation: 'PR01 3.c: las quejas ciudadanas deberán atenderse en un lapso no mayor a 1 hora.',
    },
    {
      kind: 'boundary',
      id: 'queja-fuera-de-tiempo',
      name: '1 hora sin atender',
      attachedTo: 'atender-queja',
      interrupting: false,
      timer: { date: '=date and time(quejaRecibidaEn) + duration("PT1H")' },
    },
    {
      kind: 'userTask',
      id: 'escalar-queja',
      name: 'Escalar queja no atendida en 1 hora',
      lane: 'cas-operacion',
      candidateGroups: 'cas-operacion',
      form: 'dgsti-p01-pr01-cas-queja-escalamiento',
      documentation: 'PR01 3.c incumplido: la queja lleva más de 1 hora sin atenderse; el Responsable de los CAS interviene.',
    },
    { kind: 'end', id: 'queja-escalada', name: 'Queja escalada', lane: 'cas-operacion' },
    { kind: 'exclusive', id: 'procede-devolucion', name: '¿Procede devolución?', lane: 'cas-operacion' },
    { kind: 'end', id: 'queja-sin-devolucion', name: 'Queja atendida sin devolución', lane: 'cas-operacion' },
    {
      kind: 'messageCatch',
      id: 'corte-realizado',
      name: 'Corte de efectivo realizado',
      lane: 'cas-operacion',
      message: 'corte-realizado',
      documentation: 'PR01 3.c: la devolución de efectivo es inmediatamente después de realizar el corte del kiosco.',
    },
    { kind: 'exclusive', id: 'ciudadano-con-correo', name: '¿Ciudadano con correo?', lane: 'cas-operacion' },
    {
      kind: 'serviceTask',
      id: 'avisar-devolucion-lista',
      name: 'Avisar al ciudadano que su devolución está lista',
      lane: 'cas-operacion',
      type: 'notify.email',
      headers: { plantilla: 'devolucion-lista' },
      inputs: [
        ['=ciudadano.correo', 'para'],
        ['={ciudadano: ciudadano, kioscoId: kioscoId, cambioPendiente: montoDevolucion}', 'datos'],
      ],
      outputs: [['=notificacion', 'correoDevolucionLista']],
    },
    { kind: 'exclusive', id: 'devolucion-lista', name: 'Devolución lista', lane: 'cas-atencion' },
    {
      kind: 'userTask',
      id: 'entregar-devolucion',
      name: 'Entregar devolución',
      lane: 'cas-atencion',
      candidateGroups: 'cas-atencion',
      form: 'dgsti-p01-pr01-cas-queja-devolucion',
      documentation: 'PR01 3.d: mediante el formato de queja, entrega de copia de IFE y firma de conformidad.',
    },
    { kind: 'end', id: 'devolucion-entregada', name: 'Devolución entregada', lane: 'cas-atencion' },
  ],
  flows: [
    { from: 'queja-ciudadana', to: 'registrar-queja' },
    { from: 'registrar-queja', to: 'canalizar-operacion-cas' },
    { from: 'canalizar-operacion-cas', to: 'identificar-movimientos' },
    { from: 'identificar-movimientos', to: 'movimientos-revisados' },
    { from: 'transaccion-no-encontrada', to: 'movimientos-revisados' },
    { from: 'movimientos-revisados', to: 'atender-queja' },
    { from: 'queja-fuera-de-tiempo', to: 'escalar-queja' },
    { from: 'escalar-queja', to: 'queja-escalada' },
    { from: 'atender-queja', to: 'procede-devolucion' },
    { from: 'procede-devolucion', to: 'corte-realizado', name: 'Sí', condition: '=procedeDevolucion = true' },
    { from: 'procede-devolucion', to: 'queja-sin-devolucion', name: 'No', isDefault: true },
    { from: 'corte-realizado', to: 'ciudadano-con-correo' },
    { from: 'ciudadano-con-correo', to: 'avisar-devolucion-lista', name: 'Sí', condition: '=ciudadano.correo != null' },
    { from: 'ciudadano-con-correo', to: 'devolucion-lista', name: 'No', isDefault: true },
    { from: 'avisar-devolucion-lista', to: 'devolucion-lista' },
    { from: 'devolucion-lista', to: 'entregar-devolucion' },
    { from: 'entregar-devolucion', to: 'devolucion-entregada' },
  ],
};

export default definition;
