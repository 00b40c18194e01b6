// Texts of user tasks (server/core/tasks): who may see, claim and complete them.
import { defineMessages } from '../define.js';

export const tasks = defineMessages({
  'tasks.notFound': { es: 'No existe la tarea {key}.', en: 'There is no task {key}.' },
  'tasks.notVisible': { es: 'La tarea {key} no está en sus grupos ni asignada a usted.', en: 'Task {key} is neither in your groups nor assigned to you.' },
  'tasks.notCandidate': { es: 'Solo los integrantes de {groups} pueden trabajar la tarea {key}.', en: 'Only members of {groups} may work on task {key}.' },
  'tasks.assignedToOther': { es: 'La tarea {key} ya la tiene {assignee}.', en: 'Task {key} is already held by {assignee}.' },
  'tasks.notAssignee': {
    es: 'Solo quien tiene la tarea {key} ({assignee}) o un administrador puede hacer esto.',
    en: 'Only whoever holds task {key} ({assignee}) or an administrator may do this.',
  },
  'tasks.notOpen': { es: 'La tarea {key} ya no está abierta (estado {state}).', en: 'Task {key} is no longer open (state {state}).' },
  'tasks.reassignTargetRefused': {
    es: 'La tarea no se puede pasar a «{username}»: solo a un usuario activo de sus grupos ({groups}).',
    en: 'The task cannot be handed to "{username}": only to an active user of its groups ({groups}).',
  },
  'tasks.personNotMember': {
    es: '«{label}» debe ser un usuario activo del grupo «{group}»; «{name}» no lo es. Elija a alguien de la lista.',
    en: '"{label}" must be an active user of the group "{group}"; "{name}" is not. Choose someone from the list.',
  },
  'tasks.personNotApplicable': {
    es: 'Con la «{source}» elegida no se asigna «{label}»: déjelo sin elegir.',
    en: 'With the chosen "{source}", "{label}" is not assigned: leave it empty.',
  },
  'tasks.peopleGroupNotOffered': {
    es: 'El formulario de esta tarea no elige personas del grupo «{group}».',
    en: 'The form of this task chooses no people of the group "{group}".',
  },
  'tasks.badCursor': { es: 'El cursor de la página no es válido; vuelva a la primera página.', en: 'The page cursor is not valid; go back to the first page.' },
});
