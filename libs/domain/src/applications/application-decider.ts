import type { SubsidyProgramCatalogue } from '../rules/programme-catalogue.ts';
import { DEFAULT_PROGRAM_SCHEDULE, type ProgramSchedule } from '../rules/program-schedule.ts';
import type { Decider } from '../shared/decider.ts';
import { approveChange, rejectChange, requestChange } from './change.ts';
import type { ApplicationCommand, ApplicationCommandType } from './application-commands.ts';
import type { ApplicationEvent } from './application-events.ts';
import type { ApplicationHandler, ApplicationRules } from './application-handler.ts';
import { refOf } from './application-handler.ts';
import { requireApplicationRole, requireInScope } from './application-policies.ts';
import { assertApplicationCommandAllowed } from './application-stage.ts';
import { type ApplicationState, evolveApplication, initialApplicationState } from './application-state.ts';
import { decideGrant, rejectApplication } from './decision.ts';
import { closeApplication, recordPayment, recordRefund } from './money-movements.ts';
import { confirmAmount, reportPerformance } from './performance.ts';
import { requestCorrection, startReview } from './review.ts';
import {
  draftApplication,
  resubmitApplication,
  submitApplication,
  withdrawApplication,
} from './submission.ts';

const HANDLERS: { readonly [T in ApplicationCommandType]: ApplicationHandler<T> } = {
  DraftApplication: draftApplication,
  SubmitApplication: submitApplication,
  StartReview: startReview,
  RequestCorrection: requestCorrection,
  ResubmitApplication: resubmitApplication,
  DecideGrant: decideGrant,
  RejectApplication: rejectApplication,
  WithdrawApplication: withdrawApplication,
  RequestChange: requestChange,
  ApproveChange: approveChange,
  RejectChange: rejectChange,
  RecordPayment: recordPayment,
  ReportPerformance: reportPerformance,
  ConfirmAmount: confirmAmount,
  RecordRefund: recordRefund,
  CloseApplication: closeApplication,
};

/** The commands an applicant issues about its own case: scoped to its municipality or institution. */
const SCOPED_ON_STATE: readonly ApplicationCommandType[] = [
  'SubmitApplication',
  'ResubmitApplication',
  'WithdrawApplication',
  'RequestChange',
  'ReportPerformance',
];

/**
 * Checks in a fixed order: the actor's role (403), the stage (409, naming the allowed commands), the
 * actor's scope (403), then the command's own rules (four-eyes 403, amounts, deadlines, eligibility 422).
 */
export function decideApplication(
  command: ApplicationCommand,
  state: ApplicationState,
  rules: ApplicationRules,
): ApplicationEvent[] {
  requireApplicationRole(command);
  assertApplicationCommandAllowed(state.stage, command.type);
  if (SCOPED_ON_STATE.includes(command.type)) requireInScope(command.actor, refOf(state).recipient);
  const handler = HANDLERS[command.type] as ApplicationHandler<ApplicationCommandType>;
  return handler(command as never, state, rules);
}

export interface ApplicationDeciderOptions {
  /** The deadlines per programme and fiscal year; DEFAULT_PROGRAM_SCHEDULE (configurable defaults) if absent. */
  readonly schedule?: ProgramSchedule;
}

/** The application decider over a given catalogue (and schedule): nothing global is read inside decide. */
export function applicationDecider(
  catalogue: SubsidyProgramCatalogue,
  options: ApplicationDeciderOptions = {},
): Decider<ApplicationCommand, ApplicationState, ApplicationEvent> {
  const rules: ApplicationRules = { catalogue, schedule: options.schedule ?? DEFAULT_PROGRAM_SCHEDULE };
  return {
    initialState: initialApplicationState,
    decide: (command, state) => decideApplication(command, state, rules),
    evolve: evolveApplication,
  };
}
