// Shapes the server answers with that more than one area of the designer reads (mirrors of the
// zod schemas in server/http/routes/*.ts). Each area keeps its own in api/<area>.ts.

export interface SessionUser {
  id: string;
  username: string;
  displayName: string;
  email?: string;
  roles: string[];
  groups: string[];
  /** What the server lets this user do ('models.edit', 'audit.read', …). */
  permissions: string[];
}

export interface Me {
  user: SessionUser;
  csrfToken: string;
  expiresAt: string;
}

/** A form as the server hands it to a reader: texts already in the reader's language. */
export interface LocalizedForm {
  id: string;
  title: string;
  description?: string;
  schema: Record<string, unknown>;
  uiSchema: Record<string, unknown>;
  /** Label per field path ('ip', 'contacto/correo'). */
  labels: Record<string, string>;
  help: Record<string, string>;
  /** Display name per enum value, per field path. */
  options: Record<string, Record<string, string>>;
  manualReference: string;
}

/** A stored file, as a form field holds it. */
export interface Adjunto {
  id: string;
  nombre: string;
  tipo: string;
  tamano: number;
}

/** A candidate group or role with its name in both languages. */
export interface NamedGroup {
  id: string;
  name: { es: string; en: string };
}
