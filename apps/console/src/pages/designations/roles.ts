import type { Session } from '../../session.ts';

type Role = Session['role'];

/** Who may do what, as apps/api/src/designations/designation.controller.ts declares it. */
export const MAY = {
  open: ['caseworker'],
  recommend: ['municipality', 'caseworker'],
  acknowledge: ['caseworker'],
  withdraw: ['municipality', 'caseworker'],
  revoke: ['caseworker'],
  designate: ['caseworker'],
  publish: ['caseworker'],
  issueFollowUp: ['caseworker'],
  readTally: ['caseworker', 'approver', 'auditor'],
  readStatusReport: ['caseworker', 'approver', 'auditor'],
} as const satisfies Record<string, readonly Role[]>;

export const may = (session: Session, action: keyof typeof MAY): boolean =>
  (MAY[action] as readonly Role[]).includes(session.role);
