// Shapes several contracts share (workers/CONTRACTS.md, "Shared shapes").
import { z } from 'zod';

export const Adjunto = z.object({
  id: z.string().min(1),
  nombre: z.string().min(1),
  tipo: z.string().optional(),
  tamano: z.number().nonnegative().optional(),
});
export type Adjunto = z.infer<typeof Adjunto>;

export const Persona = z.object({
  nombre: z.string().min(1),
  correo: z.email().optional(),
  telefono: z.string().optional(),
  extension: z.string().optional(),
});
export type Persona = z.infer<typeof Persona>;

/** An ISO 8601 date-time with an offset (or Z), as the engine and forms write them. */
export const FechaHora = z.iso.datetime({ offset: true });
