// The directory PR07 creates, disables and changes accounts in (infrastructure and servers). A
// real LDAP / Active Directory implements AccountDirectory; the built-in one is a collection.
// Passwords: generated to satisfy PR08 3.d, stored only as a scrypt hash, to be changed at first use.
import { insertOnce, retryOnConflict, type RecordCollections } from '../kit/index.js';
import { generateInitialPassword, hashPassword, passwordPolicyViolations, verifyPassword, type PasswordHash } from '../shared/passwords.js';

export interface AccountData {
  usuario: string;
  nombre: string;
  dependencia: string;
  plataformas: string[];
  permisos: string[];
  correo?: string;
}

export interface Account extends AccountData {
  estado: 'activa' | 'deshabilitada';
  cambioContrasenaPendiente: boolean;
  contrasena: PasswordHash;
  creadaEn: string;
  modificadaEn: string;
}

export type AccountView = Omit<Account, 'contrasena'>;

export class PasswordPolicyError extends Error {
  constructor(readonly violations: string[]) {
    super(`la contraseña no cumple la política (PR08 3.d): ${violations.join(', ')}`);
    this.name = 'PasswordPolicyError';
  }
}

export interface AccountDirectory {
  get(usuario: string): Promise<AccountView | undefined>;
  /** Creates the account with a generated initial password; an existing active account is returned as it is. */
  create(data: AccountData, at: Date): Promise<AccountView>;
  /** Undefined when the account does not exist. */
  disable(usuario: string, at: Date): Promise<AccountView | undefined>;
  change(data: AccountData, at: Date): Promise<AccountView | undefined>;
  /** The user sets their own password (PR08 3.d: the password is the user's responsibility). */
  setPassword(usuario: string, password: string, at: Date): Promise<void>;
  verifyPassword(usuario: string, password: string): Promise<boolean>;
}

export const DIRECTORY_COLLECTION = 'oficio_directorio_cuentas';

const view = ({ contrasena: _c, ...rest }: Account): AccountView => rest;
const strip = <T extends { id: string; version: number }>({ id: _id, version: _v, ...rest }: T) => rest;

export function createStoredDirectory(collections: RecordCollections): AccountDirectory {
  const accounts = collections<Account>(DIRECTORY_COLLECTION, [['dependencia'], ['estado']]);
  const cleanData = (data: AccountData): AccountData => ({
    usuario: data.usuario,
    nombre: data.nombre,
    dependencia: data.dependencia,
    plataformas: data.plataformas,
    permisos: data.permisos,
    ...(data.correo !== undefined ? { correo: data.correo } : {}),
  });

  return {
    async get(usuario) {
      const found = await accounts.get(usuario);
      return found ? view(strip(found)) : undefined;
    },

    async create(data, at) {
      const existing = await accounts.get(data.usuario);
      if (existing?.estado === 'activa') return view(strip(existing));
      // The initial password leaves this function only as a hash.
      const contrasena = await hashPassword(generateInitialPassword());
      const now = at.toISOString();
      if (existing) {
        const reopened = await retryOnConflict(async () => {
          const current = (await accounts.get(data.usuario))!;
          if (current.estado === 'activa') return current;
          return accounts.update(current.id, { ...strip(current), ...cleanData(data), estado: 'activa', cambioContrasenaPendiente: true, contrasena, modificadaEn: now }, current.version);
        });
        return view(strip(reopened));
      }
      const created = await insertOnce(accounts, { id: data.usuario, ...cleanData(data), estado: 'activa', cambioContrasenaPendiente: true, contrasena, creadaEn: now, modificadaEn: now });
      return view(strip(created));
    },

    async disable(usuario, at) {
      const result = await retryOnConflict(async () => {
        const current = await accounts.get(usuario);
        if (!current) return undefined;
        if (current.estado === 'deshabilitada') return current;
        return accounts.update(current.id, { ...strip(current), estado: 'deshabilitada', modificadaEn: at.toISOString() }, current.version);
      });
      return result ? view(strip(result)) : undefined;
    },

    async change(data, at) {
      const result = await retryOnConflict(async () => {
        const current = await accounts.get(data.usuario);
        if (!current) return undefined;
        return accounts.update(current.id, { ...strip(current), ...cleanData(data), modificadaEn: at.toISOString() }, current.version);
      });
      return result ? view(strip(result)) : undefined;
    },

    async setPassword(usuario, password, at) {
      const violations = passwordPolicyViolations(password);
      if (violations.length) throw new PasswordPolicyError(violations);
      const contrasena = await hashPassword(password);
      await retryOnConflict(async () => {
        const current = await accounts.get(usuario);
        if (!current) throw new Error(`la cuenta '${usuario}' no existe`);
        await accounts.update(current.id, { ...strip(current), contrasena, cambioContrasenaPendiente: false, modificadaEn: at.toISOString() }, current.version);
      });
    },

    async verifyPassword(usuario, password) {
      const current = await accounts.get(usuario);
      return !!current && (await verifyPassword(password, current.contrasena));
    },
  };
}
