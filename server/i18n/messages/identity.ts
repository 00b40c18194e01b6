// Identity (server/core/identity): roles, candidate groups, login, passwords, demo users.
import { defineMessages } from '../define.js';

export const identity = defineMessages({
  'role.admin': { es: 'Administrador', en: 'Administrator' },
  'role.process-owner': { es: 'Responsable de procesos', en: 'Process owner' },
  'role.auditor': { es: 'Auditor', en: 'Auditor' },
  'group.solicitante': { es: 'Usuario solicitante', en: 'Requester' },
  'group.jefe-informatica': { es: 'Jefe de Informática o Administrativo de la Dependencia', en: 'Head of IT or Administration of the agency' },
  'group.area-administrativa': { es: 'Área Administrativa de la Dependencia', en: 'Administrative Area of the agency' },
  'group.propietario-informacion': { es: 'Dueño de la información de la Dependencia', en: 'Information owner of the agency' },
  'group.gestion-proyectos': { es: 'Jefe del Departamento de Gestión de Proyectos', en: 'Head of the Project Management Department' },
  'group.impulsor': { es: 'Impulsor del Proyecto', en: 'Project sponsor' },
  'group.conceptualizacion': { es: 'Director de Conceptualización y Análisis de Proyectos', en: 'Director of Project Conceptualization and Analysis' },
  'group.desarrollo': { es: 'Director de Desarrollo de Proyectos de TI', en: 'Director of IT Project Development' },
  'group.calidad': { es: 'Director de Calidad', en: 'Director of Quality' },
  'group.mesa-ayuda': { es: 'Encargada de Mesa de Ayuda', en: 'Help Desk lead' },
  'group.cas-atencion': { es: 'Auxiliar de Atención a Usuarios (CAS)', en: 'User Service Assistant (CAS)' },
  'group.cas-operacion': { es: 'Jefe de Departamento de Operación de CAS', en: 'Head of CAS Operations' },
  'group.base-datos': { es: 'Jefe de Departamento de Base de Datos', en: 'Head of the Database Department' },
  'group.soporte-tecnico': { es: 'Técnico de Soporte', en: 'Support technician' },
  'group.red-voz': { es: 'Jefe de Dpto. y Técnico de Voz y Telefonía', en: 'Voice and Telephony head and technician' },
  'group.red-datos': { es: 'Técnico de Red de Datos', en: 'Data network technician' },
  'group.telecom': { es: 'Director de Telecomunicaciones y Redes', en: 'Director of Telecommunications and Networks' },
  'group.sistemas-operativos': {
    es: 'Director de Sistemas Operativos / Seguridad de TI / Herramientas de Colaboración',
    en: 'Director of Operating Systems / IT Security / Collaboration Tools',
  },
  'group.gestion-digital': { es: 'Jefe del Dpto. de Gestión e Implementación Digital', en: 'Head of Digital Management and Implementation' },
  'group.auditor': { es: 'Auditor', en: 'Auditor' },
  'group.process-owner': { es: 'Responsable de procesos', en: 'Process owner' },
  'identity.INVALID_CREDENTIALS': {
    es: 'Usuario o contraseña incorrectos.',
    en: 'Wrong user name or password.',
  },
  'identity.THROTTLED': {
    es: 'Demasiados intentos fallidos de inicio de sesión desde esta dirección. Intente de nuevo en {wait}.',
    en: 'Too many failed sign-in attempts from this address. Try again in {wait}.',
  },
  'identity.THROTTLE_NOT_FOUND': {
    es: 'No hay una pausa de inicio de sesión con ese identificador; puede que ya haya terminado.',
    en: 'There is no sign-in pause with that id; it may have ended already.',
  },
  'identity.WEAK_PASSWORD': {
    es: 'La contraseña no cumple la política (PR08 3.d): debe tener al menos {minLength} caracteres, con letras, al menos un número y al menos un carácter especial.',
    en: 'The password does not meet the policy (PR08 3.d): it must have at least {minLength} characters, with letters, at least one digit and at least one special character.',
  },
  'identity.passwordRule.length': { es: 'al menos 8 caracteres', en: 'at least 8 characters' },
  'identity.passwordRule.letters': { es: 'letras', en: 'letters' },
  'identity.passwordRule.digit': { es: 'al menos un carácter numérico', en: 'at least one digit' },
  'identity.passwordRule.special': { es: 'al menos un carácter especial', en: 'at least one special character' },
  'identity.passwordRule.maxLength': { es: 'como máximo 256 caracteres', en: 'at most 256 characters' },
  'identity.USERNAME_TAKEN': {
    es: 'El nombre de usuario «{username}» ya está en uso.',
    en: 'The user name "{username}" is taken.',
  },
  'identity.UNKNOWN_GROUP': {
    es: 'Grupo desconocido: «{group}».',
    en: 'Unknown group: "{group}".',
  },
  'identity.UNKNOWN_ROLE': {
    es: 'Rol desconocido: «{role}».',
    en: 'Unknown role: "{role}".',
  },
  'identity.INVALID_USER.username': {
    es: 'El nombre de usuario «{value}» no es válido: use de 1 a 64 minúsculas, dígitos, puntos, guiones o guiones bajos, empezando y terminando con letra o dígito.',
    en: 'The user name "{value}" is not valid: use 1 to 64 lowercase letters, digits, dots, hyphens or underscores, starting and ending with a letter or digit.',
  },
  'identity.INVALID_USER.displayName': {
    es: 'El nombre para mostrar es obligatorio (hasta 200 caracteres).',
    en: 'The display name is required (up to 200 characters).',
  },
  'identity.INVALID_USER.email': {
    es: 'El correo «{value}» no es una dirección válida.',
    en: 'The e-mail "{value}" is not a valid address.',
  },
  'identity.USER_NOT_FOUND': {
    es: 'No existe el usuario.',
    en: 'No such user.',
  },
  'identity.SESSION_EXPIRED': {
    es: 'Su sesión terminó; inicie sesión de nuevo.',
    en: 'Your session has ended; please sign in again.',
  },
  'identity.demo.seeded': {
    es: 'Se crearon {count} usuarios de demostración, uno por rol y por grupo: {usernames}.',
    en: 'Created {count} demo users, one per role and group: {usernames}.',
  },
  'identity.demo.passwordGenerated': {
    es: 'Contraseña generada para todos ellos (defina OFICIO_DEMO_PASSWORD para elegirla): {password}',
    en: 'Generated password for all of them (set OFICIO_DEMO_PASSWORD to choose it): {password}',
  },
  'identity.demo.passwordFromEnv': {
    es: 'Su contraseña es la de OFICIO_DEMO_PASSWORD.',
    en: 'Their password is the one in OFICIO_DEMO_PASSWORD.',
  },
  'identity.demo.howToLogin': {
    es: 'Inicie sesión en {url} con el usuario «admin» (o el de un rol o grupo, p. ej. «mesa-ayuda») y esa contraseña.',
    en: 'Sign in at {url} as "admin" (or as a role or group, e.g. "mesa-ayuda") with that password.',
  },
});
