// The candidate groups as an organisation staffs them: who leads each one (the person warned before a
// task of the group breaches its SLA). One document per group, its id the group's id. The demo users
// seeded on an empty store lead their own groups; managing leads is issue 16's.
import type { Store } from '../../store/port.js';

export const GROUPS = 'identity_groups';

export interface GroupDoc {
  /** The user name of the group's lead; absent while the group has none. */
  lead?: string;
}

export interface GroupLeads {
  /** The lead's user name of each group that has one (groups without a lead are left out). */
  leadsOf(groups: readonly string[]): Promise<Map<string, string>>;
}

export function createGroupLeads(store: Store): GroupLeads {
  const groups = store.collection<GroupDoc>(GROUPS);
  return {
    async leadsOf(ids) {
      const leads = new Map<string, string>();
      if (ids.length === 0) return leads;
      const { items } = await groups.find({ id: { $in: [...new Set(ids)] } }, { limit: ids.length });
      for (const doc of items) if (doc.lead) leads.set(doc.id, doc.lead);
      return leads;
    },
  };
}
