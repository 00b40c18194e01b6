// "Control de BD y usuarios SQL e INFORMIX" (PR02 records): each database with its engine, system
// and users with their permissions. A DBA tool could implement DatabaseRegistry; the built-in one
// is the registry itself, in a collection.
import { insertOnce, retryOnConflict, type RecordCollections } from '../kit/index.js';

export type Motor = 'INFORMIX' | 'SQL Server';

export interface DatabaseUser {
  nombre: string;
  usuario: string;
  permisos: string[];
}

export interface DatabaseEntry {
  nombreBd: string;
  motor: Motor;
  sistema: string;
  usuarios: DatabaseUser[];
  movimientos: Array<{ clave: string; tipo: 'creacion' | 'permisos' | 'modificacion'; fecha: string }>;
  creadaEn: string;
  modificadaEn: string;
}

export interface DatabaseRegistry {
  /** Applies one request; the same `requestKey` twice changes nothing the second time. */
  apply(request: {
    requestKey: string;
    tipo: 'creacion' | 'permisos' | 'modificacion';
    motor: Motor;
    nombreBd: string;
    sistema: string;
    usuarios: DatabaseUser[];
    at: Date;
  }): Promise<{ id: string; nombreBd: string; motor: Motor; usuarios: string[] }>;
}

export const DATABASE_COLLECTION = 'oficio_control_bd_usuarios';

export function databaseId(motor: Motor, nombreBd: string): string {
  return `${motor === 'INFORMIX' ? 'informix' : 'sqlserver'}:${nombreBd.toLowerCase()}`;
}

export function createStoredDatabaseRegistry(collections: RecordCollections): DatabaseRegistry {
  const registry = collections<DatabaseEntry>(DATABASE_COLLECTION, [['motor'], ['sistema']]);
  return {
    async apply(request) {
      const id = databaseId(request.motor, request.nombreBd);
      const fecha = request.at.toISOString();
      await insertOnce(registry, { id, nombreBd: request.nombreBd, motor: request.motor, sistema: request.sistema, usuarios: [], movimientos: [], creadaEn: fecha, modificadaEn: fecha });
      const entry = await retryOnConflict(async () => {
        const current = (await registry.get(id))!;
        if (current.movimientos.some((m) => m.clave === request.requestKey)) return current;
        const usuarios = [...current.usuarios];
        for (const u of request.usuarios) {
          const i = usuarios.findIndex((x) => x.usuario === u.usuario);
          if (i < 0) usuarios.push({ nombre: u.nombre, usuario: u.usuario, permisos: [...new Set(u.permisos)] });
          else usuarios[i] = { ...usuarios[i]!, permisos: [...new Set([...usuarios[i]!.permisos, ...u.permisos])] };
        }
        const { id: _id, version: _v, ...fields } = current;
        return registry.update(
          id,
          { ...fields, usuarios, movimientos: [...current.movimientos, { clave: request.requestKey, tipo: request.tipo, fecha }], modificadaEn: fecha },
          current.version,
        );
      });
      return { id, nombreBd: entry.nombreBd, motor: entry.motor, usuarios: entry.usuarios.map((u) => u.usuario) };
    },
  };
}
