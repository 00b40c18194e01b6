// Who is who: the roles, the candidate groups of the manual (docs/procedures.md, "Roles") with
// their names from the message catalogue, and the permissions the API checks.
import { t } from '../../i18n/index.js';
import type { Bilingual } from '../../../contracts/i18n.js';

export const ROLES = ['admin', 'process-owner', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

/** The candidate groups of the manual's user tasks, in the order of the roles table of docs/procedures.md. */
export const CANDIDATE_GROUP_IDS = [
  'solicitante',
  'jefe-informatica',
  'area-administrativa',
  'propietario-informacion',
  'gestion-proyectos',
  'impulsor',
  'conceptualizacion',
  'desarrollo',
  'calidad',
  'mesa-ayuda',
  'cas-atencion',
  'cas-operacion',
  'base-datos',
  'soporte-tecnico',
  'red-voz',
  'red-datos',
  'telecom',
  'sistemas-operativos',
  'gestion-digital',
  'auditor',
  'process-owner',
] as const;
export type CandidateGroup = (typeof CANDIDATE_GROUP_IDS)[number];

export interface Named<Id extends string> {
  id: Id;
  name: Bilingual;
}

const named = <Id extends string>(prefix: 'group' | 'role', id: Id): Named<Id> => {
  const key = `${prefix}.${id}` as Parameters<typeof t>[1];
  return { id, name: { es: t('es', key), en: t('en', key) } };
};

/** Every candidate group with its Spanish and English name. */
export const CANDIDATE_GROUPS: readonly Named<CandidateGroup>[] = CANDIDATE_GROUP_IDS.map((id) => named('group', id));
/** Every role with its Spanish and English name. */
export const ROLE_NAMES: readonly Named<Role>[] = ROLES.map((id) => named('role', id));

export const isCandidateGroup = (value: string): value is CandidateGroup => (CANDIDATE_GROUP_IDS as readonly string[]).includes(value);
export const isRole = (value: string): value is Role => (ROLES as readonly string[]).includes(value);

/**
 * What the API checks, and which roles hold it. Working on tasks is not here: that follows the
 * task's candidate groups (visibleGroups) and its assignee, not a role.
 */
export const PERMISSIONS = {
  /** Save drafts of models and forms. */
  'models.edit': ['admin', 'process-owner'],
  /** Deploy a model version. */
  'models.deploy': ['admin', 'process-owner'],
  /** Read every process instance with its history and variables, not only one's own. */
  'instances.readAll': ['admin', 'auditor'],
  /** Retry incidents, cancel instances. */
  'instances.operate': ['admin', 'process-owner'],
  /** Read, export and verify the audit trail. */
  'audit.read': ['admin', 'auditor'],
  /** Create users, change their roles, groups and state, reset their passwords. */
  'users.manage': ['admin'],
} as const satisfies Record<string, readonly Role[]>;
export type Permission = keyof typeof PERMISSIONS;

/** What the helpers need of a user (a User, or a session's user). */
export interface Principal {
  roles: readonly string[];
  groups: readonly string[];
  active: boolean;
}

/** Whether the user holds `permission` through one of their roles; an inactive user holds none. */
export function can(user: Principal | undefined, permission: Permission): boolean {
  if (!user || !user.active) return false;
  const allowed: readonly string[] = PERMISSIONS[permission];
  return user.roles.some((role) => allowed.includes(role));
}

/**
 * The candidate groups whose tasks the user sees in the tasklist: their own groups, or every
 * group for those who read all instances (admin, auditor). Seeing a task is not working on it.
 */
export function visibleGroups(user: Principal | undefined): CandidateGroup[] {
  if (!user || !user.active) return [];
  if (can(user, 'instances.readAll')) return [...CANDIDATE_GROUP_IDS];
  return CANDIDATE_GROUP_IDS.filter((group) => user.groups.includes(group));
}
