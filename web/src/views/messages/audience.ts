import type { Audience, AudienceRole } from '../../api/messages.ts';
import type { components } from '../../api/openapi.gen.ts';

export type OrgUnit = components['schemas']['OrgUnit'];
export interface UnitNode {
  value: string;
  label: string;
  children: UnitNode[];
}

export interface AudienceChoice {
  mode: 'school' | 'units';
  unitIds: string[];
  roles: AudienceRole[];
}

/** The org units as a tree for the picker, siblings in their sort order, archived ones left out. */
export function unitTree(units: OrgUnit[]): UnitNode[] {
  const live = units
    .filter((u) => !u.archivedAt)
    .sort((a, b) => a.sort - b.sort || a.name.localeCompare(b.name, 'zh-CN'));
  const nodes = new Map(live.map((u) => [u.id, { value: u.id, label: u.name, children: [] as UnitNode[] }]));
  const roots: UnitNode[] = [];
  for (const unit of live) {
    const node = nodes.get(unit.id)!;
    const parent = unit.parentId ? nodes.get(unit.parentId) : undefined;
    (parent ? parent.children : roots).push(node);
  }
  return roots;
}

/** The API's audience for a choice in the picker, or null while it is incomplete. */
export function toAudience(choice: AudienceChoice): Audience | null {
  if (choice.roles.length === 0) return null;
  if (choice.mode === 'school') return [{ kind: 'school', roles: [...choice.roles] }];
  if (choice.unitIds.length === 0) return null;
  return choice.unitIds.map((orgUnitId) => ({
    kind: 'unit' as const,
    orgUnitId,
    roles: [...choice.roles],
    includeDescendants: true,
  }));
}
