import {
  allowedApplicationCommands,
  applicationStreamId,
  evolveApplication,
  initialApplicationState,
  nextApplicationAction,
  outstandingRefund,
  type AmountDecision,
  type ApplicationCommand,
  type Decider,
  type ApplicationCommandType,
  type ApplicationEvent,
  type ApplicationEventData,
  type ApplicationRef,
  type ApplicationStage,
  type ApplicationState,
  type EventRecord,
  type NextApplicationAction,
} from '#domain';
import type { EventStore } from '#event-store';
import { loadDecisionState } from '#platform';

type Review = ApplicationEventData<'ReviewStarted'>;
type Confirmation = ApplicationEventData<'AmountConfirmed'>;

/**
 * One case as its stream tells it (no read model: always current): the stage and the commands it
 * allows, what it waits for and by when, the amounts with their traces, and the latest review's
 * eligibility checks and training obligations (③ → ② duties).
 */
export interface ApplicationCase {
  readonly applicationId: string;
  readonly stage: ApplicationStage;
  readonly allowedCommands: readonly ApplicationCommandType[];
  readonly nextAction: NextApplicationAction | null;
  readonly ref: ApplicationRef;
  /** Revision of the stream's last event folded, and its global position (a decimal string). */
  readonly revision: number;
  readonly position: string;
  readonly amounts: {
    readonly requested: { readonly amount: number | null } & Partial<ApplicationState['requested']>;
    /** The grant (交付決定, or the last approved change) with the amount rule's trace. */
    readonly granted: AmountDecision | null;
    /** 額の確定: the rule on the actuals, capped at the grant, with its trace. */
    readonly confirmed:
      (AmountDecision & Pick<Confirmation, 'calculatedAmount' | 'confirmedAmount' | 'grantedAmount'>) | null;
    readonly paid: number;
    readonly refundOrdered: number;
    readonly refunded: number;
    readonly outstandingRefund: number;
  };
  readonly eligibility: (Review['eligibility'] & Pick<Review, 'reviewerId' | 'reviewedOn'>) | null;
  /** Everyone who reviewed the case: none of them may decide its grant, changes or amount (四つの目). */
  readonly reviewerIds: readonly string[];
  /** What happened, oldest first: each event's type and its record (who, in which role, when, why). */
  readonly history: readonly CaseHistoryEntry[];
  readonly state: ApplicationState;
}

/** One event of the case as its timeline shows it. */
export interface CaseHistoryEntry extends EventRecord {
  readonly type: ApplicationEvent['type'];
}

/** The case as its stream folds: the decider's state plus what the case view shows of the last review and decisions. */
export interface CaseFold {
  readonly state: ApplicationState;
  readonly review?: Review;
  readonly granted?: AmountDecision;
  readonly confirmation?: Confirmation;
  readonly history: readonly CaseHistoryEntry[];
}

export const initialCaseFold: CaseFold = { state: initialApplicationState, history: [] };

export function evolveCase(fold: CaseFold, event: ApplicationEvent): CaseFold {
  const next = {
    ...fold,
    state: evolveApplication(fold.state, event),
    history: [...fold.history, { type: event.type, ...event.data.recorded }],
  };
  switch (event.type) {
    case 'ReviewStarted':
      return { ...next, review: event.data };
    case 'GrantDecided':
    case 'ChangeApproved':
      return { ...next, granted: event.data.grant };
    case 'AmountConfirmed':
      return { ...next, confirmation: event.data };
    default:
      return next;
  }
}

/** The application decider over the case fold: it decides on the application state, the fold keeps the view's parts. */
export function caseDecider(
  applications: Decider<ApplicationCommand, ApplicationState, ApplicationEvent>,
): Decider<ApplicationCommand, CaseFold, ApplicationEvent> {
  return {
    initialState: initialCaseFold,
    decide: (command, fold) => applications.decide(command, fold.state),
    evolve: evolveCase,
  };
}

/**
 * Folds the case's stream (up to `untilRevision` when given: the state as it stood then) into its view;
 * undefined when there is no such case. (Commands get their view from the gateway's result instead.)
 */
export async function loadApplicationCase(
  store: EventStore,
  applicationId: string,
  untilRevision?: number,
): Promise<ApplicationCase | undefined> {
  const loaded = await loadDecisionState(
    store,
    applicationStreamId(applicationId),
    { initialState: initialCaseFold, evolve: evolveCase },
    {},
    untilRevision,
  );
  return loaded.revision === 'no_stream'
    ? undefined
    : applicationCaseOf(loaded.state, loaded.revision, loaded.position);
}

/** The view of a folded case at its revision and position; undefined when no case was drafted. */
export function applicationCaseOf(
  fold: CaseFold,
  revision: number | 'no_stream',
  position: bigint | string,
): ApplicationCase | undefined {
  const { state } = fold;
  if (state.ref === undefined || revision === 'no_stream') return undefined;
  const confirmation = fold.confirmation;
  return {
    applicationId: state.ref.applicationId,
    stage: state.stage,
    allowedCommands: allowedApplicationCommands(state.stage),
    nextAction: nextApplicationAction(state) ?? null,
    ref: state.ref,
    revision,
    position: position.toString(),
    amounts: {
      requested: { amount: state.requestedAmount ?? null, ...state.requested },
      granted: fold.granted ?? null,
      confirmed: confirmation
        ? {
            ...confirmation.confirmation,
            calculatedAmount: confirmation.calculatedAmount,
            confirmedAmount: confirmation.confirmedAmount,
            grantedAmount: confirmation.grantedAmount,
          }
        : null,
      paid: state.paid,
      refundOrdered: state.refundOrdered,
      refunded: state.refunded,
      outstandingRefund: outstandingRefund(state),
    },
    eligibility: fold.review
      ? { ...fold.review.eligibility, reviewerId: fold.review.reviewerId, reviewedOn: fold.review.reviewedOn }
      : null,
    reviewerIds: state.reviewerIds,
    history: fold.history,
    state,
  };
}
