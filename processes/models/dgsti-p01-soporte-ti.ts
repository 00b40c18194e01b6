// DGSTI-P01 Soporte a las TI (manual 7.3.1): the help desk. A request becomes an electronic ticket
// (A1), the Mesa de Ayuda classifies and assigns it (A2), the procedure of its category runs as a
// called model (A3–A9), the ticket is closed and the requester told (A10), and the requester may
// answer a satisfaction survey (PR03 records: "posible encuesta electrónica de satisfacción").
import type { CallActivity, Flow, ProcessDefinition } from '../builder/index.js';
import { DGSTI_LANES, REQUESTER, SOLICITANTE as solicitante, due, email } from '../fragments.js';
/** The category as the requester reads it in an e-mail. */
const categoriaLegible =
  'get value({"cas": "Centros de Atención y Servicio", "base-datos": "Base de Datos", "soporte-tecnico": "Soporte Técnico", "red-voz": "Red de Voz", "red-datos": "Red de Datos", "sistemas-operativos": "Sistemas Operativos", "gestion-digital": "Gestión e Implementación Digital"}, categoria)';

/**
 * What every called procedure receives: the ticket and the request as the requester filed it. The
 * call activities keep Zeebe's default propagateAllParentVariables (true), so every other variable
 * of the help desk reaches the procedure too: `iniciadoPor` (whose the requester's tasks are),
 * `canal`, and the technician the dispatch chose (`tecnicoAsignado`, assignee of the procedure's
 * first task for its group).
 */
const requestInputs = (plazo: string): Array<[string, string]> => [
  ['=ticket', 'ticket'],
  [`=${solicitante}`, 'solicitante'],
  ['=dependencia', 'dependencia'],
  ['=area', 'area'],
  ['=nombre', 'nombre'],
  ['=telefono', 'telefono'],
  ['=extension', 'extension'],
  ['=correo', 'correo'],
  ['=categoria', 'categoria'],
  ['=descripcion', 'descripcion'],
  ['=observacionesMesaAyuda', 'observacionesMesaAyuda'],
  ['="mesa-ayuda"', 'origen'],
  // The activity's "Tiempo" in the process table, for the called model's due dates.
  [due(plazo), 'fechaCompromiso'],
];

interface Branch {
  id: string;
  name: string;
  lane: string;
  processId: string;
  plazo: string;
  /** The FEEL condition on the flow into the branch. */
  condition: string;
  /** The gateway the branch leaves from. */
  from: 'categoria' | 'sistemas-operativos';
  flowName: string;
  extraInputs?: Array<[string, string]>;
}

