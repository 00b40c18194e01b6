// PR08 3.e: "Por ningún motivo se aceptarán solicitudes de asignación de derechos únicos o de
// administrador para ningún usuario." Permission names are free text; these words betray them.

const ADMIN_WORDS = ['admin', 'administrador', 'administradora', 'administrator', 'administracion', 'root', 'sa', 'dba', 'sysadmin', 'superusuario', 'superuser', 'sudo'];
const UNIQUE_WORDS = ['unico', 'unicos', 'control total', 'todos los permisos', 'full control'];

function normalise(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

function mentions(permiso: string, words: string[]): boolean {
  const text = ` ${normalise(permiso)} `;
  return words.some((w) => text.includes(` ${w} `));
}

/** The permissions that ask for administrator rights (admin, administrador, root, sa, dba …). */
export function administratorPermissions(permisos: readonly string[]): string[] {
  return permisos.filter((p) => mentions(p, ADMIN_WORDS));
}

/** Administrator rights or "derechos únicos" (PR08 3.e covers both). */
export function privilegedPermissions(permisos: readonly string[]): string[] {
  return permisos.filter((p) => mentions(p, ADMIN_WORDS) || mentions(p, UNIQUE_WORDS));
}
