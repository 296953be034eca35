import type { Actor, Role } from '../shared/actor.ts';
import { refuse, requireRole } from '../shared/command-guards.ts';
import type { ApplicationCommand, ApplicationCommandType } from './application-commands.ts';
import type { ApplicationRecipient } from './application-terms.ts';

/** Applicants act for themselves; a caseworker may enter a paper application for them. */
const APPLICANT: readonly Role[] = ['municipality', 'institution', 'caseworker'];
const CASEWORKER: readonly Role[] = ['caseworker'];
/** 決裁: grant decisions, rejections, change decisions and amount confirmations. */
const APPROVER: readonly Role[] = ['approver'];
/** Money movements and closing are recorded by the office or by the system's jobs. */
const OFFICE: readonly Role[] = ['caseworker', 'system'];

/** Who may issue each command (DESIGN.md "Who uses it"). Auditors and admins issue none of them. */
export const APPLICATION_COMMAND_ROLES: Readonly<Record<ApplicationCommandType, readonly Role[]>> = {
  DraftApplication: APPLICANT,
  SubmitApplication: APPLICANT,
  StartReview: CASEWORKER,
  RequestCorrection: CASEWORKER,
  ResubmitApplication: APPLICANT,
  DecideGrant: APPROVER,
  RejectApplication: APPROVER,
  WithdrawApplication: APPLICANT,
  RequestChange: APPLICANT,
  ApproveChange: APPROVER,
  RejectChange: APPROVER,
  RecordPayment: OFFICE,
  ReportPerformance: APPLICANT,
  ConfirmAmount: APPROVER,
  RecordRefund: OFFICE,
  CloseApplication: OFFICE,
};

export function requireApplicationRole(command: ApplicationCommand): void {
  requireRole(command, APPLICATION_COMMAND_ROLES[command.type]);
}

/**
 * A municipality officer acts only for recipients in its municipality, an institution only for itself
 * (never as a municipality, whatever id the recipient is given).
 */
export function requireInScope(actor: Actor, recipient: ApplicationRecipient): void {
  if (actor.role === 'municipality' && actor.municipalityCode !== recipient.municipalityCode) {
    refuse(
      'OUT_OF_SCOPE',
      'recipient.municipalityCode',
      recipient.municipalityCode,
      `a municipality officer of ${actor.municipalityCode ?? '(none)'} cannot act for another municipality's case`,
      'a case of your own municipality',
    );
  }
  if (actor.role === 'institution' && recipient.kind === 'municipality') {
    refuse(
      'OUT_OF_SCOPE',
      'recipient.kind',
      recipient.kind,
      `institution ${actor.institutionId ?? '(none)'} cannot act for a municipality`,
      'a recipient of your own kind: your institution or association',
    );
  }
  if (actor.role === 'institution' && actor.institutionId !== recipient.id) {
    refuse(
      'OUT_OF_SCOPE',
      'recipient.id',
      recipient.id,
      `institution ${actor.institutionId ?? '(none)'} cannot act for another recipient`,
      'your own institution',
    );
  }
}

/** 四つの目: the approver of a decision is never one of the case's reviewers. */
export function requireFourEyes(actor: Actor, reviewerIds: readonly string[], step: string): void {
  if (reviewerIds.includes(actor.id)) {
    refuse(
      'FOUR_EYES_VIOLATION',
      'actor.id',
      actor.id,
      `the reviewer of this case cannot also approve its ${step}`,
      `an approver other than ${reviewerIds.join(', ')}`,
    );
  }
}
