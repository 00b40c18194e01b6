// The people picker: a form field that names a user (`x-oficio-person`, forms/person.ts — a
// dispatch's technician, the colleague a report is handed to) as a list of display names, never bare
// user names, of the ACTIVE members of its group, loaded from the task being worked
// (GET /api/tasks/:key/people?group=…). The group is fixed, or follows another field of the form
// (the dispatch's category): changing that field reloads the list and drops a choice that no longer
// belongs. The server checks the choice again on completion. Outside a task (the form designer's
// preview) the field says where its list comes from.
import { useEffect, useState } from 'react';
import { errorId, helpId, type FieldProps, type UiSchema } from '@rjsf/utils';
import type { List, PersonOption as Person } from '../../../contracts/api/index.js';
import { groupOf, personFields, valueAt, PERSON, type PersonRule } from '../../../forms/person.js';
import { api } from '../api/client';
import { matchPath } from '../app/router';
import { useT } from '../i18n';
import { problemTitle } from '../ui/Problem';

/** What the form hands its person fields (rjsf's formContext). */
export interface PersonContext {
  /** The form's data now: a field whose group follows another field reads it here. */
  formData?: Record<string, unknown>;
  /** Where the people of a group come from (`…/people`, asked with ?group=); by default, the task of the page (/tareas/:key). */
  peopleFrom?: string | undefined;
  /** The form's labels by field path, to name the field the group follows. */
  labels?: Record<string, string>;
}

export const PERSON_FIELD = 'oficioPerson';

type Json = Record<string, unknown>;

/** Puts the people picker on every person field of `schema` (nested objects too). */
export function withPersonFields(ui: UiSchema, schema: Json): UiSchema {
  for (const { field } of personFields(schema)) {
    let node = ui as Json;
    for (const segment of field.split('/')) {
      const next = node[segment];
      node = (node[segment] = typeof next === 'object' && next !== null ? { ...(next as Json) } : {}) as Json;
    }
    delete node['ui:widget'];
    node['ui:field'] = PERSON_FIELD;
  }
  return ui;
}

/** The people route of the task page the form is on, when it is on one. */
function taskPeopleRoute(): string | undefined {
  if (typeof location === 'undefined') return undefined;
  const params = matchPath('/tareas/:key', location.pathname);
  return params?.key ? `/api/tasks/${encodeURIComponent(params.key)}/people` : undefined;
}

type Loaded = { group: string; people: Person[] } | { group: string; error: unknown };

export function PersonField(props: FieldProps) {
  const { t } = useT();
  const context = (props.registry.formContext ?? {}) as PersonContext;
  const rule = (props.schema as Json)[PERSON] as PersonRule | undefined;
  const id = props.fieldPathId.$id;
  const title = (props.uiSchema?.['ui:title'] as string | undefined) ?? props.name;
  const help = props.uiSchema?.['ui:help'] as string | undefined;
  const value = typeof props.formData === 'string' && props.formData !== '' ? props.formData : undefined;
  const errors = props.rawErrors ?? [];
  const locked = Boolean(props.disabled || props.readonly);

  // The field the group follows is a sibling: same parent path.
  const parent = props.fieldPathId.path.slice(0, -1).map(String).join('/');
  const fromPath = rule?.groupFrom ? [parent, rule.groupFrom].filter(Boolean).join('/') : undefined;
  const fromValue = fromPath ? valueAt(context.formData ?? {}, fromPath) : undefined;
  const group = rule ? groupOf(rule, fromValue) : undefined;
  const source = fromPath ? (context.labels?.[fromPath] ?? rule?.groupFrom ?? '') : '';
  const route = context.peopleFrom ?? taskPeopleRoute();

  const [loaded, setLoaded] = useState<Loaded>();
  useEffect(() => {
    if (!group || !route || locked) return;
    let current = true;
    api.get<List<Person>>(route, { group }).then(
      (list) => current && setLoaded({ group, people: list.items }),
      (error: unknown) => current && setLoaded({ group, error }),
    );
    return () => {
      current = false;
    };
  }, [group, route, locked]);

  const here = loaded && loaded.group === group ? loaded : undefined;
  const people = here && 'people' in here ? here.people : undefined;
  const onChange = props.onChange;
  const path = props.fieldPathId.path;
  // A choice that does not belong to the group now shown (the category changed) is dropped, not sent.
  const stale =
    value !== undefined &&
    !locked &&
    route !== undefined &&
    context.formData !== undefined &&
    ((rule?.groupFrom !== undefined && !group) || (people !== undefined && !people.some((p) => p.username === value)));
  useEffect(() => {
    if (stale) onChange(undefined, path, undefined, id);
  }, [stale, onChange, path, id]);

  let status: string | undefined;
  if (!route) status = t('form.person.elsewhere');
  else if (rule?.groupFrom && fromValue === undefined) status = t('form.person.chooseFirst', { source });
  else if (!group) status = t('form.person.notApplicable', { source });
  else if (here && 'error' in here) status = problemTitle(here.error, t);
  else if (!locked && !people) status = t('form.person.loading');
  else if (people && people.length === 0) status = t('form.person.empty');
  else if (people) status = t('form.person.count', { count: people.length });
  const statusId = `${id}__personas`;
  const selectable = !locked && group !== undefined && people !== undefined && people.length > 0;

  return (
    <div className="form-group field field-person">
      <label htmlFor={id}>
        {title}
        {props.required && <span className="required"> *</span>}
      </label>
      <select
        id={id}
        value={value ?? ''}
        disabled={!selectable}
        required={props.required}
        aria-invalid={errors.length > 0 ? true : undefined}
        aria-describedby={[statusId, help ? helpId(props.fieldPathId) : '', errorId(props.fieldPathId)].filter(Boolean).join(' ')}
        onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value, path, undefined, id)}
      >
        <option value="">{props.required ? t('form.person.choose') : t('form.person.nobody')}</option>
        {(people ?? []).map((p) => (
          <option key={p.username} value={p.username}>
            {p.displayName}
          </option>
        ))}
        {value !== undefined && !people?.some((p) => p.username === value) && <option value={value}>{locked ? value : t('form.person.unavailable', { name: value })}</option>}
      </select>
      {/* The field's help and its validation errors are rendered by rjsf's FieldTemplate around this field. */}
      {status && (
        <p id={statusId} className="muted" role="status">
          {status}
        </p>
      )}
    </div>
  );
}
