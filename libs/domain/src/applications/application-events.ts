import type { TrainingObligation } from '../rules/eligibility/staff-training.ts';
import type { EligibilityCheck } from '../rules/eligibility/eligibility-check.ts';
import type { ProgramAmountCalculation } from '../rules/program-amount.ts';
import type { EventRecord } from '../shared/event-record.ts';
import type { DomainEvent } from '../shared/decider.ts';
import type { Yen } from '../shared/money.ts';
import type { ApplicationAmounts, ApplicationRef } from './application-terms.ts';
import type { ReviewFacts } from './application-commands.ts';

export type { EventRecord };

/**
 * What every application event carries so that read models need no join: the case, its programme,
 * fiscal year, programme year and recipient, and the record of who did it.
 */
export type ApplicationEventBase = ApplicationRef & { readonly recorded: EventRecord };

/** An amount with what produced it: the rule version, the rate and the base amount, and the full trace. */
export interface AmountDecision {
  readonly amount: Yen;
  readonly subsidyRate: string;
  readonly baseAmount: Yen;
  readonly ruleVersionId: string;
  readonly calculation: ProgramAmountCalculation;
}

type ApplicationEventOf<Type extends string, Data> = DomainEvent<Type, ApplicationEventBase & Data>;

/**
 * Version 1 of every event of an application stream. Released events are never edited: a new shape is a
 * new version (see APPLICATION_EVENT_SCHEMA_VERSIONS) with an upcaster from the old one.
 * Dates are Tokyo calendar dates as "YYYY-MM-DD"; amounts are integer yen.
 */
