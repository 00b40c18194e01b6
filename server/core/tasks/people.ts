// Person fields of a task's form (forms/person.ts, `x-oficio-person`): whom a dispatch may name —
// the ACTIVE members of the field's group — and the check a completion passes: every person it
// names is one of them, or the task is refused with a sentence on that field. The group follows
// the form's rule; a `groupFrom` field the form shows read-only is taken from the instance, never
// from the submission, so a dispatch cannot pick the group of another category by editing it.
import { PERSON, fromIsReadOnly, groupOf, groupsOffered, personFields, valueAt, type PersonField } from '../../../forms/person.js';
import type { FormContent } from '../forms/index.js';
import type { User } from '../identity/index.js';
import { CANDIDATE_GROUPS } from '../identity/index.js';
import { t, type Locale } from '../../i18n/index.js';
import { labelOf } from '../catalogue/forms.js';
import { FormInvalidError, type FormFieldProblem } from '../catalogue/errors.js';

export { personFields, type PersonField };

/** A person a person field may name, as the picker shows them. */
export interface Person {
  username: string;
  displayName: string;
}

/** The active members of a group. */
export type ActiveMembers = (group: string) => Promise<User[]>;

/** The people of `members`, by display name (Spanish collation), their user names breaking ties. */
export function asPeople(members: readonly User[]): Person[] {
  const byName = new Map<string, Person>();
  for (const member of members) if (member.active) byName.set(member.username, { username: member.username, displayName: member.displayName });
  return [...byName.values()].sort((a, b) => a.displayName.localeCompare(b.displayName, 'es') || (a.username < b.username ? -1 : a.username > b.username ? 1 : 0));
}

/** Whether some person field of the form may draw from `group` (given the instance's current values). */
export function offersGroup(fields: readonly PersonField[], group: string, current: Record<string, unknown>): boolean {
  return fields.some((person) => groupsOffered(person, person.from ? valueAt(current, person.from) : undefined).includes(group));
}

/** A group as a person reads it: its name in `locale`, or its id when it is not one of the manual's. */
function groupName(group: string, locale: Locale): string {
  return CANDIDATE_GROUPS.find((g) => g.id === group)?.name[locale] ?? group;
}

/**
 * Refuses a completion (FormInvalidError, 400) naming someone a person field may not name: not an
 * active member of its group (unknown, inactive and outside the group read the same: the answer
 * never tells which user names exist), or anyone where the chosen option takes nobody. `current`
 * gives the instance's values of the form's fields (read only when a rule needs them).
 */
export async function refuseStrangers(
  form: FormContent,
  data: Record<string, unknown>,
  current: () => Promise<Record<string, unknown>>,
  activeMembers: ActiveMembers,
  locale: Locale,
): Promise<void> {
  const problems: FormFieldProblem[] = [];
  let instance: Record<string, unknown> | undefined;
  for (const person of personFields(form.schema)) {
    const named = valueAt(data, person.field);
    if (typeof named !== 'string' || named === '') continue;
    let fromValue: unknown;
    if (person.from) {
      const submitted = valueAt(data, person.from);
      fromValue = fromIsReadOnly(person) || submitted === undefined ? valueAt((instance ??= await current()), person.from) : submitted;
    }
    const group = groupOf(person.rule, fromValue);
    const label = labelOf(form, person.field, locale);
    if (!group) {
      const source = person.from ? labelOf(form, person.from, locale) : '';
      problems.push({ field: person.field, code: PERSON, message: t(locale, 'tasks.personNotApplicable', { label, source }) });
      continue;
    }
    const members = await activeMembers(group);
    if (!members.some((m) => m.active && m.username === named)) {
      problems.push({ field: person.field, code: PERSON, message: t(locale, 'tasks.personNotMember', { label, name: named, group: groupName(group, locale) }) });
    }
  }
  if (problems.length) throw new FormInvalidError(form.id, problems);
}