const branches: Branch[] = [
  {
    id: 'centros-atencion-servicio',
    name: 'Centros de Atención y Servicio',
    lane: 'cas-operacion',
    processId: 'dgsti-p01-pr01-cas-queja',
    plazo: 'P1D',
    condition: '=categoria = "cas"',
    from: 'categoria',
    flowName: 'CAS',
    // The complaint data the Mesa de Ayuda takes by phone (PR01 3.a) — the complaint form's fields.
    extraInputs: [
      ['=kioscoId', 'kioscoId'],
      ['=fechaHora', 'fechaHora'],
      ['=montoPagado', 'montoPagado'],
      ['=montoEsperadoDevolucion', 'montoEsperadoDevolucion'],
      ['={nombre: nombre, telefono: telefono, correo: correo}', 'ciudadano'],
    ],
  },
  {
    id: 'base-datos',
    name: 'Base de Datos',
    lane: 'base-datos',
    processId: 'dgsti-p01-pr02-base-datos',
    plazo: 'P2D',
    condition: '=categoria = "base-datos"',
    from: 'categoria',
    flowName: 'Base de Datos',
  },
  {
    id: 'soporte-tecnico',
    name: 'Soporte Técnico',
    lane: 'soporte-tecnico',
    processId: 'dgsti-p01-pr03-soporte-tecnico',
    plazo: 'P2D',
    condition: '=categoria = "soporte-tecnico"',
    from: 'categoria',
    flowName: 'Soporte Técnico',
  },
  { id: 'red-voz', name: 'Red de Voz', lane: 'red-voz', processId: 'dgsti-p01-pr04-red-voz', plazo: 'P2D', condition: '=categoria = "red-voz"', from: 'categoria', flowName: 'Red de Voz' },
  {
    id: 'red-datos',
    name: 'Red de Datos',
    lane: 'red-datos',
    processId: 'dgsti-p01-pr05-red-datos',
    plazo: 'P2D',
    condition: '=categoria = "red-datos"',
    from: 'categoria',
    flowName: 'Red de Datos',
  },
  {
    id: 'programacion-respaldo',
    name: 'Sistemas Operativos: Programación de Respaldo de Información',
    lane: 'sistemas-operativos',
    processId: 'dgsti-p01-pr06-respaldo',
    plazo: 'P2D',
    condition: '=servicioSistemasOperativos = "respaldo"',
    from: 'sistemas-operativos',
    flowName: 'Respaldo',
    extraInputs: [['="extraordinario"', 'tipo']],
  },
  {
    id: 'creacion-accesos',
    name: 'Sistemas Operativos: Creación de Accesos a Usuarios',
    lane: 'sistemas-operativos',
    processId: 'dgsti-p01-pr07-accesos',
    plazo: 'P2D',
    condition: '=servicioSistemasOperativos = "accesos"',
    from: 'sistemas-operativos',
    flowName: 'Accesos',
  },
  {
    id: 'gestion-implementacion-digital',
    name: 'Gestión e Implementación Digital',
    lane: 'gestion-digital',
    processId: 'dgsti-p01-pr08-sigue',
    plazo: 'P2D',
    condition: '=categoria = "gestion-digital"',
    from: 'categoria',
    flowName: 'Gestión e Implementación Digital',
  },
];

const callActivities: CallActivity[] = branches.map((b) => ({
  kind: 'callActivity',
  id: b.id,
  name: b.name,
  lane: b.lane,
  processId: b.processId,
  inputs: [...requestInputs(b.plazo), ...(b.extraInputs ?? [])],
  // A procedure that refuses the request closes the ticket and tells the requester itself.
  outputs: [['=solicitudRechazada', 'solicitudRechazada']],
  documentation: `DGSTI-P01 ${b.name}: procedimiento ${b.processId}; tiempo ${b.plazo.replace('P', '').replace('D', ' día(s)')}.`,
}));

const branchFlows: Flow[] = branches.flatMap((b) => [
  { from: b.from === 'categoria' ? 'categoria-solicitud' : 'servicio-sistemas-operativos', to: b.id, name: b.flowName, condition: b.condition },
  { from: b.id, to: 'servicio-realizado' },
]);

