/** Who may act in Zaitaku (DESIGN.md, "Who uses it"). */
export type Role =
  'caseworker' | 'approver' | 'auditor' | 'municipality' | 'institution' | 'admin' | 'system';

export const ROLES: readonly Role[] = [
  'caseworker',
  'approver',
  'auditor',
  'municipality',
  'institution',
  'admin',
  'system',
];

/**
 * The authenticated person or process behind a command. `id` is pseudonymous (a staff or system id,
 * never a name). Municipality officers are scoped to one municipality, institutions to themselves.
 */
export interface Actor {
  readonly id: string;
  readonly role: Role;
  /** 6-digit 全国地方公共団体コード, for role `municipality`. */
  readonly municipalityCode?: string;
  /** For role `institution`: the recipient id it acts for. */
  readonly institutionId?: string;
}
