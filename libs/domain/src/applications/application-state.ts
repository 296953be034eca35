import type { LocalizedText } from '../shared/localized-text.ts';
import { type Yen, yen } from '../shared/money.ts';
import type { AmountDecision, ApplicationEvent } from './application-events.ts';
import type { ApplicationStage } from './application-stage.ts';
import type { ApplicationAmounts, ApplicationRef } from './application-terms.ts';

/**
 * What the deciders need to know about a case, and what the work queue and the timeline show. Plain
 * JSON (no Map, Set or Date), so that read models can store it as is.
 */
export interface ApplicationState {
  readonly stage: ApplicationStage;
  readonly ref?: ApplicationRef;
  /** The amounts applied for (as last corrected); the granted ones are in `grant`. */
  readonly requested?: ApplicationAmounts;
  readonly requestedAmount?: Yen;
  readonly applicationWindow?: { readonly opens: string; readonly closes: string };
  readonly draftedOn?: string;
  readonly submittedOn?: string;
  readonly decisionDueDate?: string;
  /** Everyone who reviewed the case: none of them may approve its grant or confirm its amount. */
  readonly reviewerIds: readonly string[];
  readonly eligibility?: {
    readonly eligible: boolean;
    readonly failedCheckIds: readonly string[];
    /** The failed checks' reasons, in check order (absent in states folded before they were kept). */
    readonly failedReasons?: readonly LocalizedText[];
  };
  readonly correction?: { readonly items: readonly string[]; readonly responseDueDate: string };
  readonly corrections: number;
  readonly decidedOn?: string;
  readonly grant?: Omit<AmountDecision, 'calculation'> & { readonly amounts: ApplicationAmounts };
  readonly performanceReportDueDate?: string;
  readonly pendingChange?: {
    readonly changeId: string;
    readonly amounts: ApplicationAmounts;
    readonly decisionDueDate: string;
  };
  readonly report?: {
    readonly reportedOn: string;
    readonly late: boolean;
    readonly actualExpenditure: Yen;
    readonly otherIncome: Yen;
    readonly quantity: ApplicationAmounts['quantity'];
  };
  readonly confirmationDueDate?: string;
  readonly confirmedOn?: string;
  readonly confirmedAmount?: Yen;
  readonly payments: readonly { readonly paymentId: string; readonly amount: Yen }[];
  readonly paid: Yen;
  readonly refundOrdered: Yen;
  readonly refundDueDate?: string;
  readonly refunds: readonly { readonly refundId: string; readonly amount: Yen }[];
  readonly refunded: Yen;
  /** Rejected, withdrawn or closed: when. */
  readonly endedOn?: string;
}

export const initialApplicationState: ApplicationState = {
  stage: 'New',
  reviewerIds: [],
  corrections: 0,
  payments: [],
  paid: yen(0),
  refundOrdered: yen(0),
  refunds: [],
  refunded: yen(0),
};

const amountsOf = (data: ApplicationAmounts): ApplicationAmounts => ({
  quantity: data.quantity,
  plannedExpenditure: data.plannedExpenditure,
  otherIncome: data.otherIncome,
});

const refOf = (data: ApplicationRef): ApplicationRef => ({
  applicationId: data.applicationId,
  programId: data.programId,
  menuId: data.menuId,
  fiscalYear: data.fiscalYear,
  programYear: data.programYear,
  recipient: data.recipient,
});

const grantOf = (decision: AmountDecision, amounts: ApplicationAmounts): ApplicationState['grant'] => ({
  amount: decision.amount,
  subsidyRate: decision.subsidyRate,
  baseAmount: decision.baseAmount,
  ruleVersionId: decision.ruleVersionId,
  amounts,
});