const definition: ProcessDefinition = {
  id: 'dgsti-p01-soporte-ti',
  name: 'Soporte a las TI',
  folioSerie: 'SOP',
  versionTag: 'DGSTI-P01',
  documentation:
    'Proceso DGSTI-P01 Soporte a las TI (Manual de Procesos y Procedimientos OFMA-MPP, 7.3.1). Responsable: Director General de Soporte a las T.I. ' +
    'A1 Recepción de solicitud (10 min) → A2 Atención y seguimiento (10 min) → A3–A9 procedimiento por categoría → A10 Registro de servicio y control (5 min).',
  lanes: [
    DGSTI_LANES.solicitante,
    DGSTI_LANES.mesaAyuda,
    { id: 'cas-operacion', name: 'Responsable de los Centros de Atención y Servicio' },
    DGSTI_LANES.baseDatos,
    DGSTI_LANES.soporteTecnico,
    DGSTI_LANES.redVoz,
    DGSTI_LANES.redDatos,
    { id: 'sistemas-operativos', name: 'Jefe del Dpto. de Seguridad de TI y Jefe del Dpto. de Herramientas de Colaboración' },
    DGSTI_LANES.gestionDigital,
  ],
  elements: [
    {
      kind: 'start',
      id: 'solicitud-servicio',
      name: 'Solicitud de servicio',
      lane: 'solicitante',
      form: 'dgsti-p01-soporte-ti-solicitud',
      documentation:
        'Solicitud de servicio de las Dependencias y Entidades: formulario web, correo a soporte@aguascalientes.gob.mx, llamada a la ext. 5001 capturada por la Mesa de Ayuda, u oficio del Oficial Mayor / CGMPG.',
    },
    {
      kind: 'serviceTask',
      id: 'recepcion-solicitud',
      name: 'Recepción de solicitud',
      lane: 'mesa-ayuda',
      type: 'ticket.register',
      documentation: 'A1 (10 minutos): genera el número de reporte electrónico (OTRS), PR03 3.b.',
      inputs: [
        [`=${solicitante}`, 'solicitante'],
        ['=dependencia', 'dependencia'],
        ['=area', 'area'],
        ['=categoria', 'categoria'],
        ['=descripcion', 'descripcion'],
        ['=if canal = null then "web" else canal', 'canal'],
      ],
    },
    email({
      id: 'enviar-acuse',
      name: 'Enviar correo de solicitud de servicio',
      lane: 'mesa-ayuda',
      plantilla: 'acuse-solicitud',
      documentation: 'A1 producto: "Correo electrónico de solicitud de servicio" con el número de ticket.',
      datos: `={ticket: ticket, solicitante: ${solicitante}, categoria: ${categoriaLegible}, descripcion: descripcion}`,
      // notify.email answers `correo` (the sent message); the requester's address keeps that name.
      outputs: [['=notificacion', 'correoAcuse']],
    }),
    {
      kind: 'userTask',
      id: 'clasificar-asignar',
      name: 'Clasificar y asignar',
      lane: 'mesa-ayuda',
      candidateGroups: 'mesa-ayuda',
      form: 'dgsti-p01-soporte-ti-clasificar',
      dueDate: due('PT10M'),
      documentation:
        'A2 Atención y seguimiento a la solicitud por área correspondiente (10 minutos): confirma la categoría y despacha al grupo técnico y, en su caso, ' +
        'al técnico que la atenderá: tecnicoAsignado, un integrante activo del grupo de la categoría, a quien se asigna la primera tarea del procedimiento (PR03 3.b).',
    },
    { kind: 'exclusive', id: 'categoria-solicitud', name: '¿Categoría?', lane: 'mesa-ayuda' },
    { kind: 'exclusive', id: 'servicio-sistemas-operativos', name: '¿Respaldo o accesos?', lane: 'sistemas-operativos' },
    ...callActivities,
    { kind: 'exclusive', id: 'servicio-realizado', name: 'Servicio realizado', lane: 'mesa-ayuda' },
    { kind: 'exclusive', id: 'rechazada-procedimiento', name: '¿Rechazada por el procedimiento?', lane: 'mesa-ayuda' },
    {
      kind: 'end',
      id: 'solicitud-rechazada',
      name: 'Solicitud rechazada',
      lane: 'mesa-ayuda',
      documentation: 'El procedimiento rechazó la solicitud conforme a sus políticas, cerró el ticket y notificó el motivo al solicitante.',
    },
    {
      kind: 'serviceTask',
      id: 'registro-servicio-control',
      name: 'Registro de servicio y control',
      lane: 'mesa-ayuda',
      type: 'ticket.close',
      documentation:
        'A10 (5 minutos): cierra el ticket en el sistema de tickets (OTRS) y lo anota en el Control de atención a usuarios. Si el procedimiento ya lo cerró (PR03 3.d, PR04 3.e, PR07 3.d), el cierre es el mismo.',
      inputs: [
        ['=ticket', 'ticket'],
        [`="Servicio realizado: " + ${categoriaLegible}`, 'resolucion'],
      ],
    },
    email({
      id: 'enviar-servicio-atendido',
      name: 'Enviar correo de servicio atendido',
      lane: 'mesa-ayuda',
      plantilla: 'servicio-atendido',
      documentation: 'A10 producto: "Correo electrónico de servicio atendido".',
      datos: `={ticket: ticket, solicitante: ${solicitante}, resolucion: "Servicio realizado: " + ${categoriaLegible}}`,
      outputs: [['=notificacion', 'correoServicioAtendido']],
    }),
    {
      kind: 'userTask',
      id: 'encuesta-satisfaccion',
      name: 'Encuesta de satisfacción',
      lane: 'solicitante',
      candidateGroups: 'solicitante',
      assignee: REQUESTER,
      form: 'dgsti-p01-soporte-ti-encuesta',
      dueDate: due('P3D'),
      documentation:
        'PR03 registros: posible encuesta electrónica de satisfacción, para quien hizo la solicitud (o para el grupo si la solicitud no la hizo un usuario: ' +
        'un ciudadano, o la Mesa de Ayuda por teléfono o correo). Se recuerda cada día y se cierra sin respuesta a los 3 días.',
    },
    { kind: 'boundary', id: 'recordatorio-encuesta', name: 'Cada día sin respuesta', attachedTo: 'encuesta-satisfaccion', interrupting: false, timer: { cycle: 'R2/P1D' } },
    email({
      id: 'enviar-recordatorio-encuesta',
      name: 'Enviar recordatorio de encuesta',
      lane: 'solicitante',
      plantilla: 'recordatorio-encuesta',
      datos: `={ticket: ticket, solicitante: ${solicitante}}`,
      outputs: [['=notificacion', 'correoRecordatorio']],
    }),
    { kind: 'end', id: 'recordatorio-enviado', name: 'Recordatorio enviado', lane: 'solicitante' },
    { kind: 'boundary', id: 'encuesta-vencida', name: '3 días sin respuesta', attachedTo: 'encuesta-satisfaccion', timer: { duration: 'P3D' } },
    { kind: 'end', id: 'encuesta-sin-respuesta', name: 'Encuesta cerrada sin respuesta', lane: 'solicitante' },
    { kind: 'end', id: 'servicio-atendido', name: 'Servicio atendido', lane: 'solicitante' },
  ],
  flows: [
    { from: 'solicitud-servicio', to: 'recepcion-solicitud' },
    { from: 'recepcion-solicitud', to: 'enviar-acuse' },
    { from: 'enviar-acuse', to: 'clasificar-asignar' },
    { from: 'clasificar-asignar', to: 'categoria-solicitud' },
    { from: 'categoria-solicitud', to: 'servicio-sistemas-operativos', name: 'Sistemas Operativos', condition: '=categoria = "sistemas-operativos"' },
    ...branchFlows,
    { from: 'servicio-realizado', to: 'rechazada-procedimiento' },
    { from: 'rechazada-procedimiento', to: 'solicitud-rechazada', name: 'Sí', condition: '=solicitudRechazada != null' },
    { from: 'rechazada-procedimiento', to: 'registro-servicio-control', name: 'No', isDefault: true },
    { from: 'registro-servicio-control', to: 'enviar-servicio-atendido' },
    { from: 'enviar-servicio-atendido', to: 'encuesta-satisfaccion' },
    { from: 'encuesta-satisfaccion', to: 'servicio-atendido' },
    { from: 'recordatorio-encuesta', to: 'enviar-recordatorio-encuesta' },
    { from: 'enviar-recordatorio-encuesta', to: 'recordatorio-enviado' },
    { from: 'encuesta-vencida', to: 'encuesta-sin-respuesta' },
  ],
};

export default definition;
