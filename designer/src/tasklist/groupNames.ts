// Candidate group names ('mesa-ayuda' → 'Mesa de Ayuda') from /api/groups, asked once per page load
// and shared by the tasklist's pages; the id stands in while the names are unknown.
import { useEffect, useState } from 'react';
import type { NamedGroup } from '../api/types';
import { tasksApi } from '../api/tasks';
import { useT } from '../i18n';

let loading: Promise<NamedGroup[]> | undefined;

function loadGroups(): Promise<NamedGroup[]> {
  // A failed answer is not kept, so the next page asks again.
  loading ??= tasksApi.groups().then(
    (groups) => groups ?? [],
    () => {
      loading = undefined;
      return [];
    },
  );
  return loading;
}

export interface GroupNames {
  /** Every group the server named (empty until it answers, or when it cannot). */
  groups: NamedGroup[];
  nameOf(id: string): string;
}

export function useGroupNames(): GroupNames {
  const { locale } = useT();
  const [groups, setGroups] = useState<NamedGroup[]>([]);
  useEffect(() => {
    let live = true;
    void loadGroups().then((found) => live && setGroups(found));
    return () => {
      live = false;
    };
  }, []);
  return {
    groups,
    nameOf: (id) => groups.find((g) => g.id === id)?.name[locale] ?? id,
  };
}
