// DGSTI-P01-PR04 Red de Voz (manual 7.3.1, procedimiento 4): a telephony request filed by the Jefe
// de Informática or the Administrativo of the Dependencia (3.c) is executed by the voice technicians
// (3.d) and closed in OTRS (3.e); support for special events must arrive at least 15 days before
// the event, for the on-site study and, if needed, a purchase proposal (3.f).
import type { ProcessDefinition } from '../builder/index.js';
import { DGSTI_LANES, executeService, ownTicket, specialEvent, txt } from '../fragments.js';

const ticket = ownTicket({
  categoria: 'red-voz',
  descripcion: `="Red de voz: " + ${txt('tipoMovimiento')} + ", extensión " + ${txt('extension')} + (if descripcion = null then "" else ". " + descripcion)`,
  next: 'evento-especial',
});

const evento = specialEvent({
  procedimiento: 'PR04',
  nombre: 'Red de Voz',
  lane: 'red-voz',
  campo: 'tipoMovimiento',
  estudioDocumentation:
    '3.f: los técnicos y, en su caso, el Director de Telecomunicaciones y Redes estudian en el lugar del evento la infraestructura requerida, la factibilidad y los requerimientos.',
  next: 'listo-para-ejecutar',
});

const servicio = executeService({ lane: 'red-voz', form: 'dgsti-p01-pr04-ejecutar-servicio', activity: 'A6' });

const definition: ProcessDefinition = {
  id: 'dgsti-p01-pr04-red-voz',
  name: 'Red de Voz',
  folioSerie: 'SOP',
  versionTag: 'DGSTI-P01-PR04',
  documentation:
    'Procedimiento DGSTI-P01-PR04 Red de Voz (OFMA-MPP 7.3.1, A6, 2 días). Políticas: 3.a servicio de uso exclusivo del personal de cada dependencia; 3.b solicitud por la ext. 5001 o soporte@aguascalientes.gob.mx; ' +
    '3.c solo el Jefe de Informática o el Administrativo de la Dependencia (grupo jefe-informatica) emite la solicitud, con Dependencia, Área, Nombre del usuario, Teléfono, Número de Extensión, Tipo de movimiento ' +
    'y, para claves y permisos especiales, quién autoriza y su justificación; 3.d se asigna a los técnicos responsables; 3.e se cierra en OTRS; ' +
    '3.f eventos especiales: al menos 15 días antes del evento, estudio en sitio de técnicos y Director de Telecomunicaciones y Redes y, en su caso, propuesta de adquisición. Registro: Control de atención a usuarios.',
  lanes: [
    { id: 'jefe-informatica', name: 'Jefe de Informática o Administrativo de la Dependencia' },
    DGSTI_LANES.mesaAyuda,
    DGSTI_LANES.redVoz,
    { id: 'telecom', name: 'Director de Telecomunicaciones y Redes' },
  ],
  elements: [
    {
      kind: 'start',
      id: 'solicitud-red-voz',
      name: 'Solicitud de servicio de red de voz',
      lane: 'jefe-informatica',
      form: 'dgsti-p01-pr04-solicitud',
      starterGroups: 'jefe-informatica',
      documentation: 'PR04 3.c: solo el Jefe de Informática o el Administrativo de la Dependencia o Entidad demandante puede emitir la solicitud.',
    },
    ...ticket.elements,
    ...evento.elements,
    ...servicio.elements,
  ],
  flows: [{ from: 'solicitud-red-voz', to: 'tiene-ticket' }, ...ticket.flows, ...evento.flows, ...servicio.flows],
};

export default definition;