export function evolveApplication(state: ApplicationState, event: ApplicationEvent): ApplicationState {
  switch (event.type) {
    case 'ApplicationDrafted': {
      const { draftedOn, requestedAmount, applicationWindow } = event.data;
      return {
        ...state,
        stage: 'Draft',
        ref: refOf(event.data),
        requested: amountsOf(event.data),
        requestedAmount,
        applicationWindow,
        draftedOn,
      };
    }
    case 'ApplicationSubmitted':
      return {
        ...state,
        stage: 'Submitted',
        submittedOn: event.data.submittedOn,
        decisionDueDate: event.data.decisionDueDate,
      };
    case 'ReviewStarted': {
      const { reviewerId, eligibility } = event.data;
      return {
        ...state,
        stage: 'UnderReview',
        reviewerIds: state.reviewerIds.includes(reviewerId)
          ? state.reviewerIds
          : [...state.reviewerIds, reviewerId],
        eligibility: {
          eligible: eligibility.eligible,
          failedCheckIds: eligibility.checks.filter((c) => c.status === 'failed').map((c) => c.checkId),
          failedReasons: eligibility.checks.filter((c) => c.status === 'failed').map((c) => c.reason),
        },
      };
    }
    case 'CorrectionRequested':
      return {
        ...state,
        stage: 'CorrectionRequested',
        correction: { items: event.data.items, responseDueDate: event.data.responseDueDate },
        corrections: state.corrections + 1,
      };
    case 'ApplicationResubmitted': {
      const { correction: _answered, ...rest } = state;
      return {
        ...rest,
        stage: 'Resubmitted',
        requested: amountsOf(event.data),
        requestedAmount: event.data.requestedAmount,
        decisionDueDate: event.data.decisionDueDate,
      };
    }
    case 'GrantDecided':
      return {
        ...state,
        stage: 'GrantDecided',
        decidedOn: event.data.decidedOn,
        grant: grantOf(event.data.grant, amountsOf(event.data)),
        performanceReportDueDate: event.data.performanceReportDueDate,
      };
    case 'ApplicationRejected':
      return {
        ...state,
        stage: 'Rejected',
        decidedOn: event.data.rejectedOn,
        endedOn: event.data.rejectedOn,
      };
    case 'ApplicationWithdrawn':
      return { ...state, stage: 'Withdrawn', endedOn: event.data.withdrawnOn };
    case 'ChangeRequested':
      return {
        ...state,
        stage: 'ChangeRequested',
        pendingChange: {
          changeId: event.data.changeId,
          amounts: amountsOf(event.data),
          decisionDueDate: event.data.decisionDueDate,
        },
      };
    case 'ChangeApproved': {
      const { pendingChange: _approved, ...rest } = state;
      return { ...rest, stage: 'GrantDecided', grant: grantOf(event.data.grant, amountsOf(event.data)) };
    }
    case 'ChangeRejected': {
      const { pendingChange: _rejected, ...rest } = state;
      return { ...rest, stage: 'GrantDecided' };
    }
    case 'PaymentRecorded':
      return {
        ...state,
        payments: [...state.payments, { paymentId: event.data.paymentId, amount: event.data.amount }],
        paid: event.data.totalPaid,
      };
    case 'PerformanceReported': {
      const { reportedOn, late, actualExpenditure, otherIncome, quantity, confirmationDueDate } = event.data;
      return {
        ...state,
        stage: 'PerformanceReported',
        report: { reportedOn, late, actualExpenditure, otherIncome, quantity },
        confirmationDueDate,
      };
    }
    case 'AmountConfirmed':
      return {
        ...state,
        stage: 'AmountConfirmed',
        confirmedOn: event.data.confirmedOn,
        confirmedAmount: event.data.confirmedAmount,
      };
    case 'RefundOrdered':
      return {
        ...state,
        stage: 'RefundOrdered',
        refundOrdered: yen(state.refundOrdered + event.data.amount),
        refundDueDate: event.data.dueDate,
      };
    case 'RefundRecorded':
      return {
        ...state,
        stage: event.data.outstanding === 0 ? 'AmountConfirmed' : 'RefundOrdered',
        refunds: [...state.refunds, { refundId: event.data.refundId, amount: event.data.amount }],
        refunded: event.data.totalRefunded,
      };
    case 'ApplicationClosed':
      return { ...state, stage: 'Closed', endedOn: event.data.closedOn };
  }
}

/** What remains to be refunded of what was ordered. */
export function outstandingRefund(state: ApplicationState): Yen {
  return yen(state.refundOrdered - state.refunded);
}

/** Paid minus refunded: what the recipient keeps. */
export function netPaid(state: ApplicationState): Yen {
  return yen(state.paid - state.refunded);
}
