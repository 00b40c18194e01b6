// The manual's OTRS (DGSTI-P01 A1/A10, PR03 3.b/3.d): opening and closing help-desk tickets and the
// "Control de atención a usuarios" record. A real OTRS/Znuny implements TicketSystem through its
// GenericInterface; the built-in one keeps tickets, the daily counter and the record in collections.
import { insertOnce, retryOnConflict, type RecordCollections } from '../kit/index.js';
import type { Persona } from '../shared/schemas.js';
import { localDateKey } from '../shared/time.js';

export interface TicketRequest {
  /** The job asking: the same job asking twice (a retry after a crash) gets the same ticket. */
  requestKey: string;
  solicitante: Persona;
  dependencia: string;
  area?: string;
  categoria: string;
  descripcion: string;
  canal?: 'web' | 'correo' | 'telefono' | 'oficio';
  at: Date;
}

export interface OpenTicket {
  numero: string;
  abiertoEn: string;
}

export interface ClosedTicket {
  numero: string;
  cerradoEn: string;
  minutosAbierto: number;
}

export interface TicketSystem {
  open(request: TicketRequest): Promise<OpenTicket>;
  /** Closes the ticket (closing a closed ticket answers the first closure); undefined when unknown. */
  close(request: { numero: string; resolucion?: string; atendidoPor?: string; at: Date }): Promise<ClosedTicket | undefined>;
}

/** A row of "Control de atención a usuarios" (PR03, PR07 records). */
export interface AttentionRecord {
  folio: string;
  fecha: string;
  solicitante: Persona;
  dependencia: string;
  area?: string;
  categoria: string;
  descripcion: string;
  canal?: string;
  tecnico?: string;
  resolucion?: string;
  fechaCierre: string;
  minutos: number;
}

interface TicketDoc {
  numero: string;
  requestKey: string;
  solicitante: Persona;
  dependencia: string;
  area?: string;
  categoria: string;
  descripcion: string;
  canal?: string;
  abiertoEn: string;
  estado: 'abierto' | 'cerrado';
  cerradoEn?: string;
  minutosAbierto?: number;
  atendidoPor?: string;
  resolucion?: string;
}

export const TICKET_COLLECTIONS = {
  tickets: 'oficio_tickets',
  counters: 'oficio_tickets_contadores',
  requests: 'oficio_tickets_solicitudes',
  control: 'oficio_control_atencion_usuarios',
} as const;

/**
 * OTRS's "Date" generator (Kernel::System::Ticket::Number::Date): year, month and day, the
 * SystemID, then the day's counter padded to MinCounterSize digits — e.g. 2026030210 00001.
 */
export function formatTicketNumber(dateKey: string, systemId: string, counter: number, digits = 5): string {
  return `${dateKey}${systemId}${String(counter).padStart(digits, '0')}`;
}

export function createStoredTicketSystem(collections: RecordCollections, options: { systemId?: string; counterDigits?: number } = {}): TicketSystem {
  const systemId = options.systemId ?? '10';
  const digits = options.counterDigits ?? 5;
  const tickets = collections<TicketDoc>(TICKET_COLLECTIONS.tickets, [['requestKey'], ['estado']]);
  const counters = collections<{ fecha: string; ultimo: number }>(TICKET_COLLECTIONS.counters);
  const requests = collections<{ numero: string }>(TICKET_COLLECTIONS.requests);
  const control = collections<AttentionRecord>(TICKET_COLLECTIONS.control, [['fecha'], ['dependencia'], ['categoria']]);

  /** The next value of the day's counter: read, increment at the read version, retry on conflict. */
  const nextCounter = (dateKey: string) =>
    retryOnConflict(async () => {
      const current = await counters.get(dateKey);
      if (!current) {
        await counters.insert({ id: dateKey, fecha: dateKey, ultimo: 1 });
        return 1;
      }
      const next = current.ultimo + 1;
      await counters.update(dateKey, { fecha: dateKey, ultimo: next }, current.version);
      return next;
    });

  return {
    async open(request) {
      const known = await requests.get(request.requestKey);
      if (known) {
        const ticket = await tickets.get(known.numero);
        if (ticket) return { numero: ticket.numero, abiertoEn: ticket.abiertoEn };
      }
      const dateKey = localDateKey(request.at);
      const numero = formatTicketNumber(dateKey, systemId, await nextCounter(dateKey), digits);
      // The request → number link first: a second run of the same job finds it and reuses the number.
      const link = await insertOnce(requests, { id: request.requestKey, numero });
      const abiertoEn = request.at.toISOString();
      const ticket = await insertOnce(tickets, {
        id: link.numero,
        numero: link.numero,
        requestKey: request.requestKey,
        solicitante: request.solicitante,
        dependencia: request.dependencia,
        ...(request.area !== undefined ? { area: request.area } : {}),
        categoria: request.categoria,
        descripcion: request.descripcion,
        ...(request.canal !== undefined ? { canal: request.canal } : {}),
        abiertoEn,
        estado: 'abierto',
      });
      return { numero: ticket.numero, abiertoEn: ticket.abiertoEn };
    },

    async close(request) {
      const closed = await retryOnConflict(async () => {
        const ticket = await tickets.get(request.numero);
        if (!ticket) return undefined;
        if (ticket.estado === 'cerrado') return ticket;
        const cerradoEn = request.at.toISOString();
        const minutosAbierto = Math.max(0, Math.round((request.at.getTime() - Date.parse(ticket.abiertoEn)) / 60_000));
        const { id: _id, version: _version, ...fields } = ticket;
        const doc: TicketDoc = {
          ...fields,
          estado: 'cerrado',
          cerradoEn,
          minutosAbierto,
          ...(request.atendidoPor !== undefined ? { atendidoPor: request.atendidoPor } : {}),
          ...(request.resolucion !== undefined ? { resolucion: request.resolucion } : {}),
        };
        return tickets.update(ticket.id, doc, ticket.version);
      });
      if (!closed) return undefined;
      // Written after the close and keyed by folio: a retry rewrites nothing and loses nothing.
      await insertOnce(control, {
        id: closed.numero,
        folio: closed.numero,
        fecha: closed.abiertoEn,
        solicitante: closed.solicitante,
        dependencia: closed.dependencia,
        ...(closed.area !== undefined ? { area: closed.area } : {}),
        categoria: closed.categoria,
        descripcion: closed.descripcion,
        ...(closed.canal !== undefined ? { canal: closed.canal } : {}),
        ...(closed.atendidoPor !== undefined ? { tecnico: closed.atendidoPor } : {}),
        ...(closed.resolucion !== undefined ? { resolucion: closed.resolucion } : {}),
        fechaCierre: closed.cerradoEn!,
        minutos: closed.minutosAbierto!,
      });
      return { numero: closed.numero, cerradoEn: closed.cerradoEn!, minutosAbierto: closed.minutosAbierto! };
    },
  };
}
