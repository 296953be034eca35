import {
  allowedApplicationCommands,
  applicationStreamId,
  evolveApplication,
  initialApplicationState,
  nextApplicationAction,
  outstandingRefund,
  type AmountDecision,
  type ApplicationCommandType,
  type ApplicationEvent,
  type ApplicationEventData,
  type ApplicationRef,
  type ApplicationStage,
  type ApplicationState,
  type NextApplicationAction,
} from '#domain';
import { EVENT_STORE_LIMITS, type EventStore } from '#event-store';
import { toDomainEvent } from '#platform';

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
  readonly state: ApplicationState;
}

interface CaseFold {
  readonly state: ApplicationState;
  readonly review?: Review;
  readonly granted?: AmountDecision;
  readonly confirmation?: Confirmation;
}

function evolveCase(fold: CaseFold, event: ApplicationEvent): CaseFold {
  const next = { ...fold, state: evolveApplication(fold.state, event) };
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

/**
 * Folds the case's stream (up to `untilRevision` when given: the state a command left) into its view;
 * undefined when there is no such case.
 */
export async function loadApplicationCase(
  store: EventStore,
  applicationId: string,
  untilRevision?: number,
): Promise<ApplicationCase | undefined> {
  const streamId = applicationStreamId(applicationId);
  const pageSize = EVENT_STORE_LIMITS.maxReadCount;
  let fold: CaseFold = { state: initialApplicationState };
  let revision = -1;
  let position = 0n;
  for (let fromRevision = 0; ; fromRevision += pageSize) {
    const wanted =
      untilRevision === undefined ? pageSize : Math.min(pageSize, untilRevision + 1 - fromRevision);
    if (wanted <= 0) break;
    const page = await store.readStream(streamId, { fromRevision, maxCount: wanted });
    for (const recorded of page) {
      fold = evolveCase(fold, toDomainEvent<ApplicationEvent>(recorded));
      revision = recorded.revision;
      position = recorded.position;
    }
    if (page.length < wanted) break;
  }
  const { state } = fold;
  if (state.ref === undefined) return undefined;
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
    state,
  };
}
