// DGSTI-P01-PR02 Gestión de Base de Datos (manual 7.3.1, procedimiento 2): a request to create a
// database, grant access to it or change its structure is reviewed by Base de Datos, clarified with
// the requester as often as needed (3.c), and provisioned; permissions go only to authorized users
// (3.d) and everything lands in the registry "Control de BD y usuarios SQL e INFORMIX".
import type { ProcessDefinition } from '../builder/index.js';
import { DGSTI_LANES, DISPATCHED, REQUESTER, closeTicket, due, ownTicket, refusal, txt } from '../fragments.js';

const ticket = ownTicket({
  categoria: 'base-datos',
  descripcion: `="Gestión de base de datos: " + ${txt('tipo')} + " " + ${txt('nombreBd')} + " (" + ${txt('motor')} + ")"`,
  documentation: 'Solo al iniciarse por sí mismo: genera el número de reporte electrónico (OTRS).',
  next: 'revision',
});

const negativa = refusal({
  lane: 'base-datos',
  datos: `={asunto: "Solicitud de base de datos rechazada — ticket " + ticket.numero, folio: folio, ticket: ticket.numero, solicitante: {nombre: nombre}, nombre: nombre, motivo: "Se solicitaron permisos de acceso para usuarios que no están autorizados por escrito (PR02 3.d).", mensaje: "Su solicitud de base de datos " + ${txt('nombreBd')} + " no procede: los permisos de acceso solo se asignan a usuarios autorizados por escrito (política 3.d del procedimiento DGSTI-P01-PR02)."}`,
  resolucion: '="Rechazada: permisos solicitados para usuarios no autorizados (PR02 3.d)"',
});

const definition: ProcessDefinition = {
  id: 'dgsti-p01-pr02-base-datos',
  name: 'Gestión de Base de Datos',
  folioSerie: 'SOP',
  versionTag: 'DGSTI-P01-PR02',
  documentation:
    'Procedimiento DGSTI-P01-PR02 Gestión de Base de Datos (OFMA-MPP 7.3.1, A4, 2 días). Objetivo: crear bases de datos confiables y seguras para los sistemas del GEA. ' +
    'Políticas: 3.a justificación por escrito para crear una BD; 3.b estructura en archivo de texto (INFORMIX) o servidor de pruebas / archivos .mdf y .ldf (SQL Server); ' +
    '3.c sistema o proyecto y personas involucradas para aclaraciones; 3.d permisos solo a usuarios autorizados; 3.e modificaciones a solicitud de los desarrolladores. ' +
    'Registro: Control de BD y usuarios SQL e INFORMIX. Llamado desde dgsti-p01-soporte-ti (variables ticket, nombre, correo, dependencia, area, telefono, extension, descripcion) o iniciado por sí mismo.',
  lanes: [DGSTI_LANES.solicitante, DGSTI_LANES.mesaAyuda, DGSTI_LANES.baseDatos],
  errors: { USUARIO_NO_AUTORIZADO: 'Usuario no autorizado (PR02 3.d)' },
  elements: [
    { kind: 'start', id: 'solicitud-base-datos', name: 'Solicitud de base de datos', lane: 'solicitante', form: 'dgsti-p01-pr02-solicitud' },
    ...ticket.elements,
    { kind: 'exclusive', id: 'revision', name: 'Revisión', lane: 'base-datos' },
    {
      kind: 'userTask',
      id: 'revisar-solicitud',
      name: 'Revisar solicitud',
      lane: 'base-datos',
      candidateGroups: 'base-datos',
      assignee: DISPATCHED,
      form: 'dgsti-p01-pr02-revisar-solicitud',
      dueDate: due('P2D'),
      documentation:
        'A4 (2 días): revisa justificación (3.a), estructura (3.b), sistema y personas (3.c); anota qué usuarios están autorizados por escrito (3.d). ' +
        'Asignada a quien despachó la Mesa de Ayuda (tecnicoAsignado), también al volver de una aclaración; al grupo si no eligió a nadie.',
    },
    { kind: 'exclusive', id: 'requiere-aclaracion', name: '¿Requiere aclaración?', lane: 'base-datos' },
    {
      kind: 'userTask',
      id: 'aclarar-estructura',
      name: 'Aclarar estructura',
      lane: 'solicitante',
      candidateGroups: 'solicitante',
      assignee: REQUESTER,
      form: 'dgsti-p01-pr02-aclarar-estructura',
      dueDate: due('P2D'),
      documentation:
        '3.c: el solicitante responde las dudas sobre la estructura y completa sistema o proyecto y personas involucradas. Para quien hizo la solicitud; para el grupo si no fue un usuario.',
    },
    {
      kind: 'serviceTask',
      id: 'crear-base-datos',
      name: 'Crear base de datos y asignar permisos',
      lane: 'base-datos',
      type: 'database.provision',
      documentation:
        'Crea la BD, asigna permisos o modifica la estructura y anota el Control de BD y usuarios SQL e INFORMIX; USUARIO_NO_AUTORIZADO si se piden permisos para alguien no autorizado (3.d).',
      inputs: [
        ['=tipo', 'tipo'],
        ['=motor', 'motor'],
        ['=nombreBd', 'nombreBd'],
        ['=sistema', 'sistema'],
        [
          '=for p in personas return {nombre: p.nombre, usuario: p.usuario, permisos: if p.permisos = null then [] else p.permisos, autorizado: personasAutorizadas != null and list contains(personasAutorizadas, p.usuario)}',
          'personas',
        ],
      ],
    },
    { kind: 'boundary', id: 'usuario-no-autorizado', name: 'Usuario no autorizado', attachedTo: 'crear-base-datos', error: 'USUARIO_NO_AUTORIZADO' },
    ...negativa.elements,
    closeTicket({
      lane: 'mesa-ayuda',
      resolucion: `="Servicio realizado: base de datos " + ${txt('nombreBd')} + " (" + ${txt('tipo')} + ", " + ${txt('motor')} + ")"`,
    }),
    { kind: 'end', id: 'servicio-realizado', name: 'Servicio realizado', lane: 'mesa-ayuda' },
  ],
  flows: [
    { from: 'solicitud-base-datos', to: 'tiene-ticket' },
    ...ticket.flows,
    { from: 'revision', to: 'revisar-solicitud' },
    { from: 'revisar-solicitud', to: 'requiere-aclaracion' },
    { from: 'requiere-aclaracion', to: 'aclarar-estructura', name: 'Sí', condition: '=requiereAclaracion = true' },
    { from: 'requiere-aclaracion', to: 'crear-base-datos', name: 'No', isDefault: true },
    { from: 'aclarar-estructura', to: 'revision' },
    { from: 'crear-base-datos', to: 'cerrar-ticket' },
    { from: 'cerrar-ticket', to: 'servicio-realizado' },
    { from: 'usuario-no-autorizado', to: 'notificar-negativa' },
    ...negativa.flows,
  ],
};

export default definition;