export type ApplicationEvent =
  | ApplicationEventOf<
      'ApplicationDrafted',
      ApplicationAmounts & {
        readonly draftedOn: string;
        readonly requestedAmount: Yen;
        readonly applicationWindow: { readonly opens: string; readonly closes: string };
      }
    >
  | ApplicationEventOf<
      'ApplicationSubmitted',
      ApplicationAmounts & {
        readonly submittedOn: string;
        readonly requestedAmount: Yen;
        /** 標準処理期間: the decision is due by then. */
        readonly decisionDueDate: string;
      }
    >
  | ApplicationEventOf<
      'ReviewStarted',
      {
        readonly reviewerId: string;
        readonly reviewedOn: string;
        readonly facts: ReviewFacts;
        readonly eligibility: {
          readonly versionId: string;
          readonly eligible: boolean;
          readonly checks: readonly EligibilityCheck[];
          readonly obligations: readonly TrainingObligation[];
        };
      }
    >
  | ApplicationEventOf<
      'CorrectionRequested',
      {
        readonly requestedOn: string;
        readonly items: readonly string[];
        readonly responseDueDate: string;
      }
    >
  | ApplicationEventOf<
      'ApplicationResubmitted',
      ApplicationAmounts & {
        readonly resubmittedOn: string;
        readonly response?: string;
        /** After the correction's response due date (accepted, and marked). */
        readonly late: boolean;
        readonly requestedAmount: Yen;
        readonly decisionDueDate: string;
      }
    >
  | ApplicationEventOf<
      'GrantDecided',
      ApplicationAmounts & {
        readonly decidedOn: string;
        readonly approverId: string;
        readonly reviewerIds: readonly string[];
        readonly grant: AmountDecision;
        readonly performanceReportDueDate: string;
      }
    >
  | ApplicationEventOf<
      'ApplicationRejected',
      {
        readonly rejectedOn: string;
        readonly approverId: string;
        readonly reason: string;
        readonly failedCheckIds: readonly string[];
      }
    >
  | ApplicationEventOf<
      'ApplicationWithdrawn',
      { readonly withdrawnOn: string; readonly reason: string; readonly fromStage: string }
    >
  | ApplicationEventOf<
      'ChangeRequested',
      ApplicationAmounts & {
        readonly changeId: string;
        readonly requestedOn: string;
        readonly currentGrantedAmount: Yen;
        readonly decisionDueDate: string;
      }
    >
  | ApplicationEventOf<
      'ChangeApproved',
      ApplicationAmounts & {
        readonly changeId: string;
        readonly approvedOn: string;
        readonly approverId: string;
        readonly reason: string;
        readonly previousGrantedAmount: Yen;
        readonly grant: AmountDecision;
      }
    >
  | ApplicationEventOf<
      'ChangeRejected',
      {
        readonly changeId: string;
        readonly rejectedOn: string;
        readonly approverId: string;
        readonly reason: string;
        readonly grantedAmount: Yen;
      }
    >
  | ApplicationEventOf<
      'PaymentRecorded',
      {
        readonly paymentId: string;
        /** 概算払 (after the grant decision) or 精算払 (after the amount confirmation). */
        readonly kind: 'advance' | 'settlement';
        readonly paidOn: string;
        readonly amount: Yen;
        readonly totalPaid: Yen;
        /** The granted or confirmed amount that the total may not exceed. */
        readonly limit: Yen;
      }
    >
  | ApplicationEventOf<
      'PerformanceReported',
      {
        readonly reportedOn: string;
        readonly dueDate: string;
        readonly late: boolean;
        readonly actualExpenditure: Yen;
        readonly otherIncome: Yen;
        readonly quantity: ApplicationAmounts['quantity'];
        readonly grantedAmount: Yen;
        readonly confirmationDueDate: string;
      }
    >
  | ApplicationEventOf<
      'AmountConfirmed',
      {
        readonly confirmedOn: string;
        readonly approverId: string;
        readonly reviewerIds: readonly string[];
        readonly grantedAmount: Yen;
        /** The amount rule on the actuals, before the cap at the granted amount. */
        readonly calculatedAmount: Yen;
        readonly confirmedAmount: Yen;
        readonly paidSoFar: Yen;
        readonly confirmation: AmountDecision;
      }
    >
  | ApplicationEventOf<
      'RefundOrdered',
      {
        readonly orderedOn: string;
        readonly dueDate: string;
        readonly amount: Yen;
        readonly paid: Yen;
        readonly confirmedAmount: Yen;
      }
    >
  | ApplicationEventOf<
      'RefundRecorded',
      {
        readonly refundId: string;
        readonly receivedOn: string;
        readonly reason: string;
        readonly amount: Yen;
        readonly totalRefunded: Yen;
        readonly outstanding: Yen;
      }
    >
  | ApplicationEventOf<
      'ApplicationClosed',
      {
        readonly closedOn: string;
        readonly confirmedAmount: Yen;
        readonly totalPaid: Yen;
        readonly totalRefunded: Yen;
      }
    >;

export type ApplicationEventType = ApplicationEvent['type'];

export type ApplicationEventData<T extends ApplicationEventType> = Extract<
  ApplicationEvent,
  { type: T }
>['data'];

/** The current data version of each event type; the event store records it as the event's schemaVersion. */
export const APPLICATION_EVENT_SCHEMA_VERSIONS: Readonly<Record<ApplicationEventType, number>> = {
  ApplicationDrafted: 1,
  ApplicationSubmitted: 1,
  ReviewStarted: 1,
  CorrectionRequested: 1,
  ApplicationResubmitted: 1,
  GrantDecided: 1,
  ApplicationRejected: 1,
  ApplicationWithdrawn: 1,
  ChangeRequested: 1,
  ChangeApproved: 1,
  ChangeRejected: 1,
  PaymentRecorded: 1,
  PerformanceReported: 1,
  AmountConfirmed: 1,
  RefundOrdered: 1,
  RefundRecorded: 1,
  ApplicationClosed: 1,
};

export const APPLICATION_EVENT_TYPES = Object.keys(
  APPLICATION_EVENT_SCHEMA_VERSIONS,
) as ApplicationEventType[];

export function isApplicationEvent(event: DomainEvent): event is ApplicationEvent {
  return (APPLICATION_EVENT_TYPES as readonly string[]).includes(event.type);
}
