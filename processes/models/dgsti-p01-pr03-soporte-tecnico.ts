// DGSTI-P01-PR03 Soporte Técnico (manual 7.3.1, procedimiento 3): a support report is attended by
// the technician it was dispatched to; one who cannot meet the time hands it to a colleague with a
// reason (3.b), the ticket is closed when the service ends (3.d) and the requester may answer the
// electronic satisfaction survey (records).
import type { ProcessDefinition } from '../builder/index.js';
import { DGSTI_LANES, DISPATCHED, REQUESTER, closeTicket, due, ownTicket } from '../fragments.js';

const ticket = ownTicket({
  categoria: 'soporte-tecnico',
  descripcion: '=descripcion',
  documentation: '3.b: número de reporte electrónico (OTRS), solo al iniciarse por sí mismo.',
  next: 'atencion',
});

const definition: ProcessDefinition = {
  id: 'dgsti-p01-pr03-soporte-tecnico',
  name: 'Soporte Técnico',
  folioSerie: 'SOP',
  versionTag: 'DGSTI-P01-PR03',
  documentation:
    'Procedimiento DGSTI-P01-PR03 Soporte Técnico (OFMA-MPP 7.3.1, A5, 2 días). Políticas: 3.a reporte por teléfono (ext. 5001) o correo a soporte@aguascalientes.gob.mx; ' +
    '3.b la Mesa de Ayuda genera el reporte electrónico (OTRS) y lo despacha al técnico del tipo de servicio; si el técnico no puede cumplir en tiempo y forma lo negocia con otro colaborador ' +
    '(reasignación con motivo: la variable reasignaciones guarda quién lo entregó, a quién y por qué); 3.c el usuario da facilidades; 3.d al terminar se cierra en OTRS. ' +
    'Registros: Control de atención a usuarios (ticket.close); posible encuesta electrónica de satisfacción. Variable tecnicoAsignado: el técnico al que se despachó.',
  lanes: [DGSTI_LANES.solicitante, DGSTI_LANES.mesaAyuda, DGSTI_LANES.soporteTecnico],
  elements: [
    { kind: 'start', id: 'reporte-soporte', name: 'Reporte de soporte técnico', lane: 'solicitante', form: 'dgsti-p01-pr03-reporte' },
    ...ticket.elements,
    { kind: 'exclusive', id: 'atencion', name: 'Atención', lane: 'soporte-tecnico' },
    {
      kind: 'userTask',
      id: 'atender-reporte',
      name: 'Atender reporte',
      lane: 'soporte-tecnico',
      candidateGroups: 'soporte-tecnico',
      assignee: DISPATCHED,
      form: 'dgsti-p01-pr03-atender-reporte',
      dueDate: due('P2D'),
      documentation:
        'A5 (2 días). Asignado al técnico despachado (tecnicoAsignado), o al grupo si la Mesa de Ayuda no eligió a nadie; el formulario ofrece "reasignar" ' +
        'con el nuevo técnico (un integrante activo de soporte-tecnico) y el motivo (3.b).',
    },
    { kind: 'exclusive', id: 'reasignar', name: '¿Reasignar?', lane: 'soporte-tecnico' },
    {
      kind: 'scriptTask',
      id: 'registrar-reasignacion',
      name: 'Registrar reasignación',
      lane: 'soporte-tecnico',
      documentation: '3.b: anota técnico anterior, técnico nuevo, motivo y fecha en reasignaciones y asigna el reporte al nuevo técnico.',
      script: {
        expression:
          '=append(if reasignaciones = null then [] else reasignaciones, {de: if tecnicoAsignado = null then "sin asignar (soporte-tecnico)" else tecnicoAsignado, a: nuevoTecnico, motivo: motivoReasignacion, fecha: string(now())})',
        resultVariable: 'historialReasignacion',
      },
      outputs: [
        ['=historialReasignacion', 'reasignaciones'],
        ['=nuevoTecnico', 'tecnicoAsignado'],
      ],
    },
    closeTicket({
      lane: 'soporte-tecnico',
      documentation: '3.d: al término del servicio se cierra la actividad en OTRS (Control de atención a usuarios).',
      resolucion: '="Servicio realizado: " + (if solucion = null then "atendido" else solucion)',
    }),
    { kind: 'exclusive', id: 'encuesta-aqui', name: '¿Encuesta en este procedimiento?', lane: 'soporte-tecnico' },
    { kind: 'end', id: 'servicio-realizado-mesa', name: 'Servicio realizado (encuesta por Mesa de Ayuda)', lane: 'soporte-tecnico' },
    {
      kind: 'userTask',
      id: 'encuesta-satisfaccion',
      name: 'Encuesta de satisfacción',
      lane: 'solicitante',
      candidateGroups: 'solicitante',
      assignee: REQUESTER,
      form: 'dgsti-p01-pr03-encuesta',
      dueDate: due('P3D'),
      documentation: 'Registro: posible encuesta electrónica de satisfacción, para quien reportó (o para el grupo si no fue un usuario); se cierra sin respuesta a los 3 días.',
    },
    { kind: 'boundary', id: 'encuesta-vencida', name: '3 días sin respuesta', attachedTo: 'encuesta-satisfaccion', timer: { duration: 'P3D' } },
    { kind: 'end', id: 'encuesta-sin-respuesta', name: 'Encuesta sin respuesta', lane: 'solicitante' },
    { kind: 'end', id: 'servicio-realizado', name: 'Servicio realizado', lane: 'solicitante' },
  ],
  flows: [
    { from: 'reporte-soporte', to: 'tiene-ticket' },
    ...ticket.flows,
    { from: 'atencion', to: 'atender-reporte' },
    { from: 'atender-reporte', to: 'reasignar' },
    { from: 'reasignar', to: 'registrar-reasignacion', name: 'Sí', condition: '=accion = "reasignar"' },
    { from: 'reasignar', to: 'cerrar-ticket', name: 'No, atendido', isDefault: true },
    { from: 'registrar-reasignacion', to: 'atencion' },
    { from: 'cerrar-ticket', to: 'encuesta-aqui' },
    { from: 'encuesta-aqui', to: 'servicio-realizado-mesa', name: 'No, la aplica la Mesa de Ayuda', condition: '=origen = "mesa-ayuda"' },
    { from: 'encuesta-aqui', to: 'encuesta-satisfaccion', name: 'Sí', isDefault: true },
    { from: 'encuesta-satisfaccion', to: 'servicio-realizado' },
    { from: 'encuesta-vencida', to: 'encuesta-sin-respuesta' },
  ],
};

export default definition;
