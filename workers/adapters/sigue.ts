// Users of SIGUE (Sistema Integral de Gestión Única de la Información Electrónica), PR08. The
// built-in directory keeps "Autorización de acceso al SIGUE" in a collection; a real SIGUE would
// implement SigueDirectory against its user administration.
import { insertOnce, type RecordCollections } from '../kit/index.js';
import { generateInitialPassword, hashPassword, type PasswordHash } from '../shared/passwords.js';

export interface SigueUserRequest {
  /** The job asking; the same request twice creates one user. */
  requestKey: string;
  nombre: string;
  extension: string;
  adscripcion: string;
  aplicacion: string;
  permisos: string[];
  tipoUsuario: 'consulta' | 'produccion';
  correo?: string;
  at: Date;
}

export interface SigueUser {
  usuario: string;
  permisos: string[];
  creadoEn: string;
}

export interface SigueDirectory {
  createUser(request: SigueUserRequest): Promise<SigueUser>;
}

interface SigueUserDoc extends Omit<SigueUserRequest, 'at'> {
  usuario: string;
  creadoEn: string;
  contrasena: PasswordHash;
  cambioContrasenaPendiente: boolean;
}

export const SIGUE_COLLECTIONS = { users: 'oficio_sigue_usuarios', requests: 'oficio_sigue_solicitudes' } as const;

/** "María José Pérez López" → "mperez": first initial and first surname, plain ASCII. */
export function userNameFor(nombre: string): string {
  const words = nombre
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z\s]/g, '')
    .split(/\s+/)
    .filter(Boolean);
  if (words.length === 0) return 'usuario';
  const particles = new Set(['de', 'del', 'la', 'las', 'los', 'y']);
  const parts = words.filter((w, i) => i === 0 || !particles.has(w));
  // Mexican names end in two surnames: "Juan Pérez López" → pérez; "María José Pérez López" → pérez.
  const surname = parts.length >= 4 ? parts[parts.length - 2]! : (parts[1] ?? '');
  return `${parts[0]![0]}${surname}`;
}

export function createStoredSigueDirectory(collections: RecordCollections): SigueDirectory {
  const users = collections<SigueUserDoc>(SIGUE_COLLECTIONS.users, [['requestKey'], ['aplicacion']]);
  const requests = collections<{ usuario: string }>(SIGUE_COLLECTIONS.requests);
  return {
    async createUser(request) {
      const known = await requests.get(request.requestKey);
      if (known) {
        const user = await users.get(known.usuario);
        if (user) return { usuario: user.usuario, permisos: user.permisos, creadoEn: user.creadoEn };
      }
      const base = userNameFor(request.nombre);
      const contrasena = await hashPassword(generateInitialPassword());
      const { at, ...fields } = request;
      for (let n = 1; ; n++) {
        const usuario = n === 1 ? base : `${base}${n}`;
        const doc = { id: usuario, ...fields, usuario, creadoEn: at.toISOString(), contrasena, cambioContrasenaPendiente: true };
        const stored = await insertOnce(users, doc);
        if (stored.requestKey !== request.requestKey) continue; // the name is someone else's
        await insertOnce(requests, { id: request.requestKey, usuario });
        return { usuario, permisos: stored.permisos, creadoEn: stored.creadoEn };
      }
    },
  };
}
